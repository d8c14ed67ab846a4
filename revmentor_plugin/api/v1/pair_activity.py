"""What happens in a pair (docs/DESIGN.md §6): its goals, sessions, reflections and pulse checks, under
``pairs/{uuid}/``. The pair's active participants write; who reads what is ``policy``'s
(session notes, reflections by visibility, nobody else's pulse: ADR 0003).
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.exceptions import NotFound
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
from revmentor_plugin.api.v1.permissions import NOT_FOUND, object_id, pair_for
from revmentor_plugin.policy import Action

A = Action


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


class PlannedSessionListView(RevMentorView):
    """The pair's planned sessions, soonest first; ``location`` only for the pair (and
    operators), null for course staff, as session notes are (ADR 0003)."""

    @extend_schema(
        operation_id="planned_sessions_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.PlannedSessionSerializer),
    )
    def get(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid)
        show = policy.allows(request.user, A.VIEW_SESSION_NOTES, pair)
        return self.paginated(
            services.planned_sessions_of_pair(pair.uuid), s.PlannedSessionSerializer, show_location=show
        )

    @extend_schema(
        operation_id="planned_sessions_create",
        request=s.PlannedSessionCreateSerializer,
        responses=write_responses(s.PlannedSessionSerializer, 201),
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        data = self.validated(s.PlannedSessionCreateSerializer)
        plan = services.propose_session(pair.uuid, user=request.user, **data)
        return Response(s.PlannedSessionSerializer(plan, context={"show_location": True}).data, status=201)


class PlannedSessionDetailView(RevMentorView):
    @extend_schema(
        operation_id="planned_sessions_retrieve", responses=read_responses(s.PlannedSessionSerializer)
    )
    def get(self, request, pair_uuid, plan_id):
        pair = pair_for(request.user, pair_uuid)
        show = policy.allows(request.user, A.VIEW_SESSION_NOTES, pair)
        plan = services.get_planned_session(pair.uuid, object_id(plan_id))
        return Response(s.PlannedSessionSerializer(plan, context={"show_location": show}).data)


class PlannedSessionInvitationView(RevMentorView):
    """The plan's iCalendar file (RFC 5545, ADR 0015), as the partners' emails carry it: a
    ``REQUEST`` while it stands, a ``CANCEL`` once it is off. It names both partners and their
    emails and holds the place or link, so only the pair's two partners get it."""

    @extend_schema(
        operation_id="planned_sessions_invitation",
        responses={
            (200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY, description="The `.ics` file."),
            401: DETAIL,
            403: DETAIL,
            404: DETAIL,
        },
    )
    def get(self, request, pair_uuid, plan_id):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        plan = services.get_planned_session(pair.uuid, object_id(plan_id))
        response = HttpResponse(services.plan_invitation(plan), content_type=services.ICS_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{services.ICS_FILENAME}"'
        return response


class _PlanAction(RevMentorView):
    """One step of a plan's life, taken by a partner: ``service`` does it."""

    service = staticmethod(services.confirm_planned_session)

    def act(self, request, pair_uuid, plan_id):
        """What each subclass's ``post`` does (not a ``post`` itself: only the subclass's is
        wrapped for idempotency, once)."""
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        plan = type(self).service(pair.uuid, object_id(plan_id), user=request.user)
        return Response(s.PlannedSessionSerializer(plan, context={"show_location": True}).data)


class PlannedSessionConfirmView(_PlanAction):
    """The partner of whoever proposed the time confirms it. Idempotent."""

    service = staticmethod(services.confirm_planned_session)

    @extend_schema(
        operation_id="planned_sessions_confirm",
        request=None,
        responses=write_responses(s.PlannedSessionSerializer),
    )
    def post(self, request, pair_uuid, plan_id):
        return self.act(request, pair_uuid, plan_id)


class PlannedSessionDeclineView(_PlanAction):
    """The partner of whoever proposed the time declines it. Idempotent."""

    service = staticmethod(services.decline_planned_session)

    @extend_schema(
        operation_id="planned_sessions_decline",
        request=None,
        responses=write_responses(s.PlannedSessionSerializer),
    )
    def post(self, request, pair_uuid, plan_id):
        return self.act(request, pair_uuid, plan_id)


class PlannedSessionCancelView(_PlanAction):
    """Either partner calls the plan off; its iCalendar SEQUENCE goes up. Idempotent."""

    service = staticmethod(services.cancel_planned_session)

    @extend_schema(
        operation_id="planned_sessions_cancel",
        request=None,
        responses=write_responses(s.PlannedSessionSerializer),
    )
    def post(self, request, pair_uuid, plan_id):
        return self.act(request, pair_uuid, plan_id)


class PlannedSessionRescheduleView(RevMentorView):
    """Suggest another time: the caller becomes the proposer and the partner confirms again."""

    @extend_schema(
        operation_id="planned_sessions_reschedule",
        request=s.PlannedSessionRescheduleSerializer,
        responses=write_responses(s.PlannedSessionSerializer),
    )
    def post(self, request, pair_uuid, plan_id):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        plan_pk = object_id(plan_id)
        data = self.validated(s.PlannedSessionRescheduleSerializer)
        plan = services.reschedule_planned_session(pair.uuid, plan_pk, user=request.user, **data)
        return Response(s.PlannedSessionSerializer(plan, context={"show_location": True}).data)


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
