"""CSV import of participants: course staff add (or update) many participants at once.

``POST programs/{uuid}/participants/import/`` takes JSON, ``{"csv": "<the file's text>"}``, so
the endpoint shares the API's one parser. Every row or none is written (``services.imports``):

* ``200``: the file was imported; ``results`` has one ``added`` or ``updated`` per row;
* ``400``: nothing was written; ``file`` says why and, when rows are wrong, ``rows`` lists every
  problem of every row (``{"row", "username", "errors": {column: [messages]}}``);
* ``202``: a large file was queued; follow it at ``participants/import/{id}/``, which reports
  ``progress`` and, once it ends, ``results`` (``done``) or ``problems`` (``rejected``);
* ``409``: the program is closed.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response

from revmentor_plugin import services
from revmentor_plugin.api.v1.base import DETAIL, RevMentorView, extend_schema, read_responses, write_responses
from revmentor_plugin.api.v1.permissions import object_id, program_for
from revmentor_plugin.api.v1.serializers import ImportSerializer
from revmentor_plugin.policy import Action

IMPORT_STATUSES = ["pending", "running", "done", "rejected", "failed"]


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The line of the file where the row starts (the header is 1).")
    username = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["added", "updated"])


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The line of the file where the row starts (the header is 1).")
    username = serializers.CharField(allow_blank=True)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Every problem of the row, by column (`row` for the row as a whole).",
    )


class ParticipantImportSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Set for a queued import, to follow it.")
    status = serializers.ChoiceField(choices=IMPORT_STATUSES)
    progress = serializers.IntegerField(help_text="0 to 100.")
    rows = serializers.IntegerField(source="row_count", help_text="Rows in the file.")
    results = ImportRowSerializer(many=True, help_text="For a done import: every row, added or updated.")
    problems = ImportProblemSerializer(
        many=True, help_text="For a rejected import: every problem of every row (nothing was written)."
    )
    detail = serializers.CharField(
        allow_blank=True, help_text="Why a rejected or failed import wrote nothing."
    )
    created = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class ImportRejectedSerializer(serializers.Serializer):
    """A 400: a rejected file names ``file`` (and ``rows``); bad input names its field, as every
    other 400 does (the body's ``csv``, the ``Idempotency-Key`` header)."""

    file = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Why nothing was written."
    )
    rows = ImportProblemSerializer(many=True, required=False, help_text="Every problem of every row.")


class ParticipantImportView(RevMentorView):
    @extend_schema(
        request=ImportSerializer,
        responses={
            **write_responses(ParticipantImportSerializer),
            202: ParticipantImportSerializer,
            400: ImportRejectedSerializer,
        },
        operation_id="participants_import",
        description=(
            "Import participants from CSV: every row or none. Large files are queued (202). A file "
            "that cannot be imported is a 400 with `file` and `rows`; bad input, `{field: [messages]}`."
        ),
    )
    def post(self, request, program_uuid: str) -> Response:
        program = program_for(request.user, program_uuid, Action.MANAGE_PROGRAM)
        data = self.validated(ImportSerializer)
        outcome = services.import_participants(program.uuid, csv_text=data["csv"], user=request.user)
        status = 202 if outcome.status in ("pending", "running") else 200
        return Response(ParticipantImportSerializer(outcome).data, status=status)


class ParticipantImportStatusView(RevMentorView):
    """A queued import: its progress, then its report."""

    @extend_schema(
        responses={**read_responses(ParticipantImportSerializer), 404: DETAIL},
        operation_id="participants_import_retrieve",
    )
    def get(self, request, program_uuid: str, import_id: str) -> Response:
        program = program_for(request.user, program_uuid, Action.MANAGE_PROGRAM)
        outcome = services.get_import(program.uuid, object_id(import_id))
        return Response(ParticipantImportSerializer(outcome).data)
