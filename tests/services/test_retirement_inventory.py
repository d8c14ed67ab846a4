"""Account retirement, field by field: one test per line of ADR 0008's retirement inventory.

One world is built through the services, with the retiree's words and name in every place they
can be (profile, pairs declined, closed by staff and withdrawn from, goals, notes, reflections,
pulses, matching runs pinned, forbidden, proposed, unmatched, rejected and skipped, reminder
logs), and read through the channels people use: the REST pair detail as each partner sees it,
the staff's pair list and CSV export, the matching runs as staff see them, the participant list.
It is read before retirement, after retiring once, after retiring again, and after the platform
has then renamed the accounts as Open edX retirement does. Each test checks one field.

The world is built once for the module inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Q

from revmentor_plugin import services
from revmentor_plugin.models import (
    AgreementAcceptance,
    ConfidenceRating,
    FrozenFigures,
    Goal,
    HealthSnapshot,
    IdempotencyRecord,
    MatchingRun,
    OutcomeRecord,
    Pair,
    Participant,
    ParticipantImport,
    PlannedSession,
    Program,
    PulseCheck,
    Reflection,
    ReminderLog,
    SessionLog,
    Skill,
)
from revmentor_plugin.services import dates, idempotency, privacy
from revmentor_plugin.services.reminders import AGREEMENT_REMINDER_DAYS, send_reminders
from tests import factories
from tests.api.conftest import API, client_for

# The module's world is read once (``states``); the mark has pytest-django set the database up.
pytestmark = pytest.mark.django_db

ADR = Path(__file__).resolve().parents[2] / "docs" / "decisions" / "0008-retirement-inventory.rst"
RETIREE, STAFF = "rtr_zed", "stf_yod"
# The retiree's own words and profile values, each unique in the world.
WORDS = {
    "department": "dept_r",
    "learning_preferences": "lp_r wants pairing",
    "motivations": "mot_r stay current",
    "answer": "ans_r",
    "interest": "kitesurf_r",
    "decline": "decline_r: not my style",
    "staff_close": f"staffnote_r: closing {RETIREE}'s pair",
    "withdraw": "withdraw_r: too busy",
    "goal": "goal_r read a notebook",
    "goal_details": "gdetail_r by Friday",
    "notes": "notes_r we met",
    "body": "body_r I was lost",
    "prompt": "prompt_r what did you learn",
    "place": "place_r Cafe Rue 5",
}
REASON_REMOVED = "The reason given was removed when a participant's account was retired."
# The partner's words: theirs, so they stay.
PARTNER_WORDS = ("goal_p own goal", "notes_p my notes", "body_p my view")


# ---------------------------------------------------------------------------------------------
# The world


def _build() -> SimpleNamespace:
    a = factories.program(name="Programme A")
    services.update_program(a.uuid, diversity_enabled=True, matching_weights={"diversity": 1.0})
    b = factories.program(name="Programme B")
    staff = factories.course_staff(STAFF)
    rtr = factories.enrolled(RETIREE)
    factories.enrolled("boss_q")
    users = {
        name: factories.enrolled(name) for name in ("ptn_p", "mtwo", "mthree", "klingon_k", "rep_r", "mfour")
    }

    factories.join(a, users["klingon_k"], "mentor", languages=["tlh"])
    factories.join(
        a,
        rtr,
        "mentee",
        ratings={"python": 2},
        skills_sought=["python"],
        interests=[WORDS["interest"]],
        languages=["en", "fr"],
        timezone="Europe/Paris",
        seniority=8,
        department=WORDS["department"],
        manager="boss_q",
        learning_preferences=WORDS["learning_preferences"],
        motivations=WORDS["motivations"],
        self_description={"q_gen": WORDS["answer"]},
    )
    unmatched_run = services.start_matching_run(a.uuid, user=staff)  # nobody speaks the retiree's language

    factories.join(a, users["mtwo"], "mentor")
    declined = services.propose_pair(a.uuid, mentor="mtwo", mentee=RETIREE)
    services.decline_pair(declined.uuid, user=rtr, reason=WORDS["decline"])

    factories.join(
        a,
        users["ptn_p"],
        "mentor",
        ratings=factories.leadership_ratings(a, 3),
        skills_offered=["python"],
        interests=[WORDS["interest"]],
        department="dept_p",
    )
    skipped_run = services.start_matching_run(a.uuid, user=staff)
    factories.join(a, users["mthree"], "mentor")
    by_hand = services.propose_pair(a.uuid, mentor="mthree", mentee=RETIREE)
    services.publish_matching_run(a.uuid, skipped_run.id)  # the retiree now has an open pair: skipped
    services.close_pair(by_hand.uuid, reason=WORDS["staff_close"])

    rejected_run = services.start_matching_run(
        a.uuid, user=staff, pinned=[["klingon_k", RETIREE]], forbidden=[["mthree", RETIREE]]
    )
    published_run = services.start_matching_run(
        a.uuid, user=staff, pinned=[["ptn_p", RETIREE]], forbidden=[["mtwo", RETIREE]]
    )
    services.publish_matching_run(a.uuid, published_run.id)
    (pair,) = services.pairs_of_program(a.uuid, user_id=rtr.pk, statuses=["proposed"])
    # Neither has accepted yet: both are reminded on the first reminder day after the proposal.
    send_reminders(today=dates.today() + dt.timedelta(days=AGREEMENT_REMINDER_DAYS[0]))
    # A queued CSV import that names the retiree: a row of theirs in the file not yet processed,
    # an added row and a rejected row naming them as a manager, and the staff member who asked.
    ParticipantImport.objects.create(
        program=Program.objects.get(uuid=a.uuid),
        requested_by=staff,
        row_count=2,
        csv_text=f"username,role\n{RETIREE},mentee\nptn_p,mentor\n",
        results=[
            {"row": 2, "username": RETIREE, "status": "added"},
            {"row": 3, "username": "ptn_p", "status": "added"},
        ],
        problems=[
            {
                "row": 4,
                "username": "mfour",
                "errors": {"manager": [f"No learner named {RETIREE!r} is enrolled in this course."]},
            }
        ],
    )
    # Answers kept for Idempotency-Key repeats (ADR 0010) quote what each person sent.
    for user, key in ((rtr, "retiree-key"), (users["ptn_p"], "partner-key")):
        with idempotency.idempotent(user, scope="test", key=key, fingerprint="f") as attempt:
            attempt.keep(201, json.dumps({"title": f"{user.username}'s kept answer"}))
    services.accept_agreement(pair.uuid, user=rtr)
    services.accept_agreement(pair.uuid, user=users["ptn_p"])

    partner = users["ptn_p"]
    services.add_goal(pair.uuid, user=rtr, title=WORDS["goal"], details=WORDS["goal_details"])
    services.add_goal(pair.uuid, user=partner, title=PARTNER_WORDS[0])
    for user, notes in ((rtr, WORDS["notes"]), (partner, PARTNER_WORDS[1])):
        services.log_session(
            pair.uuid, user=user, occurred_on="2026-01-05", duration_minutes=30, led_by="mentor", notes=notes
        )
    soon = f"{dates.today() + dt.timedelta(days=7)}T10:00"
    services.propose_session(
        pair.uuid, user=rtr, starts_at=soon, duration_minutes=30, location=WORDS["place"]
    )
    services.write_reflection(
        pair.uuid, user=rtr, body=WORDS["body"], prompt=WORDS["prompt"], visibility="pair"
    )
    services.write_reflection(pair.uuid, user=rtr, body=WORDS["body"] + " (private)", visibility="private")
    services.write_reflection(pair.uuid, user=partner, body=PARTNER_WORDS[2], visibility="pair")
    factories.pulse(pair, rtr, 1, 2, 3, 4, 5, learner_comfort=2)  # the retiree is the mentee
    factories.pulse(pair, partner, 1, 2, 3, 4, 5)
    factories.join(a, users["rep_r"], "mentor", manager=RETIREE)

    # A milestone of the organizational outcome the staff member recorded (issue 16).
    services.record_outcome(
        a.uuid, user=staff, measure="Leaders on the dashboard", value=7, recorded_on=dates.today(), note="Q1"
    )

    factories.join(b, rtr, "mentee")
    factories.join(b, users["mfour"], "mentor")
    withdrawn = services.propose_pair(b.uuid, mentor="mfour", mentee=RETIREE)
    services.withdraw_participant(b.uuid, RETIREE, reason=WORDS["withdraw"])

    return SimpleNamespace(
        programs=(a, b),
        staff=staff,
        retiree=rtr,
        partner=partner,
        users=users,
        pair=pair,
        # each of the retiree's pairs, with the person who reads it from the other side
        pair_views=(
            (pair.uuid, partner),
            (declined.uuid, users["mtwo"]),
            (by_hand.uuid, users["mthree"]),
            (withdrawn.uuid, users["mfour"]),
        ),
        runs=(unmatched_run.id, skipped_run.id, rejected_run.id, published_run.id),
    )


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _channels(w: SimpleNamespace) -> dict[str, str]:
    """What people read, as text: REST and CSV, through the real API."""
    staff = client_for(w.staff)
    pairs = [_get(client_for(viewer), f"{API}pairs/{uuid}/") for uuid, viewer in w.pair_views]
    pairs += [_get(client_for(viewer), f"{API}me/pairs/") for _uuid, viewer in w.pair_views]
    pairs += [_get(staff, f"{API}programs/{p.uuid}/pairs/") for p in w.programs]
    runs = [_get(staff, f"{API}programs/{w.programs[0].uuid}/matching-runs/{run}/") for run in w.runs]
    partner = client_for(w.partner)
    return {
        "pairs": "\n".join(pairs),
        "csv": "\n".join(_get(staff, f"{API}programs/{p.uuid}/report/?format=csv") for p in w.programs),
        "runs": "\n".join(runs),
        "participants": "\n".join(_get(staff, f"{API}programs/{p.uuid}/participants/") for p in w.programs),
        "outcomes": _get(staff, f"{API}programs/{w.programs[0].uuid}/outcome-records/"),
        "pair_content": "\n".join(
            _get(partner, f"{API}pairs/{w.pair.uuid}/{what}/")
            for what in ("goals", "sessions", "reflections")
        ),
    }


def _dump() -> str:
    """Every revmentor row, every field, as text."""
    rows = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("revmentor").get_models()
    }
    return json.dumps(rows, default=str, sort_keys=True)


# ---------------------------------------------------------------------------------------------
# The inventory: one row per field that can hold a person's words or name (ADR 0008).


def _theirs(w):
    return Participant.objects.filter(user=w.retiree).order_by("pk")


def _their_pairs(w):
    return Pair.objects.filter(Q(mentor__user=w.retiree) | Q(mentee__user=w.retiree)).order_by("pk")


def _participant(name):
    return lambda w: [getattr(p, name) for p in _theirs(w)]


def _runs(w):
    return MatchingRun.objects.filter(program__uuid=w.programs[0].uuid).order_by("pk")


def _names_retiree(value: Any, w) -> bool:
    return RETIREE in json.dumps(value)


@dataclass(frozen=True)
class Row:
    field: str  # Model.field, as ADR 0008 names it
    probe: Any  # world -> the field's values that matter, read from the database
    after: Any  # the probe's value after retirement, or a predicate(value, world)
    before: Any = None  # predicate(value, world) that the world really holds something to remove
    channels: tuple[str, ...] = ()  # where the retiree's words below must be gone from
    words: tuple[str, ...] = ()
    kept: tuple[str, ...] = field(default=())  # others' words that must stay in those channels


ROWS = [
    Row("Participant.user", lambda w: _theirs(w).count(), 2),
    # The retiree's interest is also the partner's, so it stays in the partner's profile.
    Row(
        "Participant.interests",
        _participant("interests"),
        [[], []],
        before=lambda v, w: v[0] == [WORDS["interest"]],
    ),
    Row(
        "Participant.languages", _participant("languages"), [[], []], before=lambda v, w: v[0] == ["en", "fr"]
    ),
    Row(
        "Participant.timezone",
        _participant("timezone"),
        ["UTC", "UTC"],
        before=lambda v, w: "Europe/Paris" in v,
    ),
    Row("Participant.seniority", _participant("seniority"), [None, None], before=lambda v, w: 8 in v),
    Row(
        "Participant.department",
        _participant("department"),
        ["", ""],
        channels=("participants",),
        words=(WORDS["department"],),
    ),
    Row(
        "Participant.manager",
        lambda w: (
            [p.manager_id for p in _theirs(w)]
            + list(Participant.objects.filter(user__username="rep_r").values_list("manager_id", flat=True))
        ),
        [None, None, None],
        before=lambda v, w: w.retiree.pk in v,
        channels=("participants",),
        words=(f'"manager":"{RETIREE}"',),
    ),
    Row(
        "Participant.learning_preferences",
        _participant("learning_preferences"),
        ["", ""],
        channels=("participants",),
        words=(WORDS["learning_preferences"],),
    ),
    Row(
        "Participant.motivations",
        _participant("motivations"),
        ["", ""],
        channels=("participants",),
        words=(WORDS["motivations"],),
    ),
    Row("Participant.self_description", _participant("self_description"), [{}, {}], before=lambda v, w: v[0]),
    Row("Participant.reminders_opt_out", _participant("reminders_opt_out"), [True, True]),
    Row(
        "Participant.skills_offered",
        lambda w: [list(p.skills_offered.values_list("slug", flat=True)) for p in _theirs(w)],
        [[], []],
    ),
    Row(
        "Participant.skills_sought",
        lambda w: [list(p.skills_sought.values_list("slug", flat=True)) for p in _theirs(w)],
        [[], []],
        before=lambda v, w: v[0] == ["python"],
    ),
    Row(
        "Pair.explanation",
        lambda w: [p.explanation for p in _their_pairs(w)],
        lambda v, w: v == [[]] * len(v) and len(v) == 4,
        before=lambda v, w: any(WORDS["department"] in str(lines) for lines in v),
        channels=("pairs",),
        words=(WORDS["department"], WORDS["interest"]),
    ),
    Row(
        "Pair.closed_reason",
        lambda w: [p.closed_reason for p in _their_pairs(w)],
        [
            REASON_REMOVED,  # declined with the retiree's words
            REASON_REMOVED,  # closed by staff with theirs
            privacy.RETIRED_REASON,  # open until retirement
            REASON_REMOVED,  # withdrawn from, with the retiree's words
        ],
        channels=("pairs", "csv"),
        words=(WORDS["decline"], WORDS["staff_close"], WORDS["withdraw"]),
    ),
    Row(
        "Pair.score",
        lambda w: [p.score for p in _their_pairs(w)],
        lambda v, w: v[2] is not None and v[2] > 0,
    ),
    Row(
        "Goal.title",
        lambda w: sorted(Goal.objects.filter(pair__uuid=w.pair.uuid).values_list("title", flat=True)),
        sorted([privacy.REMOVED, PARTNER_WORDS[0]]),
        channels=("pair_content",),
        words=(WORDS["goal"],),
        kept=(PARTNER_WORDS[0],),
    ),
    Row(
        "Goal.details",
        lambda w: sorted(Goal.objects.filter(pair__uuid=w.pair.uuid).values_list("details", flat=True)),
        ["", ""],
        channels=("pair_content",),
        words=(WORDS["goal_details"],),
    ),
    Row(
        "SessionLog.notes",
        lambda w: sorted(SessionLog.objects.filter(pair__uuid=w.pair.uuid).values_list("notes", flat=True)),
        ["", PARTNER_WORDS[1]],
        channels=("pair_content",),
        words=(WORDS["notes"],),
        kept=(PARTNER_WORDS[1],),
    ),
    Row(
        "PlannedSession.location",
        lambda w: sorted(
            PlannedSession.objects.filter(pair__uuid=w.pair.uuid).values_list("location", flat=True)
        ),
        [""],
        before=lambda v, w: v == [WORDS["place"]],
    ),
    Row(
        "PlannedSession.timezone",
        lambda w: sorted(
            PlannedSession.objects.filter(pair__uuid=w.pair.uuid).values_list("timezone", flat=True)
        ),
        ["UTC"],
        before=lambda v, w: v == ["Europe/Paris"],
    ),
    Row(
        "Reflection.body",
        lambda w: sorted(Reflection.objects.filter(pair__uuid=w.pair.uuid).values_list("body", flat=True)),
        [PARTNER_WORDS[2]],
        channels=("pair_content",),
        words=(WORDS["body"],),
        kept=(PARTNER_WORDS[2],),
    ),
    Row(
        "Reflection.prompt",
        lambda w: list(Reflection.objects.filter(prompt=WORDS["prompt"]).values_list("pk", flat=True)),
        [],
        before=lambda v, w: len(v) == 1,
        channels=("pair_content",),
        words=(WORDS["prompt"],),
    ),
    *(
        Row(
            f"PulseCheck.{name}",
            lambda w, name=name: sorted(
                PulseCheck.objects.filter(pair__uuid=w.pair.uuid).values_list("author__user__username", name)
            ),
            lambda v, w: [author for author, _answer in v] == ["ptn_p"],
        )
        for name in (*factories.PULSE_DIMENSIONS, "learner_comfort")
    ),
    # Confidence on joining (issue 16): the retiree's rating goes, the partner's stays.
    Row(
        "ConfidenceRating.value",
        lambda w: sorted(
            ConfidenceRating.objects.filter(participant__program__uuid=w.programs[0].uuid).values_list(
                "participant__user__username", "value"
            )
        ),
        lambda v, w: {author for author, _value in v} == {"ptn_p"},
        before=lambda v, w: (RETIREE, 2) in v,
    ),
    Row(
        "MatchingRun.requested_by",
        lambda w: list(MatchingRun.objects.filter(requested_by=w.staff).values_list("pk", flat=True)),
        [],
        before=lambda v, w: len(v) == 4,
    ),
    *(
        Row(
            f"MatchingRun.{name}",
            lambda w, name=name: [getattr(run, name) for run in _runs(w)],
            lambda v, w: not _names_retiree(v, w),
            before=lambda v, w: _names_retiree(v, w),
            channels=("runs",),
            words=(RETIREE,),
        )
        for name in ("pinned", "forbidden", "proposals", "unmatched", "publish_report")
    ),
    Row(
        "MatchingRun.stats",
        lambda w: [run.stats.get("rejected_pins") for run in _runs(w)],
        lambda v, w: v[2] == [] and not _names_retiree(v, w),
        before=lambda v, w: [pin[:2] for pin in v[2]] == [[w.users["klingon_k"].pk, w.retiree.pk]],
    ),
    Row("MatchingRun.error", lambda w: [run.error for run in _runs(w)], ["", "", "", ""]),
    Row(
        "ReminderLog.user",
        lambda w: sorted(ReminderLog.objects.values_list("user__username", flat=True)),
        ["ptn_p"],
        before=lambda v, w: RETIREE in v,
    ),
    Row(
        "OutcomeRecord.recorded_by",
        lambda w: list(OutcomeRecord.objects.values_list("recorded_by__username", flat=True)),
        [None],
        before=lambda v, w: v == [STAFF],
        channels=("outcomes",),
        words=(f'"recorded_by":"{STAFF}"',),
    ),
    # Staff's words in their role, course content like the program's texts (ADR 0008).
    *(
        Row(
            f"OutcomeRecord.{name}",
            lambda w, name=name: list(OutcomeRecord.objects.values_list(name, flat=True)),
            "unchanged",
            before=lambda v, w: len(v) == 1 and v[0],
        )
        for name in ("measure", "note")
    ),
    Row(
        "ParticipantImport.requested_by",
        lambda w: list(ParticipantImport.objects.values_list("requested_by__username", flat=True)),
        [None],
        before=lambda v, w: v == [STAFF],
    ),
    *(
        Row(
            f"ParticipantImport.{name}",
            lambda w, name=name: list(ParticipantImport.objects.values_list(name, flat=True)),
            lambda v, w: not _names_retiree(v, w) and "ptn_p" in json.dumps(v),
            before=lambda v, w: _names_retiree(v, w),
        )
        for name in ("csv_text", "results")
    ),
    Row(
        "ParticipantImport.problems",
        lambda w: list(ParticipantImport.objects.values_list("problems", flat=True)),
        lambda v, w: not _names_retiree(v, w) and "mfour" in json.dumps(v),
        before=lambda v, w: _names_retiree(v, w),
    ),
    Row(
        "ParticipantImport.detail",
        lambda w: list(ParticipantImport.objects.values_list("detail", flat=True)),
        [""],
    ),
    Row(
        "IdempotencyRecord.user",
        lambda w: sorted(IdempotencyRecord.objects.values_list("user__username", flat=True)),
        ["ptn_p"],
        before=lambda v, w: RETIREE in v,
    ),
    Row(
        "IdempotencyRecord.response_body",
        lambda w: sorted(IdempotencyRecord.objects.values_list("response_body", flat=True)),
        ['{"title": "ptn_p\'s kept answer"}'],
        before=lambda v, w: any(RETIREE in body for body in v),
    ),
    Row(
        "ReminderLog.pairs",
        lambda w: list(ReminderLog.objects.values_list("pairs", flat=True)),
        lambda v, w: v == [[str(w.pair.uuid)]],
        before=lambda v, w: len(v) == 2,
    ),
    *(
        Row(
            f"Program.{name}",
            lambda w, name=name: list(Program.objects.values_list(name, flat=True)),
            "unchanged",
        )
        for name in (
            "name",
            "description",
            "organizational_outcome",
            "expectations",
            "previous_expectations",
            "mentor_label",
            "mentee_label",
            "leadership_items",
        )
    ),
    *(
        Row(
            f"Skill.{name}",
            lambda w, name=name: sorted(Skill.objects.values_list(name, flat=True)),
            "unchanged",
        )
        for name in ("name", "slug")
    ),
    # Report figures frozen per closed month (ADR 0003): groups of at least the minimum size,
    # no name, and never recomputed, so retirement leaves them as they were published.
    Row(
        "FrozenFigures.figures",
        lambda w: list(FrozenFigures.objects.order_by("pk").values_list("figures", flat=True)),
        "unchanged",
    ),
]

# Every other field of every model: ids, links to the rows above, dates, statuses, roles, choices,
# numbers and settings. None can hold words or a name.
NO_WORDS = {
    Program: (
        "id",
        "created",
        "modified",
        "uuid",
        "course_key",
        "expectations_version",
        "expectations_changed_at",
        "cadence_days",
        "start_date",
        "end_date",
        "status",
        "default_capacity",
        "matching_weights",
        "diversity_enabled",
        "pairing_unit",
    ),
    Skill: ("id", "program"),
    Participant: ("id", "created", "modified", "program", "role", "status", "capacity"),
    Pair: (
        "id",
        "created",
        "modified",
        "uuid",
        "program",
        "mentor",
        "mentee",
        "status",
        "source",
        "mentee_open",
        "mentor_seat",
        "activated_at",
        "closed_at",
        # reason codes with roles, dates and counts as params (ADR 0016): worded when read
        "health_status",
        "health_reasons",
        "health_next_planned",
        "health_on",
    ),
    AgreementAcceptance: ("id", "pair", "participant", "expectations_version", "accepted_at"),
    Goal: (
        "id",
        "created",
        "modified",
        "pair",
        "owner",
        "skill",
        "usage_key",
        "target_date",
        "status",
        "progress",
        "created_by",
    ),
    PlannedSession: (
        "id",
        "created",
        "modified",
        "pair",
        "uid",
        "sequence",
        "status",
        "starts_at",
        "duration_minutes",
        "mode",
        "proposed_by",
        "confirmed_at",
        "session",
    ),
    SessionLog: (
        "id",
        "created",
        "modified",
        "pair",
        "occurred_on",
        "duration_minutes",
        "mode",
        "led_by",
        "logged_by",
        "confirmed_at",
        "skills",
        "goals",
    ),
    Reflection: ("id", "pair", "author", "session", "visibility", "created"),
    PulseCheck: ("id", "pair", "author", "created"),
    ConfidenceRating: ("id", "participant", "kind", "key", "phase", "created"),
    MatchingRun: ("id", "program", "status", "progress", "created", "finished_at", "published_at"),
    ReminderLog: ("id", "program", "reason", "sent_on"),
    FrozenFigures: ("id", "program", "kind", "period", "respondents", "created"),
    HealthSnapshot: ("id", "program", "day", "on_track", "needs_attention", "at_risk", "total"),
    IdempotencyRecord: ("id", "scope", "key_digest", "fingerprint", "status", "created"),
    ParticipantImport: ("id", "program", "status", "progress", "row_count", "created", "finished_at"),
    OutcomeRecord: ("id", "created", "modified", "program", "value", "recorded_on"),
}


# ---------------------------------------------------------------------------------------------
# Reading the world four times


@pytest.fixture(scope="module")
def states(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = _build()
        states = {}

        def read(name):
            states[name] = {
                "probes": {row.field: row.probe(w) for row in ROWS},
                "channels": _channels(w),
                "dump": _dump(),
            }

        read("before")
        for retirement in ("once", "twice"):
            services.retire_user(w.retiree)
            services.retire_user(w.staff)
            read(retirement)
        # What the platform then does (AccountRetirementView): new username and e-mail.
        for user in (w.retiree, w.staff):
            user.username, user.email = f"retired__user_{user.pk}", f"retired__user_{user.pk}@retired.invalid"
            user.save()
        read("renamed")
        transaction.set_rollback(True)
    return w, states


# ---------------------------------------------------------------------------------------------
# The tests


def _row_id(row: Row) -> str:
    return row.field


def _fields(model) -> set[str]:
    return {f.name for f in model._meta.get_fields() if f.concrete or (f.many_to_many and not f.auto_created)}


def test_every_field_of_every_model_is_in_the_inventory_or_holds_no_words():
    inventory = {row.field for row in ROWS}
    assert len(inventory) == len(ROWS)
    for model in apps.get_app_config("revmentor").get_models():
        listed = {name.split(".", 1)[1] for name in inventory if name.split(".")[0] == model.__name__}
        assert listed.isdisjoint(NO_WORDS.get(model, ())), model
        assert listed | set(NO_WORDS.get(model, ())) == _fields(model), model.__name__


def test_adr_0008_lists_every_inventory_row():
    text = ADR.read_text()
    assert "Retirement inventory" in text
    for row in ROWS:
        assert f"``{row.field}``" in text, row.field


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_inventory_row(states, row):
    w, seen = states
    before, once, twice = (seen[name]["probes"][row.field] for name in ("before", "once", "twice"))
    if row.before is not None:
        assert row.before(before, w), (row.field, before)
    if row.after == "unchanged":
        assert once == before, row.field
    elif callable(row.after):
        assert row.after(once, w), (row.field, once)
    else:
        assert once == row.after, (row.field, once)
    assert twice == once, "retiring again changed it"
    for channel in row.channels:
        assert all(word in seen["before"]["channels"][channel] for word in row.words), (channel, row.words)
        for name in ("once", "twice", "renamed"):
            text = seen[name]["channels"][channel]
            assert not [word for word in row.words if word in text], (row.field, channel, name)
            assert all(word in text for word in row.kept), (row.field, channel, name)


def test_nothing_of_the_retirees_words_or_names_is_left_anywhere(states):
    _w, seen = states
    marks = (RETIREE, *(word for key, word in WORDS.items() if key != "interest"))
    assert all(mark in seen["before"]["dump"] for mark in marks)
    for name in ("once", "twice"):
        assert [mark for mark in marks if mark in seen[name]["dump"]] == [], name
    for channel, text in seen["renamed"]["channels"].items():
        assert [mark for mark in marks if mark in text] == [], channel
    # The partner's words are theirs.
    assert all(word in seen["renamed"]["dump"] for word in PARTNER_WORDS)


def test_retiring_twice_changes_nothing_more(states):
    _w, seen = states
    assert seen["twice"]["dump"] == seen["once"]["dump"]
    assert seen["twice"]["channels"] == seen["once"]["channels"]
