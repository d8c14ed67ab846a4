"""Partners reach each other (issue 13, ADR 0014): once both accepted, each sees the other's
full name, address and a "Write to" link in the pairing block, at 390 px and 1280 px, with
nothing wider than the screen and axe-core at 0 violations; a pending pair sees neither."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_blocks_responsive import all_violations, login, overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


def test_partners_see_each_others_name_and_a_link_to_write(chromium, live_server):
    from playwright.sync_api import expect

    program = factories.program()
    mentor = factories.profile_name(factories.enrolled("amara_dev"), "Amara Okafor")
    # A long address, the usual cause of overflow on a phone.
    mentor.email = "amara.okafor.digital-fluency-programme@engineering.example-corporation.com"
    mentor.save()
    mentee = factories.profile_name(factories.enrolled("peter_plant"), "Peter Plant")
    factories.active_pair(program, mentor, mentee)
    waiting = factories.profile_name(factories.enrolled("pat_pending"), "Pat Pending")
    factories.proposed_pair(program, mentor=factories.enrolled("olga_mentor"), mentee=waiting)

    audits: dict[str, list] = {}
    for width in (390, 1280):
        for viewer, partner_name, address in (
            (mentee, "Amara Okafor", mentor.email),
            (mentor, "Peter Plant", mentee.email),
        ):
            context, page, errors = login(chromium, live_server.url, viewer, width)
            pairing = page.locator('.xblock[data-block-type="revmentor_pairing"]')
            expect(
                pairing.get_by_text(f"{partner_name} ({'amara_dev' if viewer is mentee else 'peter_plant'})")
            ).to_be_visible()
            link = pairing.get_by_role("link", name=f"Write to {partner_name}")
            expect(link).to_have_attribute("href", f"mailto:{address}")
            expect(pairing.locator(".rm-contact-email")).to_have_text(address)
            pairing.screenshot(path=str(ARTIFACTS / f"contact-{width}-{viewer.username}.png"))
            sizes = overflow(page)
            assert sizes["page"] <= sizes["viewport"], f"horizontal scroll at {width} px: {sizes}"
            audits[f"{viewer.username}-{width}"] = all_violations(page, f"contact-{viewer.username}-{width}")
            assert errors == []
            context.close()
        context, page, _errors = login(chromium, live_server.url, factories.get_user("olga_mentor"), width)
        pairing = page.locator('.xblock[data-block-type="revmentor_pairing"]')
        expect(pairing.get_by_text("you will see each other's name and email here")).to_be_visible()
        assert pairing.get_by_role("link", name="Write to Pat Pending").count() == 0
        assert "Pat Pending" not in pairing.inner_text()
        context.close()
    assert audits == {name: [] for name in audits}, f"axe violations: {audits}"
