"""Pairs (docs/DESIGN.md §6): a program's pairs (``programs/{uuid}/pairs/``; staff pair people by
hand after a ``pairs/preview/`` and find a new partner for a mentee with ``pairs/partners/``) and its report
(``programs/{uuid}/report/``, JSON or a streamed CSV), one pair (``pairs/{uuid}/``) and what its
participants or the course's staff do to it: accept, decline, close; and, for each member of an
active pair, how to reach the other (``pairs/{uuid}/partner/``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from revmentor_plugin import services
from revmentor_plugin.api.v1 import serializers as s
from revmentor_plugin.api.v1.base import (
    CONFLICT,
    DETAIL,
    FIELD_ERRORS,
    PAGE_PARAMETERS,
    RevMentorView,
    extend_schema,
    list_responses,
    ordering_parameter,
    read_responses,
    search_parameter,
    write_responses,
)
from revmentor_plugin.api.v1.permissions import NOT_FOUND, pair_for, program_for
from revmentor_plugin.data import PAIR_ORDERINGS, SEARCH_LENGTH, HealthStatus, PairStatus
from revmentor_plugin.policy import Action

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
            search_parameter(
                f"Pairs whose mentor's or mentee's username contains this text (any case; at most "
                f"{SEARCH_LENGTH} characters)."
            ),
            ordering_parameter(
                PAIR_ORDERINGS,
                "Sort order; `-` before a key reverses it. `health`: at risk first, then needing "
                "attention, on track, and ended pairs last; `created`: oldest first. Default: `-created`.",
            ),
            *PAGE_PARAMETERS,
        ],
        responses=list_responses(s.PairSerializer),
    )
    def get(self, request, program_uuid):
        listing = services.pair_listing_for(
            request.user,
            program_uuid,
            statuses=_list_param(request, "status") or None,
            health=request.query_params.get("health") or None,
            search=request.query_params.get("search"),
            ordering=request.query_params.get("ordering"),
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
        pair = services.pair_by_hand(
            program.uuid, mentor=data["mentor"], mentee=data["mentee"], again=data["again"]
        )
        return Response(s.PairSerializer(pair, context={"user": request.user}).data, status=201)


_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def _query(request: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The query parameters among ``names`` that are present, as the service's input: booleans
    from ``true``/``false``, whole numbers from digits; anything else is passed on unchanged for
    the service to refuse with a 400 naming the parameter."""
    values: dict[str, Any] = {}
    for name in names:
        if name not in request.query_params:
            continue
        raw = request.query_params[name]
        if name in ("again",):
            values[name] = _BOOLEANS.get(raw.strip().lower(), raw)
        elif name == "limit":
            values[name] = int(raw) if raw.strip().isdigit() else raw
        else:
            values[name] = raw
    return values


class PairPreviewView(RevMentorView):
    """Course staff see, before pairing two people by hand, the score and explanation matching
    gives the pair and whether its rules allow it (``reason`` says why not). Nothing is written."""

    @extend_schema(
        operation_id="program_pairs_preview",
        parameters=[
            OpenApiParameter("mentor", str, required=True, description="The mentor's username."),
            OpenApiParameter("mentee", str, required=True, description="The mentee's username."),
            OpenApiParameter(
                "again",
                bool,
                description="Judge the pair as staff asking for two people whose pair ended (as in "
                "the create request's `again`).",
            ),
        ],
        responses={**read_responses(s.PairPreviewSerializer), 400: FIELD_ERRORS},
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        preview = services.pair_preview(
            program.uuid,
            **{"mentor": None, "mentee": None, **_query(request, ("mentor", "mentee", "again"))},
        )
        return Response(s.PairPreviewSerializer(preview).data)


class PartnerProposalsView(RevMentorView):
    """Course staff find a new partner for a mentee without an open pair (one whose pair ended):
    the best mentors matching's rules allow, best score first. The mentee's earlier partners are
    left out unless ``again``; a declined pair never comes back."""

    @extend_schema(
        operation_id="program_pairs_partners",
        parameters=[
            OpenApiParameter("mentee", str, required=True, description="The mentee's username."),
            OpenApiParameter("again", bool, description="Include earlier partners whose pair ended."),
            OpenApiParameter("limit", int, description="How many, best first (default 5, at most 20)."),
        ],
        responses={**read_responses(s.PartnerProposalsSerializer), 400: FIELD_ERRORS, 409: CONFLICT},
    )
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        query = {"mentee": None, **_query(request, ("mentee", "again", "limit"))}
        proposals = services.partner_proposals(program.uuid, **query)
        return Response(s.PartnerProposalsSerializer({"mentee": query["mentee"], "results": proposals}).data)


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


#: What a spreadsheet reads as the start of a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: CSV lines sent to the client at a time: one write per block, not per line.
CSV_BLOCK_LINES = 500


def _csv_lines(rows: Iterator[tuple]) -> Iterator[str]:
    """The CSV's lines, header first; free text that a spreadsheet would read as a formula is
    prefixed with a quote (CSV injection)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(services.CSV_COLUMNS)
    for row in rows:
        yield writer.writerow(
            [
                "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
                for value in row
            ]
        )


def _in_blocks(lines: Iterator[str], size: int = CSV_BLOCK_LINES) -> Iterator[str]:
    """``lines`` joined ``size`` at a time (memory stays flat; the response makes far fewer writes)."""
    while block := "".join(islice(lines, size)):
        yield block


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
                _in_blocks(_csv_lines(services.pair_table(program.uuid))),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="revmentor-pairs-{program.uuid}.csv"'
            return response
        return Response(s.ReportSerializer(services.program_report(program.uuid)).data)


class OutcomeReportView(RevMentorView):
    """The sponsor's outcome page as data (staff, as ``report/``): the generated date, the minimum
    group size, what is suppressed, and the five sections with the factor each measures, how to
    read it and its table. The same function builds the printable page (issue 16)."""

    @extend_schema(operation_id="program_report_outcome", responses=read_responses(s.OutcomeReportSerializer))
    def get(self, request, program_uuid):
        program = program_for(request.user, program_uuid, A.MANAGE_PROGRAM)
        return Response(s.OutcomeReportSerializer(services.outcome_page(program)).data)


class PairDetailView(RevMentorView):
    @extend_schema(operation_id="pairs_retrieve", responses=read_responses(s.PairSerializer))
    def get(self, request, pair_uuid):
        return Response(
            s.PairSerializer(pair_for(request.user, pair_uuid), context={"user": request.user}).data
        )


class PairPartnerView(RevMentorView):
    """The caller's partner: their full name and email, for the two members of an active pair
    only (once both have accepted the agreement). Anyone else, course staff and operators
    included, and anyone before both have accepted, gets 404 (ADR 0014)."""

    @extend_schema(
        operation_id="pairs_partner_retrieve", responses=read_responses(s.PartnerContactSerializer)
    )
    def get(self, request, pair_uuid):
        contact = services.partner_contact(pair_for(request.user, pair_uuid), user=request.user)
        if contact is None:
            raise NotFound(NOT_FOUND)
        return Response(s.PartnerContactSerializer(contact).data)


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
