"""Matching runs: compute proposals with the pure engine, review them, publish them as pairs.

A run takes the program's active participants who still have room: mentees without an open
pair, mentors with fewer open pairs than their capacity (the engine sees the seats left). It
never creates pairs by itself; publishing does, in one transaction, skipping any proposal that
is no longer valid and saying why. Two people whose pair was declined are never proposed
again; two whose pair ended (completed or closed) only when the run pins them (staff asking;
docs/decisions/0005-matching-solver.rst). Cohorts above ``REVMENTOR_MATCHING_ASYNC_THRESHOLD``
people are computed by a Celery task; smaller ones in the request.

A program's minimum score (``MINIMUM_SCORE_KEY`` among its matching weights, 0 by default)
keeps a run from proposing a pair whose shown score is below it, pins excepted; the mentee stays
unmatched with that reason.

The optional self-description steers the choice when the program turns its diversity criterion
on, but nobody reads it (ADR 0003), so nothing a run shows depends on it: explanations say only
that diversity was considered, and the scores shown (each proposal's, then each pair's, and the
run's total, mean and minimum) leave the diversity criterion out. The engine's own totals that
include it (``greedy_total``, ``upper_bound``) are not kept for such runs.

Publishing takes its locks in the order of ``services._locking``: the program (a pair's insert
locks it), the run, then every participant the proposals name, in id order, before creating any
pair; one proposal at a time would lock them in the proposals' order and could deadlock with an
accept or a withdrawal.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from revmentor_plugin import host
from revmentor_plugin.data import (
    ENDED_PAIR_STATUSES,
    MINIMUM_SCORE_KEY,
    OPEN_PAIR_STATUSES,
    MatchingRunData,
    MatchingRunStatus,
    PairSource,
    PairStatus,
    ParticipantStatus,
    Role,
)
from revmentor_plugin.models import MatchingRun, Pair, Participant, Program
from revmentor_plugin.services import _admission as admission
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, explanations, inputs
from revmentor_plugin.services._locking import (
    in_one_transaction,
    lock_participants,
    lock_rows,
    one_transaction,
)
from revmentor_plugin.services._queue import RUN_MATCHING, enqueue
from revmentor_plugin.services.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    RevMentorError,
)
from revmentor_plugin.services.pairs import catalog_names, create_pair, lock_pair_participants

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from revmentor_plugin.matching import Candidate, Weights

log = logging.getLogger(__name__)


def _proposal(proposal: Any, skill_names: dict[str, str]) -> Any:
    """A stored proposal with its reasons in staff wording, in the active language."""
    if not isinstance(proposal, dict):
        return proposal
    reasons = explanations.normalize(proposal.get("reasons", proposal.get("explanation")))
    shown = {key: value for key, value in proposal.items() if key != "explanation"}
    shown["reasons"] = list(reasons)
    shown["explanation"] = explanations.render_reasons(
        reasons, mentor=proposal.get("mentor", ""), mentee=proposal.get("mentee", ""), skill_names=skill_names
    )
    return shown


def _unmatched(item: Any) -> Any:
    """A stored unmatched entry with its reasons in words (staff read them)."""
    if not isinstance(item, dict):
        return item
    reasons = explanations.normalize(item["reasons"] if "reasons" in item else [item.get("reason", "")])
    return {**item, "reasons": list(reasons), "reason": "; ".join(explanations.render_reasons(reasons))}


def _run_data(
    run: MatchingRun, program: Program, skill_names: dict[str, str] | None = None
) -> MatchingRunData:
    if skill_names is None:
        skill_names = catalog_names([program.pk]).get(program.pk, {})
    return MatchingRunData(
        id=run.pk,
        program_uuid=program.uuid,
        course_key=program.course_key,
        status=MatchingRunStatus(run.status),
        progress=run.progress,
        pinned=tuple(tuple(p) for p in run.pinned),
        forbidden=tuple(tuple(p) for p in run.forbidden),
        proposals=tuple(_proposal(proposal, skill_names) for proposal in run.proposals or ()),
        unmatched=tuple(_unmatched(item) for item in run.unmatched or ()),
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
    program_uuid: UUID | str, *, user: User | None = None, pinned: inputs.Raw = (), forbidden: inputs.Raw = ()
) -> MatchingRunData:
    """Record a run and compute it now, or queue it for Celery when the cohort is large.

    A closed program runs no more matching (409); a draft may preview it.
    """
    program = load.program_row(program_uuid)
    admission.refuse_closed(program, "matching runs")
    roles = dict(
        Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE).values_list(
            "user__username", "role"
        )
    )
    clean = inputs.MATCHING_RUN.clean({"pinned": pinned, "forbidden": forbidden})
    errors = inputs.FieldErrors()
    for field in ("pinned", "forbidden"):
        errors.check(_check_roles, field, clean[field], roles)
    errors.raise_if_any()
    both = {tuple(p) for p in clean["pinned"]} & {tuple(p) for p in clean["forbidden"]}
    if both:
        mentor, mentee = sorted(both)[0]
        raise InvalidInput({"forbidden": f"{mentor} and {mentee} are both pinned and forbidden."})
    # The run is recorded in a transaction of its own; computing it writes only its progress.
    run = in_one_transaction(
        lambda: MatchingRun.objects.create(
            program=program,
            requested_by=user if getattr(user, "is_authenticated", False) else None,
            pinned=clean["pinned"],
            forbidden=clean["forbidden"],
        )
    )
    threshold = int(getattr(settings, "REVMENTOR_MATCHING_ASYNC_THRESHOLD", 2000))
    if _cohort_size(program) > threshold:
        enqueue(RUN_MATCHING, run.pk)
        return _run_data(run, program)
    compute_matching_run(run.pk)
    run.refresh_from_db()
    return _run_data(run, program)


def _earlier_pairs(program: Program, usernames: set[str] | None = None) -> dict[tuple[str, str], str]:
    """``(mentor, mentee)`` usernames of the program's pairs that ended or were declined, with
    the status to say why they are not proposed again (declined wins over an ended one)."""
    rows = Pair.objects.filter(program=program, status__in=(PairStatus.DECLINED, *ENDED_PAIR_STATUSES))
    if usernames is not None:
        rows = rows.filter(mentor__user__username__in=usernames, mentee__user__username__in=usernames)
    earlier: dict[tuple[str, str], str] = {}
    names = rows.values_list("mentor__user__username", "mentee__user__username", "status")
    for mentor, mentee, status in names:
        if earlier.get((mentor, mentee)) != PairStatus.DECLINED:
            earlier[(mentor, mentee)] = status
    return earlier


def _repeat_refusal(status: str | None, pinned: bool) -> str | None:
    """Why two people who were paired before are not paired again by matching, or None.

    A declined pair never comes back; one that ended (completed or closed) only when staff pin
    it in the run (issue 12, "No repeats")."""
    if status == PairStatus.DECLINED:
        return _("This pair was declined before; matching never proposes it again.")
    if status in ENDED_PAIR_STATUSES and not pinned:
        return _("This pair ended before; pin it in a matching run to pair them again.")
    return None


def _candidates(
    program: Program, forbidden_names: list[list[str]], pinned_names: list[list[str]]
) -> tuple[
    list[Candidate],
    list[Candidate],
    set[tuple[Hashable, Hashable]],
    dict[Hashable, str],
    dict[str, Hashable],
    list[dict[str, Any]],
]:
    """The engine's input: candidates with seats left, and the pairs it may not propose."""

    participants = list(
        Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE)
        .select_related("user", "manager")
        .prefetch_related("skills_offered", "skills_sought")
        .annotate(
            open_as_mentor=Count("pairs_as_mentor", filter=Q(pairs_as_mentor__status__in=OPEN_PAIR_STATUSES)),
            open_as_mentee=Count("pairs_as_mentee", filter=Q(pairs_as_mentee__status__in=OPEN_PAIR_STATUSES)),
        )
    )
    # Only learners still enrolled in the course are paired (an unenrollment the host did not
    # signal, or a participant added before the rule was enforced, is reported, not proposed).
    enrolled = host.enrolled_user_ids([p.user_id for p in participants], program.course_key)
    not_enrolled = []
    mentors: list[Candidate] = []
    mentees: list[Candidate] = []
    for p in participants:
        seats = p.capacity - p.open_as_mentor if p.role == Role.MENTOR else 1
        if p.role == Role.MENTEE and p.open_as_mentee:
            continue
        if p.role == Role.MENTOR and seats <= 0:
            continue
        if p.user_id not in enrolled:
            not_enrolled.append(p)
            continue
        candidate = candidate_of(program, p, seats)
        (mentors if p.role == Role.MENTOR else mentees).append(candidate)
    # Keyed by the engine's candidate ids (user ids), which it hands back as ``Hashable``.
    names: dict[Hashable, str] = {p.user_id: p.user.username for p in participants if p.user_id in enrolled}
    ids = {name: user_id for user_id, name in names.items()}
    # Pairs that were declined, or ended unless staff pinned them again, are not proposed.
    pinned = {(a, b) for a, b in pinned_names}
    repeats = [
        pair
        for pair, status in _earlier_pairs(program).items()
        if _repeat_refusal(status, pair in pinned) is not None
    ]
    forbidden: set[tuple[Hashable, Hashable]] = {
        (ids[a], ids[b]) for a, b in (*repeats, *forbidden_names) if a in ids and b in ids
    }
    outside = [
        {
            "username": p.user.username,
            "role": p.role,
            "reasons": [{"code": explanations.NOT_ENROLLED, "params": {}}],
        }
        for p in not_enrolled
    ]
    return mentors, mentees, forbidden, names, ids, outside


def candidate_of(program: Program, p: Participant, capacity: int) -> Candidate:
    """The profile of participant ``p`` as the engine reads it, with ``capacity`` seats left
    (a matching run and a pair by hand hand the engine the same)."""
    from revmentor_plugin.matching import Candidate

    return Candidate(
        id=p.user_id,
        skills_offered=frozenset(s.slug for s in p.skills_offered.all()),
        skills_sought=frozenset(s.slug for s in p.skills_sought.all()),
        interests=frozenset(i.casefold() for i in p.interests or ()),
        languages=frozenset(code.split("-")[0].casefold() for code in p.languages or ()),
        timezone=p.timezone,
        capacity=capacity,
        seniority=p.seniority,
        department=p.department or None,
        manager=p.manager_id,
        attributes=dict(p.self_description or {}) if program.diversity_enabled else {},
    )


def program_weights(program: Program) -> Weights:
    """The program's weights; diversity counts only where the program collects self-descriptions."""
    from revmentor_plugin.matching import Weights

    stored = program.matching_weights or {}
    weights = Weights.from_dict({key: value for key, value in stored.items() if key != MINIMUM_SCORE_KEY})
    if not program.diversity_enabled:
        weights = dataclasses.replace(weights, diversity=0.0)
    return weights


def compute_matching_run(run_id: int) -> None:
    """Compute a recorded run's proposals (in the request or in the Celery task)."""
    from revmentor_plugin.matching import diversity_share, match

    updated = MatchingRun.objects.filter(pk=run_id, status=MatchingRunStatus.PENDING).update(
        status=MatchingRunStatus.RUNNING, progress=10
    )
    if not updated:
        return
    run = MatchingRun.objects.select_related("program").get(pk=run_id)
    program = run.program
    try:
        mentors, mentees, forbidden, names, ids, outside = _candidates(program, run.forbidden, run.pinned)
        MatchingRun.objects.filter(pk=run_id).update(progress=30)
        pinned = [(ids[a], ids[b]) for a, b in run.pinned if a in ids and b in ids]
        weights = program_weights(program)
        minimum = float((program.matching_weights or {}).get(MINIMUM_SCORE_KEY, 0.0))
        result = match(mentors, mentees, weights, forbidden=forbidden, pinned=pinned, minimum_score=minimum)
    except Exception as exc:
        log.exception("revmentor: matching run %s failed", run_id)
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRunStatus.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        return
    roles = {m.id: Role.MENTOR for m in mentors} | {m.id: Role.MENTEE for m in mentees}
    by_mentor = {m.id: m for m in mentors}
    by_mentee = {e.id: e for e in mentees}

    def shown(mentor_id: Hashable, mentee_id: Hashable, score: float) -> float:
        """The score without the private diversity criterion (see the module docstring)."""
        if not weights.diversity:
            return float(score)
        return float(score) - weights.diversity * diversity_share(by_mentor[mentor_id], by_mentee[mentee_id])

    scored = [(a, b, shown(a, b, score), explanation) for a, b, score, explanation in result.pairs]
    proposals = [
        {
            "mentor": names[a],
            "mentee": names[b],
            "score": round(score, 4),
            "reasons": list(explanations.normalize(explanation)),
        }
        for a, b, score, explanation in sorted(scored, key=lambda pair: -pair[2])
    ]
    unmatched = [
        {"username": names[key], "role": roles[key].value, "reasons": list(explanations.normalize(reasons))}
        for key, reasons in result.unmatched_reasons.items()
        if key in names
    ]
    unmatched.extend(outside)
    unmatched.sort(key=lambda item: (item["role"], item["username"]))
    stats = result.stats.as_dict()
    if weights.diversity:
        values = [score for _a, _b, score, _lines in scored]
        total = float(sum(values))
        stats.update(
            total_score=total,
            mean_score=total / len(values) if values else 0.0,
            min_score=min(values) if values else 0.0,
        )
        for key in ("greedy_total", "upper_bound"):
            stats.pop(key, None)
    MatchingRun.objects.filter(pk=run_id).update(
        status=MatchingRunStatus.DONE,
        progress=100,
        proposals=proposals,
        unmatched=unmatched,
        stats=stats,
        finished_at=timezone.now(),
    )
    events.emit("matching.computed", program=program, matched=len(proposals), unmatched=len(unmatched))


def _run(program_uuid: UUID | str, run_id: inputs.Raw) -> tuple[Program, MatchingRun]:
    program = load.program_row(program_uuid)
    try:
        run_pk = inputs.object_id(run_id, "matching run in this program")
        return program, MatchingRun.objects.get(program=program, pk=run_pk)
    except MatchingRun.DoesNotExist:
        raise NotFound("No such matching run in this program.") from None


def get_matching_run(program_uuid: UUID | str, run_id: inputs.Raw) -> MatchingRunData:
    program, run = _run(program_uuid, run_id)
    return _run_data(run, program)


def matching_runs_of_program(program_uuid: UUID | str) -> list[MatchingRunData]:
    """The program's runs, newest first, in two queries."""
    program = load.program_row(program_uuid)
    skill_names = catalog_names([program.pk]).get(program.pk, {})
    return [_run_data(run, program, skill_names) for run in MatchingRun.objects.filter(program=program)]


@one_transaction
def publish_matching_run(program_uuid: UUID | str, run_id: inputs.Raw) -> MatchingRunData:
    """Turn a finished run's proposals into proposed pairs, in one transaction.

    Like pairing by hand, only while the program is enrolling or active (409 otherwise).
    A proposal that is no longer valid (someone withdrew or was paired meanwhile, a mentor is
    now at capacity, the two were paired before and the run did not pin them) is skipped and
    reported with the reason; the others are created.
    """
    program, run = _run(program_uuid, run_id)
    program = load.program_row(program.uuid, for_update=True)
    lock_rows(MatchingRun, [run.pk])
    admission.refuse_unless_pairing(program)
    run.refresh_from_db()
    if run.status != MatchingRunStatus.DONE:
        raise InvalidTransition(
            _("Only a finished, unpublished run can be published (this one is %(status)s).")
            % {"status": run.status}
        )
    names = {name for proposal in run.proposals for name in (proposal["mentor"], proposal["mentee"])}
    lock_participants(
        Participant.objects.filter(program=program, user__username__in=names)
        .order_by()
        .values_list("pk", flat=True)
    )
    # Read under the participants' locks: a pair that ended since the run is seen here.
    earlier = _earlier_pairs(program, names)
    pinned = {(a, b) for a, b in run.pinned}
    created, skipped = [], []
    for proposal in run.proposals:
        names_pair = (proposal["mentor"], proposal["mentee"])
        try:
            with transaction.atomic():
                mentor, mentee = lock_pair_participants(program, *names_pair)
                refusal = _repeat_refusal(earlier.get(names_pair), names_pair in pinned)
                if refusal is not None:
                    raise Conflict(refusal, field="mentee")
                pair = create_pair(
                    program,
                    mentor,
                    mentee,
                    source=PairSource.MATCHING,
                    score=proposal["score"],
                    explanation=proposal.get("reasons", proposal.get("explanation", ())),
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


def _without(items: list[Any] | None, names_the_user: Callable[[Any], bool]) -> list[Any]:
    # The items are a run's stored JSON (lists of pairs or of objects), hence ``Any``.
    return [item for item in items or () if not names_the_user(item)]


def forget_user_in_runs(username: str, program_ids: list[int], *, user_id: int | None = None) -> None:
    """Remove a retired user's name (and user id) from the runs of their programs. Idempotent.

    Every place a run copies a person: the staff's ``pinned`` and ``forbidden`` pairs, the
    ``proposals`` (with their explanations) and ``unmatched`` entries, the pins the engine
    rejected (``stats.rejected_pins``, by user id), and the proposals publishing skipped
    (``publish_report.skipped``, whose reasons name the two people). Entries about others stay.
    """

    def in_pair(item: dict[str, Any]) -> bool:
        return username in (item.get("mentor"), item.get("mentee"))

    for run in MatchingRun.objects.filter(program_id__in=program_ids).order_by("pk"):
        clean: dict[str, Any] = {
            "proposals": _without(run.proposals, in_pair),
            "unmatched": _without(run.unmatched, lambda item: item.get("username") == username),
            "pinned": _without(run.pinned, lambda pair: username in pair),
            "forbidden": _without(run.forbidden, lambda pair: username in pair),
        }
        if isinstance(run.publish_report, dict) and "skipped" in run.publish_report:
            clean["publish_report"] = {
                **run.publish_report,
                "skipped": _without(run.publish_report["skipped"], in_pair),
            }
        if user_id is not None and isinstance(run.stats, dict) and "rejected_pins" in run.stats:
            clean["stats"] = {
                **run.stats,
                "rejected_pins": _without(run.stats["rejected_pins"], lambda item: user_id in item[:2]),
            }
        changed = [field for field, value in clean.items() if value != getattr(run, field)]
        for field in changed:
            setattr(run, field, clean[field])
        if changed:
            run.save(update_fields=changed)
