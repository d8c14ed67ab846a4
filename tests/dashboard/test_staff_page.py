"""The course staff page: who gets in, and what it shows."""

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories

pytestmark = pytest.mark.django_db
URL = f"/revmentor/courses/{factories.COURSE}/"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("course_staff", 200),
        ("instructor", 200),
        ("operator", 200),
        ("org_staff", 200),
        ("org_instructor", 200),
        ("limited_staff", 200),
        ("data_researcher", 404),  # reaches the instructor dashboard for data downloads only
        ("other_org_staff", 404),
        ("other_staff", 404),
        ("enrolled", 404),
        ("mentor", 404),
    ],
)
def test_access(client, program, who, status):
    users = {
        "course_staff": lambda: factories.course_staff(),
        "instructor": lambda: factories.course_staff(instructor=True),
        "operator": lambda: factories.operator(),
        "org_staff": lambda: factories.org_staff(),
        "org_instructor": lambda: factories.org_staff(instructor=True),
        "limited_staff": lambda: factories.course_role("limited_staff"),
        "data_researcher": lambda: factories.course_role("data_researcher"),
        "other_org_staff": lambda: factories.org_staff(org="OtherX"),
        "other_staff": lambda: factories.course_staff(course=factories.OTHER_COURSE),
        "enrolled": lambda: factories.enrolled(),
        "mentor": lambda: factories.active_pair(program)[1],
    }
    client.force_login(users[who]())
    assert client.get(URL).status_code == status


def test_anonymous_users_go_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_bad_course_keys_are_not_found(client):
    client.force_login(factories.operator())
    assert client.get("/revmentor/courses/not-a-key/").status_code == 404


def test_page_shows_program_charts_and_api_config(client, program):
    with freeze_time("2026-10-01"):
        pair, mentor, _mentee = factories.active_pair(program)
        services.log_session(
            pair.uuid, user=mentor, occurred_on="2026-10-01", duration_minutes=45, led_by="mentor"
        )
    client.force_login(factories.course_staff())
    with freeze_time("2026-10-10"):
        html = client.get(URL).content.decode()
    assert program.organizational_outcome in html
    assert 'id="rm-chart-sessions"' in html
    assert 'id="rm-chart-health"' in html
    assert 'id="rm-chart-pulse"' in html
    assert "<title>1: 1</title>" not in html  # tooltips name the series, not bare numbers
    assert "Sessions: 1</title>" in html
    assert '"api": "/api/revmentor/v1/"' in html
    assert f'"program": "{program.uuid}"' in html
    assert f"/api/revmentor/v1/programs/{program.uuid}/report/?format=csv" in html
    assert "Not shown yet, no closed month with 5 or more people answering" in html


def test_page_without_programs_offers_to_create_one(client):
    client.force_login(factories.course_staff())
    html = client.get(URL).content.decode()
    assert "No program yet" in html
    assert "Create program" in html


def test_program_names_are_escaped(client):
    factories.program(name="<script>alert(1)</script>")
    client.force_login(factories.course_staff())
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_staff_see_and_change_the_minimum_score_with_the_weights(client, program):
    """Issue 12, "No hopeless pairs": the minimum sits in the weights fieldset, and the page's
    script sends every ``data-weight`` field as ``matching_weights``."""
    client.force_login(factories.course_staff())
    html = client.get(URL).content.decode()
    assert 'data-weight="minimum_score"' in html
    assert "Minimum score to propose a pair" in html
    assert (
        'id="rm-w-minimum" data-weight="minimum_score" type="number" min="0" step="0.1" value="0.0"' in html
    )
    services.update_program(program.uuid, matching_weights={"minimum_score": 2.5, "skills": 4})
    html = client.get(URL).content.decode()
    assert 'data-weight="minimum_score" type="number" min="0" step="0.1" value="2.5"' in html
    assert 'id="rm-w-skills" data-weight="skills" type="number" min="0" step="0.5" value="4.0"' in html


@pytest.mark.parametrize(("cadence", "text"), [(1, "every day"), (2, "every 2 days")])
def test_the_cadence_and_open_pairs_read_in_words(client, program, cadence, text):
    services.update_program(program.uuid, cadence_days=cadence)
    factories.active_pair(program)
    client.force_login(factories.course_staff())
    html = client.get(URL).content.decode()
    assert f"<dd>{text}</dd>" in html
    assert "<dd>1 (on track: 1; needing attention: 0; at risk: 0)</dd>" in html


@freeze_time("2026-06-15 09:00")
def test_the_organizational_outcome_section(client):
    with freeze_time("2026-03-01 09:00"):
        program = factories.program(organizational_outcome="Leaders fluent in <analytics>")
    staff = factories.course_staff()
    for day, value in (("2026-03-01", 2), ("2026-05-01", 12.5), ("2026-04-01", -1)):
        services.record_outcome(
            program.uuid, user=staff, measure="Leaders <b>online</b>", value=value, recorded_on=day
        )
    client.force_login(staff)
    page = client.get(URL).content.decode()
    section = page[page.index('id="rm-outcome"') :]
    assert "Leaders fluent in &lt;analytics&gt;" in section
    assert "Leaders &lt;b&gt;online&lt;/b&gt;" in section
    assert "<b>online" not in section
    assert 'id="rm-chart-outcome-1"' in section
    assert "Lee 2015" in section
    # one bar a milestone at or above zero; the negative one is in the tables only
    chart = section[section.index('id="rm-chart-outcome-1"') : section.index("</svg>")]
    assert chart.count('class="s-outcome"') == 2 + 1  # two bars and the legend's swatch
    assert 'data-value="12.5"' in section
    assert 'data-value="-1"' in section
    assert section.count("data-outcome-edit") == 3
    assert '<option value="Leaders &lt;b&gt;online&lt;/b&gt;">' in section
    assert 'max="2026-06-15"' in section


def test_without_milestones_the_section_says_so(client, program):
    client.force_login(factories.course_staff())
    page = client.get(URL).content.decode()
    section = page[page.index('id="rm-outcome"') :]
    assert section.count("No milestone recorded yet.") == 2
    assert "rm-chart-outcome" not in section


def test_role_reversal_and_trust_charts_use_the_programs_labels_and_mark_divergence(client):
    with freeze_time("2026-10-05"):  # Monday of 2026-W41
        program = factories.program(mentor_label="Guide", mentee_label="Executive")
        pairs = [factories.active_pair(program) for _ in range(5)]
        for pair, mentor, mentee in pairs:
            services.log_session(
                pair.uuid, user=mentor, occurred_on="2026-10-05", duration_minutes=30, led_by="mentor"
            )
            factories.pulse(pair, mentor, 3, trust=5)
            factories.pulse(pair, mentee, 3, trust=3)
        services.log_session(
            pairs[0][0].uuid, user=pairs[0][2], occurred_on="2026-10-05", duration_minutes=30, led_by="mentee"
        )
    client.force_login(factories.course_staff())
    with freeze_time("2026-10-14"):
        html = client.get(URL).content.decode()

    assert 'id="rm-chart-led"' in html
    assert "Sessions led by the Guide, by week" in html
    assert "difficulty with role reversal (Murphy 2012)" in html
    assert "<td>2026-W41</td><td>6</td><td>5</td><td>83</td>" in html  # 5 of 6 sessions: 83 %
    assert 'id="rm-chart-trust"' in html
    assert "Trust by direction, by week" in html
    assert "trust and interpersonal comfort (Murphy 2012)" in html
    assert ">W41*</text>" in html  # trust 5 against 3: the week is marked
    assert "<td>2026-W41</td><td>5.0</td><td>3.0</td><td>3.0</td><td>3.0</td><td>Yes *</td>" in html
    assert "Trust (Executive)" in html


def test_the_program_settings_list_the_leadership_items_to_edit(client, program):
    """Issue 16: each row keeps its item's key (its ratings stay with it) and the label as stored,
    which the page's script sends back when staff did not edit the row; staff's own labels are
    escaped."""
    services.update_program(
        program.uuid,
        leadership_items=[
            *services.get_program(program.uuid).leadership_items[:1],
            {"label": "<b>Presenting</b> to the board"},
        ],
    )
    client.force_login(factories.course_staff())
    html = client.get(URL).content.decode()
    assert "Leadership and visibility items" in html
    assert (
        '<li data-key="leading-a-working-relationship-with-a-senior-colle" '
        'data-label="Leading a working relationship with a senior colleague">'
    ) in html
    assert (
        'data-key="bpresentingb-to-the-board" data-label="&lt;b&gt;Presenting&lt;/b&gt; to the board"' in html
    )
    assert (
        'id="rm-f-item-2" required maxlength="120" value="&lt;b&gt;Presenting&lt;/b&gt; to the board"' in html
    )
    assert 'data-max="8" data-min="1"' in html
    assert "<b>Presenting</b>" not in html


def test_the_default_leadership_items_read_in_the_viewers_language_and_stay_ours(program):
    """A default item's label is shown translated, and sent back as stored (so it stays
    translated for every reader); a label staff wrote is shown as written."""
    from django.utils import translation

    from revmentor_plugin.dashboard.views import leadership_editor

    services.update_program(
        program.uuid,
        leadership_items=[*services.get_program(program.uuid).leadership_items[:1], {"label": "Mentoring"}],
    )
    with translation.override("eo"):
        first, own = leadership_editor(services.get_program(program.uuid))["leadership_items"]
    assert first["stored"] == "Leading a working relationship with a senior colleague"
    assert first["label"] != first["stored"]
    assert own == {"key": "mentoring", "label": "Mentoring", "stored": "Mentoring"}
