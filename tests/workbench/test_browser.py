"""A learner's main action in each block, end to end, in headless Chromium on the workbench.

The page is the workbench's own (``/scenario/<id>/?student=<username>``): its ``block.html``, its
jQuery and its JavaScript runtime ``workbench/static/workbench/js/runtime/1.js``, whose
``handlerUrl`` builds ``/handler/<usage>/<handler>/?student=<id>&``. The blocks' JavaScript posts
JSON there with the CSRF cookie the scenario view sets, then reloads; each test checks the request
went to that URL, what the learner reads after the reload, and the database through
``revmentor_plugin.services``. A screenshot of each page lands in ``artifacts/workbench/``.

Skips with a reason when Playwright or Chromium is missing (fails under
``REVMENTOR_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from revmentor_plugin import services
from revmentor_plugin.data import Role
from revmentor_plugin.xblocks.reflection import DEFAULT_MENTEE_PROMPT
from tests.workbench.support import World, block_usage_id, scenario_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "workbench"


class WorkbenchPage:
    """One learner's browser context on one workbench scenario, recording what went wrong."""

    def __init__(self, chromium, base_url: str, scenario_id: str, username: str):
        self.context = chromium.new_context(viewport={"width": 1100, "height": 1000})
        # The workbench serves no favicon; Chromium's own request for one is not the page's.
        self.context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        self.page = self.context.new_page()
        self.username = username
        self.usage_id = block_usage_id(scenario_id)
        self.url = f"{base_url}{scenario_url(scenario_id, student=username)}"
        self.problems: list[str] = []
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("console", self._console)
        self.page.on(
            "response",
            lambda response: (
                response.status >= 400 and self.problems.append(f"{response.status} {response.url}")
            ),
        )
        self.page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url}"))
        self.page.on("dialog", lambda dialog: self.problems.append(f"dialog: {dialog.message}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text} ({message.location.get('url')})")

    def open(self):
        self.page.goto(self.url)
        # The workbench's runtime and jQuery loaded and initialised the block (DOM ready runs
        # before the load event that goto waits for).
        assert self.page.evaluate("typeof RuntimeProvider.getRuntime") == "function"
        assert self.page.evaluate("typeof jQuery.fn.jquery") == "string"
        assert self.page.evaluate("typeof window.RevMentor.Block") == "function"
        # The scenario view's ensure_csrf_cookie; the blocks send it back as X-CSRFToken.
        assert "csrftoken" in {cookie["name"] for cookie in self.context.cookies()}
        return self

    @property
    def block(self):
        return self.page.locator(f'.xblock-v1[data-usage="{self.usage_id}"]')

    @property
    def live(self):
        return self.block.locator("[data-rm-live]")

    def submit(self, button_name: str, handler: str) -> None:
        """Click the button; the POST must go to the workbench runtime's handler URL and succeed."""
        with self.page.expect_response(lambda r: "/handler/" in r.url and r.request.method == "POST") as info:
            self.block.get_by_role("button", name=button_name).click()
        response = info.value
        expected = rf"/handler/{re.escape(self.usage_id)}/{handler}/\?student={self.username}&$"
        assert re.search(expected, response.url), response.url
        assert response.request.header_value("x-csrftoken")
        assert response.status == 200, response.text()

    def expect_state(self, state: str) -> None:
        from playwright.sync_api import expect

        expect(self.block.locator("section.revmentor")).to_have_attribute("data-state", state)

    def expect_flash(self, message: str) -> None:
        from playwright.sync_api import expect

        expect(self.live).to_have_text(message)

    def finish(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        self.context.close()
        assert self.problems == []


@pytest.fixture
def workbench_state(transactional_db):
    """The SDK's scenarios loaded afresh for each test: the live server's test flushes the
    database after it, so nothing built for the whole module would survive (tests/workbench/
    conftest.py)."""
    from workbench.runtime_util import reset_global_state

    reset_global_state()


@pytest.fixture
def world(workbench_state):
    return World.build()


@pytest.fixture
def open_page(chromium, live_server, program_scenarios, world):
    pages: list[WorkbenchPage] = []
    scenarios: dict[str, str] = {}

    def open_(block_type: str, user) -> WorkbenchPage:
        if block_type not in scenarios:
            scenarios[block_type] = program_scenarios(block_type, world.program)
        pages.append(WorkbenchPage(chromium, live_server.url, scenarios[block_type], user.username).open())
        return pages[-1]

    yield open_
    for page in pages:
        page.context.close()


def test_pairing_join_as_mentor(open_page, world):
    from playwright.sync_api import expect

    wb = open_page("revmentor_pairing", world.joiner)
    wb.expect_state("join")
    wb.block.get_by_label("Advisor (mentor)").check()
    wb.block.get_by_label("Python", exact=True).check()
    wb.block.get_by_label("Interests (comma-separated)").fill("chess, cycling")
    wb.block.get_by_label("How many mentees you can take (mentors)").fill("2")
    for item in ("Leading a working relationship with a senior colleague", "Senior colleagues know my work"):
        wb.block.get_by_role("group", name=item, exact=True).get_by_label("4", exact=True).check()
    wb.submit("Join the program", "join")

    wb.expect_flash("You joined the program.")
    wb.expect_state("no_partner")
    expect(wb.block.get_by_role("heading", name="Partner not yet assigned")).to_be_visible()
    expect(wb.block).to_contain_text("You have joined as Advisor.")
    expect(wb.block).to_contain_text("Your skills: Python")

    participant = services.participant_for_user(world.program.uuid, world.joiner)
    python = next(skill.slug for skill in world.program.skills if skill.name == "Python")
    assert participant.role is Role.MENTOR
    assert participant.status == "active"
    assert list(participant.skills_offered) == [python]
    assert participant.capacity == 2
    assert list(participant.interests) == ["chess", "cycling"]
    wb.finish("revmentor_pairing-joined")


def test_pairing_both_accept_the_expectations(open_page, world):
    from playwright.sync_api import expect

    mentee = open_page("revmentor_pairing", world.proposed_mentee)
    mentee.expect_state("pair_pending")
    expect(mentee.block).to_contain_text("pat_mentor is your Advisor; you are their Learner.")
    mentee.submit("I accept the expectations", "accept")
    mentee.expect_flash("You accepted the expectations.")
    expect(mentee.block).to_contain_text("You have accepted these expectations.")
    expect(mentee.block).to_contain_text("Waiting for pat_mentor to accept.")
    pair = services.get_pair(world.proposed.uuid)
    assert (pair.status, set(pair.accepted_by)) == ("proposed", {Role.MENTEE})
    mentee.finish("revmentor_pairing-accepted-by-mentee")

    mentor = open_page("revmentor_pairing", world.proposed_mentor)
    mentor.submit("I accept the expectations", "accept")
    mentor.expect_flash("You accepted the expectations.")
    mentor.expect_state("active")
    expect(mentor.block.get_by_role("heading", name="Your partner", exact=True)).to_be_visible()
    expect(mentor.block).to_contain_text("You have accepted these expectations.")
    expect(mentor.block).not_to_contain_text("Waiting for")
    pair = services.get_pair(world.proposed.uuid)
    assert (pair.status, set(pair.accepted_by)) == ("active", {Role.MENTOR, Role.MENTEE})
    mentor.finish("revmentor_pairing-active")


def test_goals_add_a_goal(open_page, world):
    from playwright.sync_api import expect

    wb = open_page("revmentor_goals", world.active_mentee)
    wb.expect_state("active")
    expect(wb.block).to_contain_text("No goals yet. Add your first one below.")
    wb.block.get_by_label("Goal", exact=True).fill("Build a dashboard in Looker")
    wb.block.get_by_label("Details (optional)").fill("For the quarterly review.")
    wb.block.get_by_label("Skill (optional)").select_option(label="Data visualisation")
    wb.submit("Add goal", "add_goal")

    wb.expect_flash("Goal added.")
    mine = wb.block.get_by_role("list", name="Your goals (Learner)")
    expect(mine.get_by_role("heading", name="Build a dashboard in Looker")).to_be_visible()
    expect(mine).to_contain_text("For the quarterly review.")
    expect(mine).to_contain_text("Skill: Data visualisation")
    expect(wb.block).not_to_contain_text("No goals yet. Add your first one below.")

    (goal,) = services.goals_of_pair(world.active.uuid)
    assert (goal.title, goal.details, goal.owner, goal.status) == (
        "Build a dashboard in Looker",
        "For the quarterly review.",
        Role.MENTEE,
        "open",
    )
    wb.finish("revmentor_goals-added")


def test_session_log_log_a_session(open_page, world):
    from playwright.sync_api import expect

    wb = open_page("revmentor_session_log", world.active_mentee)
    wb.expect_state("active")
    expect(wb.block).to_contain_text("No sessions logged yet.")
    wb.block.get_by_label("Length (minutes)").fill("50")
    wb.block.get_by_label("How you met").select_option(label="Phone")
    wb.block.get_by_label("Who led it").select_option(label="Advisor")
    wb.block.get_by_label("Python", exact=True).check()
    wb.block.get_by_label("Notes (only you and your partner see them)").fill("Walked through pandas.")
    wb.submit("Log session", "log_session")

    wb.expect_flash("Session logged.")
    sessions = wb.block.get_by_role("list", name="Your sessions with amy_mentor")
    expect(sessions.get_by_role("heading", name=re.compile(r": 50 minutes, Phone$"))).to_be_visible()
    expect(sessions).to_contain_text("Walked through pandas.")
    expect(sessions).to_contain_text("Waiting for your partner to confirm.")
    expect(wb.block).to_contain_text("1 session logged; 1 needed to complete this unit.")

    (session,) = services.sessions_of_pair(world.active.uuid)
    assert (session.duration_minutes, session.mode, session.led_by, session.logged_by) == (
        50,
        "phone",
        Role.MENTOR,
        Role.MENTEE,
    )
    assert not session.confirmed
    wb.finish("revmentor_session_log-logged")


def test_reflection_submit_a_reflection(open_page, world):
    from playwright.sync_api import expect

    wb = open_page("revmentor_reflection", world.active_mentee)
    wb.expect_state("active")
    expect(wb.block).to_contain_text("No reflections yet.")
    wb.block.get_by_role("textbox", name=DEFAULT_MENTEE_PROMPT).fill("I made my first chart without help.")
    wb.block.get_by_label("My partner and me").check()
    wb.submit("Submit reflection", "submit")

    wb.expect_flash("Reflection submitted.")
    readable = wb.block.get_by_role("list", name="Reflections you can read")
    expect(readable).to_contain_text("I made my first chart without help.")
    expect(readable).to_contain_text("(visible to: My partner and me)")

    user = world.active_mentee
    assert services.reflection_count(world.active.uuid, user=user) == 1
    (reflection,) = services.reflections_of_pair(world.active.uuid, viewer_id=user.pk, others_visible=())
    assert (reflection.body, reflection.visibility) == ("I made my first chart without help.", "pair")
    wb.finish("revmentor_reflection-submitted")
