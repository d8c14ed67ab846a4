"""REST: confidence ratings on joining (``participants/`` POST ``ratings``), the caller's own
ratings (``programs/{uuid}/my-confidence/``) and the program's leadership items (PATCH)."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from revmentor_plugin.models import ConfidenceRating, Participant
from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db


def _join(program, user, body):
    return client_for(user).post(f"{API}programs/{program.uuid}/participants/", body, format="json")


def _mine(program):
    return f"{API}programs/{program.uuid}/my-confidence/"


def test_join_with_ratings_then_read_and_rate_at_the_end(program):
    mentor, mentee = factories.enrolled("conf_mentor"), factories.enrolled("conf_mentee")
    items = factories.leadership_ratings(program, 2, 3)
    assert _join(program, mentor, {"role": "mentor", "ratings": items}).status_code == 201
    joined = _join(program, mentee, {"role": "mentee", "skills_sought": ["python"], "ratings": {"python": 1}})
    assert joined.status_code == 201, joined.content
    pair, _, _ = factories.active_pair(program, mentor, mentee)

    read = client_for(mentee).get(_mine(program))
    assert read.status_code == 200
    assert read.json() == {
        "program_id": str(program.uuid),
        "role": "mentee",
        "end_due": False,
        "items": [{"kind": "skill", "key": "python", "label": "Python", "start": 1, "end": None}],
    }
    early = client_for(mentee).post(_mine(program), {"ratings": {"python": 4}}, format="json")
    assert early.status_code == 409

    services.close_pair(pair.uuid, reason="Done", completed=True)
    bad = client_for(mentee).post(_mine(program), {"ratings": {"python": 9}}, format="json")
    assert bad.status_code == 400
    assert "ratings" in bad.json()
    done = client_for(mentee).post(_mine(program), {"ratings": {"python": 4}}, format="json")
    assert done.status_code == 201, done.content
    assert done.json()["items"][0] == {
        "kind": "skill",
        "key": "python",
        "label": "Python",
        "start": 1,
        "end": 4,
    }
    again = client_for(mentee).post(_mine(program), {"ratings": {"python": 4}}, format="json")
    assert again.status_code == 409


def test_an_old_client_joins_without_ratings(program):
    user = factories.enrolled()
    assert _join(program, user, {"role": "mentee"}).status_code == 201
    assert not ConfidenceRating.objects.filter(participant__user=user).exists()


@pytest.mark.parametrize(
    "ratings",
    [{"python": 0}, {"python": 2.5}, {"cobol": 2}, {}, "high", [1]],
)
def test_bad_ratings_are_a_400_naming_the_field_and_nobody_joins(program, ratings):
    user = factories.enrolled()
    answer = _join(program, user, {"role": "mentee", "skills_sought": ["python"], "ratings": ratings})
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == ["ratings"]
    assert not Participant.objects.filter(user=user).exists()


def test_staff_cannot_rate_for_someone_they_add(program):
    staff = factories.course_staff()
    factories.enrolled("added_one")
    answer = client_for(staff).post(
        f"{API}programs/{program.uuid}/participants/",
        {"role": "mentor", "username": "added_one", "ratings": factories.leadership_ratings(program, 3)},
        format="json",
    )
    assert answer.status_code == 400
    assert "ratings" in answer.json()
    assert not Participant.objects.filter(user__username="added_one").exists()


def test_someone_outside_the_program_gets_a_404(program):
    assert client_for(factories.enrolled()).get(_mine(program)).status_code == 404


def test_staff_patch_the_leadership_items(program):
    staff = client_for(factories.course_staff())
    url = f"{API}programs/{program.uuid}/"
    changed = staff.patch(url, {"leadership_items": ["Presenting to the board"]}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["leadership_items"] == [
        {"key": "presenting-to-the-board", "label": "Presenting to the board"}
    ]
    bad = staff.patch(url, {"leadership_items": [], "name": "Other"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"leadership_items": ["Give between 1 and 8 items."]}
    assert services.get_program(program.uuid).name == program.name
