"""Matching runs: compute proposals with the pure engine, review them, publish them as pairs.

A run takes the program's active participants who still have room: mentees without an open
pair, mentors with fewer open pairs than their capacity (the engine sees the seats left). It
never creates pairs by itself; publishing does, in one transaction, skipping any proposal that
is no longer valid and saying why. Cohorts above ``REVMENTOR_MATCHING_ASYNC_THRESHOLD`` people
are computed by a Celery task; smaller ones in the request.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from revmentor_plugin.data import MatchingRunData, Role
from revmentor_plugin.models import (
    OPEN_PAIR_STATUSES,
    MatchingRun,
    MatchingRunStatus,
    Pair,
    PairSource,
    PairStatus,
    Participant,
    ParticipantStatus,
    Program,
)
from revmentor_plugin.services import _common as c
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services.errors import InvalidInput, InvalidTransition, NotFound, RevMentorError

log = logging.getLogger(__name__)


def _run_data(run: MatchingRun, program: Program) -> MatchingRunData:
    return MatchingRunData(
        id=run.pk,
        program_uuid=program.uuid,
        course_key=program.course_key,
        status=run.status,
        progress=run.progress,
        pinned=tuple(tuple(p) for p in run.pinned),
        forbidden=tuple(tuple(p) for p in run.forbidden),
        proposals=tuple(run.proposals),
        unmatched=tuple(run.unmatched),
        stats=dict(run.stats),
        error=run.error,
        publish_report=dict(run.publish_report),
        created=run.created,
        finished_at=run.finished_at,
        published_at=run.published_at,
    )


def _check_roles(field: str, pairs: list[list[str]], roles: dict[str, str]) -> None:
    """Each ``[mentor, mentee]`` (``inputs`` has checked the shape) names an active mentor and
    mentee of the program."""
    for mentor, mentee in pairs:
        if roles.get(mentor) != Role.MENTOR or roles.get(mentee) != Role.MENTEE:
            raise InvalidInput(
                {field: f"{mentor} and {mentee} are not an active mentor and mentee of this program."}
            )


def _cohort_size(program: Program) -> int:
    return Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE).count()


def start_matching_run(
    program_uuid: Any, *, user: Any = None, pinned: Any = (), forbidden: Any = ()
) -> MatchingRunData:
    """Record a run and compute it now, or queue it for Celery when the cohort is large."""
    program = c.program_row(program_uuid)
    roles = dict(
        Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE).values_list(
            "user__username", "role"
        )
    )
    clean = inputs.MATCHING_RUN.clean({"pinned": pinned, "forbidden": forbidden})
    errors = {}
    for field in ("pinned", "forbidden"):
        try:
            _check_roles(field, clean[field], roles)
        except InvalidInput as exc:
            errors.update({key: msgs[0] for key, msgs in exc.errors.items()})
    if errors:
        raise InvalidInput(errors)
    both = {tuple(p) for p in clean["pinned"]} & {tuple(p) for p in clean["forbidden"]}
    if both:
        mentor, mentee = sorted(both)[0]
        raise InvalidInput({"forbidden": f"{mentor} and {mentee} are both pinned and forbidden."})
    run = MatchingRun.objects.create(
        program=program,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        pinned=clean["pinned"],
        forbidden=clean["forbidden"],
    )
    threshold = int(getattr(settings, "REVMENTOR_MATCHING_ASYNC_THRESHOLD", 2000))
    if _cohort_size(program) > threshold:
        from revmentor_plugin.tasks import run_matching

        transaction.on_commit(lambda: run_matching.delay(run.pk))
        return _run_data(run, program)
    compute_matching_run(run.pk)
    run.refresh_from_db()
    return _run_data(run, program)


def _candidates(program: Program, forbidden_names: list[list[str]]):
    """The engine's input: candidates with seats left, and the pairs it may not propose."""
    from revmentor_plugin.matching import Candidate

    participants = list(
        Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE)
        .select_related("user", "manager")
        .prefetch_related("skills_offered", "skills_sought")
        .annotate(
            open_as_mentor=Count("pairs_as_mentor", filter=Q(pairs_as_mentor__status__in=OPEN_PAIR_STATUSES)),
            open_as_mentee=Count("pairs_as_mentee", filter=Q(pairs_as_mentee__status__in=OPEN_PAIR_STATUSES)),
        )
    )
    mentors, mentees = [], []
    for p in participants:
        seats = p.capacity - p.open_as_mentor if p.role == Role.MENTOR else 1
        if p.role == Role.MENTEE and p.open_as_mentee:
            continue
        if p.role == Role.MENTOR and seats <= 0:
            continue
        candidate = Candidate(
            id=p.user_id,
            skills_offered=frozenset(s.slug for s in p.skills_offered.all()),
            skills_sought=frozenset(s.slug for s in p.skills_sought.all()),
            interests=frozenset(i.casefold() for i in p.interests or ()),
            languages=frozenset(code.split("-")[0].casefold() for code in p.languages or ()),
            timezone=p.timezone,
            capacity=seats,
            seniority=p.seniority,
            department=p.department or None,
            manager=p.manager_id,
            attributes=dict(p.self_description or {}) if program.diversity_enabled else {},
        )
        (mentors if p.role == Role.MENTOR else mentees).append(candidate)
    names = {p.user_id: p.user.username for p in participants}
    ids = {name: user_id for user_id, name in names.items()}
    ended = Pair.objects.filter(
        program=program, status__in=(PairStatus.DECLINED, PairStatus.CLOSED)
    ).values_list("mentor__user_id", "mentee__user_id")
    forbidden = set(ended) | {(ids[a], ids[b]) for a, b in forbidden_names if a in ids and b in ids}
    return mentors, mentees, forbidden, names, ids


def compute_matching_run(run_id: int) -> None:
    """Compute a recorded run's proposals (in the request or in the Celery task)."""
    from revmentor_plugin.matching import Weights, match

    updated = MatchingRun.objects.filter(pk=run_id, status=MatchingRunStatus.PENDING).update(
        status=MatchingRunStatus.RUNNING, progress=10
    )
    if not updated:
        return
    run = MatchingRun.objects.select_related("program").get(pk=run_id)
    program = run.program
    try:
        mentors, mentees, forbidden, names, ids = _candidates(program, run.forbidden)
        MatchingRun.objects.filter(pk=run_id).update(progress=30)
        pinned = [(ids[a], ids[b]) for a, b in run.pinned if a in ids and b in ids]
        result = match(
            mentors, mentees, Weights.from_dict(program.matching_weights), forbidden=forbidden, pinned=pinned
        )
    except Exception as exc:
        log.exception("revmentor: matching run %s failed", run_id)
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRunStatus.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        return
    roles = {m.id: Role.MENTOR for m in mentors} | {m.id: Role.MENTEE for m in mentees}
    proposals = [
        {
            "mentor": names[a],
            "mentee": names[b],
            "score": round(float(score), 4),
            "explanation": list(explanation),
        }
        for a, b, score, explanation in sorted(result.pairs, key=lambda pair: -pair[2])
    ]
    unmatched = [
        {"username": names[key], "role": roles[key].value, "reason": reason}
        for key, reason in result.unmatched.items()
        if key in names
    ]
    unmatched.sort(key=lambda item: (item["role"], item["username"]))
    MatchingRun.objects.filter(pk=run_id).update(
        status=MatchingRunStatus.DONE,
        progress=100,
        proposals=proposals,
        unmatched=unmatched,
        stats=result.stats.as_dict(),
        finished_at=timezone.now(),
    )
    events.emit("matching.computed", program=program, matched=len(proposals), unmatched=len(unmatched))


def _run(program_uuid: Any, run_id: Any) -> tuple[Program, MatchingRun]:
    program = c.program_row(program_uuid)
    try:
        run_pk = inputs.object_id(run_id, "matching run in this program")
        return program, MatchingRun.objects.get(program=program, pk=run_pk)
    except MatchingRun.DoesNotExist:
        raise NotFound("No such matching run in this program.") from None


def get_matching_run(program_uuid: Any, run_id: Any) -> MatchingRunData:
    program, run = _run(program_uuid, run_id)
    return _run_data(run, program)


def matching_runs_of_program(program_uuid: Any) -> list[MatchingRunData]:
    """The program's runs, newest first, in two queries."""
    program = c.program_row(program_uuid)
    return [_run_data(run, program) for run in MatchingRun.objects.filter(program=program)]


@transaction.atomic
def publish_matching_run(program_uuid: Any, run_id: Any) -> MatchingRunData:
    """Turn a finished run's proposals into proposed pairs, in one transaction.

    A proposal that is no longer valid (someone withdrew or was paired meanwhile, a mentor is
    now at capacity) is skipped and reported with the reason; the others are created.
    """
    from revmentor_plugin.services.pairs import _create_pair, _lock_participants

    program, run = _run(program_uuid, run_id)
    MatchingRun.objects.select_for_update().filter(pk=run.pk).values_list("pk").get()
    run.refresh_from_db()
    if run.status != MatchingRunStatus.DONE:
        raise InvalidTransition(
            _("Only a finished, unpublished run can be published (this one is %(status)s).")
            % {"status": run.status}
        )
    created, skipped = [], []
    for proposal in run.proposals:
        try:
            with transaction.atomic():
                mentor, mentee = _lock_participants(program, proposal["mentor"], proposal["mentee"])
                pair = _create_pair(
                    program,
                    mentor,
                    mentee,
                    source=PairSource.MATCHING,
                    score=proposal["score"],
                    explanation=proposal["explanation"],
                )
        except RevMentorError as exc:
            skipped.append(
                {"mentor": proposal["mentor"], "mentee": proposal["mentee"], "reason": exc.message}
            )
            continue
        created.append(str(pair.uuid))
    run.status = MatchingRunStatus.PUBLISHED
    run.published_at = timezone.now()
    run.publish_report = {"created": created, "skipped": skipped}
    run.save(update_fields=["status", "published_at", "publish_report"])
    events.emit("matching.published", program=program, created=len(created), skipped=len(skipped))
    return _run_data(run, program)


def forget_user_in_runs(username: str, program_ids: list[int]) -> None:
    """Remove a retired user's name from the runs of their programs."""
    for run in MatchingRun.objects.filter(program_id__in=program_ids):
        changed = False
        for field, keys in (("proposals", ("mentor", "mentee")), ("unmatched", ("username",))):
            kept = [item for item in getattr(run, field) if username not in (item.get(k) for k in keys)]
            if len(kept) != len(getattr(run, field)):
                setattr(run, field, kept)
                changed = True
        for field in ("pinned", "forbidden"):
            kept = [pair for pair in getattr(run, field) if username not in pair]
            if len(kept) != len(getattr(run, field)):
                setattr(run, field, kept)
                changed = True
        if changed:
            run.save(update_fields=["proposals", "unmatched", "pinned", "forbidden"])
