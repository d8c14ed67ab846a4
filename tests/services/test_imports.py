"""CSV import of participants, with a per-row report."""

import pytest

from revmentor_plugin import services
from revmentor_plugin.services.errors import InvalidInput
from tests import factories

pytestmark = pytest.mark.django_db


def test_good_and_bad_rows(program):
    for name in ("ana", "ben", "cho", "dee"):
        factories.enrolled(name)
    factories.join(program, factories.get_user("dee"), "mentee")
    csv_text = (
        "username,role,skills_offered,skills_sought,languages,timezone,capacity,department\n"
        "ana,mentor,python; social-media,,en;fr,Europe/Paris,2,Engineering\n"
        "ben,mentee,,data-visualisation,en,America/New_York,,Finance\n"
        "cho,mentor,cobol,,en,UTC,,IT\n"
        "ghost,mentee,,,en,UTC,,\n"
        "dee,mentee,,python,en,UTC,,Board\n"
        "ana,mentor,,,en,Mars/Base,,\n"
        "eve,boss,,,en,UTC,x,\n"
    )
    results = services.import_participants(program.uuid, csv_text=csv_text)
    assert [(r["row"], r["username"], r["status"]) for r in results] == [
        (2, "ana", "added"),
        (3, "ben", "added"),
        (4, "cho", "error"),
        (5, "ghost", "error"),
        (6, "dee", "updated"),
        (7, "ana", "error"),
        (8, "eve", "error"),
    ]
    assert results[2]["errors"] == {"skills_offered": ["Not in the program's skill catalog: cobol."]}
    assert "username" in results[3]["errors"]
    assert "timezone" in results[5]["errors"]
    assert "capacity" in results[6]["errors"]
    ana = services.get_participant(program.uuid, "ana")
    assert (ana.capacity, ana.skills_offered, ana.languages, ana.timezone) == (
        2,
        ("python", "social-media"),
        ("en", "fr"),
        "Europe/Paris",
    )
    assert services.get_participant(program.uuid, "dee").department == "Board"
    assert services.find_participant(program.uuid, "cho") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty."),
        (
            "username,colour\nana,red\n",
            "Check the header row: unknown column 'colour'; missing column 'role'.",
        ),
    ],
)
def test_bad_files(program, text, message):
    with pytest.raises(InvalidInput) as exc:
        services.import_participants(program.uuid, csv_text=text)
    assert exc.value.errors == {"file": [message]}


def test_a_byte_order_mark_is_fine(program):
    factories.enrolled("bom")
    results = services.import_participants(program.uuid, csv_text="\ufeffusername,role\nbom,mentee\n")
    assert results == [{"row": 2, "username": "bom", "status": "added"}]
