"""An LMS-like XBlock runtime for the sandbox: course units, the ``user`` service, handlers.

What the LMS gives a block, in miniature (ADR 0004 says why it is built on ``xblock.runtime.Runtime``
rather than the SDK's ``WorkbenchRuntime``):

* course-scoped usage keys (``block-v1:DemoX+RM101+2026+type@revmentor_goals+block@goals``), so
  ``block.context_key`` is the course key, as in the LMS;
* a ``user`` service whose ``opt_attrs`` carry edx-platform's keys (``edx-platform.user_id``,
  ``edx-platform.username``, ``edx-platform.user_role`` = staff, instructor or student, ...);
* an ``i18n`` service over Django's translations;
* handler URLs routed to a Django view (CSRF enforced by the middleware, as the LMS does for
  session users);
* ``completion`` events recorded in :class:`sandbox_lms.models.BlockCompletion` (edx-completion's
  table, in miniature) and shown on the unit page.

Settings fields come from the unit definitions below; user-state fields live in a process-wide
in-memory key-value store (the demo needs nothing more; tests pass their own).
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from opaque_keys.edx.keys import CourseKey, UsageKey
from opaque_keys.edx.locator import BlockUsageLocator
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import DictKeyValueStore, IdGenerator, IdReader, KvsFieldData, Runtime

from sandbox_lms.masquerade import is_masquerading_as_specific_student

STORE = DictKeyValueStore()
#: The latest events blocks published (completion, grade, ...), newest last, for the unit page.
PUBLISHED: deque = deque(maxlen=200)


@dataclass(frozen=True)
class BlockDef:
    block_type: str
    block_id: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unit:
    name: str
    title: str
    blocks: tuple[BlockDef, ...]


UNITS = {
    "mentoring": Unit(
        "mentoring",
        "Week 1: Your reverse-mentoring pair",
        (
            BlockDef("revmentor_pairing", "pairing", {"display_name": "Join and meet your partner"}),
            BlockDef("revmentor_goals", "goals", {"display_name": "Goals"}),
            BlockDef(
                "revmentor_session_log",
                "sessions",
                {"display_name": "Mentoring sessions", "sessions_required": 1},
            ),
            BlockDef(
                "revmentor_reflection",
                "reflection",
                {
                    "display_name": "Reflection",
                    "mentor_prompt": "What did leading a session teach you about explaining your skill to a senior colleague?",
                    "mentee_prompt": "What did you try this week that you could not do before?",
                },
            ),
        ),
    ),
    # A unit with no revmentor block: somewhere else in the course a goal can be about.
    "practice": Unit("practice", "Week 2: Practise on real work", ()),
}


def find_block(course_key: CourseKey, usage_key: UsageKey) -> BlockDef | None:
    """The definition of a block of the demo units, or None."""
    if usage_key.course_key != course_key:
        return None
    for unit in UNITS.values():
        for block in unit.blocks:
            if (block.block_type, block.block_id) == (usage_key.block_type, usage_key.block_id):
                return block
    return None


def unit_of(block: BlockDef) -> Unit | None:
    """The unit whose definition holds a block of this type and id, or None."""
    return next(
        (
            unit
            for unit in UNITS.values()
            if any((b.block_type, b.block_id) == (block.block_type, block.block_id) for b in unit.blocks)
        ),
        None,
    )


def unit_usage_key(course_key: CourseKey, unit: Unit) -> BlockUsageLocator:
    """A unit's usage key, as the LMS names verticals: ``block-v1:...+type@vertical+block@<name>``."""
    return BlockUsageLocator(course_key, "vertical", unit.name)


def find_unit(course_key: CourseKey, usage_key: UsageKey) -> Unit | None:
    """The unit a ``vertical`` usage key names in this course, or None."""
    if usage_key.course_key != course_key or usage_key.block_type != "vertical":
        return None
    return UNITS.get(usage_key.block_id)


def find_block_by_type(block_type: str) -> BlockDef:
    """The demo unit's block of this type."""
    return next(block for block in UNITS["mentoring"].blocks if block.block_type == block_type)


def usage_key_for(course_key: CourseKey, block: BlockDef) -> BlockUsageLocator:
    return BlockUsageLocator(course_key, block.block_type, block.block_id)


# ---------------------------------------------------------------------------------------------
# Services


def user_role(user: Any, course_key: CourseKey) -> str:
    """edx-platform's ``user_role``: instructor, staff or student."""
    if CourseInstructorRole(course_key).has_user(user):
        return "instructor"
    if user.is_staff or CourseStaffRole(course_key).has_user(user):
        return "staff"
    return "student"


class SandboxUserService(UserService):
    """The ``user`` service, with the opt_attrs edx-platform's DjangoXBlockUserService sets."""

    def __init__(self, django_user: Any, course_key: CourseKey, **kwargs: Any):
        super().__init__(**kwargs)
        self._user = self._convert(django_user, course_key)

    @staticmethod
    def _convert(django_user: Any, course_key: CourseKey) -> XBlockUser:
        if django_user is None or not django_user.is_authenticated:
            anonymous = XBlockUser(is_current_user=True)
            anonymous.opt_attrs = {"edx-platform.is_authenticated": False}
            return anonymous
        anonymous_id = hashlib.md5(
            f"{django_user.pk}:{course_key}".encode(), usedforsecurity=False
        ).hexdigest()
        xblock_user = XBlockUser(
            is_current_user=True, emails=[django_user.email], full_name=django_user.get_full_name()
        )
        xblock_user.opt_attrs.update(
            {
                "edx-platform.is_authenticated": True,
                "edx-platform.user_id": django_user.pk,
                "edx-platform.username": django_user.username,
                "edx-platform.anonymous_user_id": anonymous_id,
                "edx-platform.user_is_staff": django_user.is_staff,
                "edx-platform.user_is_global_staff": django_user.is_staff,
                "edx-platform.user_role": user_role(django_user, course_key),
                "edx-platform.user_preferences": {
                    "pref-lang": translation.get_language(),
                    "time_zone": "UTC",
                },
            }
        )
        return xblock_user

    def get_current_user(self) -> XBlockUser:
        return self._user


class SandboxI18nService:
    """The ``i18n`` service over Django's active translation (the LMS's XBlockI18nService does the same)."""

    def gettext(self, message: str) -> str:
        return translation.gettext(message)

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return translation.ngettext(singular, plural, number)

    ugettext = gettext
    ungettext = ngettext

    def strftime(self, value: Any, fmt: str) -> str:
        return value.strftime(fmt)

    def get_javascript_i18n_catalog_url(self, block: Any) -> None:
        return None


# ---------------------------------------------------------------------------------------------
# The runtime


class SandboxIdReader(IdReader):
    """Usage keys are course-scoped locators; a definition id is the usage key itself."""

    def get_definition_id(self, usage_id):
        return usage_id

    def get_block_type(self, def_id):
        return def_id.block_type

    def get_usage_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_definition_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_usage(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_definition(self, aside_id):
        raise NotImplementedError


class SandboxIdGenerator(IdGenerator):
    def create_usage(self, def_id):
        return def_id

    def create_definition(self, block_type, slug=None):
        raise NotImplementedError

    def create_aside(self, definition_id, usage_id, aside_type):
        raise NotImplementedError


class SandboxRuntime(Runtime):
    """One runtime per request and user, as the LMS builds one in ``prepare_runtime_for_user``."""

    def __init__(self, *, user: Any, course_key: CourseKey, kvs: Any = None, wrappers: tuple = ()):
        self.user = user if user is not None and user.is_authenticated else None
        self.course_key = course_key
        self.events: list[tuple[str, str, dict]] = []
        #: As ``prepare_runtime_for_user``'s ``block_wrappers``: each gets (block, view, frag, context).
        self.wrappers = wrappers
        super().__init__(
            id_reader=SandboxIdReader(),
            id_generator=SandboxIdGenerator(),
            services={
                "user": SandboxUserService(self.user, course_key),
                "i18n": SandboxI18nService(),
                "field-data": KvsFieldData(kvs if kvs is not None else STORE),
            },
        )

    def load_block(self, block: BlockDef, unit: Unit | None = None) -> XBlock:
        """The block for this runtime's user; its ``parent`` is the unit holding it (``unit``, or
        the demo unit that defines it), as the LMS's blocks know their vertical."""
        usage_key = usage_key_for(self.course_key, block)
        cls = XBlock.load_class(block.block_type)
        user_id = self.user.pk if self.user else "anonymous"
        instance = self.construct_xblock_from_class(
            cls, ScopeIds(user_id, block.block_type, usage_key, usage_key)
        )
        unit = unit or unit_of(block)
        if unit is not None:
            instance.parent = unit_usage_key(self.course_key, unit)
        for name, value in block.fields.items():
            if not instance.fields[name].is_set_on(instance):
                setattr(instance, name, value)
        return instance

    # What every runtime must provide

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        url = reverse(
            "sandbox-xblock-handler",
            kwargs={
                "course_id": str(self.course_key),
                "usage_id": str(block.scope_ids.usage_id),
                "handler": handler_name,
            },
        )
        url += suffix or ""
        return f"{url}?{query}" if query else url

    def resource_url(self, resource):
        return f"/static/{resource}"

    def local_resource_url(self, block, uri):
        return f"/static/xblock/{block.scope_ids.block_type}/{uri}"

    def publish(self, block, event_type, event_data):
        from sandbox_lms.models import BlockCompletion

        usage_key = block.scope_ids.usage_id
        self.events.append((str(usage_key), event_type, dict(event_data)))
        PUBLISHED.append(
            {
                "user": getattr(self.user, "username", None),
                "block": str(usage_key),
                "event": event_type,
                "data": dict(event_data),
            }
        )
        if is_masquerading_as_specific_student(self.user, self.course_key):
            return  # EventPublishingService: no completion or grade is saved while staff view as a learner
        if event_type == "completion" and self.user is not None:
            BlockCompletion.objects.update_or_create(
                user=self.user,
                context_key=self.course_key,
                block_key=usage_key,
                defaults={
                    "block_type": block.scope_ids.block_type,
                    "completion": float(event_data["completion"]),
                },
            )

    def applicable_aside_types(self, block):
        """No asides, as the LMS answers while ``XBlockAsidesConfig`` (a configuration model that
        starts disabled) is off: ``LmsModuleSystem.applicable_aside_types`` in
        ``lms/djangoapps/lms_xblock/runtime.py``. XBlock's default instead reads every installed
        ``xblock_asides.v1`` entry point on each render."""
        return []

    def wrap_xblock(self, block, view, frag, context):
        """Wrap as the LMS does: a div naming the block, its init function and its JSON args."""
        wrapped = Fragment()
        wrapped.add_fragment_resources(frag)
        init_args = json.dumps(frag.json_init_args or {}).replace("</", "<\\/")
        attrs = {
            "class": f"xblock xblock-{view}",
            "data-usage-id": str(block.scope_ids.usage_id),
            "data-block-type": block.scope_ids.block_type,
            "data-runtime-version": "1",
        }
        if frag.js_init_fn:
            attrs["data-init"] = frag.js_init_fn
        attr_html = format_html_join(" ", '{}="{}"', attrs.items())
        wrapped.content = (
            f"<div {attr_html}>{frag.content}"
            f'<script type="application/json" class="xblock-json-init-args">{init_args}</script></div>'
        )
        for wrapper in self.wrappers:
            wrapped = wrapper(block, view, wrapped, context)
        return wrapped


STUDIO_VIEWS = ("studio_view",)


def render_as_host(runtime: SandboxRuntime, blocks: list[XBlock], view: str, context: dict | None = None):
    """Render blocks through ``XBlock.render``, exactly as the platform's callers do.

    * LMS units: edx-platform ``xmodule/vertical_block.py``, ``VerticalBlock._student_or_public_view``
      copies the parent context, adds ``bookmarked`` (a 1-tuple there) and ``username`` in
      ``student_view``, sets ``child_of_vertical`` and calls ``child.render(view, child_context)``
      for each child.
    * Studio editors: ``cms/djangoapps/contentstore/views`` render ``xblock.render(view_name)``
      with no context; Studio previews (``preview.py``, ``get_preview_fragment``) call
      ``block.render(author_view, context)``.

    Never ``runtime.render(block, view)`` directly: that path skips ``XBlock.render``, which a
    block could shadow without any test noticing (it happened; see docs/host-contract.rst).
    """
    if view in STUDIO_VIEWS:
        return [block.render(view) for block in blocks]
    child_context = dict(context or {})
    if view == "student_view":
        current = runtime.service(blocks[0], "user").get_current_user() if blocks else None
        child_context.setdefault("bookmarked", (False,))
        child_context.setdefault(
            "username", current.opt_attrs.get("edx-platform.username") if current is not None else None
        )
    child_context["child_of_vertical"] = True
    return [block.render(view, dict(child_context)) for block in blocks]


def resources_html(fragments: list[Fragment]) -> tuple[str, str]:
    """(head, foot) HTML of every fragment's resources, each distinct resource once."""
    seen: set = set()
    merged = Fragment()
    for frag in fragments:
        for resource in frag.resources:
            if resource in seen:
                continue
            seen.add(resource)
            if resource.kind == "text":
                merged.add_resource(resource.data, resource.mimetype, resource.placement)
            else:
                merged.add_resource_url(resource.data, resource.mimetype, resource.placement)
    return merged.head_html(), merged.foot_html()
