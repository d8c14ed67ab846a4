"""Adding many participants at once from a CSV file: every row, or none.

The whole file is checked before anything is written, in this order:

1. the file: not empty, at most ``MAX_BYTES`` (2 MB), a readable CSV, a header naming known
   columns (``username`` and ``role`` required), at most ``MAX_ROWS`` (5,000) rows;
2. every row, with a few bulk queries whatever the row count: the course's enrolled learners
   among the file's usernames and managers (one query per 900 names), the skill catalog, the
   program's participants. Every problem of every row is collected as
   ``{"row": n, "username": ..., "errors": {column: [messages]}}``.

If any row has a problem, nothing is written and the service raises ``InvalidRows`` with the full
report (REST: 400). Otherwise every row is written in one transaction, with the program's row
locked so that closing the program, joining and pairing cannot interleave: a new participant is
added (and ``participant.joined`` emitted, as when joining), an existing one has the non-empty
columns of their row updated (their role never changes, and someone who withdrew stays withdrawn:
only they may come back).

Who may be imported is the rule of joining (see ``services.participants``): each username, and
each manager, is an active learner enrolled in the program's course, and an unknown username is
answered exactly like one that is not enrolled. A closed program takes no import (409); a draft
does, so that staff can prepare the cohort before opening it.

Files of more than ``REVMENTOR_IMPORT_ASYNC_THRESHOLD`` rows are checked (steps above) in the
request up to the row count, then recorded as a ``ParticipantImport`` and run by a Celery task,
which reports its progress and keeps the report. The file's text is kept only until then.

Columns (list columns separate items with semicolons, ``python; data-visualisation``):
``username, role, skills_offered, skills_sought, interests, languages, timezone, capacity,
seniority, department, manager, learning_preferences, motivations``.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from revmentor_plugin import host
from revmentor_plugin.data import OPEN_PAIR_STATUSES, ImportStatus, ParticipantImportData, Role
from revmentor_plugin.models import Pair, Participant, ParticipantImport, Program
from revmentor_plugin.services import _admission as admission
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services import participants as participant_services
from revmentor_plugin.services._locking import guard_integrity, lock_participants, one_transaction
from revmentor_plugin.services._queue import IMPORT_PARTICIPANTS, enqueue
from revmentor_plugin.services.errors import InvalidInput, InvalidRows, NotFound, RevMentorError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)

# The profile fields a file may set; the opt-out and the private self-description are the
# participant's own choices, never imported.
COLUMNS = (
    "username",
    "role",
    *(
        name
        for name in participant_services.PROFILE_FIELDS
        if name not in ("self_description", "reminders_opt_out")
    ),
)
LIST_COLUMNS = {"skills_offered", "skills_sought", "interests", "languages"}
INT_COLUMNS = {"capacity", "seniority"}
SKILL_COLUMNS = ("skills_offered", "skills_sought")
MAX_ROWS = 5000
MAX_BYTES = inputs.MAX_IMPORT_BYTES
#: The longest cell any column takes (learning preferences and motivations: 2,000 characters).
#: Longer cells are reported as such, never parsed further or echoed back.
MAX_CELL = 2000
CELL_LIMITS = {
    "username": 150,
    "manager": 150,
    "role": 20,
    "timezone": 64,
    "capacity": 20,
    "seniority": 20,
    "department": 120,
}
CHUNK = 900
PROGRESS_EVERY = 250


def _threshold() -> int:
    return int(getattr(settings, "REVMENTOR_IMPORT_ASYNC_THRESHOLD", 500))


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# ---------------------------------------------------------------------------------------------
# 1. The file


@dataclass(frozen=True)
class _File:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line where the row starts, its cells)


def _allow_large_cells() -> None:
    """Let the csv module read any cell a file of at most ``MAX_BYTES`` can hold, so that a huge
    cell becomes a row problem naming its row and column rather than ``csv.Error``.

    The limit is the csv module's, for the whole process: it is only ever raised, to a bound the
    file size check already enforces, never lowered, so no other reader is affected but by
    accepting what it would have refused at 128 KB.
    """
    if csv.field_size_limit() < MAX_BYTES + 1:
        csv.field_size_limit(MAX_BYTES + 1)


def _read_file(csv_text: inputs.Raw) -> _File:
    if not isinstance(csv_text, str) or not csv_text.strip():
        raise InvalidInput({"file": "The file is empty."})
    size = len(csv_text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f} MB"
        raise InvalidInput(
            {"file": f"The file is larger than 2 MB ({megabytes}); split it into smaller files."}
        )
    _allow_large_cells()
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff"), newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        header = [name.strip() for name in next(reader)]
        last = reader.line_num
        for cells in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as exc:
        raise InvalidInput({"file": f"Line {reader.line_num + 1} is not valid CSV: {exc}."}) from None
    _check_header(header)
    if not rows:
        raise InvalidInput({"file": "The file has a header row but no participants."})
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            {"file": f"This file has {len(rows)} rows; at most {MAX_ROWS} per file. Nothing was imported."}
        )
    return _File(header=header, rows=rows)


def _check_header(header: list[str]) -> None:
    problems = [f"unknown column {name[:60]!r}" for name in header if name not in COLUMNS]
    problems += [f"column {name!r} appears twice" for name in COLUMNS if header.count(name) > 1]
    problems += [f"missing column {name!r}" for name in ("username", "role") if name not in header]
    if problems:
        raise InvalidInput({"file": f"Check the header row: {'; '.join(problems)}."})


# ---------------------------------------------------------------------------------------------
# 2. Every row


@dataclass
class _Plan:
    """A row that passed every check: what to write."""

    line: int
    username: str
    user: User
    role: Role
    clean: dict[str, Any]
    existing: Participant | None


def _cells(header: list[str], cells: list[str]) -> dict[str, str]:
    return {name: (cells[index] if index < len(cells) else "") for index, name in enumerate(header)}


def _typed(column: str, raw: str) -> Any:
    if column in LIST_COLUMNS:
        return [item.strip() for item in raw.split(";") if item.strip()]
    if column in INT_COLUMNS:
        try:
            return int(raw)
        except ValueError:
            raise InvalidInput({column: "Must be a whole number."}) from None
    return raw


def _validate(
    program: Program, file: _File, *, progress: Callable[[int], None] | None = None
) -> tuple[list[_Plan], list[dict[str, Any]]]:
    """Check every row; returns what to write and every problem of every row."""
    header = file.header
    rows = [(line, _cells(header, cells), len(cells)) for line, cells in file.rows]
    names = {
        cells[column].strip()
        for _line, cells, _n in rows
        for column in ("username", "manager")
        if column in cells and 0 < len(cells[column].strip()) <= CELL_LIMITS[column]
    }
    enrolled = host.enrolled_users_by_username(names, program.course_key)
    catalog = {skill.slug: skill for skill in program.skills.all()}
    existing = {
        participant.user_id: participant
        for participant in Participant.objects.filter(program=program).annotate(
            open_as_mentor=Count("pairs_as_mentor", filter=Q(pairs_as_mentor__status__in=OPEN_PAIR_STATUSES))
        )
    }
    first_row: dict[str, int] = {}
    plans: list[_Plan] = []
    problems: list[dict[str, Any]] = []
    for index, (line, cells, width) in enumerate(rows):
        if progress is not None and index and index % PROGRESS_EVERY == 0:
            progress(index)
        errors = inputs.FieldErrors()

        if width > len(header):
            errors.add("row", f"This row has {width} cells; the header has {len(header)} columns.")
        too_long = set()
        for column, value in cells.items():
            limit = CELL_LIMITS.get(column, MAX_CELL)
            if len(value.strip()) > limit:
                errors.add(column, f"At most {limit} characters.")
                too_long.add(column)
        username = cells["username"].strip() if "username" not in too_long else ""
        if "username" not in too_long:
            if not username:
                errors.add("username", "A username is required.")
            elif username in first_row:
                errors.add(
                    "username", f"Also on row {first_row[username]}: each person appears once per file."
                )
            elif username not in enrolled:
                errors.add("username", admission.not_enrolled(username))
            first_row.setdefault(username, line)
        user = enrolled.get(username)
        participant = existing.get(user.pk) if user is not None else None
        role = None
        raw_role = cells["role"].strip()
        if "role" not in too_long:
            if raw_role not in {r.value for r in Role}:
                errors.add(
                    "role",
                    "Must be one of: mentor, mentee."
                    if raw_role
                    else "A role is required: mentor or mentee.",
                )
            else:
                role = Role(raw_role)
                if participant is not None and participant.role != role:
                    errors.add(
                        "role", f"{username} already takes part as {participant.role}; their role stays."
                    )
        profile: dict[str, Any] = {}
        for column in header:
            if column in ("username", "role") or column in too_long:
                continue
            raw = cells[column].strip()
            if not raw:
                continue
            errors.clean(profile, column, _typed, column, raw)
        clean, field_errors = participant_services.clean_profile_fields(
            program,
            role,
            profile,
            user_id=user.pk if user is not None else None,
            catalog=catalog,
            managers=enrolled,
        )
        errors.extend(field_errors)
        capacity = clean.get("capacity")
        if (
            participant is not None
            and role is Role.MENTOR
            and capacity is not None
            and capacity < participant.open_as_mentor
        ):
            errors.add(
                "capacity",
                f"{username} has {participant.open_as_mentor} open pairs; "
                f"close some before lowering capacity to {capacity}.",
            )
        if errors:
            problems.append({"row": line, "username": username, "errors": errors.errors})
        else:
            # A row without errors found its user and role.
            assert user is not None
            assert role is not None
            plans.append(_Plan(line, username, user, role, clean, participant))
    return plans, problems


def _summary(problems: list[dict[str, Any]], total: int) -> str:
    return (
        f"{len(problems)} of {total} rows have problems, so nothing was imported. "
        "Correct them and import the whole file again."
    )


# ---------------------------------------------------------------------------------------------
# 3. Writing every row, in one transaction


def _write(program: Program, plans: list[_Plan]) -> list[dict[str, Any]]:
    """Write checked rows; the caller holds the transaction and the program's lock."""
    now = timezone.now()
    new = [plan for plan in plans if plan.existing is None]
    old = [plan for plan in plans if plan.existing is not None]
    skills: list[tuple[_Plan, str, list[Any]]] = []

    rows = []
    for plan in new:
        clean = dict(plan.clean)
        skills += [(plan, name, clean.pop(name)) for name in SKILL_COLUMNS if name in clean]
        clean.setdefault("capacity", program.default_capacity if plan.role is Role.MENTOR else 1)
        if plan.role is Role.MENTEE:
            clean["capacity"] = 1
        rows.append(Participant(program=program, user=plan.user, role=plan.role, **clean))
    guard_integrity(
        lambda: Participant.objects.bulk_create(rows),
        "Someone joined this program while the file was being imported; import it again.",
    )

    fields: set[str] = set()
    locked: dict[int, Participant] = {}
    for chunk in _chunks([plan.existing.pk for plan in old]):  # type: ignore[union-attr]  # old ones have it
        locked.update(lock_participants(chunk))
    updated = []
    for plan in old:
        participant = locked[plan.existing.pk]  # type: ignore[union-attr]  # old plans have a row
        clean = dict(plan.clean)
        skills += [(plan, name, clean.pop(name)) for name in SKILL_COLUMNS if name in clean]
        for name, value in clean.items():
            setattr(participant, name, value)
        fields.update(clean)
        participant.modified = now
        updated.append(participant)
    if updated:
        Participant.objects.bulk_update(updated, sorted(fields | {"modified"}))
        _reseat([p for p in updated if p.role == Role.MENTOR and "capacity" in fields])

    ids = dict(Participant.objects.filter(program=program).values_list("user_id", "pk"))
    for name in SKILL_COLUMNS:
        through = getattr(Participant, name).through
        chosen = [(ids[plan.user.pk], slugs) for plan, field, slugs in skills if field == name]
        for chunk in _chunks([pk for pk, _slugs in chosen]):
            through.objects.filter(participant_id__in=chunk).delete()
        through.objects.bulk_create(
            [
                through(participant_id=pk, skill_id=skill.pk)
                for pk, chosen_skills in chosen
                for skill in chosen_skills
            ]
        )

    for plan in new:
        events.emit("participant.joined", program=program, role=plan.role.value, user_id=plan.user.pk)
    results = [{"row": plan.line, "username": plan.username, "status": "added"} for plan in new]
    results += [{"row": plan.line, "username": plan.username, "status": "updated"} for plan in old]
    return sorted(results, key=lambda result: result["row"])


def _reseat(mentors: list[Participant]) -> None:
    """Keep every open pair of mentors whose capacity changed on a seat within it (checked)."""
    by_mentor: dict[int, list[Pair]] = {}
    for chunk in _chunks([mentor.pk for mentor in mentors]):
        for pair in (
            Pair.objects.select_for_update()
            .filter(mentor_id__in=chunk, status__in=OPEN_PAIR_STATUSES)
            .order_by("mentor_seat")
        ):
            by_mentor.setdefault(pair.mentor_id, []).append(pair)
    moved = []
    for mentor in mentors:
        pairs = by_mentor.get(mentor.pk, [])
        free = iter(sorted(set(range(1, mentor.capacity + 1)) - {pair.mentor_seat for pair in pairs}))
        for pair in pairs:
            if pair.mentor_seat > mentor.capacity:  # type: ignore[operator]  # an open pair holds a seat
                pair.mentor_seat = next(free)
                moved.append(pair)
    if moved:
        Pair.objects.bulk_update(moved, ["mentor_seat"])


@one_transaction
def _check_and_write(program_uuid: UUID | str, file: _File) -> list[dict[str, Any]]:
    program = load.program_row(program_uuid, for_update=True)
    admission.refuse_closed(program, "imports")
    plans, problems = _validate(program, file)
    if problems:
        raise InvalidRows(_summary(problems, len(file.rows)), problems)
    return _write(program, plans)


# ---------------------------------------------------------------------------------------------
# The services


def _import_data(record: ParticipantImport, program: Program) -> ParticipantImportData:
    return ParticipantImportData(
        id=record.pk,
        program_uuid=program.uuid,
        course_key=program.course_key,
        status=ImportStatus(record.status),
        progress=record.progress,
        row_count=record.row_count,
        results=tuple(record.results),
        problems=tuple(record.problems),
        detail=record.detail,
        created=record.created,
        finished_at=record.finished_at,
    )


def import_participants(
    program_uuid: UUID | str, *, csv_text: inputs.Raw, user: User | None = None
) -> ParticipantImportData:
    """Import a CSV file of participants: every row, or none (see the module docstring).

    Small files are checked and written now: the result is ``done`` with one result per row,
    or ``InvalidRows`` (nothing written) with every problem of every row. Files of more than
    ``REVMENTOR_IMPORT_ASYNC_THRESHOLD`` rows are queued: the result is ``pending`` with an
    ``id`` to follow through ``get_import``.
    """
    program = load.program_row(program_uuid)
    admission.refuse_closed(program, "imports")
    file = _read_file(csv_text)
    if len(file.rows) > _threshold():
        record = ParticipantImport.objects.create(
            program=program,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            row_count=len(file.rows),
            csv_text=csv_text,
        )
        enqueue(IMPORT_PARTICIPANTS, record.pk)
        return _import_data(record, program)
    results = _check_and_write(program.uuid, file)
    return ParticipantImportData(
        id=None,
        program_uuid=program.uuid,
        course_key=program.course_key,
        status=ImportStatus.DONE,
        progress=100,
        row_count=len(file.rows),
        results=tuple(results),
        problems=(),
        detail="",
        created=None,
        finished_at=None,
    )


def run_import(import_id: int) -> None:
    """Check and write a recorded import (the Celery task's work); never raises.

    Rows are checked once with progress reports, then again inside the writing transaction,
    under the program's lock, so that nothing that changed meanwhile slips through.
    """
    claimed = ParticipantImport.objects.filter(pk=import_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING, progress=5
    )
    if not claimed:
        return
    record = ParticipantImport.objects.select_related("program").get(pk=import_id)
    outcome: dict[str, Any] = {}
    try:
        file = _read_file(record.csv_text)
        total = len(file.rows)

        def report(done: int) -> None:
            ParticipantImport.objects.filter(pk=import_id).update(progress=5 + 80 * done // total)

        _plans, problems = _validate(record.program, file, progress=report)
        if problems:
            raise InvalidRows(_summary(problems, total), problems)
        ParticipantImport.objects.filter(pk=import_id).update(progress=85)
        results = _check_and_write(record.program.uuid, file)
        outcome = {"status": ImportStatus.DONE, "results": results}
    except InvalidRows as exc:
        outcome = {"status": ImportStatus.REJECTED, "problems": exc.rows, "detail": exc.message}
    except RevMentorError as exc:
        outcome = {"status": ImportStatus.FAILED, "detail": f"{exc.message} Nothing was imported."}
    except Exception:
        log.exception("revmentor: participant import %s failed", import_id)
        outcome = {
            "status": ImportStatus.FAILED,
            "detail": "The import failed; nothing was imported.",
        }
    ParticipantImport.objects.filter(pk=import_id).update(
        progress=100, csv_text="", finished_at=timezone.now(), **outcome
    )


def get_import(program_uuid: UUID | str, import_id: inputs.Raw) -> ParticipantImportData:
    """A recorded import of the program, with its progress and report."""
    program = load.program_row(program_uuid)
    try:
        record = ParticipantImport.objects.get(program=program, pk=int(import_id))
    except (ParticipantImport.DoesNotExist, TypeError, ValueError):
        raise NotFound("No such import in this program.") from None
    return _import_data(record, program)


# ---------------------------------------------------------------------------------------------
# Retirement


def _scrub_csv(text: str, username: str) -> tuple[str, int]:
    """The file without the user's rows, and with them blanked as anyone's manager."""
    _allow_large_cells()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [name.strip() for name in next(reader)]
        kept = [header]
        for cells in reader:
            row = _cells(header, cells)
            if row.get("username", "").strip() == username:
                continue
            if "manager" in row and row["manager"].strip() == username:
                cells = [*cells]
                cells[header.index("manager")] = ""
            kept.append(cells)
    except csv.Error:
        return "", 0  # unreadable: the task will refuse it anyway
    out = io.StringIO()
    csv.writer(out).writerows(kept)
    return out.getvalue(), sum(1 for cells in kept[1:] if any(cell.strip() for cell in cells))


def _scrub_report(items: Iterable[dict[str, Any]], username: str) -> list[dict[str, Any]]:
    quoted = repr(username)
    kept = []
    for item in items:
        if item.get("username") == username:
            continue
        if "errors" in item:
            item = {
                **item,
                "errors": {
                    column: [message.replace(quoted, "'[removed]'") for message in messages]
                    for column, messages in item["errors"].items()
                },
            }
        kept.append(item)
    return kept


def forget_user_in_imports(user: User) -> None:
    """Remove a retired user from every recorded import: their rows of the reports, their name
    in others' messages (as a manager), their rows of a file not yet processed, and who asked.

    Any import may name them, not only those of programs they joined (a rejected row names
    someone who never took part), and imports are few: every record is read.
    """
    username = user.username
    ParticipantImport.objects.filter(requested_by_id=user.pk).update(requested_by=None)
    for record in ParticipantImport.objects.all().iterator():
        changes: dict[str, Any] = {}
        for field in ("results", "problems"):
            kept = _scrub_report(getattr(record, field), username)
            if kept != getattr(record, field):
                changes[field] = kept
        if username in record.csv_text:
            changes["csv_text"], changes["row_count"] = _scrub_csv(record.csv_text, username)
        if changes:
            ParticipantImport.objects.filter(pk=record.pk).update(**changes)
