"""What every v1 view shares: authentication, permissions, parsing, pagination, error mapping.

Everything is set on ``RevMentorView`` itself, so the plugin never depends on the host's
``REST_FRAMEWORK`` defaults (an LMS may change them).

Status codes (docs/DESIGN.md §6, ADR 0003):

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
  or a state rule (mentee already paired, mentor at capacity, accepting a closed pair), including
  a race lost to a concurrent request (the reason says what happened), or a repeat of an
  ``Idempotency-Key`` whose first request is still running.
* 422 ``{"detail": ..., "code": "idempotency_key_reused", "field": "Idempotency-Key"}``: the key
  was already used for a different request body.
* 503 ``{"detail": ..., "code": "busy"}`` with ``Retry-After``: the database stayed locked by
  concurrent requests (a deadlock or a lock timeout on MySQL, "database is locked" on SQLite) even
  after the service retried once; nothing was written. Never a 500.

Requests run outside the host's ``ATOMIC_REQUESTS`` transaction (the LMS sets it on its default
database, ``lms/envs/common.py``): each service call is then the outermost transaction and can
be retried when it loses a lock race, as the LMS's own XBlock handler view
(``handle_xblock_callback``, ``transaction.non_atomic_requests``) lets blocks do.

Every POST accepts an ``Idempotency-Key`` header (ADR 0010): ``RevMentorView`` wraps each
subclass's ``post`` in :func:`idempotent_post`, so a repeat with the same key by the same user on
the same route and URL arguments, within a day, answers the first response again (same status
and body, plus ``Idempotent-Replayed: true``) without running the view. Without the header
nothing changes. With it, the view runs inside the key's transaction, so a lost lock race is not
retried there but answers 503, and the key is let go for the client's retry.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import InvalidPage
from django.db import transaction
from django.http import Http404
from django.utils.decorators import method_decorator
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

from revmentor_plugin import services

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
            return services.parse_json(text)
        except services.InvalidInput as exc:
            raise exceptions.ParseError(exc.message) from None


def _whole_number(raw: str) -> int | None:
    """``raw`` as a whole number from 1 (ASCII digits only), else None."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        return None
    return int(raw) or None


class Pagination(DefaultPagination):
    """edx-drf-extensions' envelope (count, num_pages, current_page, start, next, previous,
    results); 20 a page by default, ``page_size`` up to 100 (more gives 100). ``count`` is the
    total of every page, so a client never takes one page for the whole list. A ``page`` or
    ``page_size`` that is not a whole number from 1 is a 400 naming it (DRF would answer a 404 for
    the one and silently use 20 for the other); a page past the end is a 404."""

    page_size = 20
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        size = _whole_number(raw)
        if size is None:
            raise exceptions.ValidationError({"page_size": ["Must be a whole number from 1."]})
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "")
        if raw not in ("", *self.last_page_strings) and _whole_number(raw) is None:
            raise exceptions.ValidationError({"page": ["Must be a whole number from 1, or last."]})
        return super().paginate_queryset(queryset, request, view=view)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST's answer to an exception: a domain error's status comes from ``services`` (one mapping
    for REST and blocks, ``services.http_status_of``); the body shapes are REST's own (see the
    module docstring)."""
    error = services.domain_error_of(exc)
    status = error.http_status if error is not None else None
    if error is not None and status is not None:
        if isinstance(error, services.InvalidInput):
            return Response(error.as_dict(), status=status)
        if isinstance(error, services.NotFound):
            return Response({"detail": error.message}, status=status)
        if isinstance(error, services.Busy):
            return Response(
                {"detail": error.message, "code": error.code},
                status=status,
                headers={"Retry-After": str(error.retry_after)},
            )
        return Response({"detail": error.message, "code": error.code, "field": error.field}, status=status)
    if isinstance(exc, exceptions.ParseError):
        return Response({"non_field_errors": [str(exc.detail)]}, status=400)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        message = f"The request body is larger than this site accepts ({limit / 1024 / 1024:.1f} MB)."
        return Response({"non_field_errors": [message]}, status=400)
    return _drf_error(exc)


def _drf_error(exc: Exception) -> Response | None:
    """DRF's own answers (``rest_framework.views.exception_handler``) to its exceptions and to
    Django's ``Http404`` and ``PermissionDenied``, but without its ``set_rollback()``: our views
    run outside any request transaction (``non_atomic_requests``), each service has already
    rolled back its own, and marking a transaction that encloses the view (a caller's, a test's)
    for rollback would undo work that is not ours."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    data = exc.detail if isinstance(exc.detail, list | dict) else {"detail": exc.detail}
    return Response(data, status=exc.status_code, headers=headers)


IDEMPOTENCY_HEADER = services.IDEMPOTENCY_HEADER
REPLAYED_HEADER = "Idempotent-Replayed"


def idempotent_post(post):
    """A view's ``post``, made safe to retry with an ``Idempotency-Key`` header (ADR 0010).

    The key is scoped to the user and the endpoint: method, route name and URL arguments. The
    body's fingerprint is taken from the parsed JSON, so a body that is not JSON is the usual 400.
    Inactive users go through unchanged: the view refuses them, and nothing is kept.
    """
    if getattr(post, "idempotent", False):
        return post

    @functools.wraps(post)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is None or not request.user.is_active:
            return post(self, request, *args, **kwargs)
        match = request.resolver_match
        route = match.view_name if match is not None else type(self).__name__
        scope = " ".join(["POST", route, *(f"{name}={kwargs[name]}" for name in sorted(kwargs))])
        fingerprint = services.request_fingerprint(request.data)
        with services.idempotent(request.user, scope=scope, key=key, fingerprint=fingerprint) as attempt:
            if attempt.replay is not None:
                body = json.loads(attempt.replay.body) if attempt.replay.body else None
                return Response(body, status=attempt.replay.status, headers={REPLAYED_HEADER: "true"})
            response = post(self, request, *args, **kwargs)
            attempt.keep(response.status_code, JSONRenderer().render(response.data).decode())
            return response

    wrapper.idempotent = True
    return wrapper


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class RevMentorView(APIView):
    """Base of every v1 view: thin, explicit, independent of the host's REST defaults.

    ``NotJwtRestrictedApplication`` refuses JWTs of restricted OAuth applications. The LMS's
    ``EnsureJWTAuthSettingsMiddleware`` adds it only to views whose ``authentication_classes``
    attribute names a JWT class, and ours are chosen in ``get_authenticators``, so we say it.

    Every ``post`` a subclass defines is wrapped in :func:`idempotent_post` here, once, so no view
    can forget it.

    ``non_atomic_requests``: each view calls one write service, whose own transaction must be
    the outermost for a lost lock race to be retried (see the module docstring).
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "post" in cls.__dict__:
            cls.post = idempotent_post(cls.__dict__["post"])

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

    A ``post`` also documents the ``Idempotency-Key`` header and its 409 and 422 answers.
    """

    def decorator(function):
        options = dict(kwargs)
        if function.__name__ == "post":
            options["parameters"] = [*options.get("parameters", ()), IDEMPOTENCY_PARAMETER]
            responses = options.get("responses")
            if isinstance(responses, dict):
                extra = {code: doc for code, doc in IDEMPOTENCY_RESPONSES.items() if code not in responses}
                options["responses"] = {**responses, **extra}
        if getattr(function, "schema", None) is None:
            function.schema = AutoSchema
        return spectacular_extend_schema(**options)(function)

    return decorator


FIELD_ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description="Bad input: `{field: [messages]}`.")
DETAIL = OpenApiResponse(OpenApiTypes.OBJECT, description='`{"detail": message}`.')
CONFLICT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Breaks an invariant or a state rule: `{"detail": message, "code": ..., "field": ...}`.',
)

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "1 to 255 printable ASCII characters, unique to one user action (a UUID). A repeat with the "
        "same key by the same user on the same URL within 24 hours answers the first response again "
        "(same status and body, header `Idempotent-Replayed: true`) without doing anything; the same "
        "key with a different body is a 422; a repeat while the first is still running is a 409. "
        "Failed requests are not kept, so a corrected retry may reuse the key (ADR 0010)."
    ),
)
IDEMPOTENCY_RESPONSES = {
    409: CONFLICT,
    422: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description='The `Idempotency-Key` was used for a different body: `{"detail", "code", "field"}`.',
    ),
}


def read_responses(ok: Any) -> dict[int, Any]:
    return {200: ok, 401: DETAIL, 403: DETAIL, 404: DETAIL}


BUSY = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The database stayed busy with concurrent changes; nothing was written. Retry after "
    'the `Retry-After` header\'s seconds: `{"detail": message, "code": "busy"}`.',
)


def write_responses(ok: Any, status: int = 200) -> dict[int, Any]:
    return {status: ok, 400: FIELD_ERRORS, 401: DETAIL, 403: DETAIL, 404: DETAIL, 409: CONFLICT, 503: BUSY}


def list_responses(item: type[serializers.Serializer]) -> dict[int, Any]:
    """A paginated list of ``item`` (the ``Pagination`` envelope) and its errors."""
    return {200: paginated(item), 400: FIELD_ERRORS, 401: DETAIL, 403: DETAIL, 404: DETAIL}


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1 (`last`: the last); past the end: 404."),
    OpenApiParameter(
        "page_size",
        int,
        description="Items a page (default 20; more than 100 gives 100). The answer's `count` is the "
        "total of every page.",
    ),
]


def search_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter("search", str, description=description)


def ordering_parameter(keys: tuple[str, ...], description: str) -> OpenApiParameter:
    """``?ordering=key`` or ``-key`` (reversed), one of ``keys``; anything else is a 400."""
    return OpenApiParameter(
        "ordering", str, enum=[value for key in keys for value in (key, f"-{key}")], description=description
    )


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
