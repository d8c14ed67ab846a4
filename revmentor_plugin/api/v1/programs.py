"""Programs and their skill catalogs (docs/DESIGN.md §6): ``programs/``, ``programs/{uuid}/`` and
``programs/{uuid}/skills/``, and ``programs/{uuid}/expectations-change/`` (how many pairs a new
text of the expectations would ask to accept again).

Without ``course_id``, the program list is the caller's own programs; with it, what
``policy.program_scope`` lets the caller see of the course.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from opaque_keys.edx.keys import CourseKey
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
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
from revmentor_plugin.data import LEARNER_VISIBLE_PROGRAM_STATUSES
from revmentor_plugin.policy import Action, Scope

A = Action


def _course_key(request: Request, *, required: bool = False) -> CourseKey | None:
    value = request.query_params.get("course_id")
    if value is None:
        if required:
            raise ValidationError({"course_id": ["This parameter is required."]})
        return None
    return services.parse_course_key(value)  # InvalidInput: a 400 on course_id


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
        scope = policy.own_scope(user) if key is None else policy.program_scope(user, key)
        if scope is Scope.NONE:  # an inactive account (ADR 0003)
            programs = []
        elif key is None:
            programs = services.programs_of_user(user)
        elif scope is Scope.ALL:
            programs = services.programs_in_course(key)
        else:
            mine = services.programs_of_user(user, key)
            if policy.learner_may_list(user, key):
                seen = {program.uuid for program in mine}
                open_ones = services.programs_in_course(key, statuses=LEARNER_VISIBLE_PROGRAM_STATUSES)
                mine = [*mine, *(p for p in open_ones if p.uuid not in seen)]
            programs = sorted(mine, key=lambda program: program.name)
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
        return Response(s.ProgramSerializer(program_for(request.user, program_uuid, skills=True)).data)

    @extend_schema(
        operation_id="programs_partial_update",
        request=s.ProgramUpdateSerializer,
        responses=write_responses(s.ProgramSerializer),
    )
    def patch(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        changes = self.validated(s.ProgramUpdateSerializer)
        return Response(s.ProgramSerializer(services.update_program(program.uuid, **changes)).data)


class ExpectationsChangeView(RevMentorView):
    """Staff: what changing the expectations would do now, to ask before saving a new text."""

    @extend_schema(
        operation_id="programs_expectations_change",
        responses=read_responses(s.ExpectationsChangeSerializer),
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        body = {
            "expectations_version": program.expectations_version,
            "pairs_to_accept_again": services.pairs_to_accept_again(program.uuid),
        }
        return Response(s.ExpectationsChangeSerializer(body).data)


class SkillListView(RevMentorView):
    """The program's skill catalog: read by whoever sees the program, managed by staff."""

    @extend_schema(
        operation_id="skills_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.SkillSerializer),
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid, skills=True)
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
