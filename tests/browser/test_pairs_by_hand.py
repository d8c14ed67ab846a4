"""Course staff pair people by hand, end pairs and re-match, in Debian's headless Chromium (issue 12).

At a phone's width (390 px) and a desktop's (1280 px), staff preview a pair matching's rules
refuse (the reason shows, and there is nothing to confirm), preview an allowed pair (its score
and explanation) and confirm it, close one pair and complete another with a reason, and give the
mentee whose pair closed a new partner from the ranked proposals. axe-core finds no serious or
critical violation at either width; screenshots land under ``artifacts/browser/``.
"""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed():
    program = factories.program(name="Digital exchange")
    factories.active_pair(program, mentor=factories.enrolled("amara"), mentee=factories.enrolled("margaret"))
    factories.active_pair(program, mentor=factories.enrolled("kenji"), mentee=factories.enrolled("yuki"))
    for username, role, profile in (
        ("lucia", "mentor", {"skills_offered": ["python"], "interests": ["jazz"]}),
        ("james", "mentee", {"skills_sought": ["python"], "interests": ["jazz"]}),
        ("pierre", "mentor", {"languages": ["fr"]}),
        ("ines", "mentee", {}),
        ("sofia", "mentor", {"interests": ["chess"]}),
    ):
        factories.join(program, factories.enrolled(username), role, **profile)
    return program


def _status(program, mentor, mentee):
    return {
        (p.mentor.username, p.mentee.username): p.status for p in services.pairs_of_program(program.uuid)
    }.get((mentor, mentee))


@pytest.mark.parametrize("width", [390, 1280])
def test_pair_by_hand_close_complete_and_re_match(chromium, live_server, width):
    from playwright.sync_api import expect

    program = _seed()
    staff = factories.course_staff("nadia")
    context, page, errors = signed_in(chromium, live_server.url, staff, width=width)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/revmentor/courses/{factories.COURSE}/")
    status = page.locator("#rm-status")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # The people can be searched: the mentor and mentee fields suggest the active participants.
    expect(page.locator("#rm-hand-mentors option[value=lucia]")).to_have_count(1)
    expect(page.locator("#rm-hand-mentees option[value=james]")).to_have_count(1)

    # A pair the rules refuse: the score and the reason show, and there is nothing to confirm.
    preview = page.locator("#rm-hand-preview")
    page.get_by_label(program.mentor_label, exact=True).fill("pierre")
    page.get_by_label(program.mentee_label, exact=True).fill("ines")
    page.get_by_role("button", name="Preview this pair").click()
    expect(page.locator("#rm-hand-verdict")).to_have_text("Not allowed: These two share no language.")
    expect(page.get_by_role("button", name="Confirm this pair")).to_be_hidden()
    refused = services.pair_preview(program.uuid, mentor="pierre", mentee="ines")
    expect(preview.locator("dd").first).to_have_text(f"{refused.score:.2f}")

    # An allowed pair: the engine's score and explanation, then confirmed.
    expected = services.pair_preview(program.uuid, mentor="lucia", mentee="james")
    page.get_by_label(program.mentor_label, exact=True).fill("lucia")
    page.get_by_label(program.mentee_label, exact=True).fill("james")
    page.get_by_role("button", name="Preview this pair").click()
    expect(page.locator("#rm-hand-preview-title")).to_have_text("lucia and james")
    expect(preview.locator("dd").first).to_have_text(f"{expected.score:.2f}")
    for line in expected.explanation:
        expect(preview).to_contain_text(line)
    expect(preview).to_contain_text("Both enjoy jazz")
    expect(page.locator("#rm-hand-verdict")).to_have_text("Matching's rules allow this pair.")
    preview.screenshot(path=str(ARTIFACTS / f"pairs-by-hand-preview-{width}.png"))
    page.get_by_role("button", name="Confirm this pair").click()
    expect(status).to_contain_text("Paired lucia and james; both are asked to accept.")
    assert _status(program, "lucia", "james") == "proposed"
    expect(page.locator("#rm-pairs tbody")).to_contain_text("lucia")

    # Close a pair with a reason (a reason is required first).
    detail = page.locator("#rm-pair-detail")
    page.get_by_role("button", name="View pair amara and margaret").click()
    expect(detail).to_be_visible()
    page.get_by_role("button", name="Close pair").click()
    expect(status).to_contain_text("Give a reason for ending this pair.")
    assert _status(program, "amara", "margaret") == "active"
    page.get_by_label("Reason for ending this pair").fill("Moved teams")
    page.get_by_role("button", name="Close pair").click()
    expect(status).to_contain_text("Closed the pair of amara and margaret.")
    expect(detail).to_contain_text("Moved teams")
    assert _status(program, "amara", "margaret") == "closed"
    detail.screenshot(path=str(ARTIFACTS / f"pairs-by-hand-closed-{width}.png"))

    # Re-match the mentee whose pair closed: ranked partners, the closed one left out.
    page.get_by_role("button", name="Find a new partner for margaret").click()
    partners = page.locator("#rm-partners-list")
    expect(page.locator("#rm-partners-title")).to_have_text("New partners for margaret, best first")
    expect(partners).to_contain_text("sofia")
    expect(partners).not_to_contain_text("amara")
    expect(partners).not_to_contain_text("pierre")
    proposals = services.partner_proposals(program.uuid, mentee="margaret")
    assert [p.mentor for p in proposals] == ["sofia"]
    expect(partners).to_contain_text(f"score {proposals[0].score:.2f}")
    page.locator("#rm-partners").screenshot(path=str(ARTIFACTS / f"pairs-by-hand-partners-{width}.png"))
    page.get_by_role("button", name="Pair margaret with sofia").click()
    expect(status).to_contain_text("Paired sofia and margaret; both are asked to accept.")
    assert _status(program, "sofia", "margaret") == "proposed"

    # Complete another pair with a reason.
    page.get_by_role("button", name="View pair kenji and yuki").click()
    page.get_by_label("Reason for ending this pair").fill("Goals met")
    page.get_by_role("button", name="Complete pair").click()
    expect(status).to_contain_text("Completed the pair of kenji and yuki.")
    expect(detail).to_contain_text("Goals met")
    assert _status(program, "kenji", "yuki") == "completed"

    page.locator("section[aria-labelledby=rm-hand-title]").screenshot(
        path=str(ARTIFACTS / f"pairs-by-hand-section-{width}.png")
    )
    page.screenshot(path=str(ARTIFACTS / f"pairs-by-hand-{width}.png"), full_page=True)
    violations = axe_audit(page, f"pairs-by-hand-{width}")
    assert violations == [], violations
    assert dialogs == []
    assert errors == []
    context.close()
