"""The four blocks from 320 px up, for a learner and for course staff, in Debian's headless
Chromium on the sandbox unit page: no horizontal scroll at 320, 390 and 1280 px (the page's
``scrollWidth`` never exceeds the viewport), forms stacked on phones, and axe-core at 0
violations of any impact at 390 and 1280 px. A full-page screenshot of the unit (its four
blocks) for each viewer and width lands under ``artifacts/browser/``
(``responsive-<width>-<viewer>.png``): people read them, no document shows them.

Each viewer keeps one signed-in page, resized and loaded again at every width (a fresh load, so
the server renders and the blocks' JavaScript starts at that width).

The learner also turns reminder emails off in the pairing block and ties a goal to a unit,
through the blocks' JavaScript.
"""

from __future__ import annotations

import json

import pytest

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKS = ("revmentor_pairing", "revmentor_goals", "revmentor_session_log", "revmentor_reflection")
WIDTHS = (320, 390, 1280)
AUDITED = (390, 1280)


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


def seed():
    """A program with an active pair that has goals, a session and reflections, and a learner
    with a long, unbroken interest, goal title and reflection (the usual cause of overflow)."""
    program = factories.program()
    pair, mentor, mentee = factories.active_pair(
        program, mentor=factories.enrolled("mara_mentor"), mentee=factories.enrolled("max_mentee")
    )
    long_word = "Supercalifragilisticexpialidocious" * 3
    services.add_goal(pair.uuid, user=mentee, title=f"Build a dashboard {long_word}", progress=40)
    services.add_goal(pair.uuid, user=mentor, title="Lead a session", skill="python")
    services.log_session(
        pair.uuid, user=mentor, occurred_on=services.today().isoformat(), duration_minutes=60, led_by="mentor"
    )
    services.write_reflection(
        pair.uuid, user=mentee, body=f"It worked {long_word}", visibility="pair", prompt="What worked?"
    )
    return program, mentor, mentee


def login(browser, base: str, user, width: int):
    """Signed in as ``user``, on the unit that holds the four blocks."""
    context, page, errors = signed_in(browser, base, user, width=width)
    open_unit(page, base, width)
    return context, page, errors


def open_unit(page, base: str, width: int) -> None:
    """The unit that holds the four blocks, loaded afresh at ``width``."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/courses/{factories.COURSE}/unit/mentoring/")
    page.wait_for_load_state()


def overflow(page) -> dict:
    """The page's and each block's width against the viewport's."""
    return page.evaluate(
        """() => ({
            viewport: window.innerWidth,
            page: document.documentElement.scrollWidth,
            blocks: Array.from(document.querySelectorAll('.xblock .revmentor')).map(
                (el) => [el.closest('.xblock').dataset.blockType, el.scrollWidth, el.clientWidth]),
        })"""
    )


def all_violations(page, label: str) -> list[dict]:
    """Every axe violation, whatever its impact (the saved summary lists them all)."""
    axe_audit(page, label)
    return json.loads((ARTIFACTS / f"axe-{label}.json").read_text())["violations"]


def test_the_blocks_fit_from_320_px_for_learners_and_staff(chromium, live_server):
    from playwright.sync_api import expect

    _program, _mentor, mentee = seed()
    staff = factories.course_staff("sam_staff")
    joiner = factories.enrolled("jo_joiner")
    _proposed, _other_mentor, waiting = factories.proposed_pair(
        _program, mentor=factories.enrolled("olga_mentor"), mentee=factories.enrolled("pat_pending")
    )
    expected = {"learner": "active", "staff": "staff_summary", "joiner": "join", "pending": "pair_pending"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    audits: dict[str, list] = {}
    signed: dict[str, tuple] = {}  # viewer -> (context, page, errors), kept across the widths
    for width in WIDTHS:
        for viewer, user in (("learner", mentee), ("staff", staff), ("joiner", joiner), ("pending", waiting)):
            if viewer not in signed:
                signed[viewer] = signed_in(chromium, live_server.url, user, width=width)
            _context, page, errors = signed[viewer]
            open_unit(page, live_server.url, width)
            pairing = page.locator('.xblock[data-block-type="revmentor_pairing"] section.revmentor')
            assert pairing.get_attribute("data-state") == expected[viewer]
            sizes = overflow(page)
            assert sorted(b[0] for b in sizes["blocks"]) == sorted(BLOCKS), sizes  # the four, each once
            assert sizes["page"] <= sizes["viewport"], f"horizontal scroll at {width} px ({viewer}): {sizes}"
            for block_type, scroll, client in sizes["blocks"]:
                assert scroll <= client, f"{block_type} overflows at {width} px ({viewer}): {sizes}"
            if viewer == "learner" and width < 600:
                # forms stack: each field's control sits below its label, as wide as the form allows
                goals = page.locator('.xblock[data-block-type="revmentor_goals"]')
                label = goals.locator('form[data-rm-form="add_goal"] label').first.bounding_box()
                control = goals.locator('form[data-rm-form="add_goal"] input[name="title"]').bounding_box()
                assert control["y"] >= label["y"] + label["height"] - 1
            page.screenshot(path=str(ARTIFACTS / f"responsive-{width}-{viewer}.png"), full_page=True)
            if width in AUDITED:
                audits[f"{viewer}-{width}"] = all_violations(page, f"responsive-{viewer}-{width}")
            if viewer == "learner" and width == 390:
                pairing = page.locator('.xblock[data-block-type="revmentor_pairing"]')
                pairing.get_by_label("Email me reminders about this program").uncheck()
                pairing.get_by_role("button", name="Save reminder choice").click()
                expect(pairing.locator("[data-rm-live]")).to_have_text("Reminder emails are off.")
                goals = page.locator('.xblock[data-block-type="revmentor_goals"]')
                add = goals.locator('form[data-rm-form="add_goal"]')
                add.get_by_label("Goal", exact=True).fill("Practise on the week 2 unit")
                add.get_by_label("Course unit it is about (optional)").select_option(
                    label="Week 2: Practise on real work"
                )
                add.get_by_role("button", name="Add goal").click()
                expect(goals.get_by_role("link", name="Week 2: Practise on real work")).to_be_visible()
                audits["learner-390-after"] = all_violations(page, "responsive-learner-390-after")
            assert errors == [], f"JavaScript errors at {width} px ({viewer}): {errors}"
    for context, _page, _errors in signed.values():
        context.close()
    participant = services.participant_for_user(_program.uuid, mentee)
    assert participant.reminders_opt_out
    assert audits == {name: [] for name in audits}, f"axe violations: {audits}"
