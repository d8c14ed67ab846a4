"""``revmentor_goals``: set and update the pair's goals, see the partner's.

Complete when the viewer's side of the pair has a goal.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from xblock.fields import Scope, String

from revmentor_plugin import services
from revmentor_plugin.data import GoalStatus
from revmentor_plugin.xblocks.base import (
    RevMentorBlock,
    Situation,
    creating_handler,
    domain_errors,
    iso,
    json_handler,
    object_payload,
)

FIELDS = ("owner", "title", "details", "skill", "usage_key", "target_date", "status", "progress")
GOAL_STATUSES = tuple((status.value, gettext_lazy(status.label)) for status in GoalStatus)


def goal_json(goal) -> dict[str, Any]:
    return {
        "id": goal.id,
        "owner": goal.owner.value,
        "title": goal.title,
        "details": goal.details,
        "skill": goal.skill,
        "usage_key": str(goal.usage_key) if goal.usage_key else None,
        "unit_url": services.unit_path(goal.usage_key.course_key, goal.usage_key) if goal.usage_key else None,
        "target_date": iso(goal.target_date),
        "status": goal.status,
        "progress": goal.progress,
    }


class GoalsBlock(RevMentorBlock):
    """The pair's goals, for either role: add, edit, update progress; the partner's are visible."""

    block_type_name = "revmentor_goals"

    display_name = String(
        display_name=gettext_noop("Display name"),
        help=gettext_noop("The heading learners see above this block."),
        scope=Scope.settings,
        default=gettext_noop("Goals"),
    )
    template = "goals.html"
    js_class = "RevMentorGoals"

    def completion_met(self, situation: Situation) -> bool:
        goals = situation.memo.get("goals")
        if goals is None:
            goals = services.goals_of_pair(situation.pair.uuid)
            situation.memo["goals"] = goals
        return any(goal.owner is situation.role for goal in goals)

    def main_context(self, situation: Situation) -> dict[str, Any]:
        goals = situation.memo.get("goals")
        if goals is None:
            goals = services.goals_of_pair(situation.pair.uuid)
        skill_names = {skill.slug: skill.name for skill in situation.program.skills}
        statuses = dict(GOAL_STATUSES)
        course_key = situation.program.course_key
        units = services.course_units(course_key)
        unit_names = {unit.usage_key: unit.display_name for unit in units}
        here = self._unit_key(units)
        rows = [
            {
                "goal": goal,
                "id_text": str(goal.id),
                "skill_name": skill_names.get(goal.skill, goal.skill or ""),
                "status_label": statuses.get(goal.status, goal.status),
                "unit": self._unit_link(course_key, goal.usage_key, unit_names),
            }
            for goal in goals
        ]
        partner = situation.partner.username
        return {
            "goal_groups": [
                {
                    "key": "mine",
                    "heading": _("Your goals (%(label)s)") % {"label": situation.label(situation.role)},
                    "rows": [row for row in rows if row["goal"].owner is situation.role],
                    "empty": _("No goals yet. Add your first one below."),
                },
                {
                    "key": "theirs",
                    "heading": _("%(name)s's goals (%(label)s)")
                    % {"name": partner, "label": situation.label(situation.role.other)},
                    "rows": [row for row in rows if row["goal"].owner is not situation.role],
                    "empty": _("No goals yet."),
                },
            ],
            "skills": situation.program.skills,
            "this_unit": next((unit for unit in units if unit.usage_key == here), None),
            "other_units": [unit for unit in units if unit.usage_key != here],
            "statuses": GOAL_STATUSES,
            "today": self.today().isoformat(),
        }

    def _unit_key(self, units) -> Any | None:
        """The usage key of the unit holding this block (its ``parent`` in the LMS), when it is
        one of the course's units."""
        parent = getattr(self, "parent", None)
        return parent if any(unit.usage_key == parent for unit in units) else None

    @staticmethod
    def _unit_link(course_key, usage_key, names) -> dict[str, str] | None:
        """What a goal's unit shows: its name and the LMS's link to it."""
        if usage_key is None:
            return None
        name = names.get(usage_key) or _("a unit of the course")
        return {"name": name, "url": services.unit_path(course_key, usage_key)}

    def staff_context(self, situation: Situation) -> dict[str, Any]:
        figures = services.goal_figures(situation.program.uuid)
        average = figures["average_progress"]
        rows = [(status, label, figures["by_status"].get(status, 0)) for status, label in GOAL_STATUSES]
        rows.append(("total", _("All goals"), figures["total"]))
        rows.append(
            (
                "average_progress",
                _("Average progress (goals not dropped)"),
                _("%(n)s%%") % {"n": average} if average is not None else _("none yet"),
            )
        )
        return {"figures_caption": _("Goals of every pair, by status"), "figures": rows, "staff_notes": ()}

    def author_description(self) -> str:
        return _(
            "Both sides of a pair set goals here (a skill to learn, leadership to practise), update "
            "their progress and see each other's. Complete when the learner's side has a goal."
        )

    @creating_handler
    def add_goal(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        fields = {key: payload[key] for key in FIELDS if key in payload and key != "title"}
        with domain_errors():
            goal = services.add_goal(found.pair.uuid, user=found.user, title=payload.get("title"), **fields)
        completed = self.publish_completion_if_met(found)
        return {"goal": goal_json(goal), "complete": completed}

    @json_handler
    def update_goal(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        changes = {key: payload[key] for key in FIELDS if key in payload}
        with domain_errors():
            goal = services.update_goal(found.pair.uuid, payload.get("id"), user=found.user, **changes)
        return {"goal": goal_json(goal)}
