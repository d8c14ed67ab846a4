"""Double clicks and retries in Debian's headless Chromium: one user action, one row (ADR 0010).

The blocks and the staff page disable a button while its request is in flight and send one
``Idempotency-Key`` per user action, reused when the same action is sent again. Requests are held
or their answers dropped with Playwright's routing, so the in-flight state and a lost answer are
reached deterministically, without timing.
"""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


class Held:
    """Holds the matching requests until released: the in-flight state, for as long as needed."""

    def __init__(self, page, pattern: str):
        self.page, self.pattern, self.routes = page, pattern, []
        page.route(pattern, self._hold)

    def _hold(self, route):
        if route.request.method == "POST":
            self.routes.append(route)
        else:
            route.continue_()

    def release(self):
        for route in self.routes:
            route.continue_()
        self.page.unroute(self.pattern)


def test_double_clicking_add_goal_makes_one_goal_and_the_button_waits(chromium, live_server):
    from playwright.sync_api import expect

    program = factories.program()
    pair, _mentor, mentee = factories.active_pair(program)
    context, page, errors = signed_in(chromium, live_server.url, mentee)
    page.goto(f"{live_server.url}/courses/{factories.COURSE}/unit/mentoring/")
    goals = page.locator('.xblock[data-block-type="revmentor_goals"]')
    form = goals.locator("form[data-rm-form=add_goal]")
    form.get_by_label("Goal", exact=True).fill("Only once")
    button = goals.get_by_role("button", name="Add goal")

    held = Held(page, "**/handler/add_goal/**")
    button.dblclick()
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-disabled", "true")
    expect(button).to_have_attribute("aria-busy", "true")
    form.evaluate("form => form.requestSubmit()")  # Enter pressed again while in flight
    held.release()

    expect(goals.locator("[data-rm-live]")).to_have_text("Goal added.")
    expect(goals.locator("h4.rm-goal-title")).to_have_text(["Only once"])
    assert [goal.title for goal in services.goals_of_pair(pair.uuid)] == ["Only once"]
    assert len(held.routes) == 1
    assert errors == []
    context.close()


def test_retrying_after_a_lost_answer_does_not_add_the_goal_twice(chromium, live_server):
    from playwright.sync_api import expect

    program = factories.program()
    pair, _mentor, mentee = factories.active_pair(program)
    context, page, errors = signed_in(chromium, live_server.url, mentee)
    page.goto(f"{live_server.url}/courses/{factories.COURSE}/unit/mentoring/")
    goals = page.locator('.xblock[data-block-type="revmentor_goals"]')
    goals.locator("form[data-rm-form=add_goal]").get_by_label("Goal", exact=True).fill("Despite the network")
    button = goals.get_by_role("button", name="Add goal")
    keys = []

    def lose_the_answer(route):
        keys.append(route.request.headers.get("idempotency-key"))
        route.fetch()  # the server adds the goal...
        route.abort("connectionreset")  # ...and the answer never reaches the browser

    page.route("**/handler/add_goal/**", lose_the_answer)
    button.click()
    expect(goals.locator("[data-rm-live]")).to_contain_text("The server could not be reached")
    assert len(services.goals_of_pair(pair.uuid)) == 1
    expect(button).to_be_enabled()

    page.unroute("**/handler/add_goal/**")
    page.on("request", lambda request: keys.append(request.headers.get("idempotency-key")))
    button.click()  # the learner tries again: the same action, the same key
    expect(goals.locator("[data-rm-live]")).to_have_text("Goal added.")
    assert [goal.title for goal in services.goals_of_pair(pair.uuid)] == ["Despite the network"]
    retried = [key for key in keys if key]
    assert len(retried) >= 2
    assert len(set(retried)) == 1
    assert errors == []
    context.close()


def test_double_clicking_preview_matching_starts_one_run(chromium, live_server):
    from playwright.sync_api import expect

    program = factories.program()
    factories.join(program, factories.enrolled("lucia"), "mentor", skills_offered=["python"])
    factories.join(program, factories.enrolled("james"), "mentee", skills_sought=["python"])
    context, page, errors = signed_in(chromium, live_server.url, factories.course_staff("nadia"))
    page.goto(f"{live_server.url}/revmentor/courses/{factories.COURSE}/")
    button = page.get_by_role("button", name="Preview matching")

    held = Held(page, "**/matching-runs/")
    button.dblclick()
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-disabled", "true")
    held.release()

    expect(page.locator("#rm-proposals tbody")).to_contain_text("lucia")
    expect(button).to_be_enabled()
    assert len(held.routes) == 1
    assert len(services.matching_runs_of_program(program.uuid)) == 1
    assert errors == []
    context.close()
