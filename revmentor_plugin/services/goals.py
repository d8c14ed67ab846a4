"""The pair's goals: either side may add and update goals owned by either role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from revmentor_plugin.data import GoalData, GoalStatus
from revmentor_plugin.models import Goal, Pair
from revmentor_plugin.services import _convert as convert
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services._locking import lock_rows, one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services.errors import NotFound
from revmentor_plugin.services.health import refresh_health
from revmentor_plugin.services.programs import skills_by_slug
from revmentor_plugin.services.units import course_unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _clean(pair: Pair, changes: dict[str, inputs.Raw], *, partial: bool) -> dict[str, Any]:
    """``inputs.GOAL``'s checks, then the skill must be in the program's catalog and the unit
    one of the course's."""
    clean = inputs.GOAL.clean(changes, partial=partial)
    if clean.get("usage_key") is not None:
        clean["usage_key"] = course_unit(pair.program.course_key, clean["usage_key"])
    if clean.get("skill"):
        clean["skill"] = skills_by_slug(pair.program, [clean["skill"]], field="skill")[0]
    elif "skill" in clean:
        clean["skill"] = None
    if clean.get("progress") == 100 and "status" not in clean:
        clean["status"] = GoalStatus.ACHIEVED
    return clean


@one_transaction
def add_goal(pair_uuid: UUID | str, *, user: User, title: inputs.Raw, **fields: inputs.Raw) -> GoalData:
    """Add a goal to an active pair; it belongs to the caller's role unless ``owner`` says otherwise."""
    pair, participant = member_action(pair_uuid, user)
    clean = _clean(pair, {"title": title, **fields}, partial=False)
    clean.setdefault("owner", participant.role)
    goal = Goal.objects.create(pair=pair, created_by=participant, **clean)
    events.emit("goal.added", pair=pair, goal_id=goal.pk, owner=goal.owner)
    if goal.status == GoalStatus.ACHIEVED:
        events.emit("goal.achieved", pair=pair, goal_id=goal.pk, owner=goal.owner)
    refresh_health([pair.pk])
    return convert.goal_data(goal, pair.uuid)


@one_transaction
def update_goal(pair_uuid: UUID | str, goal_id: inputs.Raw, *, user: User, **changes: inputs.Raw) -> GoalData:
    """Change some fields of one of the pair's goals."""
    pair, _participant = member_action(pair_uuid, user)
    goal = _goal(pair, goal_id, for_update=True)
    was_achieved = goal.status == GoalStatus.ACHIEVED
    for name, value in _clean(pair, changes, partial=True).items():
        setattr(goal, name, value)
    goal.save()
    if goal.status == GoalStatus.ACHIEVED and not was_achieved:
        events.emit("goal.achieved", pair=pair, goal_id=goal.pk, owner=goal.owner)
    refresh_health([pair.pk])  # a goal's progress or status (dropped) counts in health
    return convert.goal_data(goal, pair.uuid)


def _goal(pair: Pair, goal_id: inputs.Raw, *, for_update: bool = False) -> Goal:
    """One of the pair's goals; ``for_update`` locks its row alone (a join would lock the
    skill's row too), after the pair's locks."""
    queryset = Goal.objects.filter(pair=pair).select_related("skill")
    try:
        goal = queryset.get(pk=inputs.object_id(goal_id, "goal in this pair"))
    except Goal.DoesNotExist:
        raise NotFound("No such goal in this pair.") from None
    if for_update:
        lock_rows(Goal, [goal.pk])
        goal = queryset.get(pk=goal.pk)
    return goal


def goals_of_pair(pair_uuid: UUID | str) -> list[GoalData]:
    """The pair's goals, oldest first, in two queries."""
    pair = load.pair_row(pair_uuid)
    return [
        convert.goal_data(goal, pair.uuid) for goal in Goal.objects.filter(pair=pair).select_related("skill")
    ]


def get_goal(pair_uuid: UUID | str, goal_id: inputs.Raw) -> GoalData:
    pair = load.pair_row(pair_uuid)
    return convert.goal_data(_goal(pair, goal_id), pair.uuid)
