"""The pair's goals: either side may add and update goals owned by either role."""

from __future__ import annotations

from typing import Any

from revmentor_plugin.data import GoalData, Role
from revmentor_plugin.models import Goal, GoalStatus, Pair
from revmentor_plugin.services import _common as c
from revmentor_plugin.services import events
from revmentor_plugin.services._locking import lock_rows, one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services.errors import InvalidInput, NotFound
from revmentor_plugin.services.programs import skills_by_slug

FIELDS = ("owner", "title", "details", "skill", "usage_key", "target_date", "status", "progress")


def _clean(pair: Pair, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise InvalidInput({name: "Unknown field." for name in unknown})
    checks = {
        "owner": lambda v: c.clean_choice("owner", v, [r.value for r in Role]),
        "title": lambda v: c.clean_text("title", v, required=True, max_length=200, single_line=True),
        "details": lambda v: c.clean_text("details", v),
        "skill": lambda v: skills_by_slug(pair.program, [v], field="skill")[0] if v else None,
        "usage_key": c.parse_usage_key,
        "target_date": lambda v: c.clean_date("target_date", v),
        "status": lambda v: c.clean_choice("status", v, GoalStatus.values),
        "progress": lambda v: c.clean_int("progress", v, low=0, high=100),
    }
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in changes.items():
        try:
            clean[name] = checks[name](value)
        except InvalidInput as exc:
            errors.update({key: msgs[0] for key, msgs in exc.errors.items()})
    if errors:
        raise InvalidInput(errors)
    if clean.get("progress") == 100 and "status" not in clean:
        clean["status"] = GoalStatus.ACHIEVED
    return clean


@one_transaction
def add_goal(pair_uuid: Any, *, user: Any, title: Any, **fields: Any) -> GoalData:
    """Add a goal to an active pair; it belongs to the caller's role unless ``owner`` says otherwise."""
    pair, participant = member_action(pair_uuid, user)
    clean = _clean(pair, {"title": title, **fields})
    clean.setdefault("owner", participant.role)
    goal = Goal.objects.create(pair=pair, created_by=participant, **clean)
    events.emit("goal.added", pair=pair, owner=goal.owner)
    return c.goal_data(goal, pair.uuid)


@one_transaction
def update_goal(pair_uuid: Any, goal_id: Any, *, user: Any, **changes: Any) -> GoalData:
    """Change some fields of one of the pair's goals."""
    pair, _participant = member_action(pair_uuid, user)
    goal = _goal(pair, goal_id, for_update=True)
    for name, value in _clean(pair, changes).items():
        setattr(goal, name, value)
    goal.save()
    return c.goal_data(goal, pair.uuid)


def _goal(pair: Pair, goal_id: Any, *, for_update: bool = False) -> Goal:
    """One of the pair's goals; ``for_update`` locks its row alone (a join would lock the
    skill's row too), after the pair's locks."""
    queryset = Goal.objects.filter(pair=pair).select_related("skill")
    try:
        goal = queryset.get(pk=int(goal_id))
    except (Goal.DoesNotExist, TypeError, ValueError):
        raise NotFound("No such goal in this pair.") from None
    if for_update:
        lock_rows(Goal, [goal.pk])
        goal = queryset.get(pk=goal.pk)
    return goal


def goals_of_pair(pair_uuid: Any) -> list[GoalData]:
    """The pair's goals, oldest first, in two queries."""
    pair = c.pair_row(pair_uuid)
    return [c.goal_data(goal, pair.uuid) for goal in Goal.objects.filter(pair=pair).select_related("skill")]


def get_goal(pair_uuid: Any, goal_id: Any) -> GoalData:
    pair = c.pair_row(pair_uuid)
    return c.goal_data(_goal(pair, goal_id), pair.uuid)
