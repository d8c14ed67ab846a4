"""What every v1 view shares: authentication, permissions, parsing, pagination, error mapping.

Everything is set on ``RevMentorView`` itself, so the plugin never depends on the host's
``REST_FRAMEWORK`` defaults (an LMS may change them).

Status codes (DESIGN §6, ADR 0003):

* 401: no credentials (JWT is the first authenticator, so DRF answers 401 with
  ``WWW-Authenticate: JWT realm="api"`` rather than 403).
* 404 ``{"detail": ...}``: the resource does not exist *or the caller may not see it*, so
  existence never leaks.
* 403 ``{"detail": ...}``: the caller may see the resource but not do this to it (a learner
  patching a program, course staff posting a goal in a pair).
* 400 ``{field: [messages]}``: bad input, named by field; ``non_field_errors`` for a body that
  is not a JSON object or not JSON at all (also JSON nested too deep: ``JSONParser``). Every
  write method reads its body before anything else, so a malformed body is refused even where
  the endpoint expects none.
* 409 ``{"detail": ..., "code": ..., "field": ...}``: well-formed input that breaks an invariant
  or a state rule (mentee already paired, mentor at capacity, accepting a closed pair).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from drf_spectacular.utils import extend_schema as spectacular_extend_schema
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser
from edx_rest_framework_extensions.paginators import DefaultPagination
from edx_rest_framework_extensions.permissions import NotJwtRestrictedApplication
from rest_framework import exceptions, parsers, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from revmentor_plugin import services
from revmentor_plugin.services import inputs

log = logging.getLogger(__name__)

BEARER_PATH = "openedx.core.lib.api.authentication"


@functools.cache
def authentication_classes() -> tuple[type, ...]:
    """JWT, then the platform's bearer tokens when the host has them, then the session.

    The platform's bearer class is imported on first use, never at import time, and only
    where it exists: outside edx-platform (the sandbox, a bare test run) it is skipped.
    """
    classes: list[type] = [JwtAuthentication]
    try:
        from openedx.core.lib.api.authentication import (  # type: ignore[import-not-found]
            BearerAuthenticationAllowInactiveUser,
        )
    except ImportError:
        log.debug("revmentor: %s is not importable; bearer tokens are not accepted", BEARER_PATH)
    else:
        classes.append(BearerAuthenticationAllowInactiveUser)
    classes.append(SessionAuthenticationAllowInactiveUser)
    return tuple(classes)


class FormatQueryNegotiation(DefaultContentNegotiation):
    """``?format=`` picks the representation (``csv`` for the report, ``json`` for the schema)
    even where the host turns DRF's ``URL_FORMAT_OVERRIDE`` off, as the LMS's ``REST_FRAMEWORK``
    does (``"URL_FORMAT_OVERRIDE": None``)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return super().select_renderer(
            request, renderers, format_suffix or request.query_params.get("format")
        )


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, decoding with ``services.inputs.parse_json`` (the blocks' decoder too):
    strict JSON nested at most ``MAX_JSON_DEPTH`` deep, so a body of a few thousand nested
    arrays is a 400 rather than a ``RecursionError`` (a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise exceptions.ParseError(f"JSON parse error - the body is not {encoding} text.") from None
        try:
            return inputs.parse_json(text)
        except services.InvalidInput as exc:
            raise exceptions.ParseError(exc.message) from None


class Pagination(DefaultPagination):
    """edx-drf-extensions' envelope (count, num_pages, current_page, start, next, previous,
    results); 20 a page by default, ``page_size`` up to 100. A page past the end is a 404."""

    page_size = 20
    max_page_size = 100


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The one mapping of domain errors to HTTP (see the module docstring)."""
    if isinstance(exc, services.InvalidInput):
        return Response(exc.as_dict(), status=400)
    if isinstance(exc, services.NotFound):
        return Response({"detail": exc.message}, status=404)
    if isinstance(exc, services.Conflict):
        return Response({"detail": exc.message, "code": exc.code, "field": exc.field}, status=409)
    if isinstance(exc, exceptions.ParseError):
        return Response({"non_field_errors": [str(exc.detail)]}, status=400)
    return drf_exception_handler(exc, context)


class RevMentorView(APIView):
    """Base of every v1 view: thin, explicit, independent of the host's REST defaults.

    ``NotJwtRestrictedApplication`` refuses JWTs of restricted OAuth applications. The LMS's
    ``EnsureJWTAuthSettingsMiddleware`` adds it only to views whose ``authentication_classes``
    attribute names a JWT class, and ours are chosen in ``get_authenticators``, so we say it.
    """

    permission_classes = (IsAuthenticated, NotJwtRestrictedApplication)
    parser_classes = (JSONParser,)
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = FormatQueryNegotiation
    pagination_class = Pagination
    schema = AutoSchema()

    def get_authenticators(self) -> list[Any]:
        return [cls() for cls in authentication_classes()]

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        """After authentication and the view's permission classes, read the body of every write,
        so a malformed one is a 400 even where the endpoint ignores its body."""
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            request.data  # noqa: B018 - parsing raises ParseError, answered as a 400

    def validated(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The request body checked by ``serializer_class``; a body that is not a JSON object
        (an array, a number, a string) is a 400 on ``non_field_errors``."""
        data = self.request.data
        if not isinstance(data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Expected a JSON object."]})
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def paginated(
        self, items: Any, serializer_class: type[serializers.Serializer], **context: Any
    ) -> Response:
        """One page of ``items`` (a list or a service ``Listing``), serialised."""
        paginator = self.pagination_class()
        try:
            page = paginator.paginate_queryset(items, self.request, view=self)
        except InvalidPage as exc:  # pragma: no cover - DRF turns it into NotFound already
            raise exceptions.NotFound(str(exc)) from None
        return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


# ---------------------------------------------------------------------------------------------
# Schema helpers, so every operation documents the same error shapes.


def extend_schema(**kwargs: Any):
    """drf-spectacular's ``extend_schema``, always built on drf-spectacular's ``AutoSchema``.

    On a method, ``extend_schema`` subclasses the schema class it finds on the function, else
    ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``, which the LMS does not set: the operation would
    then be built on DRF's own ``AutoSchema`` and the schema view would answer 500. Naming our
    class on the function first makes the views independent of the host's REST defaults.
    """
    decorate = spectacular_extend_schema(**kwargs)

    def decorator(function):
        if getattr(function, "schema", None) is None:
            function.schema = AutoSchema
        return decorate(function)

    return decorator


FIELD_ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description="Bad input: `{field: [messages]}`.")
DETAIL = OpenApiResponse(OpenApiTypes.OBJECT, description='`{"detail": message}`.')
CONFLICT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Breaks an invariant or a state rule: `{"detail": message, "code": ..., "field": ...}`.',
)


def read_responses(ok: Any) -> dict[int, Any]:
    return {200: ok, 401: DETAIL, 403: DETAIL, 404: DETAIL}


def write_responses(ok: Any, status: int = 200) -> dict[int, Any]:
    return {status: ok, 400: FIELD_ERRORS, 401: DETAIL, 403: DETAIL, 404: DETAIL, 409: CONFLICT}


def list_responses(item: type[serializers.Serializer]) -> dict[int, Any]:
    """A paginated list of ``item`` (the ``Pagination`` envelope) and its errors."""
    return {200: paginated(item), 400: FIELD_ERRORS, 401: DETAIL, 403: DETAIL, 404: DETAIL}


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1."),
    OpenApiParameter("page_size", int, description="Items a page (default 20, at most 100)."),
]


@functools.cache
def paginated(serializer_class: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The schema of a page of ``serializer_class`` items (the envelope of ``Pagination``)."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return type(
        f"Paginated{name}List",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "num_pages": serializers.IntegerField(),
            "current_page": serializers.IntegerField(),
            "start": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
