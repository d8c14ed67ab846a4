"""The demo seed builds pairs in every state and every health, through the services.

The seed runs once for the module (``factories.built_once``): each test reads what it built, and
what a test writes (a second seed, a login) rolls back before the next."""

import io
from pathlib import Path

import pytest
from common.djangoapps.student.models import CourseEnrollment
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from sandbox_lms import demo

from revmentor_plugin import services
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = "http://127.0.0.1:8123"  # what `make demo PORT=8123` sets


def seed() -> str:
    """What ``seed_demo`` prints, on a site whose LMS root is :data:`ROOT`."""
    out = io.StringIO()
    with override_settings(LMS_ROOT_URL=ROOT):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


_world, world = factories.built_once_fixtures(seed)  # world: what the seed printed


def test_seed_demo_builds_every_state_and_health(client, world):
    (program,) = services.programs_in_course(demo.COURSE_KEY)
    assert program.status == "active"
    pairs = services.pairs_of_program(program.uuid)
    assert {p.status for p in pairs} == {"proposed", "active", "completed", "declined", "closed"}
    health = {p.health.status for p in pairs if p.health}
    assert health == {"on_track", "needs_attention", "at_risk"}
    assert services.health_counts(program.uuid)["total"] == 9
    active = next(p for p in pairs if p.status == "active")
    assert services.sessions_of_pair(active.uuid)
    assert services.goals_of_pair(active.uuid)

    # the organizational outcome measured at four milestones, next to the program's activity
    (measure,) = services.program_report(program.uuid).organizational_outcome["measures"]
    assert [float(point["value"]) for point in measure["points"]] == [3, 5, 9, 13]
    assert measure["points"][-1]["sessions_to_date"] > measure["points"][0]["sessions_to_date"]

    call_command("seed_demo", stdout=io.StringIO())  # a second run changes nothing
    assert len(services.pairs_of_program(program.uuid)) == len(pairs)
    assert len(services.outcome_records_of_program(program.uuid)) == 4

    page = client.get("/")
    assert page.status_code == 200
    assert demo.STAFF in page.content.decode()
    assert client.login(username=demo.STAFF, password=demo.PASSWORD)


def test_every_demo_account_is_listed_alike_and_logs_in_with_the_readme_password(client, settings, world):
    printed = world
    readme = (Path(settings.BASE_DIR).parents[1] / "README.rst").read_text()
    assert f"password ``{demo.PASSWORD}``" in readme
    home = client.get("/").content.decode()
    for username, _who in demo.ACCOUNTS:
        assert f"``{username}``" in readme, username
        assert f"<code>{username}</code>" in home, username
        assert username in printed, username
        assert client.login(username=username, password=demo.PASSWORD), username
    assert f"{ROOT}/courses/" in printed
    assert ":8000" not in printed


def test_the_journey_learners_start_enrolled_and_outside_the_program(world):
    (program,) = services.programs_in_course(demo.COURSE_KEY)
    for username in demo.JOURNEY_USERS:
        user = get_user_model().objects.get(username=username)
        assert CourseEnrollment.is_enrolled(user, demo.COURSE_KEY)
        assert services.participant_for_user(program.uuid, user) is None


def test_demo_partners_see_each_others_profile_name(world):
    mentee = get_user_model().objects.get(username="peter_plant")
    pair = next(p for p in services.pairs_of_user(mentee) if p.status == "active")
    contact = services.partner_contact(pair, user=mentee)
    assert (contact.username, contact.name) == ("amara_dev", "Amara Okafor")


def test_the_demo_shows_role_reversal_and_trust_with_some_weeks_suppressed(world):
    (program,) = services.programs_in_course(demo.COURSE_KEY)
    report = services.program_report(program.uuid)
    reversal = report.role_reversal
    assert 0 < reversal["sessions_led_by_mentor"]["share"] < 1
    agreement = reversal["time_to_agreement"]
    assert agreement["agreed_pairs"] >= 5
    assert agreement["waiting_pairs"] >= 1
    assert agreement["quartile_1_days"] <= agreement["median_days"] <= agreement["quartile_3_days"]
    comfort = [week["average"] for week in reversal["learner_comfort"]["by_week"]]
    assert any(value is not None for value in comfort)
    assert None in comfort
    weeks = report.trust_over_time["weeks"]
    published = [week for week in weeks if week["mentee"]["trust"]["average"] is not None]
    suppressed = [week for week in weeks if week["mentee"]["trust"]["reason"] is not None]
    assert published
    assert suppressed
    assert report.trust_over_time["diverging_weeks"]


def test_the_demo_has_confidence_ratings_and_a_before_and_after(world):
    (program,) = services.programs_in_course(demo.COURSE_KEY)
    done = services.my_confidence(program.uuid, user=get_user_model().objects.get(username="margaret_cfo"))
    assert done.items
    assert all(item.end is not None and item.end >= item.start for item in done.items)
    waiting = services.my_confidence(program.uuid, user=get_user_model().objects.get(username="peter_plant"))
    assert all(item.start is not None and item.end is None for item in waiting.items)


def test_the_demo_report_shows_two_way_learning_cadence_reversal_trust_and_the_outcome(world):
    """Issue 16's "done when": the seeded program shows every measure with believable data."""
    from revmentor_plugin.services.reports import min_group_size

    (program,) = services.programs_in_course(demo.COURSE_KEY)
    report = services.program_report(program.uuid)
    section = report.two_way_learning
    k = min_group_size()
    for direction in ("mentees", "mentors"):
        published = [item for item in section[direction]["items"] if item["reason"] is None]
        assert published, direction
        for item in published:
            assert item["participants_at_least"] >= k
            assert item["period"] is not None
            assert item["mean_after"] - item["mean_before"] == pytest.approx(item["mean_change"], abs=0.011)
    mentees = [item["mean_change"] for item in section["mentees"]["items"] if item["reason"] is None]
    mentors = [item["mean_change"] for item in section["mentors"]["items"] if item["reason"] is None]
    # Learners gain about a point in a skill; Advisors' leadership grows less, one item hardly moves.
    assert len(mentees) >= 3
    assert 0.8 <= sum(mentees) / len(mentees) <= 1.5
    assert all(0 < change < 2 for change in mentees)
    assert len(mentors) == len(program.leadership_items) == 3
    assert all(0 <= change < 1 for change in mentors)
    assert sum(mentors) / len(mentors) < sum(mentees) / len(mentees)
    assert min(mentors) <= 0.1
    # Skills too few Learners rated both times stay suppressed, with the reason.
    assert any(item["reason"] is not None for item in section["mentees"]["items"])

    cadence = section["cadence"]
    assert cadence["reason"] is None
    assert cadence["period"] is not None
    assert cadence["outside_cadence"] < cadence["within_cadence"] <= cadence["outside_cadence"] + 1

    reversal = report.role_reversal
    assert reversal["sessions_led_by_mentor"]["share"] is not None
    assert reversal["time_to_agreement"]["median_days"] is not None
    assert any(week["mentee"]["trust"]["average"] is not None for week in report.trust_over_time["weeks"])
    (measure,) = report.organizational_outcome["measures"]
    assert len(measure["points"]) == 4
