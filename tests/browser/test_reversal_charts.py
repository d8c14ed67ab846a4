"""The staff page's role reversal and trust charts (issue 16) in headless Chromium, at 1280 px and
390 px: drawn, readable without sideways scrolling, and nothing for axe to report. Screenshots of
each chart with its table land under ``artifacts/browser/`` (``staff-reversal-<chart>-<width>.png``)."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URL = f"/revmentor/courses/{factories.COURSE}/"


def _seed():
    """Six pairs that met and answered pulse checks two and three weeks ago: the older week has
    both sides above the minimum group size and diverging trust, the newer only two answers."""
    program = factories.program(name="Digital exchange")
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    older, newer = monday - dt.timedelta(days=21), monday - dt.timedelta(days=14)
    pairs = factories.reversal_week(program, older)
    with freeze_time(newer):
        for pair, _mentor, mentee in pairs[:2]:
            factories.pulse(pair, mentee, 4, learner_comfort=4)
    return program


def test_role_reversal_and_trust_charts_read_at_1280_and_390(chromium, live_server):
    _seed()
    context, page, errors = signed_in(chromium, live_server.url, factories.course_staff(), width=1280)
    page.goto(live_server.url + URL)
    led = page.locator("#rm-chart-led")
    trust = page.locator("#rm-chart-trust")
    assert led.is_visible()
    assert trust.is_visible()
    assert "Sessions led by the Advisor, by week" in led.locator("title").first.text_content()
    assert trust.locator("text.label", has_text="*").count() == 1  # the diverging week
    assert trust.locator("rect.s-mentor:has(title)").count() == 1  # the newer week is suppressed: no bar
    figures = {name: page.locator(f"figure:has(#rm-chart-{name})") for name in ("led", "trust")}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, figure in figures.items():
            figure.locator("summary").click()  # the table open, as someone reading it would
            figure.screenshot(path=str(ARTIFACTS / f"staff-reversal-{name}-{width}.png"))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page is {scroll} px wide at {width} px"
        violations = axe_audit(page, f"staff-reversal-{width}")
        assert violations == [], violations
        for figure in figures.values():
            figure.locator("summary").click()
    assert errors == []
    context.close()
