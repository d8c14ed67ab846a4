"""CSV import of participants: the whole file is checked first, then every row is written in one
transaction, or none is (issue 10, item 7)."""

from __future__ import annotations

import time

import pytest
from common.djangoapps.student.models import CourseEnrollment
from django.contrib.auth import get_user_model
from django.db import connection

from revmentor_plugin import services
from revmentor_plugin.models import Pair, Participant, ParticipantImport
from revmentor_plugin.services import imports
from revmentor_plugin.services.errors import InvalidInput, InvalidRows, NotFound
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "username,role,skills_offered,skills_sought,languages,timezone,capacity,department"


def db_state() -> tuple:
    """Everything an import could write."""
    return (
        sorted(Participant.objects.values_list("user__username", "role", "status", "department", "capacity")),
        Participant.skills_offered.through.objects.count(),
        Participant.skills_sought.through.objects.count(),
    )


def many_learners(count: int, prefix: str = "learner") -> list[str]:
    """``count`` enrolled learners, written in bulk (creating them one by one takes minutes)."""
    User = get_user_model()
    names = [f"{prefix}{n:05d}" for n in range(count)]
    User.objects.bulk_create([User(username=name, email=f"{name}@example.com") for name in names])
    users = User.objects.filter(username__in=names)
    CourseEnrollment.objects.bulk_create(
        [CourseEnrollment(user=user, course_id=factories.COURSE) for user in users]
    )
    return names


def test_a_clean_file_adds_and_updates_every_row(program, django_capture_on_commit_callbacks):
    from sandbox_lms.tracking import EVENTS

    for name in ("ana", "ben", "dee"):
        factories.enrolled(name)
    factories.join(program, factories.get_user("dee"), "mentee")
    csv_text = (
        f"{HEADER}\n"
        "ana,mentor,python; social-media,,en;fr,Europe/Paris,2,Engineering\n"
        "ben,mentee,,data-visualisation,en,America/New_York,,Finance\n"
        "dee,mentee,,python,en,UTC,,Board\n"
    )
    EVENTS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.import_participants(program.uuid, csv_text=csv_text)
    assert (outcome.id, outcome.status, outcome.row_count) == (None, "done", 3)
    assert list(outcome.results) == [
        {"row": 2, "username": "ana", "status": "added"},
        {"row": 3, "username": "ben", "status": "added"},
        {"row": 4, "username": "dee", "status": "updated"},
    ]
    ana = services.get_participant(program.uuid, "ana")
    assert (ana.capacity, ana.skills_offered, ana.languages, ana.timezone, ana.department) == (
        2,
        ("python", "social-media"),
        ("en", "fr"),
        "Europe/Paris",
        "Engineering",
    )
    ben = services.get_participant(program.uuid, "ben")
    assert (ben.capacity, ben.skills_sought) == (1, ("data-visualisation",))
    dee = services.get_participant(program.uuid, "dee")
    assert (dee.department, dee.skills_sought, dee.languages) == ("Board", ("python",), ("en",))
    # The same analytics as joining, for the people added.
    assert [e["data"]["role"] for e in EVENTS if e["name"] == "edx.revmentor.participant.joined"] == [
        "mentor",
        "mentee",
    ]


def test_every_problem_of_every_row_is_reported_and_nothing_is_written(program):
    for name in ("ana", "ben", "cho", "dee", "eve"):
        factories.enrolled(name)
    factories.join(program, factories.get_user("dee"), "mentee", department="Sales")
    factories.enrolled("elsewhere", course=factories.OTHER_COURSE)
    csv_text = (
        f"{HEADER},manager\n"
        "ana,mentor,python,,en,Europe/Paris,2,Engineering,\n"  # fine on its own
        "ben,mentee,,,en,UTC,,Finance,\n"  # fine on its own
        "cho,mentor,cobol,,en,UTC,,IT,\n"
        "ghost,mentee,,,en,UTC,,,\n"
        "dee,mentor,,python,en,UTC,,Board,\n"
        "ana,mentor,,,en,Mars/Base,,,\n"
        "eve,boss,,,English!,UTC,x,,elsewhere\n"
        "elsewhere,mentee,,,en,UTC,,,\n"
        ",,,,,,,,\n"  # blank rows are skipped
        ",mentee,,,en,UTC,,,eve\n"
        "ben2,mentee,,,en,UTC,,,,extra cell\n"
    )
    before = db_state()
    with pytest.raises(InvalidRows) as exc:
        services.import_participants(program.uuid, csv_text=csv_text)
    assert db_state() == before
    body = exc.value.as_dict()
    assert body["file"] == [
        "8 of 10 rows have problems, so nothing was imported. Correct them and import the whole file again."
    ]
    report = {(item["row"], item["username"]): item["errors"] for item in body["rows"]}
    assert report == {
        (4, "cho"): {"skills_offered": ["Not in the program's skill catalog: cobol."]},
        (5, "ghost"): {"username": ["No learner named 'ghost' is enrolled in this course."]},
        (6, "dee"): {"role": ["dee already takes part as mentee; their role stays."]},
        (7, "ana"): {
            "username": ["Also on row 2: each person appears once per file."],
            "timezone": ["Must be an IANA timezone name, such as Europe/Paris."],
        },
        (8, "eve"): {  # every problem of the row, not only the first
            "role": ["Must be one of: mentor, mentee."],
            "capacity": ["Must be a whole number."],
            "languages": ["Not language codes (such as 'en' or 'pt-BR'): English!."],
            "manager": ["No learner named 'elsewhere' is enrolled in this course."],
        },
        (9, "elsewhere"): {"username": ["No learner named 'elsewhere' is enrolled in this course."]},
        (11, ""): {"username": ["A username is required."]},
        (12, "ben2"): {
            "row": ["This row has 10 cells; the header has 9 columns."],
            "username": ["No learner named 'ben2' is enrolled in this course."],
        },
    }  # ana's first row and ben's are fine, and not written either


def test_a_file_of_5001_rows_writes_nothing(program):
    """The issue's file: 5,001 real learners; the first 5,000 used to be written before the row
    count was checked."""
    rows = "".join(f"{name},mentee\n" for name in many_learners(5001))
    before = db_state()
    with pytest.raises(InvalidInput) as exc:
        services.import_participants(program.uuid, csv_text="username,role\n" + rows)
    assert exc.value.errors == {
        "file": ["This file has 5001 rows; at most 5000 per file. Nothing was imported."]
    }
    assert db_state() == before


def test_a_file_of_5000_rows_is_checked_and_written_with_a_few_queries(
    program, django_assert_max_num_queries
):
    names = many_learners(5000)
    csv_text = "username,role,languages,skills_sought\n" + "".join(
        f"{name},mentee,en,python\n" for name in names
    )
    started = time.perf_counter()
    # Bulk: a few dozen queries (SQLite writes 999 values per INSERT), never one per row.
    with django_assert_max_num_queries(200):
        outcome = services.import_participants(program.uuid, csv_text=csv_text)
    print(f"\n5,000-row import: {time.perf_counter() - started:.1f} s")  # the figure for the report (-s)
    assert len(outcome.results) == 5000
    assert Participant.objects.filter(program_id=program.id).count() == 5000
    assert Participant.skills_sought.through.objects.count() == 5000


def test_a_200000_character_cell_is_a_problem_of_its_row_and_column(program):
    factories.enrolled("ana")
    huge = "x" * 200_000
    csv_text = f'username,role,motivations\nana,mentee,"{huge}"\n{huge},mentee,\n'
    before = db_state()
    with pytest.raises(InvalidRows) as exc:
        services.import_participants(program.uuid, csv_text=csv_text)
    assert db_state() == before
    assert exc.value.rows == [
        {"row": 2, "username": "ana", "errors": {"motivations": ["At most 2000 characters."]}},
        {"row": 3, "username": "", "errors": {"username": ["At most 150 characters."]}},  # never echoed
    ]


BAD_FILES = {
    "empty": ("", "The file is empty."),
    "header only": ("username,role\n", "The file has a header row but no participants."),
    "unknown and missing columns": (
        "username,colour\nana,red\n",
        "Check the header row: unknown column 'colour'; missing column 'role'.",
    ),
    "a column twice": (
        "username,role,role\nana,mentee,mentee\n",
        "Check the header row: column 'role' appears twice.",
    ),
    "over 2 MB": (
        "username,role\n" + "a,mentee\n" * 10 + "x" * (2 * 1024 * 1024),
        "The file is larger than 2 MB (2.0 MB); split it into smaller files.",
    ),
}


@pytest.mark.parametrize(("text", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files(program, text, message):
    with pytest.raises(InvalidInput) as exc:
        services.import_participants(program.uuid, csv_text=text)
    assert exc.value.errors == {"file": [message]}


def test_a_byte_order_mark_is_fine(program):
    factories.enrolled("bom")
    outcome = services.import_participants(program.uuid, csv_text="\ufeffusername,role\nbom,mentee\n")
    assert outcome.results == ({"row": 2, "username": "bom", "status": "added"},)


def test_updates_respect_a_mentors_open_pairs_and_keep_seats_valid(program):
    mentor = factories.enrolled("busy")
    factories.join(program, mentor, "mentor", capacity=3)
    pairs = [factories.proposed_pair(program, mentor=mentor)[0] for _ in range(3)]
    with pytest.raises(InvalidRows) as exc:
        services.import_participants(program.uuid, csv_text="username,role,capacity\nbusy,mentor,1\n")
    assert exc.value.rows[0]["errors"] == {
        "capacity": ["busy has 3 open pairs; close some before lowering capacity to 1."]
    }
    services.close_pair(pairs[0].uuid, reason="Not a fit")
    services.import_participants(program.uuid, csv_text="username,role,capacity\nbusy,mentor,2\n")
    seats = sorted(
        Pair.objects.filter(mentor__user=mentor, status="proposed").values_list("mentor_seat", flat=True)
    )
    assert seats == [1, 2]


def test_a_withdrawn_participant_is_updated_but_stays_withdrawn(program):
    factories.join(program, factories.enrolled("gone"), "mentee")
    services.withdraw_participant(program.uuid, "gone")
    outcome = services.import_participants(
        program.uuid, csv_text="username,role,department\ngone,mentee,HR\n"
    )
    assert outcome.results[0]["status"] == "updated"
    assert (services.get_participant(program.uuid, "gone").status,) == ("withdrawn",)


def test_a_manager_in_the_file_must_be_enrolled(program):
    factories.enrolled("boss"), factories.enrolled("report")
    outcome = services.import_participants(
        program.uuid, csv_text="username,role,manager\nreport,mentee,boss\nboss,mentor,\n"
    )
    assert [r["status"] for r in outcome.results] == ["added", "added"]
    assert services.get_participant(program.uuid, "report").manager == "boss"


# ---------------------------------------------------------------------------------------------
# Large files: a Celery task with progress (eager in the sandbox, as its settings say)


@pytest.fixture
def queued_threshold(settings):
    settings.REVMENTOR_IMPORT_ASYNC_THRESHOLD = 2


def test_a_large_file_runs_as_a_task_and_reports_progress(
    program, queued_threshold, django_capture_on_commit_callbacks, monkeypatch
):
    names = many_learners(12)
    csv_text = "username,role,languages\n" + "".join(f"{name},mentee,en\n" for name in names)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 4)
    seen = []

    def watch(execute, sql, params, many, context):
        if sql.startswith("UPDATE") and "participantimport" in sql and "progress" in sql:
            seen.append(next(value for value in params if isinstance(value, int) and 0 <= value <= 100))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch), django_capture_on_commit_callbacks(execute=True):
        queued = services.import_participants(program.uuid, csv_text=csv_text)
    assert (queued.status, queued.progress, queued.row_count) == ("pending", 0, 12)
    # Claimed (5), after rows 4 and 8 of 12 are checked (31, 58), writing (85), finished (100).
    assert seen == [5, 31, 58, 85, 100]
    done = services.get_import(program.uuid, queued.id)
    assert (done.status, done.progress, len(done.results)) == ("done", 100, 12)
    assert Participant.objects.filter(program_id=program.id).count() == 12
    assert ParticipantImport.objects.get(pk=queued.id).csv_text == ""  # the file is not kept


def test_a_large_file_with_problems_is_rejected_by_the_task_and_writes_nothing(
    program, queued_threshold, django_capture_on_commit_callbacks
):
    names = many_learners(3)
    csv_text = "username,role\n" + "".join(f"{name},mentee\n" for name in names) + "ghost,mentee\n"
    before = db_state()
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.import_participants(program.uuid, csv_text=csv_text)
    rejected = services.get_import(program.uuid, queued.id)
    assert rejected.status == "rejected"
    assert rejected.problems == (
        {
            "row": 5,
            "username": "ghost",
            "errors": {"username": ["No learner named 'ghost' is enrolled in this course."]},
        },
    )
    assert rejected.detail.startswith("1 of 4 rows have problems")
    assert db_state() == before


def test_a_queued_import_of_a_program_closed_meanwhile_writes_nothing(
    program, queued_threshold, django_capture_on_commit_callbacks
):
    names = many_learners(3)
    csv_text = "username,role\n" + "".join(f"{name},mentee\n" for name in names)
    queued = services.import_participants(program.uuid, csv_text=csv_text)  # not run yet
    services.update_program(program.uuid, status="closed")
    imports.run_import(queued.id)
    failed = services.get_import(program.uuid, queued.id)
    assert failed.status == "failed"
    assert failed.detail == "This program is closed, so it takes no imports. Nothing was imported."
    assert not Participant.objects.exists()


def test_imports_of_another_program_are_not_found(program, queued_threshold):
    many_learners(3)
    queued = services.import_participants(
        program.uuid,
        csv_text="username,role\nlearner00000,mentee\nlearner00001,mentee\nlearner00002,mentee\n",
    )
    other = factories.program(name="Other")
    with pytest.raises(NotFound):
        services.get_import(other.uuid, queued.id)
    with pytest.raises(NotFound):
        services.get_import(program.uuid, 999999)


def test_retirement_removes_the_user_from_import_reports(
    program, queued_threshold, django_capture_on_commit_callbacks
):
    names = many_learners(3)
    leaver = factories.enrolled("leaver", course=factories.OTHER_COURSE)  # named, never admitted
    staff = factories.course_staff("importer")
    rejected_file = "username,role,manager\n" + "".join(f"{name},mentee,leaver\n" for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        rejected = services.import_participants(
            program.uuid, csv_text=rejected_file + "leaver,mentor,\n", user=staff
        )
    pending = services.import_participants(program.uuid, csv_text=rejected_file + "leaver,mentee,\n")
    problems = str(services.get_import(program.uuid, rejected.id).problems)
    assert problems.count("leaver") == 5  # their own row (twice), and as the others' manager
    services.retire_user(leaver)
    services.retire_user(staff)
    scrubbed = ParticipantImport.objects.get(pk=rejected.id)
    assert "leaver" not in str(scrubbed.problems)
    assert [item["username"] for item in scrubbed.problems] == names
    assert scrubbed.requested_by is None
    still_pending = ParticipantImport.objects.get(pk=pending.id)
    assert "leaver" not in still_pending.csv_text
    assert still_pending.row_count == 3
