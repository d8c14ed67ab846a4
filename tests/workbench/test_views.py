"""Every view of the four blocks answers 200 through the workbench's own URLs and runtime.

``/scenario/<scenario_id>/<view_name>/`` renders the scenario with ``WorkbenchRuntime`` (xblock-sdk),
a runtime nobody on this project wrote: the blocks must ask it only for what the XBlock API
promises. Covered: the scenarios the blocks declare (no program: the anonymous workbench student,
and a signed-in learner who sees the preview), and scenarios naming a program, where a learner with
the LMS-like user service (``tests/workbench/user_service.py``) sees the block's main work.
"""

from __future__ import annotations

import pytest

from tests.workbench.support import (
    BLOCK_TYPES,
    MAIN_WORK,
    SIGN_IN,
    VIEW_MARKERS,
    VIEWS,
    declared_scenario,
    page,
    rendered_block,
    scenario_url,
)

pytestmark = pytest.mark.usefixtures("workbench_state")


def test_the_blocks_declare_their_scenarios():
    from workbench.scenarios import get_scenarios

    declared = {name for name in get_scenarios() if name.split(".")[0] in BLOCK_TYPES}
    assert declared == {declared_scenario(block_type) for block_type in BLOCK_TYPES}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("block_type", BLOCK_TYPES)
def test_declared_scenario_views_answer_200_for_the_workbench_student(client, block_type, view):
    text = page(client.get(scenario_url(declared_scenario(block_type), view)))
    rendered_block(text, block_type)
    for marker in VIEW_MARKERS.get(view, (SIGN_IN,)):
        assert marker in text


@pytest.mark.parametrize("block_type", BLOCK_TYPES)
def test_a_signed_in_learner_outside_a_course_sees_the_preview(client, world, block_type):
    text = page(client.get(scenario_url(declared_scenario(block_type), student=world.joiner.username)))
    rendered_block(text, block_type)
    assert 'data-state="outside_course"' in text
    assert "This block works inside a course" in text
    assert SIGN_IN not in text


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("block_type", BLOCK_TYPES)
def test_program_scenario_views_answer_200_for_a_learner(client, world, program_scenarios, block_type, view):
    scenario = program_scenarios(block_type, world.program)
    text = page(client.get(scenario_url(scenario, view, student=world.main_user(block_type).username)))
    rendered_block(text, block_type)
    assert SIGN_IN not in text
    if view == "student_view":
        state = "join" if block_type == "revmentor_pairing" else "active"
        assert f'data-state="{state}"' in text
        assert MAIN_WORK[block_type] in text
    else:
        for marker in VIEW_MARKERS[view]:
            assert marker in text
        assert str(world.program.uuid) in text  # the Program setting, read from the scenario XML
