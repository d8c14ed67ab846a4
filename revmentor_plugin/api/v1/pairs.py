"""Pairs (docs/DESIGN.md §6): a program's pairs (``programs/{uuid}/pairs/``) and its report
(``programs/{uuid}/report/``, JSON or a streamed CSV), one pair (``pairs/{uuid}/``) and what its
participants or the course's staff do to it: accept, decline, close.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
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
from revmentor_plugin.api.v1.permissions import pair_for, program_for
from revmentor_plugin.data import HealthStatus, PairSource, PairStatus
from revmentor_plugin.policy import Action, Scope

A = Action


def _list_param(request: Any, name: str) -> list[str]:
    """``?status=a,b`` or ``?status=a&status=b``."""
    values = []
    for raw in request.query_params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


class ProgramPairListView(RevMentorView):
    """Staff list every pair; participants their own. Staff propose pairs by hand."""

    @extend_schema(
        operation_id="program_pairs_list",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                description="One or more pair statuses, comma-separated: " + ", ".join(PairStatus),
            ),
            OpenApiParameter("health", str, enum=HealthStatus.values()),
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
        return self.paginated(listing, s.PairSerializer, user=request.user)

    @extend_schema(
        operation_id="program_pairs_create",
        request=s.PairCreateSerializer,
        responses=write_responses(s.PairSerializer, 201),
    )
    def post(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        data = self.validated(s.PairCreateSerializer)
        pair = services.propose_pair(
            program.uuid, mentor=data["mentor"], mentee=data["mentee"], source=PairSource.STAFF
        )
        return Response(s.PairSerializer(pair, context={"user": request.user}).data, status=201)


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


class PairDetailView(RevMentorView):
    @extend_schema(operation_id="pairs_retrieve", responses=read_responses(s.PairSerializer))
    def get(self, request, pair_uuid):
        return Response(
            s.PairSerializer(pair_for(request.user, pair_uuid), context={"user": request.user}).data
        )


class PairAcceptView(RevMentorView):
    """The caller accepts the program's current expectations; the pair becomes active once
    both sides have."""

    @extend_schema(operation_id="pairs_accept", request=None, responses=write_responses(s.PairSerializer))
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        return Response(
            s.PairSerializer(
                services.accept_agreement(pair.uuid, user=request.user), context={"user": request.user}
            ).data
        )


class PairDeclineView(RevMentorView):
    """A participant declines a proposed pair (matching never proposes it again)."""

    @extend_schema(
        operation_id="pairs_decline", request=s.DeclineSerializer, responses=write_responses(s.PairSerializer)
    )
    def post(self, request, pair_uuid):
        pair = pair_for(request.user, pair_uuid, A.ACT_IN_PAIR)
        data = self.validated(s.DeclineSerializer) if request.data else {}
        declined = services.decline_pair(pair.uuid, user=request.user, reason=data.get("reason", ""))
        return Response(s.PairSerializer(declined, context={"user": request.user}).data)


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
        return Response(s.PairSerializer(closed, context={"user": request.user}).data)
