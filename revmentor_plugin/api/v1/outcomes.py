"""The organizational outcome tracked: ``programs/{uuid}/outcome-records/`` (GET, POST) and
``programs/{uuid}/outcome-records/{record_id}/`` (GET, PATCH, DELETE), for the course's staff.

Anyone who may not see the program gets a 404; a participant or learner who sees it, a 403
(``policy``'s ``MANAGE_PROGRAM``, as the report).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.response import Response

from revmentor_plugin import services
from revmentor_plugin.api.v1 import serializers as s
from revmentor_plugin.api.v1.base import (
    BUSY,
    CONFLICT,
    DETAIL,
    FIELD_ERRORS,
    PAGE_PARAMETERS,
    RevMentorView,
    extend_schema,
    list_responses,
    read_responses,
    write_responses,
)
from revmentor_plugin.api.v1.permissions import object_id, program_for
from revmentor_plugin.policy import Action

A = Action


class OutcomeRecordListView(RevMentorView):
    """The program's outcome records in date order; staff record a milestone."""

    @extend_schema(
        operation_id="outcome_records_list",
        parameters=[
            OpenApiParameter("measure", str, description="Only this measure (its exact text)."),
            OpenApiParameter("since", OpenApiTypes.DATE, description="Only days from this one."),
            OpenApiParameter("until", OpenApiTypes.DATE, description="Only days up to this one."),
            *PAGE_PARAMETERS,
        ],
        responses=list_responses(s.OutcomeRecordSerializer),
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        query = request.query_params
        records = services.outcome_records_of_program(
            program.uuid, measure=query.get("measure"), since=query.get("since"), until=query.get("until")
        )
        return self.paginated(records, s.OutcomeRecordSerializer)

    @extend_schema(
        operation_id="outcome_records_create",
        request=s.OutcomeRecordCreateSerializer,
        responses=write_responses(s.OutcomeRecordSerializer, 201),
    )
    def post(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        data = self.validated(s.OutcomeRecordCreateSerializer)
        record = services.record_outcome(program.uuid, user=request.user, **data)
        return Response(s.OutcomeRecordSerializer(record).data, status=201)


class OutcomeRecordDetailView(RevMentorView):
    @extend_schema(
        operation_id="outcome_records_retrieve", responses=read_responses(s.OutcomeRecordSerializer)
    )
    def get(self, request, program_uuid, record_id):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        record = services.get_outcome_record(program.uuid, object_id(record_id))
        return Response(s.OutcomeRecordSerializer(record).data)

    @extend_schema(
        operation_id="outcome_records_partial_update",
        request=s.OutcomeRecordUpdateSerializer,
        responses=write_responses(s.OutcomeRecordSerializer),
    )
    def patch(self, request, program_uuid, record_id):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        pk = object_id(record_id)
        changes = self.validated(s.OutcomeRecordUpdateSerializer)
        record = services.change_outcome_record(program.uuid, pk, **changes)
        return Response(s.OutcomeRecordSerializer(record).data)

    @extend_schema(
        operation_id="outcome_records_destroy",
        request=None,
        responses={
            204: OpenApiResponse(description="Deleted."),
            400: FIELD_ERRORS,
            401: DETAIL,
            403: DETAIL,
            404: DETAIL,
            409: CONFLICT,
            503: BUSY,
        },
    )
    def delete(self, request, program_uuid, record_id):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        services.delete_outcome_record(program.uuid, object_id(record_id))
        return Response(status=204)
