"""docs/permissions.rst tells the truth: each cell of its table is what ``policy.allows`` answers.

The table is read from the RST as a reader sees it (role columns, "yes"/"no" cells), and each
cell is asked of the policy with the real test world (``factories.world``): a course, an
enrolling and a draft program, an active pair with reflections of each visibility and a pulse
check, and a user for each role.
"""

from __future__ import annotations

import re
from pathlib import Path

from revmentor_plugin import policy, services
from revmentor_plugin.policy import Action
from tests import factories

DOC = Path(__file__).resolve().parents[1] / "docs" / "permissions.rst"

#: The table's columns -> the user of ``factories.every_role`` (or made here) who plays the role.
ROLE_USERS = {
    "learner": "bystander",
    "Advisor": "mentor",
    "Learner": "mentee",
    "course staff": "course_staff",
    "instructor": "instructor",
    "org staff": "org_staff",
    "global staff": "operator",
    "operator": "superuser",
}
#: What the "On" column may say -> the object of the world it names.
TARGETS = {
    "an enrolling or active program": "program",
    "a draft program": "draft_program",
    "a program": "program",
    "the Advisor's profile": "mentor_profile",
    "the pair": "pair",
    "the Advisor's private reflection": "private_reflection",
    "the Advisor's reflection shared with the pair": "pair_reflection",
    "the Advisor's reflection shared with staff": "staff_reflection",
    "the Learner's pulse check": "mentee_pulse",
}


def list_table_rows(text: str) -> list[list[str]]:
    """The rows of the first ``list-table`` in ``text``, each a list of its cells' text (a
    cell's continuation lines joined with spaces)."""
    body = text[text.index(".. list-table::") :]
    rows: list[list[str]] = []
    for line in body.splitlines()[1:]:
        if line and not line.startswith(" "):
            break  # the table ends at the first unindented line
        if m := re.match(r"^   \* - (.*)$", line):
            rows.append([m.group(1).strip()])
        elif m := re.match(r"^     - (.*)$", line):
            rows[-1].append(m.group(1).strip())
        elif rows and re.match(r"^       \S", line):
            rows[-1][-1] += " " + line.strip()
    return rows


def documented_cells() -> list[tuple[Action, str, str, bool]]:
    """(action, target, role, allowed) for every cell of the table."""
    header, *rows = list_table_rows(DOC.read_text())
    roles = header[2:]
    assert set(roles) == set(ROLE_USERS), roles
    cells = []
    for row in rows:
        assert len(row) == len(header), row
        (action_name,) = re.findall(r"``(\w+)``", row[0])
        assert row[1] in TARGETS, f"unknown target in the table: {row[1]!r}"
        for role, cell in zip(roles, row[2:], strict=True):
            assert cell in ("yes", "no"), (row[0], role, cell)
            cells.append((Action(action_name), TARGETS[row[1]], role, cell == "yes"))
    return cells


CELLS = documented_cells()


def test_the_table_covers_every_action_and_role():
    assert {action for action, *_ in CELLS} == set(Action)
    assert {role for _a, _t, role, _y in CELLS} == set(ROLE_USERS)


def test_each_cell_is_what_the_policy_answers(db):
    world = factories.world()
    users = {**world.users, "superuser": factories.make_user("superuser", is_superuser=True, is_staff=True)}
    pair = services.get_pair(world.pair.uuid)
    targets = {
        "program": world.program,
        "draft_program": world.draft,
        "mentor_profile": services.get_participant(world.program.uuid, "mentor"),
        "pair": pair,
        "private_reflection": world.reflections["private"],
        "pair_reflection": world.reflections["pair"],
        "staff_reflection": world.reflections["staff"],
        "mentee_pulse": world.pulse,
    }
    wrong = [
        f"{role} on {target}: the table says {'yes' if allowed else 'no'} to {action.value}"
        for action, target, role, allowed in CELLS
        if policy.allows(
            users[ROLE_USERS[role]],
            action,
            targets[target],
            pair=pair if action is Action.VIEW_REFLECTION else None,
        )
        is not allowed
    ]
    assert wrong == []
