"""The caller's own things (docs/DESIGN.md §6): ``me/pairs/`` across courses, and
``programs/{uuid}/my-confidence/``, their own confidence ratings in one program."""

from __future__ import annotations

from rest_framework.response import Response

from revmentor_plugin import policy, services
from revmentor_plugin.api.v1 import serializers as s
from revmentor_plugin.api.v1.base import (
    PAGE_PARAMETERS,
    RevMentorView,
    extend_schema,
    list_responses,
    read_responses,
    write_responses,
)
from revmentor_plugin.api.v1.permissions import program_for
from revmentor_plugin.policy import Scope


class MyPairsView(RevMentorView):
    """The caller's pairs in every program, newest first."""

    @extend_schema(
        operation_id="me_pairs_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.PairSerializer),
    )
    def get(self, request):
        if policy.own_scope(request.user) is Scope.NONE:  # an inactive account (ADR 0003)
            return self.paginated([], s.PairSerializer)
        return self.paginated(
            services.pair_listing_of_user(request.user), s.PairSerializer, user=request.user
        )


class MyConfidenceView(RevMentorView):
    """The caller's own confidence ratings in a program (two-way learning, issue 16): GET their
    items with their start and end ratings; POST their end ratings, once, after a pair of theirs
    completed. Someone who does not take part in the program gets a 404."""

    @extend_schema(operation_id="my_confidence_retrieve", responses=read_responses(s.ConfidenceSerializer))
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid)
        return Response(s.ConfidenceSerializer(services.my_confidence(program.uuid, user=request.user)).data)

    @extend_schema(
        operation_id="my_confidence_end",
        request=s.EndRatingsSerializer,
        responses=write_responses(s.ConfidenceSerializer, 201),
    )
    def post(self, request, program_uuid):
        program = program_for(request.user, program_uuid)
        data = self.validated(s.EndRatingsSerializer)
        confidence = services.rate_end(program.uuid, user=request.user, ratings=data["ratings"])
        return Response(s.ConfidenceSerializer(confidence).data, status=201)
