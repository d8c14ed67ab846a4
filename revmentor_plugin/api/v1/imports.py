"""``POST programs/{uuid}/participants/import/``: course staff add participants from CSV text.

The body is JSON, ``{"csv": "<the file's text>"}``, so the endpoint shares the API's one parser;
the answer reports every row (``added``, ``updated`` or ``error`` with the fields that are wrong).
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response

from revmentor_plugin import services
from revmentor_plugin.api.v1.base import RevMentorView, extend_schema, write_responses
from revmentor_plugin.api.v1.permissions import program_for
from revmentor_plugin.api.v1.serializers import ImportSerializer
from revmentor_plugin.policy import Action


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    username = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["added", "updated", "error"])
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class ImportResultSerializer(serializers.Serializer):
    results = ImportRowSerializer(many=True)


class ParticipantImportView(RevMentorView):
    @extend_schema(
        request=ImportSerializer,
        responses=write_responses(ImportResultSerializer),
        operation_id="participants_import",
    )
    def post(self, request, program_uuid: str) -> Response:
        program = program_for(request.user, program_uuid, Action.MANAGE_PROGRAM)
        data = self.validated(ImportSerializer)
        results = services.import_participants(program.uuid, csv_text=data["csv"])
        return Response(ImportResultSerializer({"results": results}).data)
