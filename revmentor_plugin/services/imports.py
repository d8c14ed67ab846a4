"""Adding many participants at once from a CSV file, with a report for every row.

Each row is its own transaction: good rows land, bad rows are reported with the fields that are
wrong, and nothing is half written. A row whose user already participates updates their profile.

Columns (a header row is required; only ``username`` and ``role`` are required):
``username, role, skills_offered, skills_sought, interests, languages, timezone, capacity,
seniority, department, manager, learning_preferences, motivations``. List columns separate
items with semicolons (``python; data-visualisation``).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction

from revmentor_plugin.services import inputs
from revmentor_plugin.services import participants as participant_services
from revmentor_plugin.services.errors import InvalidInput, RevMentorError

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
MAX_ROWS = 5000
MAX_BYTES = inputs.MAX_IMPORT_BYTES


def _profile(row: dict[str, str]) -> dict[str, Any]:
    profile: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for column in COLUMNS[2:]:
        raw = (row.get(column) or "").strip()
        if not raw:
            continue
        if column in LIST_COLUMNS:
            profile[column] = [item.strip() for item in raw.split(";") if item.strip()]
        elif column in INT_COLUMNS:
            try:
                profile[column] = int(raw)
            except ValueError:
                errors[column] = "Must be a whole number."
        else:
            profile[column] = raw
    if errors:
        raise InvalidInput(errors)
    return profile


def import_participants(program_uuid: Any, *, csv_text: Any) -> list[dict[str, Any]]:
    """Add or update one participant per CSV row; returns one result per row.

    Each result: ``row`` (1-based line number in the file), ``username``, ``status``
    (``added``, ``updated`` or ``error``) and, for errors, ``errors`` by field.
    """
    if not isinstance(csv_text, str) or not csv_text.strip():
        raise InvalidInput({"file": "The file is empty."})
    if len(csv_text.encode()) > MAX_BYTES:
        raise InvalidInput({"file": "The file is larger than 2 MB."})
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in ("username", "role") if name not in header]
    if unknown or missing:
        problems = [f"unknown column {name!r}" for name in unknown] + [
            f"missing column {name!r}" for name in missing
        ]
        raise InvalidInput({"file": f"Check the header row: {'; '.join(problems)}."})
    results = []
    for index, row in enumerate(reader):
        if index >= MAX_ROWS:
            raise InvalidInput({"file": f"At most {MAX_ROWS} rows per file."})
        line = reader.line_num
        username = (row.get("username") or "").strip()
        try:
            profile = _profile(row)
            existing = participant_services.find_participant(program_uuid, username) if username else None
            with transaction.atomic():
                if existing is not None:
                    if existing.role != (row.get("role") or "").strip():
                        raise InvalidInput({"role": f"{username} already takes part as {existing.role}."})
                    participant_services.update_participant(program_uuid, username, **profile)
                    status = "updated"
                else:
                    participant_services.add_participant(
                        program_uuid, username=username, role=(row.get("role") or "").strip(), profile=profile
                    )
                    status = "added"
        except RevMentorError as exc:
            results.append({"row": line, "username": username, "status": "error", "errors": exc.as_dict()})
            continue
        results.append({"row": line, "username": username, "status": status})
    return results
