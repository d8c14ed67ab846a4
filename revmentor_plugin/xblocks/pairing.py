"""``revmentor_pairing``: join the program, meet the proposed partner, accept the expectations.

Complete when the viewer has accepted the program's expectations for their pair.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils.translation import gettext as _
from xblock.fields import Scope, String

from revmentor_plugin import services
from revmentor_plugin.data import MAX_CAPACITY, Role, Situation, ViewerState
from revmentor_plugin.xblocks.base import (
    RevMentorBlock,
    creating_handler,
    domain_errors,
    object_payload,
)

#: Profile fields the join form sends; ``skills`` becomes skills offered (mentor) or sought (mentee).
PROFILE_KEYS = ("interests", "languages", "timezone", "capacity", "learning_preferences", "motivations")


class PairingBlock(RevMentorBlock):
    """Join as mentor or mentee with a profile; see the proposed partner and why; accept or decline."""

    block_type_name = "revmentor_pairing"

    display_name = String(
        display_name="Display name",
        help="The heading learners see above this block.",
        scope=Scope.settings,
        default="Your mentoring pair",
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
            "explanation": pair.explanation if pair else (),
        }
        if participant is not None:
            mine = (
                participant.skills_offered if participant.role is Role.MENTOR else participant.skills_sought
            )
            ctx["my_skills"] = [skill_names.get(slug, slug) for slug in mine]
        return ctx

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
            joined = services.join_program(found.program.uuid, user=found.user, role=role, profile=profile)
        return {"role": joined.role.value, "status": joined.status}

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

    @creating_handler
    def decline(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor(ViewerState.PENDING)
        with domain_errors():
            pair = services.decline_pair(found.pair.uuid, user=found.user, reason=payload.get("reason", ""))
        return {"status": pair.status}
