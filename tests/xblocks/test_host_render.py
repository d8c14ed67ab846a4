"""The blocks render through ``XBlock.render(view, context)``, the one entry point the platform uses.

edx-platform's vertical renders every child of a unit with ``child.render(view, child_context)``
(``xmodule/vertical_block.py``); Studio renders editors with ``xblock.render("studio_view")`` and
previews with ``block.render("author_view", context)`` (``cms/djangoapps/contentstore/views/preview.py``).
A block that shadows ``render`` breaks all three (docs/host-contract.rst).
"""

from __future__ import annotations

import pytest
from sandbox_lms import courseware
from xblock.core import XBlock

from tests import factories
from tests.xblocks.conftest import TYPES

pytestmark = pytest.mark.host_contract


@pytest.mark.parametrize("block_type", TYPES)
def test_no_block_shadows_xblock_render(block_type):
    assert XBlock.load_class(block_type).render is XBlock.render


@pytest.mark.parametrize("block_type", TYPES)
@pytest.mark.parametrize(
    ("view", "marker"),
    [
        ("student_view", 'data-state="join"'),
        ("author_view", "Reverse mentoring: "),
        ("studio_view", 'name="display_name"'),
    ],
)
def test_each_view_renders_as_the_platform_calls_it(harness, program, block_type, view, marker):
    learner = factories.enrolled()
    block = harness.block(block_type, learner)
    (fragment,) = courseware.render_as_host(block.runtime, [block], view)
    html = fragment.content
    assert f"xblock-{view}" in html  # wrapped by the runtime, so XBlock.render ran the view
    if view == "student_view" and block_type != "revmentor_pairing":
        marker = 'data-state="not_joined"'  # the pair blocks send a newcomer to the pairing unit
    assert marker in html


def test_a_unit_renders_its_four_blocks_through_the_vertical(harness, program):
    learner = factories.enrolled()
    blocks = [harness.block(block_type, learner) for block_type in TYPES]
    fragments = courseware.render_as_host(blocks[0].runtime, blocks, "student_view", {"show_title": True})
    for block_type, fragment in zip(TYPES, fragments, strict=True):
        assert f'data-block-type="{block_type}"' in fragment.content
