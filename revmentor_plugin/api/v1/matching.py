"""Matching runs (docs/DESIGN.md §6, §9): course staff compute proposals, review them, publish them.

``POST matching-runs/`` records a run and computes it (or queues it, for large cohorts: the run
then answers ``202`` with ``status: pending`` and reports its progress). Proposals never become
pairs until ``POST matching-runs/{id}/publish/``.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response

from revmentor_plugin import services
from revmentor_plugin.api.v1.base import (
    RevMentorView,
    extend_schema,
    list_responses,
    read_responses,
    write_responses,
)
from revmentor_plugin.api.v1.permissions import object_id, program_for
from revmentor_plugin.api.v1.serializers import MatchingRunCreateSerializer, ReasonSerializer
from revmentor_plugin.policy import Action


class ProposalSerializer(serializers.Serializer):
    mentor = serializers.CharField()
    mentee = serializers.CharField()
    score = serializers.FloatField()
    explanation = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)


class UnmatchedSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    reason = serializers.CharField()
    reasons = ReasonSerializer(many=True)


class SkippedSerializer(serializers.Serializer):
    mentor = serializers.CharField()
    mentee = serializers.CharField()
    reason = serializers.CharField()


class PublishReportSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.UUIDField(), required=False)
    skipped = SkippedSerializer(many=True, required=False)


class StatsSerializer(serializers.Serializer):
    total_score = serializers.FloatField(required=False)
    mean_score = serializers.FloatField(required=False)
    min_score = serializers.FloatField(required=False)
    matched = serializers.IntegerField(required=False)
    greedy_total = serializers.FloatField(required=False)


class MatchingRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    pinned = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    forbidden = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    proposals = ProposalSerializer(many=True)
    unmatched = UnmatchedSerializer(many=True)
    stats = serializers.DictField()
    error = serializers.CharField()
    publish_report = PublishReportSerializer()
    created = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


class MatchingRunSummarySerializer(serializers.Serializer):
    """A run in a list: no proposals, to keep lists small."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    stats = serializers.DictField()
    created = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)


class MatchingRunsView(RevMentorView):
    """Course staff list the program's runs and start a new one."""

    @extend_schema(responses=list_responses(MatchingRunSummarySerializer), operation_id="matching_runs_list")
    def get(self, request, program_uuid: str) -> Response:
        program = program_for(request.user, program_uuid, Action.MANAGE_PROGRAM)
        runs = services.matching_runs_of_program(program.uuid)
        return self.paginated(runs, MatchingRunSummarySerializer)

    @extend_schema(
        request=MatchingRunCreateSerializer,
        responses={**write_responses(MatchingRunSerializer, 201), 202: MatchingRunSerializer},
        operation_id="matching_runs_create",
    )
    def post(self, request, program_uuid: str) -> Response:
        program = program_for(request.user, program_uuid, Action.MANAGE_PROGRAM)
        data = self.validated(MatchingRunCreateSerializer)
        run = services.start_matching_run(program.uuid, user=request.user, **data)
        status = 202 if run.status in ("pending", "running") else 201
        return Response(MatchingRunSerializer(run).data, status=status)


class MatchingRunView(RevMentorView):
    """One run with its proposals, explanations, unmatched people and statistics."""

    @extend_schema(responses=read_responses(MatchingRunSerializer), operation_id="matching_runs_retrieve")
    def get(self, request, program_uuid: str, run_id: str) -> Response:
        program = program_for(request.user, program_uuid, Action.MANAGE_PROGRAM)
        run = services.get_matching_run(program.uuid, object_id(run_id))
        return Response(MatchingRunSerializer(run).data)


class MatchingRunPublishView(RevMentorView):
    """Turn the run's proposals into proposed pairs, skipping (and reporting) stale ones."""

    @extend_schema(
        request=None, responses=write_responses(MatchingRunSerializer), operation_id="matching_runs_publish"
    )
    def post(self, request, program_uuid: str, run_id: str) -> Response:
        program = program_for(request.user, program_uuid, Action.MANAGE_PROGRAM)
        run = services.publish_matching_run(program.uuid, object_id(run_id))
        return Response(MatchingRunSerializer(run).data)
