"""Why two people were matched, as each reader reads it (issue 12): structured reasons stored,
rendered when read, for the mentee, the mentor or staff, in the active language."""

import pytest
from django.utils import translation

from revmentor_plugin import services
from revmentor_plugin.data import Role
from revmentor_plugin.matching import explain
from revmentor_plugin.models import Pair, Skill
from revmentor_plugin.services import explanations
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(program):
    """Amara offers Data dashboards (and Python), which Sam wants to learn; a run pairs them."""
    services.add_skill(program.uuid, name="Data dashboards")
    amara, sam = factories.enrolled("amara"), factories.enrolled("sam")
    factories.join(
        program, amara, "mentor", skills_offered=["data-dashboards", "python"], department="Data", seniority=1
    )
    factories.join(program, sam, "mentee", skills_sought=["data-dashboards"], department="Sales", seniority=6)
    run = services.start_matching_run(program.uuid)
    services.publish_matching_run(program.uuid, run.id)
    (pair,) = services.pairs_of_program(program.uuid)
    return pair, amara, sam


def test_each_reader_reads_the_skills_reason_addressed_to_them(matched):
    pair, _amara, _sam = matched
    assert {"code": "skills_offered", "params": {"skills": ["data-dashboards"]}} in pair.reasons
    mentee = services.explanation_for(pair, Role.MENTEE)
    mentor = services.explanation_for(pair, Role.MENTOR)
    staff = services.explanation_for(pair, None)
    assert "You want to learn Data dashboards; amara offers it" in mentee
    assert "sam wants to learn Data dashboards; you offer it" in mentor
    assert "amara offers Data dashboards, which sam wants to learn" in staff
    assert staff == list(pair.explanation)
    assert "amara works in Data, you in Sales" in mentee
    assert "amara is more junior than you, as reverse mentoring intends" in mentee
    assert "You are more junior than sam, as reverse mentoring intends" in mentor


def test_the_stored_reasons_hold_codes_and_slugs_not_sentences(matched):
    pair, *_ = matched
    stored = Pair.objects.get(uuid=pair.uuid).explanation
    assert all(set(item) == {"code", "params"} for item in stored)
    assert "Data dashboards" not in str(stored)  # the catalog name is looked up when shown


def test_a_renamed_skill_shows_its_new_name_and_a_removed_one_its_slug(program, matched):
    pair, *_ = matched
    Skill.objects.filter(program__uuid=program.uuid, slug="data-dashboards").update(name="Dashboards")
    assert "You want to learn Dashboards; amara offers it" in services.explanation_for(
        services.get_pair(pair.uuid), Role.MENTEE
    )
    Skill.objects.filter(program__uuid=program.uuid, slug="data-dashboards").delete()
    assert "You want to learn data-dashboards; amara offers it" in services.explanation_for(
        services.get_pair(pair.uuid), Role.MENTEE
    )


def test_the_reader_language_is_the_one_active_when_read_not_when_matched(matched):
    pair, *_ = matched
    with translation.override("eo"):
        shown = services.explanation_for(services.get_pair(pair.uuid), Role.MENTEE)
        staff = services.get_pair(pair.uuid).explanation
    # The pseudo-locale's words (edx-i18n-tools' dummy); the names and skills stay as they are.
    assert shown[0].startswith("Ýöü wänt tö léärn Data dashboards; amara öfférs ït Ⱡ'σяєм ιρѕυм")
    assert staff[0].startswith("amara öfférs Data dashboards, whïçh sam wänts tö léärn Ⱡ'σяєм ιρѕυм")
    assert "You want to learn Data dashboards; amara offers it" in services.explanation_for(
        services.get_pair(pair.uuid), Role.MENTEE
    )


def test_a_run_shows_staff_the_reasons_and_the_unmatched_in_their_language(program, matched):
    factories.join(program, factories.enrolled("lonely"), "mentee", skills_sought=["python"])
    run = services.start_matching_run(program.uuid)
    (unmatched,) = run.unmatched
    assert unmatched["reasons"] == [{"code": "mentee_no_capacity", "params": {}}]
    assert unmatched["reason"] == "No mentor has any capacity"
    with translation.override("eo"):
        again = services.get_matching_run(program.uuid, run.id)
    assert again.unmatched[0]["reason"].startswith("Nö méntör häs äný çäpäçïtý Ⱡ'σяєм")
    assert again.unmatched[0]["reason"].endswith("#")


def test_several_skills_are_joined_and_counted(program):
    line = explanations.render_reason(
        {"code": "skills_offered", "params": {"skills": ["python", "data-visualisation"]}},
        viewer=Role.MENTEE,
        mentor="amara",
        skill_names={"python": "Python", "data-visualisation": "Data visualisation"},
    )
    assert line == "You want to learn Data visualisation and Python; amara offers them"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (
            "Proposed by hand by course staff in the sandbox",
            "Proposed by hand by course staff in the sandbox",
        ),
        ({"code": "text", "params": {"text": "Old words"}}, "Old words"),
        ({"code": "from-the-future", "params": {}}, "from-the-future"),
        ({"code": "diversity_considered", "params": {}}, "Diversity was considered"),
        ({"code": "timezones_apart", "params": {"hours": 5.5}}, "Timezones 5.5 hours apart"),
        ({"code": "languages_shared", "params": {"languages": ["fr"]}}, "They share a language: French"),
        ({"code": "pin_rejected", "params": {"problem": "pin_same_line"}}, None),
    ],
)
def test_anything_stored_renders_and_free_text_stays_as_written(stored, shown):
    (line,) = explanations.render_reasons([stored])
    if shown is None:
        assert line == "Pin not applied: Pinned pair is in the same reporting line"
    else:
        assert line == shown


def test_pairing_by_hand_keeps_the_staff_words_as_text(program):
    pair, *_ = factories.proposed_pair(program)
    factories.join(program, factories.enrolled("m2"), "mentor")
    factories.join(program, factories.enrolled("e2"), "mentee")
    by_hand = services.propose_pair(
        program.uuid, mentor="m2", mentee="e2", explanation=["Both asked for each other"]
    )
    assert by_hand.reasons == ({"code": "text", "params": {"text": "Both asked for each other"}},)
    assert services.explanation_for(by_hand, Role.MENTEE) == ["Both asked for each other"]
    assert pair.reasons == ()


@pytest.mark.parametrize("code", explain.CODES)
@pytest.mark.parametrize("viewer", [Role.MENTEE, Role.MENTOR, None])
def test_every_code_the_engine_gives_has_words_for_every_reader(code, viewer):
    params = {
        "skills": ["python"],
        "interests": ["jazz"],
        "languages": ["en"],
        "mentor": "A",
        "mentee": "B",
        "department": "A",
        "hours": 2.0,
        "minimum": 1.5,
        "problem": "pin_same_line",
    }
    line = explanations.render_reason({"code": code, "params": params}, viewer=viewer, mentor="m", mentee="e")
    assert line
    assert code not in line
    with translation.override("eo"):
        assert explanations.render_reason({"code": code, "params": params}, viewer=viewer).endswith("#")
