"""What the workbench tests share: the block table, scenarios with a program, handler URLs, people.

Scenario ids are the workbench's own: ``"<entry point name>.<i>"`` for the scenarios the blocks
declare (``workbench/scenarios.py``, ``init_scenarios``), so ``"revmentor_goals.0"`` is
``<vertical_demo><revmentor_goals/></vertical_demo>`` from ``workbench_scenarios()``. A workbench
usage id is a plain string with no course, so a learner scenario names its program in the XML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from revmentor_plugin.data import PairData, ProgramData
from tests import factories

BLOCK_TYPES = ("revmentor_pairing", "revmentor_goals", "revmentor_session_log", "revmentor_reflection")
VIEWS = ("student_view", "studio_view", "author_view")
SIGN_IN = "Sign in to take part"

#: What each view shows to anyone, whoever is looking (Studio's views never show anyone's data).
VIEW_MARKERS = {
    "studio_view": ("StudioEditableXBlockMixin", 'data-field-name="program_id"'),
    "author_view": ("Reverse mentoring: ",),
}
#: The heading of each block's main work, for the learner in ``World.main_user``.
MAIN_WORK = {
    "revmentor_pairing": "Join the program",
    "revmentor_goals": "Add a goal",
    "revmentor_session_log": "Log a session",
    "revmentor_reflection": "Submit reflection",
}


def page(response) -> str:
    assert response.status_code == 200, response.content[:2000]
    return html.unescape(response.content.decode())


def rendered_block(text: str, block_type: str) -> None:
    """The workbench wrapped this block and wired it to its JavaScript runtime, version 1."""
    assert f"data-block-type='{block_type}'" in text or f'data-block-type="{block_type}"' in text
    assert "data-runtime-version='1'" in text or 'data-runtime-version="1"' in text
    assert "Traceback" not in text


def declared_scenario(block_type: str) -> str:
    """The id of the scenario the block declares in ``workbench_scenarios()``."""
    return f"{block_type}.0"


def add_program_scenario(block_type: str, program: ProgramData) -> str:
    """Register ``<vertical_demo><TYPE program_id=.../></vertical_demo>``; return its id."""
    from workbench import scenarios

    name = f"{block_type}.program-{program.uuid}"
    xml = f'<vertical_demo><{block_type} program_id="{program.uuid}"/></vertical_demo>'
    scenarios.add_xml_scenario(name, f"{block_type} in program {program.uuid}", xml)
    return name


def block_usage_id(scenario_id: str) -> str:
    """The usage id of the revmentor block inside a scenario's ``vertical_demo``."""
    from workbench.runtime import WorkbenchRuntime
    from workbench.scenarios import get_scenarios

    vertical = WorkbenchRuntime().get_block(get_scenarios()[scenario_id].usage_id)
    (child,) = vertical.children
    return child


def scenario_url(scenario_id: str, view: str | None = None, student: str | None = None) -> str:
    """``/scenario/<id>/[<view>/]`` (the workbench's ``scenario`` and ``workbench_show_scenario``)."""
    if view is None:
        url = reverse("workbench_show_scenario", kwargs={"scenario_id": scenario_id})
    else:
        url = reverse("scenario", kwargs={"scenario_id": scenario_id, "view_name": view})
    return url if student is None else f"{url}?student={student}"


def handler_url(usage_id: str, handler: str, student: str | None = None, *, unauth: bool = False) -> str:
    """``/handler/<usage>/<handler>/?student=<id>``, as ``WorkbenchRuntime.handler_url`` builds it."""
    url = reverse("unauth_handler" if unauth else "handler", args=(usage_id, handler, ""))
    return url if student is None else f"{url}?student={student}"


@dataclass
class World:
    """One enrolling program and a learner in every situation the blocks' main work needs."""

    program: ProgramData
    joiner: Any  # enrolled, not joined: the pairing block's join form
    proposed: PairData
    proposed_mentor: Any
    proposed_mentee: Any  # sees the proposed pair: accept / decline
    active: PairData
    active_mentor: Any
    active_mentee: Any  # works in an active pair: goals, sessions, reflections
    operator: Any  # global staff: the only author of block settings outside a course

    @classmethod
    def build(cls) -> World:
        program = factories.program()
        joiner = factories.enrolled("joiner")
        proposed, proposed_mentor, proposed_mentee = factories.proposed_pair(
            program, mentor=factories.enrolled("pat_mentor"), mentee=factories.enrolled("pia_mentee")
        )
        active, active_mentor, active_mentee = factories.active_pair(
            program, mentor=factories.enrolled("amy_mentor"), mentee=factories.enrolled("abe_mentee")
        )
        return cls(
            program,
            joiner,
            proposed,
            proposed_mentor,
            proposed_mentee,
            active,
            active_mentor,
            active_mentee,
            factories.operator("olive_operator"),
        )

    def main_user(self, block_type: str):
        """The learner for whom the block shows its main work (the pairing block: the join form)."""
        return self.joiner if block_type == "revmentor_pairing" else self.active_mentee
