"""What each viewer sees in each block, in every state of docs/DESIGN.md §7 and issue 4 item 3."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from xblock.fields import ScopeIds
from xblock.test.toy_runtime import ToyRuntime

from revmentor_plugin import services
from revmentor_plugin.xblocks.goals import GoalsBlock
from tests import factories
from tests.xblocks.conftest import TYPES, Harness

PAIR_BLOCKS = ("revmentor_goals", "revmentor_session_log", "revmentor_reflection")


def state_of(html: str) -> str:
    return re.search(r'<section class="revmentor[^"]*" id="[^"]+" data-state="([a-z_]+)"', html).group(1)


class Controls(HTMLParser):
    """Collects ids, labels and form controls, to check labelling and id uniqueness."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)


def assert_accessible_markup(html: str) -> None:
    parsed = Controls()
    parsed.feed(html)
    duplicates = {i for i in parsed.ids if parsed.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for control in parsed.controls:
        assert control.get("id") in parsed.label_for or control.get("aria-label"), f"unlabelled: {control}"
    assert 'aria-live="polite"' in html


@pytest.mark.parametrize("block_type", TYPES)
def test_anonymous_viewer_is_asked_to_sign_in(harness, program, block_type):
    html = harness.render(block_type, None)
    assert state_of(html) == "anonymous"
    assert "Sign in to take part" in html
    assert "<form" not in html


@pytest.mark.parametrize("block_type", TYPES)
def test_outside_a_course_the_block_previews_instead_of_failing(db, block_type):
    """The SDK's ToyRuntime has no user service and plain-string usage ids (like the workbench)."""
    from xblock.core import XBlock

    cls = XBlock.load_class(block_type)
    block = cls(ToyRuntime(), scope_ids=ScopeIds("student", block_type, "def", "usage"))
    html = block.student_view().content
    assert state_of(html) == "anonymous"


@pytest.mark.parametrize("block_type", TYPES)
def test_no_program_tells_staff_how_to_create_one_and_learners_it_is_not_open(harness, db, block_type):
    staff_html = harness.render(block_type, factories.course_staff())
    assert state_of(staff_html) == "no_program"
    assert "Create the course" in staff_html
    assert "/api/revmentor/v1/programs/" in staff_html
    learner_html = harness.render(block_type, factories.enrolled())
    assert state_of(learner_html) == "no_program"
    assert "not open yet" in learner_html
    assert "Create the course" not in learner_html


@pytest.mark.parametrize("block_type", TYPES)
def test_draft_program_is_not_open_yet_for_learners(harness, db, block_type):
    factories.program(status="draft")
    html = harness.render(block_type, factories.enrolled())
    assert state_of(html) == "not_open"
    assert "not open yet" in html


@pytest.mark.parametrize("block_type", TYPES)
def test_not_enrolled(harness, program, block_type):
    html = harness.render(block_type, factories.make_user())
    assert state_of(html) == "not_enrolled"
    assert "Enroll in this course" in html


def test_enrolled_non_participant_gets_the_join_form_in_pairing(harness, program):
    html = harness.render("revmentor_pairing", factories.enrolled())
    assert state_of(html) == "join"
    assert "Advisor (mentor)" in html
    assert "Learner (mentee)" in html
    for skill in program.skills:
        assert skill.name in html
    assert program.organizational_outcome in html
    assert_accessible_markup(html)


@pytest.mark.parametrize("block_type", PAIR_BLOCKS)
def test_enrolled_non_participant_is_sent_to_the_pairing_unit(harness, program, block_type):
    html = harness.render(block_type, factories.enrolled())
    assert state_of(html) == "not_joined"
    assert "Join it as a mentor or a mentee in the pairing unit" in html


@pytest.mark.parametrize("block_type", TYPES)
def test_participant_without_partner(harness, program, block_type):
    user = factories.enrolled()
    factories.join(program, user, "mentee")
    html = harness.render(block_type, user)
    assert state_of(html) == "no_partner"
    assert "Partner not yet assigned" in html


def test_pending_pair_shows_partner_reasons_expectations_and_accept(harness, program):
    _pair, mentor, mentee = factories.proposed_pair(program)
    html = harness.render("revmentor_pairing", mentee)
    assert state_of(html) == "pair_pending"
    assert mentor.username in html
    assert "Your proposed partner" in html
    assert "Meet every two weeks" in html  # the program's expectations
    assert 'data-rm-action="accept"' in html
    assert 'data-rm-action="decline"' in html
    assert_accessible_markup(html)


def test_changed_expectations_show_what_changed_until_accepted(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    new_text = "Meet every <b>week</b>. The advisor drives the sessions."
    services.update_program(program.uuid, expectations=new_text)
    _later, _other, newcomer = factories.proposed_pair(program)  # paired after: nothing to compare
    assert "The expectations changed on" not in harness.render("revmentor_pairing", newcomer)
    html = harness.render("revmentor_pairing", mentee)
    assert "The expectations changed on" in html
    assert '<del><span class="rm-sr">Removed: </span>two weeks.</del>' in html
    assert '<ins><span class="rm-sr">Added: </span>&lt;b&gt;week&lt;/b&gt;.</ins>' in html  # text, not markup
    assert "Meet every two weeks. The advisor drives the sessions." in html  # the previous text
    assert_accessible_markup(html)
    services.accept_agreement(pair.uuid, user=mentee)
    assert "The expectations changed on" not in harness.render("revmentor_pairing", mentee)
    assert "The expectations changed on" in harness.render("revmentor_pairing", mentor)


def test_pending_pair_after_my_acceptance_waits_for_the_partner(harness, program):
    pair, mentor, mentee = factories.proposed_pair(program)
    services.accept_agreement(pair.uuid, user=mentor)
    html = harness.render("revmentor_pairing", mentor)
    assert "You have accepted these expectations" in html
    assert f"Waiting for {mentee.username} to accept" in html
    assert 'data-rm-action="accept"' not in html


@pytest.mark.parametrize("block_type", PAIR_BLOCKS)
def test_pending_pair_blocks_the_pair_work(harness, program, block_type):
    _pair, mentor, _mentee = factories.proposed_pair(program)
    html = harness.render(block_type, mentor)
    assert state_of(html) == "pair_pending"
    assert "starts once both of you accept" in html
    assert "<form" not in html


@pytest.mark.parametrize("block_type", TYPES)
def test_closed_pair_says_so_with_the_reason(harness, program, block_type):
    pair, _mentor, mentee = factories.active_pair(program)
    services.close_pair(pair.uuid, reason="The learner changed teams.")
    html = harness.render(block_type, mentee)
    assert state_of(html) == "pair_closed"
    assert "Pair closed" in html
    assert "The learner changed teams." in html


def test_declined_pair(harness, program):
    pair, mentor, mentee = factories.proposed_pair(program)
    services.decline_pair(pair.uuid, user=mentee, reason="Calendars never overlap")
    html = harness.render("revmentor_goals", mentor)
    assert "Pair declined" in html
    assert "Calendars never overlap" in html


@pytest.mark.parametrize("block_type", TYPES)
def test_withdrawn_participant(harness, program, block_type):
    user = factories.enrolled()
    factories.join(program, user, "mentor")
    services.withdraw_participant(program.uuid, user.username)
    html = harness.render(block_type, user)
    assert state_of(html) == "withdrawn"


@pytest.mark.parametrize("block_type", TYPES)
@pytest.mark.parametrize("instructor", [False, True])
def test_course_staff_see_figures_not_a_form(harness, program, block_type, instructor):
    factories.active_pair(program)
    factories.proposed_pair(program)
    html = harness.render(block_type, factories.course_staff(instructor=instructor))
    assert state_of(html) == "staff_summary"
    assert "<form" not in html
    assert 'class="rm-table"' in html


@pytest.mark.parametrize("instructor", [False, True])
def test_course_staff_see_the_course_wide_summary_in_the_pairing_block(harness, program, instructor):
    factories.active_pair(program)
    factories.proposed_pair(program)
    html = harness.render("revmentor_pairing", factories.course_staff(instructor=instructor))
    assert re.search(r'data-count="active">1<', html)
    assert re.search(r'data-count="proposed">1<', html)
    assert re.search(r'data-count="mentors">2<', html)
    assert re.search(r'data-count="on_track">2<', html)
    assert f"/revmentor/courses/{program.course_key}/" in html


@pytest.mark.parametrize("role", ["mentor", "mentee"])
@pytest.mark.parametrize("block_type", TYPES)
def test_both_sides_of_an_active_pair_get_the_block(harness, program, block_type, role):
    _pair, mentor, mentee = factories.active_pair(program)
    viewer, partner = (mentor, mentee) if role == "mentor" else (mentee, mentor)
    html = harness.render(block_type, viewer)
    assert state_of(html) == "active"
    assert partner.username in html or block_type == "revmentor_reflection"
    assert_accessible_markup(html)


def test_pairing_uses_the_programs_role_labels(harness, db):
    program = factories.program(mentor_label="Digital guide", mentee_label="Explorer")
    _pair, _mentor, mentee = factories.active_pair(program)
    html = harness.render("revmentor_pairing", mentee)
    assert "is your Digital guide; you are their Explorer" in html
    assert "The Digital guide (mentor) prepares and leads the sessions" in html


def test_goals_show_mine_and_the_partners_with_user_text_escaped(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    services.add_goal(pair.uuid, user=mentee, title="<img src=x onerror=alert(1)>", skill="python")
    services.add_goal(pair.uuid, user=mentor, title="Lead a team session")
    html = harness.render("revmentor_goals", mentee)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.index("Your goals (Learner)") < html.index("&lt;img") < html.index("goals (Advisor)")
    assert html.index("goals (Advisor)") < html.index("Lead a team session")


def test_session_log_shows_cadence_and_confirm_only_for_the_partners_sessions(harness, program):
    import datetime as dt

    from django.utils import timezone

    pair, mentor, mentee = factories.active_pair(program)
    today = timezone.localdate()
    mine = services.log_session(
        pair.uuid, user=mentor, occurred_on=today - dt.timedelta(days=4), duration_minutes=30, led_by="mentor"
    )
    html = harness.render("revmentor_session_log", mentor)
    assert "Next session due in 10 days" in html  # cadence 14, last session 4 days ago
    assert "Waiting for your partner to confirm" in html
    assert f'data-session-id="{mine.id}" aria-describedby' not in html
    partner_html = harness.render("revmentor_session_log", mentee)
    assert f'data-rm-action="confirm_session" data-session-id="{mine.id}"' in partner_html


def test_reflection_prompt_follows_the_viewers_role_and_privacy_holds(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    services.write_reflection(pair.uuid, user=mentee, body="Private thought", visibility="private")
    services.write_reflection(pair.uuid, user=mentee, body="Shared with my advisor", visibility="pair")
    fields = {"mentor_prompt": "Mentor: what did you teach?", "mentee_prompt": "Mentee: what did you learn?"}
    mentor_html = harness.render("revmentor_reflection", mentor, **fields)
    assert "Mentor: what did you teach?" in mentor_html
    assert "Mentee: what did you learn?" not in mentor_html
    assert "Shared with my advisor" in mentor_html
    assert "Private thought" not in mentor_html
    mentee_html = harness.render("revmentor_reflection", mentee, **fields)
    assert "Mentee: what did you learn?" in mentee_html
    assert "Private thought" in mentee_html
    staff_html = harness.render("revmentor_reflection", factories.course_staff())
    assert "Private thought" not in staff_html
    assert "Shared with my advisor" not in staff_html


def test_program_setting_picks_one_of_several_programs(harness, db):
    factories.program(name="First")
    second = factories.program(name="Second")
    user = factories.enrolled()
    assert state_of(harness.render("revmentor_pairing", user)) == "ambiguous_program"
    staff_html = harness.render("revmentor_pairing", factories.course_staff())
    assert "Choose a program" in staff_html
    assert "block&#x27;s settings" in staff_html
    html = Harness().render("revmentor_pairing", user, program_id=str(second.uuid))
    assert state_of(html) == "join"
    assert "Second" in html
    assert "First" not in html
    unknown = "00000000-0000-4000-8000-000000000000"
    missing = Harness().render("revmentor_pairing", factories.course_staff(), program_id=unknown)
    assert state_of(missing) == "program_not_found"
    assert state_of(Harness().render("revmentor_pairing", user, program_id=unknown)) == "program_not_found"


def test_program_of_another_course_is_not_used(harness, db):
    other = factories.program(course=factories.OTHER_COURSE)
    html = harness.render("revmentor_pairing", factories.course_staff(), program_id=str(other.uuid))
    assert state_of(html) == "program_not_found"


def test_ids_are_unique_per_block_instance(harness, program):
    user = factories.enrolled()
    one = harness.block("revmentor_pairing", user)
    html_one = one.render("student_view", {"child_of_vertical": True}).content
    other = harness.runtime(user).load_block(
        __import__("sandbox_lms.courseware", fromlist=["BlockDef"]).BlockDef(
            "revmentor_pairing", "pairing2", {}
        )
    )
    html_two = other.render("student_view", {"child_of_vertical": True}).content
    ids_one = set(re.findall(r' id="([^"]+)"', html_one))
    ids_two = set(re.findall(r' id="([^"]+)"', html_two))
    assert ids_one
    assert not ids_one & ids_two


@pytest.mark.parametrize("block_type", TYPES)
def test_author_view_describes_the_block_without_anyones_data(harness, program, block_type):
    _pair, mentor, mentee = factories.active_pair(program)
    html = harness.render(block_type, mentor, view="author_view")
    assert "Reverse mentoring:" in html
    assert mentee.username not in html


def test_workbench_scenarios_render_in_the_sdk():
    scenarios = GoalsBlock.workbench_scenarios()
    assert scenarios
    assert "<revmentor_goals/>" in scenarios[0][1]


def test_closed_program_takes_no_new_participants(harness, db):
    program = factories.program()
    services.update_program(program.uuid, status="closed")
    html = harness.render("revmentor_pairing", factories.enrolled())
    assert state_of(html) == "program_closed"
    assert "<form" not in html


@pytest.mark.parametrize("block_type", TYPES)
def test_outside_a_course_a_signed_in_viewer_gets_a_preview(harness, program, block_type):
    """In a content library (no course key) the block explains itself instead of failing."""
    from opaque_keys.edx.locator import LibraryUsageLocatorV2
    from xblock.core import XBlock

    user = factories.enrolled()
    runtime = harness.runtime(user)
    key = LibraryUsageLocatorV2.from_string(f"lb:TestX:lib1:{block_type}:one")
    block = runtime.construct_xblock_from_class(
        XBlock.load_class(block_type), ScopeIds(user.pk, block_type, key, key)
    )
    html = block.render("student_view", {"child_of_vertical": True}).content
    assert state_of(html) == "outside_course"
    assert "works inside a course" in html


@pytest.mark.parametrize(
    ("viewer", "state"),
    [
        (lambda: factories.enrolled(), "join"),
        (lambda: factories.enrolled(course=factories.OTHER_COURSE), "not_enrolled"),
        (lambda: factories.course_staff(), "staff_summary"),
    ],
)
def test_outside_a_course_a_block_with_a_program_works_in_that_programs_course(
    harness, program, viewer, state
):
    """A library preview or the XBlock workbench: the Program setting names the course whose
    enrollment and staff rules apply."""
    from opaque_keys.edx.locator import LibraryUsageLocatorV2
    from xblock.core import XBlock

    user = viewer()
    key = LibraryUsageLocatorV2.from_string("lb:TestX:lib1:revmentor_pairing:one")
    block = harness.runtime(user).construct_xblock_from_class(
        XBlock.load_class("revmentor_pairing"), ScopeIds(user.pk, "revmentor_pairing", key, key)
    )
    block.program_id = str(program.uuid)
    assert state_of(block.render("student_view", {}).content) == state


@pytest.mark.parametrize("block_type", TYPES)
def test_user_text_in_messages_is_escaped(harness, program, block_type):
    pair, mentor, _mentee = factories.active_pair(program)
    services.close_pair(pair.uuid, reason="<script>alert('x')</script>")
    html = harness.render(block_type, mentor)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("logged", "text"),
    [(0, "0 sessions logged;"), (1, "1 session logged;"), (2, "2 sessions logged;")],
)
def test_session_log_counts_sessions_in_words(harness, program, logged, text):
    import datetime as dt

    from django.utils import timezone

    pair, mentor, _mentee = factories.active_pair(program)
    for n in range(logged):
        services.log_session(
            pair.uuid,
            user=mentor,
            occurred_on=timezone.localdate() - dt.timedelta(days=n),
            duration_minutes=n + 1,
            led_by="mentor",
        )
    html = harness.render("revmentor_session_log", mentor)
    assert text in html
    if logged == 2:
        assert ": 1 minute, " in html
        assert ": 2 minutes, " in html
