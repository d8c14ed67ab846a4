"""A program's participants (docs/DESIGN.md §6): ``programs/{uuid}/participants/`` and
``programs/{uuid}/participants/{username}/``. Joining, adding, editing a profile, withdrawing;
``programs/{uuid}/participants/{username}/reinstate/``: staff bring a withdrawn participant back.

The private profile fields (the self-description, the reminder switch) are the participant's
alone: ``policy.private_fields_refused`` says which of a change someone else may not set (403),
``policy.hidden_profile_fields`` which the serializer leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from revmentor_plugin import policy, services
from revmentor_plugin.api.v1 import serializers as s
from revmentor_plugin.api.v1.base import (
    PAGE_PARAMETERS,
    RevMentorView,
    extend_schema,
    list_responses,
    ordering_parameter,
    read_responses,
    search_parameter,
    write_responses,
)
from revmentor_plugin.api.v1.permissions import participant_for, program_and_scope, program_for
from revmentor_plugin.data import PARTICIPANT_ORDERINGS, SEARCH_LENGTH, ParticipantStatus, Role
from revmentor_plugin.policy import Action, Scope

A = Action


def _refuse_private_fields(user: Any, participant_user_id: int | None, changes: Iterable[str]) -> None:
    """Someone other than the participant may not set their private profile fields (403)."""
    private = policy.private_fields_refused(user, participant_user_id, changes)
    if private:
        raise PermissionDenied(f"Only the participant sets {', '.join(private)}.")


class ParticipantListView(RevMentorView):
    """Staff list every participant; anyone else who sees the program lists only themselves."""

    @extend_schema(
        operation_id="participants_list",
        parameters=[
            OpenApiParameter("role", str, enum=Role.values()),
            OpenApiParameter("status", str, enum=ParticipantStatus.values()),
            search_parameter(
                f"Participants whose username or department contains this text (any case; at most "
                f"{SEARCH_LENGTH} characters)."
            ),
            ordering_parameter(
                PARTICIPANT_ORDERINGS,
                "Sort order; `-` before a key reverses it. `created`: the order they joined in. "
                "Default: by role, then username.",
            ),
            *PAGE_PARAMETERS,
        ],
        responses=list_responses(s.ParticipantSerializer),
    )
    def get(self, request, program_uuid):
        program, scope = program_and_scope(request.user, program_uuid)
        only = None if scope is Scope.ALL else request.user.pk
        listing = services.participant_listing(
            program.uuid,
            role=request.query_params.get("role") or None,
            status=request.query_params.get("status") or None,
            user_id=only,
            search=request.query_params.get("search"),
            ordering=request.query_params.get("ordering"),
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
        ratings = data.pop("ratings", None)
        if username is not None and username != user.username:
            if ratings is not None:
                raise services.InvalidInput(
                    {"ratings": "Only the person joining rates their own confidence."}
                )
            program_for(user, program_uuid, A.MANAGE_PROGRAM)
            _refuse_private_fields(user, None, data)
            participant = services.add_participant(program.uuid, username=username, role=role, profile=data)
        else:
            program_for(user, program_uuid, A.JOIN_PROGRAM)
            participant = services.join_program(
                program.uuid, user=user, role=role, profile=data, ratings=ratings
            )
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
        _refuse_private_fields(request.user, participant.user_id, changes)
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


class ParticipantReinstateView(RevMentorView):
    """Course staff bring a withdrawn participant back, role and profile as they were (the pairs
    their withdrawal closed stay closed). The participant themselves joins again instead."""

    @extend_schema(
        operation_id="participants_reinstate",
        request=None,
        responses=write_responses(s.ParticipantSerializer),
    )
    def post(self, request, program_uuid, username):
        participant = participant_for(request.user, program_uuid, username)
        program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        reinstated = services.reinstate_participant(participant.program_uuid, participant.username)
        return Response(s.ParticipantSerializer(reinstated, context={"user": request.user}).data)
