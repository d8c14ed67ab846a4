"""REST API v1 views (DESIGN §6): one thin view per resource.

Each method authenticates (``RevMentorView``), authorises through ``policy`` (``permissions``
helpers), validates with an input serializer (built from the service's ``services.inputs`` spec),
calls one service and serialises the frozen result.
Status codes and error shapes are documented in ``base``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from revmentor_plugin import policy, services
from revmentor_plugin.api.v1 import serializers as s
from revmentor_plugin.api.v1.base import (
    DETAIL,
    PAGE_PARAMETERS,
    RevMentorView,
    extend_schema,
    list_responses,
    read_responses,
    write_responses,
)
from revmentor_plugin.api.v1.permissions import (
    NOT_FOUND,
    object_id,
    pair_for,
    participant_for,
    program_for,
)
from revmentor_plugin.policy import Action, Scope

A = Action


def _course_key(request: Any, *, required: bool = False) -> Any:
    value = request.query_params.get("course_id")
    if value is None:
        if required:
            raise ValidationError({"course_id": ["This parameter is required."]})
        return None
    return services.parse_course_key(value)  # InvalidInput: a 400 on course_id


def _list_param(request: Any, name: str) -> list[str]:
    """``?status=a,b`` or ``?status=a&status=b``."""
    values = []
    for raw in request.query_params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


# ---------------------------------------------------------------------------------------------
# Programs


class ProgramListView(RevMentorView):
    """Programs of a course (or, without ``course_id``, the programs the caller takes part in)."""

    @extend_schema(
        operation_id="programs_list",
        parameters=[
            OpenApiParameter(
                "course_id",
                str,
                description="A course key. Course staff see all of its programs; learners the ones "
                "they take part in and, when enrolled, those enrolling or active.",
            ),
            *PAGE_PARAMETERS,
        ],
        responses=list_responses(s.ProgramSerializer),
    )
    def get(self, request):
        user = request.user
        key = _course_key(request)
        if key is None:
            programs = services.programs_of_user(user)
        elif policy.program_scope(user, key) is Scope.ALL:
            programs = services.programs_in_course(key)
        else:
            mine = services.programs_of_user(user, key)
            if policy.learner_may_list(user, key):
                seen = {program.uuid for program in mine}
                open_ones = services.programs_in_course(key, statuses=("enrolling", "active"))
                mine = [*mine, *(p for p in open_ones if p.uuid not in seen)]
            programs = sorted(mine, key=lambda program: program.name)
        if not user.is_active:  # ADR 0003: inactive accounts are refused everything
            programs = []
        return self.paginated(programs, s.ProgramSerializer)

    @extend_schema(
        operation_id="programs_create",
        request=s.ProgramCreateSerializer,
        responses=write_responses(s.ProgramSerializer, 201),
    )
    def post(self, request):
        data = self.validated(s.ProgramCreateSerializer)
        course_key = data.pop("course_id")
        if not policy.manages_course(request.user, course_key):
            raise PermissionDenied("Only the course's staff create programs in it.")
        program = services.create_program(course_key=course_key, **data)
        return Response(s.ProgramSerializer(program).data, status=201)


class ProgramDetailView(RevMentorView):
    @extend_schema(operation_id="programs_retrieve", responses=read_responses(s.ProgramSerializer))
    def get(self, request, program_uuid):
        return Response(s.ProgramSerializer(program_for(request.user, program_uuid)).data)

    @extend_schema(
        operation_id="programs_partial_update",
        request=s.ProgramUpdateSerializer,
        responses=write_responses(s.ProgramSerializer),
    )
    def patch(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        changes = self.validated(s.ProgramUpdateSerializer)
        return Response(s.ProgramSerializer(services.update_program(program.uuid, **changes)).data)


# ---------------------------------------------------------------------------------------------
# Participants


def refuse_private_profile(changes: dict) -> None:
    """Someone other than the participant may not set their private profile fields (403)."""
    private = sorted(set(changes) & set(policy.PRIVATE_PROFILE_FIELDS))
    if private:
        raise PermissionDenied(f"Only the participant sets {', '.join(private)}.")


class ParticipantListView(RevMentorView):
    """Staff list every participant; anyone else who sees the program lists only themselves."""

    @extend_schema(
        operation_id="participants_list",
        parameters=[
            OpenApiParameter("role", str, enum=s.ROLES),
            OpenApiParameter("status", str, enum=s.PARTICIPANT_STATUSES),
            *PAGE_PARAMETERS,
        ],
        responses=list_responses(s.ParticipantSerializer),
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid)
        only = None if policy.participant_scope(request.user, program) is Scope.ALL else request.user.pk
        listing = services.participant_listing(
            program.uuid,
            role=request.query_params.get("role") or None,
            status=request.query_params.get("status") or None,
            user_id=only,
        )
        return self.paginated(listing, s.ParticipantSerializer, user=request.user)

    @extend_schema(
        operation_id="participants_create",
        description="Join the program as `role` with a profile; course staff may add another "
        "user by giving `username`.",
        request=s.JoinSerializer,
        responses=write_responses(s.ParticipantSerializer, 201),
    )
    def post(self, request, program_uuid):
        user = request.user
        program = program_for(user, program_uuid)
        data = self.validated(s.JoinSerializer)
        username = data.pop("username", None)
        role = data.pop("role")
        if username is not None and username != user.username:
            program_for(user, program_uuid, A.MANAGE_PROGRAM)
            refuse_private_profile(data)
            participant = services.add_participant(program.uuid, username=username, role=role, profile=data)
        else:
            program_for(user, program_uuid, A.JOIN_PROGRAM)
            participant = services.join_program(program.uuid, user=user, role=role, profile=data)
        body = s.ParticipantSerializer(participant, context={"user": user}).data
        return Response(body, status=201)


class ParticipantDetailView(RevMentorView):
    """One profile: the participant and the course's staff. DELETE withdraws the participant
    (their open pairs close) and answers the withdrawn profile."""

    @extend_schema(operation_id="participants_retrieve", responses=read_responses(s.ParticipantSerializer))
    def get(self, request, program_uuid, username):
        participant = participant_for(request.user, program_uuid, username)
        return Response(s.ParticipantSerializer(participant, context={"user": request.user}).data)

    @extend_schema(
        operation_id="participants_partial_update",
        request=s.ProfileSerializer,
        responses=write_responses(s.ParticipantSerializer),
    )
    def patch(self, request, program_uuid, username):
        participant = participant_for(request.user, program_uuid, username, A.CHANGE_PARTICIPANT)
        changes = self.validated(s.ProfileSerializer)
        if not policy.allows(request.user, A.CHANGE_PRIVATE_PROFILE, participant):
            refuse_private_profile(changes)
        updated = services.update_participant(participant.program_uuid, participant.username, **changes)
        return Response(s.ParticipantSerializer(updated, context={"user": request.user}).data)

    @extend_schema(
        operation_id="participants_withdraw",
        request=s.WithdrawSerializer,
        responses=write_responses(s.ParticipantSerializer),
    )
    def delete(self, request, program_uuid, username):
        participant = participant_for(request.user, program_uuid, username, A.CHANGE_PARTICIPANT)
        data = self.validated(s.WithdrawSerializer) if request.data else {}
        withdrawn = services.withdraw_participant(
            participant.program_uuid, participant.username, reason=data.get("reason", "")
        )
        return Response(s.ParticipantSerializer(withdrawn, context={"user": request.user}).data)


# ---------------------------------------------------------------------------------------------
# Skills


class SkillListView(RevMentorView):
    """The program's skill catalog: read by whoever sees the program, managed by staff."""

    @extend_schema(
        operation_id="skills_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.SkillSerializer),
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid)
        return self.paginated(list(program.skills), s.SkillSerializer)

    @extend_schema(
        operation_id="skills_create",
        request=s.SkillCreateSerializer,
        responses=write_responses(s.SkillSerializer, 201),
    )
    def post(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        data = self.validated(s.SkillCreateSerializer)
        skill = services.add_skill(program.uuid, name=data["name"], slug=data.get("slug"))
        return Response(s.SkillSerializer(skill).data, status=201)


# ---------------------------------------------------------------------------------------------
# Pairs of a program, and the report


class ProgramPairListView(RevMentorView):
    """Staff list every pair; participants their own. Staff propose pairs by hand."""

    @extend_schema(
        operation_id="program_pairs_list",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                description="One or more pair statuses, comma-separated: " + ", ".join(s.PAIR_STATUSES),
            ),
            OpenApiParameter("health", str, enum=s.HEALTH_STATUSES),
            *PAGE_PARAMETERS,
        ],
        responses=list_responses(s.PairSerializer),
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid)
        only = None if policy.pair_scope(request.user, program) is Scope.ALL else request.user.pk
        listing = services.pair_listing(
            program.uuid,
            user_id=only,
            statuses=_list_param(request, "status") or None,
            health=request.query_params.get("health") or None,
        )
        return self.paginated(listing, s.PairSerializer)

    @extend_schema(
        operation_id="program_pairs_create",
        request=s.PairCreateSerializer,
        responses=write_responses(s.PairSerializer, 201),
    )
    def post(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        data = self.validated(s.PairCreateSerializer)
        pair = services.propose_pair(
            program.uuid, mentor=data["mentor"], mentee=data["mentee"], source="staff"
        )
        return Response(s.PairSerializer(pair).data, status=201)


class CSVRenderer(BaseRenderer):
    """Lets ``?format=csv`` through content negotiation; the view streams the CSV itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):  # pragma: no cover
        return b""


class _Echo:
    """A file-like object whose ``write`` hands back the line, for ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def _csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_lines(rows: Iterator[tuple]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(services.CSV_COLUMNS)
    for row in rows:
        yield writer.writerow([_csv_safe(value) for value in row])


class ReportView(RevMentorView):
    """The program's health and outcome summary (staff); ``?format=csv`` streams the pair table."""

    renderer_classes = (*RevMentorView.renderer_classes, CSVRenderer)

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors answer JSON like everywhere else, even when the caller asked for CSV.
        if getattr(response, "status_code", 200) >= 400 and getattr(request, "accepted_renderer", None):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        operation_id="program_report",
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description="`csv` streams one row a pair: " + ", ".join(services.CSV_COLUMNS),
            )
        ],
        responses={
            (200, "application/json"): s.ReportSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The pair table."),
            401: DETAIL,
            403: DETAIL,
            404: DETAIL,
        },
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        if request.accepted_renderer.format == "csv":
            response = StreamingHttpResponse(
                _csv_lines(services.pair_table(program.uuid)), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="revmentor-pairs-{program.uuid}.csv"'
            return response
        return Response(s.ReportSerializer(services.program_report(program.uuid)).data)


# ---------------------------------------------------------------------------------------------
# One pair


class PairDetailView(RevMentorView):
    @extend_schema(operation_id="pairs_retrieve", responses=read_responses(s.PairSerializer))
    def get(self, request, pair_uuid):
        return Response(s.PairSerializer(pair_for(request.user, pair_uuid)).data)


class PairAcceptView(RevMentorView):
    """The caller accepts the program's current expectations; the pair becomes active once
    both sides have."""

    @extend_schema(operation_id="pairs_accept", request=None, responses=write_responses(s.PairSerializer))
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        return Response(s.PairSerializer(services.accept_agreement(pair.uuid, user=request.user)).data)


class PairDeclineView(RevMentorView):
    """A participant declines a proposed pair (matching never proposes it again)."""

    @extend_schema(
        operation_id="pairs_decline", request=s.DeclineSerializer, responses=write_responses(s.PairSerializer)
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        data = self.validated(s.DeclineSerializer) if request.data else {}
        declined = services.decline_pair(pair.uuid, user=request.user, reason=data.get("reason", ""))
        return Response(s.PairSerializer(declined).data)


class PairCloseView(RevMentorView):
    """A participant or the course's staff end an open pair with a reason; ``completed``
    marks an active pair as having finished well."""

    @extend_schema(
        operation_id="pairs_close", request=s.CloseSerializer, responses=write_responses(s.PairSerializer)
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.CLOSE_PAIR)
        data = self.validated(s.CloseSerializer)
        closed = services.close_pair(pair.uuid, reason=data["reason"], completed=data["completed"])
        return Response(s.PairSerializer(closed).data)


class GoalListView(RevMentorView):
    @extend_schema(
        operation_id="goals_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.GoalSerializer),
    )
    def get(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid)
        return self.paginated(services.goals_of_pair(pair.uuid), s.GoalSerializer)

    @extend_schema(
        operation_id="goals_create",
        request=s.GoalCreateSerializer,
        responses=write_responses(s.GoalSerializer, 201),
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        data = self.validated(s.GoalCreateSerializer)
        goal = services.add_goal(pair.uuid, user=request.user, **data)
        return Response(s.GoalSerializer(goal).data, status=201)


class GoalDetailView(RevMentorView):
    @extend_schema(operation_id="goals_retrieve", responses=read_responses(s.GoalSerializer))
    def get(self, request, pair_uuid, goal_id):
        pair = pair_for(request.user, pair_uuid)
        return Response(s.GoalSerializer(services.get_goal(pair.uuid, object_id(goal_id))).data)

    @extend_schema(
        operation_id="goals_partial_update",
        request=s.GoalUpdateSerializer,
        responses=write_responses(s.GoalSerializer),
    )
    def patch(self, request, pair_uuid, goal_id):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        goal_pk = object_id(goal_id)
        changes = self.validated(s.GoalUpdateSerializer)
        return Response(
            s.GoalSerializer(services.update_goal(pair.uuid, goal_pk, user=request.user, **changes)).data
        )


class SessionListView(RevMentorView):
    """The pair's sessions; ``notes`` only for the pair (and operators), null for staff."""

    @extend_schema(
        operation_id="sessions_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.SessionSerializer),
    )
    def get(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid)
        show_notes = policy.allows(request.user, A.VIEW_SESSION_NOTES, pair)
        return self.paginated(
            services.sessions_of_pair(pair.uuid), s.SessionSerializer, show_notes=show_notes
        )

    @extend_schema(
        operation_id="sessions_create",
        request=s.SessionCreateSerializer,
        responses=write_responses(s.SessionSerializer, 201),
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        data = self.validated(s.SessionCreateSerializer)
        session = services.log_session(pair.uuid, user=request.user, **data)
        return Response(s.SessionSerializer(session, context={"show_notes": True}).data, status=201)


class SessionConfirmView(RevMentorView):
    """The partner of whoever logged the session confirms it. Idempotent."""

    @extend_schema(
        operation_id="sessions_confirm", request=None, responses=write_responses(s.SessionSerializer)
    )
    def post(self, request, pair_uuid, session_id):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        session = services.confirm_session(pair.uuid, object_id(session_id), user=request.user)
        return Response(s.SessionSerializer(session, context={"show_notes": True}).data)


class ReflectionListView(RevMentorView):
    """The caller's own reflections and the others' their role may read (ADR 0003)."""

    @extend_schema(
        operation_id="reflections_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.ReflectionSerializer),
    )
    def get(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid)
        visible = policy.visible_reflection_visibilities(request.user, pair)
        if visible is None:
            raise NotFound(NOT_FOUND)
        rows = services.reflections_of_pair(pair.uuid, viewer_id=request.user.pk, others_visible=visible)
        return self.paginated(rows, s.ReflectionSerializer)

    @extend_schema(
        operation_id="reflections_create",
        request=s.ReflectionCreateSerializer,
        responses=write_responses(s.ReflectionSerializer, 201),
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        data = self.validated(s.ReflectionCreateSerializer)
        reflection = services.write_reflection(pair.uuid, user=request.user, **data)
        return Response(s.ReflectionSerializer(reflection).data, status=201)


class PulseView(RevMentorView):
    """Record the caller's pulse check; the answer is their own ratings (nobody else reads them)."""

    @extend_schema(
        operation_id="pulse_create",
        request=s.PulseCreateSerializer,
        responses=write_responses(s.PulseSerializer, 201),
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        data = self.validated(s.PulseCreateSerializer)
        pulse = services.record_pulse(pair.uuid, user=request.user, **data)
        return Response(s.PulseSerializer(pulse).data, status=201)


class MyPairsView(RevMentorView):
    """The caller's pairs in every program, newest first."""

    @extend_schema(
        operation_id="me_pairs_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.PairSerializer),
    )
    def get(self, request):
        if not request.user.is_active:  # ADR 0003: inactive accounts are refused everything
            return self.paginated([], s.PairSerializer)
        return self.paginated(services.pair_listing_of_user(request.user), s.PairSerializer)
