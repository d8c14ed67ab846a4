"""What the four blocks share: who is looking, which program, which pair, and how to answer.

A block is an *edge* (docs/DESIGN.md §4): it reads the viewer from the runtime's ``user``
service, asks ``revmentor_plugin.policy`` what they may do, and reads or changes data only through
``revmentor_plugin.services``. Every view resolves a :class:`~revmentor_plugin.data.Situation`
first, with ``services.viewer_situation`` (the block gives it only the runtime's parts: the user,
the block's course, its settings); a situation that is not the block's main one (anonymous, no
program, not enrolled, pair pending, ...) renders the shared ``state.html`` with the message of
``xblocks.messages`` instead of a form. Course staff get figures instead of a form, each block its
own (``staff_context``): the program's summary and the staff page's link once per unit, in the
pairing block; goals, sessions, and reflections with the pulse in the other three.

Handlers are a few lines each: :func:`json_handler` decodes the body (strict JSON, nested at most
``services.inputs.MAX_JSON_DEPTH`` deep, as the REST API decodes it), :meth:`RevMentorBlock._actor`
resolves the caller or answers a 4xx JSON error, :func:`object_payload` refuses anything but a
JSON object, and
:func:`domain_errors` turns the services' typed errors (with the status they carry,
``services.http_status_of``, as REST does) and malformed values the services never expected into
4xx JSON answers, so junk input never becomes a traceback; a database that stays locked by
concurrent requests answers 503 with ``Retry-After``. The LMS runs handlers outside a
request transaction (``handle_xblock_callback`` is ``transaction.non_atomic_requests``), so each
service call is its own outermost transaction, retried once when it loses a lock race.

Handlers that create something are declared with :func:`creating_handler` instead of
``XBlock.json_handler``: with an ``Idempotency-Key`` header, a repeat of the same action (same
user, block, handler, key and body) within a day answers the first response again without running
the handler (ADR 0010).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import re
import uuid as uuid_module
from collections.abc import Iterator
from typing import Any

from crum import get_current_request
from django.contrib.auth import get_user_model
from django.template import Context, Engine, Template
from django.template.backends.django import get_installed_libraries
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from opaque_keys.edx.keys import CourseKey
from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Integer, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from revmentor_plugin import policy, services
from revmentor_plugin.data import Situation, ViewerState
from revmentor_plugin.xblocks import js_i18n, messages

log = logging.getLogger(__name__)
loader = ResourceLoader(__name__)

USER_ID = "edx-platform.user_id"
USER_ROLE = "edx-platform.user_role"
#: The attribute of the current request that holds its blocks' situations (``_viewed_situation``).
SITUATION_MEMO = "_revmentor_situations"


@functools.cache
def _compiled_template(path: str) -> Template:
    """One of the blocks' templates, compiled once per process, as
    ``ResourceLoader.render_django_template`` compiles it on every call: Django's engine with the
    installed template tag libraries and xblock-utils' ``i18n`` (whose ``{% trans %}`` merges the
    runtime's ``i18n`` service, passed as ``_i18n_service`` in the context, into the catalog).

    Compiling a template is a fifth of a unit page's server time, and each freshly compiled
    ``{% trans %}`` node also builds the language's whole catalog again the first time it renders
    (xblock-utils keeps that per node); a compiled template holds no per-render state, so the
    blocks share one. Like Django's cached template loader, a changed template file is read again
    when the process restarts.
    """
    engine = Engine(libraries={**get_installed_libraries(), "i18n": "xblock.utils.templatetags.i18n"})
    return Template(loader.load_unicode(path), engine=engine)


def error(status: int, message: str, fields: dict[str, list[str]] | None = None) -> JsonHandlerError:
    """A 4xx answer in the blocks' shape: ``{"error": {"message": ..., "fields": {...}}}``."""
    return JsonHandlerError(status, {"message": message, "fields": fields or {}})


def studio_error(status: int, message: str, fields: dict[str, list[str]] | None = None) -> JsonHandlerError:
    """A refusal of Studio's Save: the blocks' shape, plus the ``messages`` list that Studio's
    editor (``xblock/utils/public/studio_edit.js``) shows to the author."""
    texts = [message] if not fields else [f"{name}: {msgs[0]}" for name, msgs in fields.items()]
    body = {
        "message": message,
        "fields": fields or {},
        "messages": [{"type": "error", "text": text} for text in texts],
    }
    return JsonHandlerError(status, body)


def json_handler(func):
    """``XBlock.json_handler``, decoding the body as the REST API does.

    XBlock's own decorator ``json.loads`` the body before the handler runs and catches only
    ``ValueError``: a body of a few thousand nested arrays raised ``RecursionError`` (a 500 in
    every runtime). Here ``services.inputs.parse_json`` decodes it (strict JSON, nested at most
    ``MAX_JSON_DEPTH`` deep), and every refusal has the blocks' error shape.
    """

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(self, request, suffix=""):
        if request.method != "POST":
            return error(405, _("Send this request with POST.")).get_response(allow=["POST"])
        try:
            data = services.parse_json(request.body)
        except services.InvalidInput as exc:
            return error(400, exc.message).get_response()
        try:
            result = func(self, data, suffix)
        except JsonHandlerError as err:
            return err.get_response()
        if isinstance(result, Response):
            return result
        return Response(json.dumps(result), content_type="application/json", charset="utf8")

    return wrapper


def object_payload(data: Any) -> dict[str, Any]:
    """The decoded JSON body, which must be an object; anything else is a 400."""
    if not isinstance(data, dict):
        raise JsonHandlerError(400, {"message": _("The request must be a JSON object."), "fields": {}})
    return data


class BusyError(JsonHandlerError):
    """503 with ``Retry-After``: the database stayed locked by concurrent requests."""

    def __init__(self, busy: services.Busy):
        message = _("Other changes are being saved at this moment, so nothing was changed. Try again.")
        super().__init__(503, {"message": message, "fields": {}})
        self.retry_after = busy.retry_after

    def get_response(self, **kwargs: Any) -> Response:
        response = super().get_response(**kwargs)
        response.headers["Retry-After"] = str(self.retry_after)
        return response


@contextlib.contextmanager
def domain_errors() -> Iterator[None]:
    """Map the services' typed errors to JSON answers with the status each carries
    (``services.http_status_of``: 400 invalid, 404 unknown, 409 conflict, ...), and a database
    still locked after the service's retry to a 503 (:class:`BusyError`).

    Malformed values that slip past a handler's shape checks (a type a service never expected)
    answer 400 too: junk input must never surface as a 500.
    """
    try:
        yield
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        log.info("revmentor block: malformed input refused (%s)", exc)
        raise JsonHandlerError(
            400, {"message": _("Some of the values sent are malformed."), "fields": {}}
        ) from None
    except Exception as exc:
        error = services.domain_error_of(exc)
        status = services.http_status_of(exc)
        if error is None or status is None:
            raise
        if isinstance(error, services.Busy):
            raise BusyError(error) from None
        fields = {} if isinstance(error, services.NotFound) else error.as_dict()
        raise JsonHandlerError(status, {"message": error.message, "fields": fields}) from None


IDEMPOTENCY_HEADER = services.IDEMPOTENCY_HEADER
REPLAYED_HEADER = "Idempotent-Replayed"


def _idempotency_refusal(exc: services.RevMentorError) -> Response:
    """A translated JSON answer for a key the service refused (400 bad key, 422 reused, 409 busy),
    with the status the error carries."""
    if isinstance(exc, services.IdempotencyKeyReused):
        message = _("This action was already sent with different content. Reload the page and try again.")
    elif isinstance(exc, services.RequestInProgress):
        message = _("This action is still being saved. Wait a moment, then try again.")
    else:
        message = _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")
    status = services.http_status_of(exc) or 400
    return JsonHandlerError(
        status, {"message": message, "fields": {IDEMPOTENCY_HEADER: [message]}}
    ).get_response()


def creating_handler(func):
    """:func:`json_handler` for a handler that creates something, safe to retry (ADR 0010).

    Without an ``Idempotency-Key`` header it is exactly ``json_handler``. With one, the key is
    scoped to the user, the block's usage id and the handler's name: the first request runs and
    its success is kept; a repeat with the same body within a day gets that answer again (plus
    ``Idempotent-Replayed: true``) without running the handler; a different body is a 422, a
    repeat while the first still runs a 409, a malformed key a 400. Anonymous callers and staff
    viewing as a learner go straight to the handler, which refuses them.
    """
    plain = json_handler(func)

    @XBlock.handler
    @functools.wraps(func)
    def handler(self, request: Any, suffix: str = "") -> Response:
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is None or request.method != "POST":
            return plain(self, request, suffix)
        try:
            payload = services.parse_json(request.body)
        except services.InvalidInput:
            return plain(self, request, suffix)  # the usual 400
        user = self._django_user()
        if user is None or policy.acted_for_by_someone_else(user):
            return plain(self, request, suffix)  # refused there; nothing to key on
        scope = f"block {self.scope_ids.usage_id} {func.__name__}"
        fingerprint = services.request_fingerprint(payload)
        with contextlib.ExitStack() as stack:
            try:
                attempt = stack.enter_context(
                    services.idempotent(user, scope=scope, key=key, fingerprint=fingerprint)
                )
            except (services.InvalidInput, services.Conflict) as exc:
                return _idempotency_refusal(exc)
            if attempt.replay is not None:
                replay = Response(
                    body=attempt.replay.body.encode("utf-8"),
                    status=attempt.replay.status,
                    content_type="application/json",
                    charset="utf8",
                )
                replay.headers[REPLAYED_HEADER] = "true"
                return replay
            response = plain(self, request, suffix)
            attempt.keep(response.status_code, response.body.decode("utf-8"))
            return response

    handler.idempotent = True
    return handler


def html_id(usage_id: Any) -> str:
    """An id prefix unique to this block instance and safe in HTML ids and CSS selectors."""
    text = str(usage_id)
    tail = re.sub(r"[^A-Za-z0-9_-]", "-", text.rsplit("@", 1)[-1])[:40]
    return f"rm-{tail}-{hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:8]}"


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


@XBlock.wants("user")
@XBlock.wants("i18n")
class RevMentorBlock(StudioEditableXBlockMixin, CompletableXBlockMixin, XBlock):
    """Base of the four blocks. Subclasses set ``template``, ``js_class`` and the view contexts."""

    display_name = String(
        display_name=gettext_noop("Display name"),
        help=gettext_noop("The heading learners see above this block."),
        scope=Scope.settings,
        default=gettext_noop("Reverse mentoring"),
    )
    program_id = String(
        display_name=gettext_noop("Program"),
        help=gettext_noop(
            "The id (uuid) of the program this block belongs to. Leave empty when the course runs "
            "a single program: the block then finds it from the course."
        ),
        scope=Scope.settings,
        default="",
    )
    publish_grade = Boolean(
        display_name=gettext_noop("Publish a score"),
        help=gettext_noop("Publish a score of 1 out of 1 to the gradebook when the block is complete."),
        scope=Scope.settings,
        default=False,
    )
    completion_published = Boolean(scope=Scope.user_state, default=False)
    #: A mentor with several open pairs chooses which one the blocks show (uuid; newest by default).
    #: ``user_info`` is shared by every block of the user, so one choice holds for all four blocks.
    revmentor_selected_pair = String(scope=Scope.user_info, default="")

    editable_fields: tuple[str, ...] = ("display_name", "program_id", "publish_grade")
    icon_class = "other"
    template = ""
    js_class = ""
    #: The block's main work needs an active pair (all blocks but pairing).
    needs_active_pair = True

    @property
    def has_score(self) -> bool:  # the platform asks this to decide whether to grade the block
        return bool(self.publish_grade)

    def max_score(self) -> int:
        return 1

    # -----------------------------------------------------------------------------------------
    # Who is looking, and at what

    def _user_attrs(self) -> dict[str, Any]:
        service = self.runtime.service(self, "user")
        if service is None:
            return {}
        user = service.get_current_user()
        return dict(getattr(user, "opt_attrs", None) or {})

    def _django_user(self) -> Any | None:
        """The Django user behind ``edx-platform.user_id``, or None (anonymous, workbench)."""
        if hasattr(self, "_cached_user"):
            return self._cached_user
        user_id = self._user_attrs().get(USER_ID)
        user = None
        if isinstance(user_id, int) and not isinstance(user_id, bool):
            user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        self._cached_user = user
        return user

    def _course_key(self) -> CourseKey | None:
        key = getattr(self.scope_ids.usage_id, "context_key", None)
        return key if isinstance(key, CourseKey) else None

    def situation(self) -> Situation:
        """The viewer's situation (``services.viewer_situation``), from the runtime's parts."""
        return services.viewer_situation(
            self._django_user(),
            course_key=self._course_key(),
            program_id=self.program_id,
            selected_pair=self.revmentor_selected_pair,
            needs_active_pair=self.needs_active_pair,
        )

    def _viewed_situation(self) -> Situation:
        """The viewer's situation for a view, resolved once per request for all the blocks of a
        unit (the LMS renders the four in one request, and each would otherwise ask the same
        questions of the database again).

        The memo lives on the current request (crum's, which the LMS installs), so it ends with
        the request whatever the host's middleware; outside a request (tests, tasks, the
        workbench without crum) nothing is kept. Handlers never read it and drop it
        (:meth:`_actor`), so nothing rendered after a write shows the situation from before it.
        """
        request = get_current_request()
        if request is None:
            return self.situation()
        user = self._django_user()
        key = (
            getattr(user, "pk", None),
            str(self._course_key()),
            self.program_id,
            self.revmentor_selected_pair,
        )
        memo = request.__dict__.setdefault(SITUATION_MEMO, {})
        found = memo.get(key)
        if found is None:
            memo[key] = found = self.situation()
        return services.situation_for_block(found, needs_active_pair=self.needs_active_pair)

    def _actor(self, *states: ViewerState) -> Situation:
        """The caller's situation for a handler; a state not in ``states`` (default: an active
        pair) is a 4xx JSON error. Always resolved afresh, and the request's memo of the views'
        situations is dropped: the handler may be about to change it."""
        request = get_current_request()
        if request is not None:
            request.__dict__.pop(SITUATION_MEMO, None)
        found = self.situation()
        if found.state in (states or (ViewerState.ACTIVE,)):
            if found.pair is not None and not policy.allows(
                found.user, policy.Action.ACT_IN_PAIR, found.pair
            ):
                raise JsonHandlerError(403, {"message": _("You cannot act in this pair."), "fields": {}})
            return found
        if found.state == ViewerState.ANONYMOUS:
            raise JsonHandlerError(403, {"message": _("Sign in to take part."), "fields": {}})
        if found.state == ViewerState.VIEWED_AS:
            message = _("You are viewing the course as another learner: nothing is done in their name.")
            raise JsonHandlerError(403, {"message": message, "fields": {}})
        if found.state == ViewerState.STAFF:
            raise JsonHandlerError(403, {"message": _("Course staff see the summary only."), "fields": {}})
        if found.program is None:
            raise JsonHandlerError(
                404, {"message": _("There is no mentoring program here yet."), "fields": {}}
            )
        message = self.state_message(found)[1] or _("This is not possible right now.")
        raise JsonHandlerError(409, {"message": message, "fields": {}})

    # -----------------------------------------------------------------------------------------
    # Completion

    def completion_met(self, situation: Situation) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def publish_completion_if_met(self, situation: Situation) -> bool:
        """Publish completion (and the optional score) once the block's criterion is met."""
        if (
            situation.state not in (ViewerState.ACTIVE, ViewerState.PENDING, ViewerState.CLOSED)
            or situation.user is None
        ):
            return False
        if self.completion_published:  # once is enough; completion never goes back down here
            return True
        if not self.completion_met(situation):
            return False
        self.emit_completion(1.0)
        if self.publish_grade:
            self.runtime.publish(self, "grade", {"value": 1.0, "max_value": 1.0})
        self.completion_published = True
        return True

    # -----------------------------------------------------------------------------------------
    # Rendering

    def _i18n(self):
        return self.runtime.service(self, "i18n")

    def ugettext(self, text: str) -> str:
        """XBlock's ``ugettext`` (used by the Studio editor's field labels) without assuming the
        runtime gives the ``i18n`` service we only *want*: Django's catalog stands in for it."""
        service = self._i18n()
        return service.ugettext(text) if service is not None else _(text)

    def shown(self, text: str) -> str:
        """A text setting as people read it: one of the block's defaults (a catalog string) in
        their language; what a course author typed in Studio stays as typed."""
        return self.ugettext(text) if text else text

    @XBlock.handler
    def fallback_handler(self, handler_name: str, request: Any, suffix: str = "") -> Response:
        """Any handler name the block does not have: a JSON 404, as the LMS answers it, in every
        runtime (``Runtime.handle`` otherwise raises, which some runtimes turn into a 500)."""
        body = {"error": {"message": _("This block has no such action."), "fields": {}}}
        return Response(json_body=body, status=404)

    def render_template(self, template: str, context: dict[str, Any]) -> str:
        """One of the block's Django templates, autoescaped and translated.

        Never name this ``render``: ``XBlock.render(view, context)`` is how the LMS's vertical
        renders each child and how Studio renders previews and editors (host contract).
        """
        context = {**context, "_i18n_service": self._i18n()}
        return _compiled_template(f"templates/{template}").render(Context(context))

    def common_context(self, situation: Situation) -> dict[str, Any]:
        return {
            "uid": html_id(self.scope_ids.usage_id),
            "display_name": self.shown(self.display_name),
            "block_type": self.scope_ids.block_type,
            "situation": situation,
            "state": situation.state,
            "program": situation.program,
            "role": situation.role.value if situation.role else "",
            "my_label": situation.label(situation.role),
            "partner_label": situation.label(situation.role.other) if situation.role else "",
            "mentor_label": situation.program.mentor_label if situation.program else _("Advisor"),
            "mentee_label": situation.program.mentee_label if situation.program else _("Learner"),
            "partner": situation.partner,
            "pair": situation.pair,
            "pair_switcher": self._pair_switcher(situation),
        }

    def _pair_switcher(self, situation: Situation) -> str:
        """A chooser between the viewer's open pairs, when they have more than one (mentors)."""
        open_pairs = situation.open_pairs
        if len(open_pairs) < 2:
            return ""
        choices = [
            {"uuid": str(p.uuid), "partner": p.person(situation.role.other).username, "status": p.status}
            for p in open_pairs
        ]
        ctx = {
            "uid": html_id(self.scope_ids.usage_id),
            "choices": choices,
            "current": str(situation.pair.uuid),
        }
        # Our own template's output, autoescaped when rendered; it goes into the block's template as is.
        return mark_safe(self.render_template("pair_switcher.html", ctx))  # noqa: S308

    @json_handler
    def select_pair(self, data: Any, suffix: str = "") -> dict[str, Any]:
        """Choose which of the viewer's open pairs the block shows."""
        payload = object_payload(data)
        found = self._actor(ViewerState.ACTIVE, ViewerState.PENDING)
        wanted = payload.get("pair")
        mine = {str(p.uuid) for p in found.open_pairs}
        if not isinstance(wanted, str) or wanted not in mine:
            raise JsonHandlerError(404, {"message": _("That is not one of your open pairs."), "fields": {}})
        self.revmentor_selected_pair = wanted
        return {"pair": wanted}

    def state_message(self, situation: Situation) -> tuple[str, str]:
        """(heading, message) for the situations that show a message instead of the block's work."""
        return messages.state_message(situation)

    def fragment(self, html: str, situation: Situation, init: dict[str, Any] | None = None) -> Fragment:
        frag = Fragment(html)
        frag.add_css(loader.load_unicode("public/revmentor.css"))
        # The helpers the staff page shares (one global, RevMentor), inline like the block's own
        # JavaScript so the LMS, Studio and the workbench need no static URL; safe to run twice.
        frag.add_javascript(
            ResourceLoader("revmentor_plugin").load_unicode("static/revmentor/revmentor_common.js")
        )
        frag.add_javascript(loader.load_unicode("public/revmentor.js"))
        if self.js_class:
            frag.add_javascript(loader.load_unicode(f"public/{self.scope_ids.block_type}.js"))
            frag.initialize_js(
                self.js_class,
                {
                    "block_id": html_id(self.scope_ids.usage_id),
                    "state": situation.state,
                    "i18n": js_i18n.catalog(),
                    **(init or {}),
                },
            )
        return frag

    def main_context(self, situation: Situation) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def main_states(self) -> tuple[ViewerState, ...]:
        return (ViewerState.ACTIVE,)

    def state_extra(self, situation: Situation) -> str:
        """HTML a block adds below the message of a state it does not work in (our own
        template's output, already escaped); nothing by default."""
        return ""

    #: What course staff see: each block its own figures (``staff_figures.html``), so a unit of
    #: the four blocks shows the program's summary once, in the pairing block.
    staff_template = "staff_figures.html"

    def staff_context(self, situation: Situation) -> dict[str, Any]:  # pragma: no cover - overridden
        """``figures`` (``(key, label, value)`` rows) and ``staff_notes`` for course staff."""
        raise NotImplementedError

    @XBlock.supports("multi_device")
    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        situation = self._viewed_situation()
        ctx = self.common_context(situation)
        if situation.state == ViewerState.STAFF:
            ctx.update(self.staff_context(situation))
            html = self.render_template(self.staff_template, ctx)
            return self.fragment(html, situation)
        if situation.state in self.main_states():
            self.publish_completion_if_met(situation)
            ctx.update(self.main_context(situation))
            html = self.render_template(self.template, ctx)
            return self.fragment(html, situation)
        if situation.state == ViewerState.CLOSED:
            self.publish_completion_if_met(situation)
        ctx["heading"], ctx["message"] = self.state_message(situation)
        ctx["extra"] = self.state_extra(situation)
        return self.fragment(self.render_template("state.html", ctx), situation)

    def author_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """Studio preview: what the block does and its settings, never anyone's data."""
        ctx = self.common_context(Situation(ViewerState.OUTSIDE_COURSE))
        ctx.update(
            heading=_("Reverse mentoring: %(name)s") % {"name": self.shown(self.display_name)},
            message=self.author_description(),
            settings=self.author_settings(),
        )
        return self.fragment(self.render_template("state.html", ctx), Situation(ViewerState.OUTSIDE_COURSE))

    def author_description(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def author_settings(self) -> list[tuple[str, str]]:
        return [
            (_("Program"), self.program_id or _("the course's program")),
            (_("Publish a score"), _("yes") if self.publish_grade else _("no")),
        ]

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        """For the mobile apps (Course Blocks API): settings only, never per-user data."""
        return {
            "block_type": self.scope_ids.block_type,
            "display_name": self.display_name,
            "program_id": self.program_id or None,
            "publish_grade": self.publish_grade,
        }

    # -----------------------------------------------------------------------------------------
    # Studio

    def validate_field_data(self, validation, data) -> None:
        if not (data.display_name or "").strip():
            validation.add(ValidationMessage(ValidationMessage.ERROR, _("Give the block a display name.")))
        if data.program_id:
            try:
                uuid_module.UUID(str(data.program_id))
            except ValueError:
                validation.add(
                    ValidationMessage(
                        ValidationMessage.ERROR,
                        _("Program must be a program id (a uuid), or empty to use the course's program."),
                    )
                )

    def _author(self) -> Any:
        """The caller, if they may change this block's settings (``policy.authors_blocks``);
        anyone else, and anyone acting as someone else, is a 403."""
        user = self._django_user()
        if user is None:
            raise studio_error(403, _("Sign in to take part."))
        if policy.acted_for_by_someone_else(user) or not policy.authors_blocks(user, self._course_key()):
            raise studio_error(403, _("Only the course's staff change this block's settings."))
        return user

    @json_handler
    def submit_studio_edits(self, data: Any, suffix: str = "") -> dict[str, Any]:
        """Studio's Save: the mixin's handler, for the course's staff only (a learner reaches this
        handler's URL in the LMS as easily as any other), with malformed bodies answered 400."""
        self._author()
        if not isinstance(data, dict):
            raise studio_error(400, _("The request must be a JSON object."))
        if not isinstance(data.get("values"), dict) or not isinstance(data.get("defaults", []), list):
            raise studio_error(400, _("Send the settings as values and defaults."))
        data.setdefault("defaults", [])
        self._check_setting_types(data["values"])
        try:
            return StudioEditableXBlockMixin.submit_studio_edits.__wrapped__(self, data, suffix)
        except (TypeError, ValueError) as exc:
            raise studio_error(400, str(exc)) from None

    def _check_setting_types(self, values: dict[str, Any]) -> None:
        """The JSON types of the settings, by the rules of every other input (``services.inputs``):
        XBlock's own conversions would save ``int(1.5)``, ``"3"`` as 3 or ``"yes"`` as false."""
        errors: dict[str, list[str]] = {}
        for name in self.editable_fields:
            value = values.get(name)
            if value is None:  # absent, or reset (an empty number box): validate_field_data answers
                continue
            field = self.fields[name]
            try:
                if isinstance(field, Boolean):
                    services.clean_bool(name, value)
                elif isinstance(field, Integer):
                    services.clean_int(name, value, low=-(2**31), high=2**31 - 1)
                elif isinstance(field, String):
                    services.clean_text(name, value)
            except services.InvalidInput as exc:
                errors.update(exc.as_dict())
        if errors:
            raise studio_error(400, _("Some settings are of the wrong type."), errors)

    def clean_studio_edits(self, data: dict[str, Any]) -> None:
        for name in ("display_name", "program_id"):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()

    @staticmethod
    def today() -> dt.date:
        """Today as the domain counts days (``services.today``: the site's time zone)."""
        return services.today()

    @classmethod
    def workbench_scenarios(cls) -> list[tuple[str, str]]:
        tag = cls.__dict__.get("block_type_name", "")
        return [(f"revmentor: {tag}", f"<vertical_demo><{tag}/></vertical_demo>")] if tag else []
