"""``revmentor_pairing``: join the program, meet the proposed partner, accept the expectations.

Complete when the viewer has accepted the program's expectations for their pair.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from opaque_keys.edx.keys import UsageKey
from xblock.exceptions import JsonHandlerError
from xblock.fields import Scope, String

from revmentor_plugin import policy, services
from revmentor_plugin.data import (
    DEFAULT_LEADERSHIP_LABELS,
    MAX_CAPACITY,
    PairData,
    ProgramData,
    Role,
    Situation,
    ViewerState,
)
from revmentor_plugin.xblocks.base import (
    RevMentorBlock,
    creating_handler,
    domain_errors,
    html_id,
    json_handler,
    object_payload,
)

#: The confidence scale's ends, worded (1 and 5; the middle values are numbers).
CONFIDENCE_SCALE = (gettext_noop("1: not at all confident"), gettext_noop("5: fully confident"))

#: Profile fields the join form sends; ``skills`` becomes skills offered (mentor) or sought (mentee).
PROFILE_KEYS = ("interests", "languages", "timezone", "capacity", "learning_preferences", "motivations")


def shown_item_label(label: str) -> str:
    """A leadership item's label as the viewer reads it: the defaults a program starts with are
    our words, so translated; labels course staff wrote are course content, shown as written."""
    return _(label) if label in DEFAULT_LEADERSHIP_LABELS else label


def expectations_change(
    program: ProgramData, pair: PairData | None, role: Role | None
) -> dict[str, Any] | None:
    """What changed in the expectations since the viewer's pair began, while the viewer has not
    accepted the new text: when, the previous text, and the changes word by word. None otherwise
    (no change since the pair began, or already accepted)."""
    changed_at = program.expectations_changed_at
    if pair is None or role is None or changed_at is None or role in pair.accepted_by:
        return None
    if pair.created >= changed_at:
        return None
    return {
        "when": changed_at,
        "previous": program.previous_expectations,
        "changes": services.expectations_changes(program.previous_expectations, program.expectations),
    }


class PairingBlock(RevMentorBlock):
    """Join as mentor or mentee with a profile; see the proposed partner and why; accept or decline."""

    block_type_name = "revmentor_pairing"

    display_name = String(
        display_name=gettext_noop("Display name"),
        help=gettext_noop("The heading learners see above this block."),
        scope=Scope.settings,
        default=gettext_noop("Your mentoring pair"),
    )
    template = "pairing.html"
    js_class = "RevMentorPairing"
    needs_active_pair = False

    def main_states(self) -> tuple[ViewerState, ...]:
        return (ViewerState.JOIN, ViewerState.NO_PARTNER, ViewerState.PENDING, ViewerState.ACTIVE)

    #: The program's course-wide summary and the staff page's link: once per unit, here.
    staff_template = "staff_summary.html"

    def staff_context(self, situation: Situation) -> dict[str, Any]:
        return {"summary": services.program_summary(situation.program.uuid)}

    def completion_met(self, situation: Situation) -> bool:
        return situation.pair is not None and situation.role in situation.pair.accepted_by

    def main_context(self, situation: Situation) -> dict[str, Any]:
        program = situation.program
        skill_names = {skill.slug: skill.name for skill in program.skills}
        participant = situation.participant
        pair = situation.pair
        ctx: dict[str, Any] = {
            "skills": program.skills,
            "default_timezone": (self._user_attrs().get("edx-platform.user_preferences") or {}).get(
                "time_zone"
            )
            or "UTC",
            "default_capacity": program.default_capacity,
            "max_capacity": MAX_CAPACITY,
            "expectations": program.expectations,
            "i_accepted": bool(pair and situation.role in pair.accepted_by),
            "partner_accepted": bool(pair and situation.role.other in pair.accepted_by),
            "explanation": services.explanation_for(pair, situation.role) if pair else (),
            "expectations_change": expectations_change(program, pair, situation.role),
            # Once both have accepted: the partner's name and a way to write to them (ADR 0014).
            "partner_contact": services.partner_contact(pair, user=situation.user) if pair else None,
        }
        ctx["leadership_items"] = [
            {"key": item["key"], "label": shown_item_label(item["label"])}
            for item in program.leadership_items
        ]
        ctx["scale"] = [_(end) for end in CONFIDENCE_SCALE]
        if participant is not None:
            self._note_unit(situation)
            ctx["reminders_switch"] = self._reminders_switch(situation)
            ctx["confidence"] = self._confidence(situation)
            mine = (
                participant.skills_offered if participant.role is Role.MENTOR else participant.skills_sought
            )
            ctx["my_skills"] = [skill_names.get(slug, slug) for slug in mine]
        return ctx

    def _note_unit(self, situation: Situation) -> None:
        """Tell the program which unit holds this block (its ``parent`` in the LMS), so reminder
        emails link there; nothing is written when it is already known."""
        parent = getattr(self, "parent", None)
        program = situation.program
        if isinstance(parent, UsageKey) and parent != program.pairing_unit:
            services.note_pairing_unit(program.uuid, parent)

    def state_extra(self, situation: Situation) -> str:
        """After a pair ended (completed, or the program closed): the confidence ratings."""
        if situation.state == ViewerState.CLOSED and situation.participant is not None:
            return self._confidence(situation)
        return ""

    def _confidence(self, situation: Situation) -> str:
        """The participant's own before/after, and the form to rate again once (issue 16)."""
        confidence = services.my_confidence(situation.program.uuid, user=situation.user)
        if not any(item.start is not None for item in confidence.items):
            return ""
        items = [dataclasses.replace(item, label=shown_item_label(item.label)) for item in confidence.items]
        ctx = {
            "uid": html_id(self.scope_ids.usage_id),
            "confidence": dataclasses.replace(confidence, items=tuple(items)),
            "scale": [_(end) for end in CONFIDENCE_SCALE],
        }
        # Our own template's output, autoescaped when rendered; it goes into the block's template as is.
        return mark_safe(self.render_template("confidence.html", ctx))  # noqa: S308

    def _reminders_switch(self, situation: Situation) -> str:
        """The participant's reminder switch (the ``set_reminders`` form)."""
        ctx = {
            "uid": html_id(self.scope_ids.usage_id),
            "reminders_on": not situation.participant.reminders_opt_out,
        }
        # Our own template's output, autoescaped when rendered; it goes into the block's template as is.
        return mark_safe(self.render_template("reminders_switch.html", ctx))  # noqa: S308

    def author_description(self) -> str:
        return _(
            "Learners join the course's mentoring program here as a mentor or a mentee with a short "
            "profile, then see the partner proposed to them with the reasons, and accept or decline "
            "the program's expectations. Complete when the learner has accepted."
        )

    # -----------------------------------------------------------------------------------------
    # Handlers: a few lines each; rules live in services and policy.

    @creating_handler
    def join(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor(ViewerState.JOIN)
        role = payload.get("role")
        profile = {key: payload[key] for key in PROFILE_KEYS if key in payload}
        if "skills" in payload:
            profile["skills_offered" if role == Role.MENTOR else "skills_sought"] = payload["skills"]
        if role != Role.MENTOR:
            profile.pop("capacity", None)
        with domain_errors():
            joined = services.join_program(
                found.program.uuid,
                user=found.user,
                role=role,
                profile=profile,
                ratings=payload.get("ratings"),
                # The block asks every rating on joining (issue 16); REST v1 keeps them optional.
                ratings_required=True,
            )
        return {"role": joined.role.value, "status": joined.status}

    @creating_handler
    def rate_confidence(self, data: Any, suffix: str = "") -> dict[str, Any]:
        """The participant's end ratings (``{"ratings": {key: 1-5}}``), once their pair completed."""
        payload = object_payload(data)
        found = self._actor(
            ViewerState.CLOSED, ViewerState.NO_PARTNER, ViewerState.PENDING, ViewerState.ACTIVE
        )
        with domain_errors():
            confidence = services.rate_end(
                found.program.uuid, user=found.user, ratings=payload.get("ratings")
            )
        return {"items": [{"key": i.key, "start": i.start, "end": i.end} for i in confidence.items]}

    @creating_handler
    def accept(self, data: Any, suffix: str = "") -> dict[str, Any]:
        object_payload(data)
        found = self._actor(ViewerState.PENDING, ViewerState.ACTIVE)
        with domain_errors():
            pair = services.accept_agreement(found.pair.uuid, user=found.user)
        completed = self.publish_completion_if_met(dataclasses.replace(found, pair=pair))
        return {
            "status": pair.status,
            "accepted_by": [role.value for role in pair.accepted_by],
            "complete": completed,
        }

    @json_handler
    def set_reminders(self, data: Any, suffix: str = "") -> dict[str, Any]:
        """Turn the participant's reminder emails on (``{"reminders": true}``) or off."""
        payload = object_payload(data)
        found = self._actor(ViewerState.NO_PARTNER, ViewerState.PENDING, ViewerState.ACTIVE)
        if found.participant is None or not policy.allows(
            found.user, policy.Action.CHANGE_PRIVATE_PROFILE, found.participant
        ):
            raise JsonHandlerError(403, {"message": _("You cannot change this setting."), "fields": {}})
        with domain_errors():
            wanted = services.clean_bool("reminders", payload.get("reminders"))
            participant = services.update_participant(
                found.program.uuid, found.participant.username, reminders_opt_out=not wanted
            )
        return {"reminders": not participant.reminders_opt_out}

    @creating_handler
    def decline(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor(ViewerState.PENDING)
        with domain_errors():
            pair = services.decline_pair(found.pair.uuid, user=found.user, reason=payload.get("reason", ""))
        return {"status": pair.status}
