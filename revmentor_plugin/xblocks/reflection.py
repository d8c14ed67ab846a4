"""``revmentor_reflection``: answer the role's prompt, choose who reads it, optionally a pulse.

Complete when the viewer has submitted a reflection in their pair.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from xblock.exceptions import JsonHandlerError
from xblock.fields import Scope, String
from xblock.validation import ValidationMessage

from revmentor_plugin import policy, services
from revmentor_plugin.data import (
    LEARNER_COMFORT,
    PROMPT_LENGTH,
    PULSE_RATING,
    PulseDimension,
    Role,
    Visibility,
)
from revmentor_plugin.xblocks.base import (
    RevMentorBlock,
    Situation,
    creating_handler,
    domain_errors,
    object_payload,
)

#: What the pulse check asks about each dimension, in the participant's words.
PULSE_STATEMENTS = {
    PulseDimension.TRUST: gettext_lazy("I trust my partner"),
    PulseDimension.COMFORT: gettext_lazy("I feel comfortable being open in our sessions"),
    PulseDimension.CAREER_SUPPORT: gettext_lazy("The pairing helps my career"),
    PulseDimension.PSYCHOSOCIAL_SUPPORT: gettext_lazy("I feel supported and encouraged"),
    PulseDimension.ROLE_MODELING: gettext_lazy("My partner is a role model for me"),
}
PULSE = tuple((dimension.value, PULSE_STATEMENTS[dimension]) for dimension in PulseDimension)
VISIBILITIES = tuple((visibility.value, gettext_lazy(visibility.label)) for visibility in Visibility)
MAX_PROMPT = PROMPT_LENGTH
DEFAULT_MENTOR_PROMPT = gettext_noop(
    "What did leading this week's session teach you about explaining your skill to a senior colleague?"
)
DEFAULT_MENTEE_PROMPT = gettext_noop(
    "What did you try this week that you could not do before, and what made it easier to learn?"
)


class ReflectionBlock(RevMentorBlock):
    """A role-specific prompt, a visibility choice and an optional pulse check."""

    block_type_name = "revmentor_reflection"
    template = "reflection.html"
    js_class = "RevMentorReflection"

    display_name = String(
        display_name=gettext_noop("Display name"),
        help=gettext_noop("The heading learners see above this block."),
        scope=Scope.settings,
        default=gettext_noop("Reflection"),
    )
    mentor_prompt = String(
        display_name=gettext_noop("Prompt for mentors"),
        help=gettext_noop("The question mentors (advisors) answer here."),
        scope=Scope.settings,
        default=DEFAULT_MENTOR_PROMPT,
        multiline_editor=True,
    )
    mentee_prompt = String(
        display_name=gettext_noop("Prompt for mentees"),
        help=gettext_noop("The question mentees (learners) answer here."),
        scope=Scope.settings,
        default=DEFAULT_MENTEE_PROMPT,
        multiline_editor=True,
    )
    editable_fields = (*RevMentorBlock.editable_fields, "mentor_prompt", "mentee_prompt")

    def prompt_for(self, role: Role | None) -> str:
        return self.shown(self.mentor_prompt if role is Role.MENTOR else self.mentee_prompt)

    def completion_met(self, situation: Situation) -> bool:
        return services.reflection_count(situation.pair.uuid, user=situation.user) > 0

    def main_context(self, situation: Situation) -> dict[str, Any]:
        visible = policy.visible_reflection_visibilities(situation.user, situation.pair) or ()
        reflections = services.reflections_of_pair(
            situation.pair.uuid, viewer_id=situation.user.pk, others_visible=visible
        )
        labels = dict(VISIBILITIES)
        return {
            "prompt": self.prompt_for(situation.role),
            "visibilities": VISIBILITIES,
            "default_visibility": Visibility.PRIVATE.value,
            "pulse": PULSE,
            # the optional item on comfort in the learner role: mentees (the senior side) only
            "learner_comfort": (
                (
                    LEARNER_COMFORT,
                    _("I am comfortable learning from my %(mentor)s, a more junior colleague (optional)")
                    % {"mentor": situation.label(Role.MENTOR)},
                )
                if situation.role == Role.MENTEE
                else None
            ),
            # the fields a pulse error may name: the whole pulse, or one of its ratings
            "pulse_error_for": " ".join(("pulse", *PulseDimension.values(), LEARNER_COMFORT)),
            "scale": range(PULSE_RATING.low, PULSE_RATING.high + 1),
            "rows": [
                {
                    "reflection": r,
                    "mine": r.author_user_id == situation.user.pk,
                    "visibility_label": labels.get(r.visibility, r.visibility),
                }
                for r in reflections
            ],
        }

    def staff_context(self, situation: Situation) -> dict[str, Any]:
        """What staff may know: the reflections shared with them, and the pulse as the program
        report publishes it (closed months, k or more respondents, a lower bound), never words."""
        figures = services.reflection_figures(situation.program.uuid, today=self.today())
        rows = [
            ("shared_with_staff", _("Reflections shared with course staff"), figures["shared_with_staff"])
        ]
        for role in Role:
            pulse = figures["pulse"][role.value]
            if pulse["suppressed"]:
                value = _("not published yet")
            else:
                value = _("%(month)s: at least %(n)d people answered") % {
                    "month": pulse["period"],
                    "n": pulse["respondents_at_least"],
                }
            label = _("Pulse checks by %(label)s (%(role)s)") % {
                "label": situation.label(role),
                "role": _("mentors") if role is Role.MENTOR else _("mentees"),
            }
            rows.append((f"pulse_{role.value}", label, value))
        note = ngettext(
            "A month's pulse figures are published once it has ended and at least %(k)d person of "
            "the role answered in it; read them in the mentoring page's report. Private and pair "
            "reflections are never shown to course staff.",
            "A month's pulse figures are published once it has ended and at least %(k)d people of "
            "the role answered in it; read them in the mentoring page's report. Private and pair "
            "reflections are never shown to course staff.",
            figures["min_group_size"],
        ) % {"k": figures["min_group_size"]}
        return {
            "figures_caption": _("Reflections and pulse checks"),
            "figures": rows,
            "staff_notes": (note,),
        }

    def author_description(self) -> str:
        return _(
            "Each participant answers the prompt for their role, chooses who may read the answer "
            "(only them, their pair, or also course staff) and may answer a short pulse check. "
            "Complete once the learner has submitted a reflection."
        )

    def author_settings(self) -> list[tuple[str, str]]:
        return [
            *super().author_settings(),
            (_("Prompt for mentors"), self.shown(self.mentor_prompt)),
            (_("Prompt for mentees"), self.shown(self.mentee_prompt)),
        ]

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            **super().student_view_data(context),
            "mentor_prompt": self.mentor_prompt,
            "mentee_prompt": self.mentee_prompt,
        }

    def validate_field_data(self, validation, data) -> None:
        super().validate_field_data(validation, data)
        for name, label in (("mentor_prompt", _("mentors")), ("mentee_prompt", _("mentees"))):
            value = (getattr(data, name) or "").strip()
            if not value:
                validation.add(
                    ValidationMessage(
                        ValidationMessage.ERROR, _("Write a prompt for %(who)s.") % {"who": label}
                    )
                )
            elif len(value) > MAX_PROMPT:
                validation.add(
                    ValidationMessage(
                        ValidationMessage.ERROR,
                        ngettext(
                            "The prompt for %(who)s has at most %(max)d character.",
                            "The prompt for %(who)s has at most %(max)d characters.",
                            MAX_PROMPT,
                        )
                        % {"who": label, "max": MAX_PROMPT},
                    )
                )

    @creating_handler
    def submit(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        pulse = payload.get("pulse") or None
        if pulse is not None and not isinstance(pulse, dict):
            message = _("The pulse must be an object of ratings.")
            raise JsonHandlerError(400, {"message": message, "fields": {"pulse": [message]}})

        with domain_errors():  # the reflection and its pulse, or neither (one service call)
            reflection = services.write_reflection(
                found.pair.uuid,
                user=found.user,
                body=payload.get("body"),
                visibility=payload.get("visibility", Visibility.PRIVATE.value),
                prompt=self.prompt_for(found.role),
                pulse=pulse,
            )
        completed = self.publish_completion_if_met(found)
        return {
            "id": reflection.id,
            "visibility": reflection.visibility,
            "pulse": pulse is not None,
            "complete": completed,
        }
