"""Pairs made by hand: staff see what matching would say, then pair two people (issue 12).

The rules are matching's (``services.matching``, docs/decisions/0005-matching-solver.rst), said
in words when they refuse a pair:

* both people are active participants still enrolled in the course;
* the mentee has no open pair, the mentor a free seat within capacity;
* two people whose pair was declined are never paired again; two whose pair ended (completed or
  closed) only when staff ask for them again (``again``, what a pin is to a run);
* the engine's hard rules: a shared language, not in one reporting line, and a score (the one
  shown, without the private diversity criterion) of at least the program's minimum.

``pair_preview`` says, without writing, what ``pair_by_hand`` would do: the score and the
explanation the engine gives the pair, and whether it is allowed or why not.
``partner_proposals`` ranks the best available mentors for a mentee without an open pair (a
mentee whose pair ended), leaving out their earlier partners unless staff ask for them again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revmentor_plugin import host
from revmentor_plugin.data import (
    ENDED_PAIR_STATUSES,
    MINIMUM_SCORE_KEY,
    OPEN_PAIR_STATUSES,
    PairData,
    PairPreviewData,
    PairSource,
    PairStatus,
    ParticipantStatus,
    Role,
)
from revmentor_plugin.models import Pair, Participant, Program
from revmentor_plugin.services import _admission as admission
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import explanations, inputs
from revmentor_plugin.services._locking import one_transaction
from revmentor_plugin.services.errors import Conflict, InvalidInput
from revmentor_plugin.services.matching import candidate_of, program_weights
from revmentor_plugin.services.pairs import catalog_names, create_pair, get_pair, lock_pair_participants

if TYPE_CHECKING:
    from revmentor_plugin.matching import Candidate


@dataclass(frozen=True)
class _Verdict:
    score: float | None
    reasons: explanations.Reasons
    refusal: Conflict | None


def _minimum(program: Program) -> float:
    return float((program.matching_weights or {}).get(MINIMUM_SCORE_KEY, 0.0))


def _participants(program: Program, user_ids: set[int] | None = None) -> list[Participant]:
    """The program's active participants (only those of ``user_ids`` when given)."""
    rows = Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE)
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    return list(rows.select_related("user").prefetch_related("skills_offered", "skills_sought"))


def _with_managers(program: Program, people: list[Participant]) -> list[Participant]:
    """``people`` and everyone above them in their reporting lines among the program's active
    participants: all the engine needs to tell whether one is in the other's line."""
    found = {p.user_id: p for p in people}
    above = {p.manager_id for p in people if p.manager_id} - set(found)
    while above:
        rows = _participants(program, above)
        found.update((p.user_id, p) for p in rows)
        above = {p.manager_id for p in rows if p.manager_id} - set(found)
    return list(found.values())


def _open_counts(
    program: Program, people: list[Participant] | None = None
) -> tuple[dict[int, int], set[int]]:
    """Open pairs per mentor (participant id), and the mentees (participant ids) with one (of
    ``people`` only, when given)."""
    rows = Pair.objects.filter(program=program, status__in=OPEN_PAIR_STATUSES)
    if people is not None:
        ids = [p.pk for p in people]
        rows = rows.filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids))
    seats: dict[int, int] = {}
    mentees: set[int] = set()
    for mentor_id, mentee_id in rows.values_list("mentor_id", "mentee_id"):
        seats[mentor_id] = seats.get(mentor_id, 0) + 1
        mentees.add(mentee_id)
    return seats, mentees


def _cohort(
    program: Program, people: list[Participant], *, everyone: bool
) -> tuple[list[Candidate], list[Candidate]]:
    """``people`` as the engine sees them (reporting lines run through all of them); a
    mentor's capacity is the seats left. ``everyone``: they are all the program's active
    participants."""
    open_as_mentor, _mentees = _open_counts(program, None if everyone else people)
    mentors: list[Candidate] = []
    mentees: list[Candidate] = []
    for p in people:
        if p.role == Role.MENTOR:
            mentors.append(candidate_of(program, p, p.capacity - open_as_mentor.get(p.pk, 0)))
        else:
            mentees.append(candidate_of(program, p, 1))
    return mentors, mentees


def _earlier(program: Program, mentor: Participant, mentee: Participant) -> str | None:
    """How an earlier pair of these two ended (declined wins), or None if they never were a pair."""
    statuses = set(
        Pair.objects.filter(
            program=program,
            mentor=mentor,
            mentee=mentee,
            status__in=(PairStatus.DECLINED, *ENDED_PAIR_STATUSES),
        ).values_list("status", flat=True)
    )
    if PairStatus.DECLINED in statuses:
        return PairStatus.DECLINED
    return next(iter(statuses), None)


def _rule_words(rule: str, *, score: float, minimum: float) -> str:
    from revmentor_plugin.matching import Rule

    words = {
        Rule.SAME_PERSON: _("A pair needs two different people."),
        Rule.NO_CAPACITY: _("The mentor has no free seat."),
        Rule.NO_LANGUAGE: _("These two share no language."),
        Rule.SAME_LINE: _("These two are in the same reporting line."),
        Rule.FORBIDDEN: _("This pair is excluded."),
        Rule.BELOW_MINIMUM: _("This pair scores %(score)s, below the program's minimum score of %(minimum)s.")
        % {"score": f"{score:.2f}", "minimum": f"{minimum:g}"},
    }
    return words[rule]


def _people(program: Program, mentor: str, mentee: str) -> tuple[Participant, Participant]:
    """The two participants (any status), or InvalidInput naming the field that is wrong."""
    rows = {
        p.user.username: p
        for p in Participant.objects.filter(
            program=program, user__username__in=[mentor, mentee]
        ).select_related("user")
    }
    errors = {}
    for field, username in (("mentor", mentor), ("mentee", mentee)):
        if username not in rows:
            errors[field] = _("%(username)s is not a participant of this program.") % {"username": username}
    if not errors and mentor == mentee:
        errors["mentee"] = _("A pair needs two different people.")
    if errors:
        raise InvalidInput(errors)
    if rows[mentor].role != Role.MENTOR:
        raise InvalidInput(
            {"mentor": _("%(username)s joined as a mentee, not a mentor.") % {"username": mentor}}
        )
    if rows[mentee].role != Role.MENTEE:
        raise InvalidInput(
            {"mentee": _("%(username)s joined as a mentor, not a mentee.") % {"username": mentee}}
        )
    return rows[mentor], rows[mentee]


def _judge(program: Program, mentor: Participant, mentee: Participant, *, again: bool) -> _Verdict:
    """What matching says of this pair now: its score and explanation (when both take part),
    and the first rule that refuses it."""
    from revmentor_plugin.matching import Rule, assess_pair

    names = {"mentor": mentor.user.username, "mentee": mentee.user.username}
    refusal: Conflict | None = None
    for field, row in (("mentor", mentor), ("mentee", mentee)):
        if refusal is None and row.status != ParticipantStatus.ACTIVE:
            refusal = Conflict(
                _("%(username)s has withdrawn from the program.") % {"username": names[field]}, field=field
            )
    enrolled = host.enrolled_user_ids([mentor.user_id, mentee.user_id], program.course_key)
    for field, row in (("mentor", mentor), ("mentee", mentee)):
        if refusal is None and row.user_id not in enrolled:
            refusal = Conflict(
                _("%(username)s is not enrolled in this course any more.") % {"username": names[field]},
                field=field,
            )
    open_as_mentor, paired_mentees = _open_counts(program, [mentor, mentee])
    if refusal is None and mentee.pk in paired_mentees:
        refusal = Conflict(_("%(mentee)s already has an open pair.") % names, field="mentee")
    if refusal is None and open_as_mentor.get(mentor.pk, 0) >= mentor.capacity:
        refusal = Conflict(
            ngettext(
                "%(mentor)s is at capacity (%(capacity)s open pair).",
                "%(mentor)s is at capacity (%(capacity)s open pairs).",
                mentor.capacity,
            )
            % {**names, "capacity": mentor.capacity},
            field="mentor",
        )
    earlier = _earlier(program, mentor, mentee)
    if refusal is None and earlier == PairStatus.DECLINED:
        refusal = Conflict(
            _(
                "%(mentor)s and %(mentee)s were paired before and the pair was declined; "
                "they are never paired again."
            )
            % names,
            field="mentee",
        )
    if refusal is None and earlier in ENDED_PAIR_STATUSES and not again:
        refusal = Conflict(
            _(
                "%(mentor)s and %(mentee)s were paired before and that pair ended; "
                "ask for them again to pair them."
            )
            % names,
            field="again",
        )
    if mentor.status != ParticipantStatus.ACTIVE or mentee.status != ParticipantStatus.ACTIVE:
        return _Verdict(None, (), refusal)
    people = _with_managers(program, _participants(program, {mentor.user_id, mentee.user_id}))
    mentors, mentees = _cohort(program, people, everyone=False)
    minimum = _minimum(program)
    assessment = assess_pair(
        mentors, mentees, mentor.user_id, mentee.user_id, program_weights(program), minimum_score=minimum
    )
    if refusal is None and assessment.problem is not None:
        field = "mentor" if assessment.problem == Rule.NO_CAPACITY else "mentee"
        refusal = Conflict(
            _rule_words(assessment.problem, score=assessment.score, minimum=minimum), field=field
        )
    return _Verdict(round(assessment.score, 4), explanations.normalize(assessment.explanation), refusal)


def _skill_names(program: Program) -> dict[str, str]:
    return catalog_names([program.pk]).get(program.pk, {})


def _worded(reasons: explanations.Reasons, mentor: str, mentee: str, names: dict[str, str]) -> dict[str, Any]:
    """A pair's reasons for staff: structured, and in words in the active language."""
    words = explanations.render_reasons(reasons, mentor=mentor, mentee=mentee, skill_names=names)
    return {"reasons": reasons, "explanation": tuple(words)}


def pair_preview(
    program_uuid: UUID | str, *, mentor: inputs.Raw, mentee: inputs.Raw, again: inputs.Raw = False
) -> PairPreviewData:
    """What pairing ``mentor`` with ``mentee`` by hand would do, without doing it: the score and
    explanation matching gives the pair, whether the rules allow it and, if not, why."""
    clean = inputs.PAIR.clean({"mentor": mentor, "mentee": mentee, "again": again})
    program = load.program_row(program_uuid)
    mentor_row, mentee_row = _people(program, clean["mentor"], clean["mentee"])
    verdict = _judge(program, mentor_row, mentee_row, again=clean["again"])
    if verdict.refusal is None:
        try:
            admission.refuse_unless_pairing(program)
        except Conflict as exc:
            verdict = _Verdict(verdict.score, verdict.reasons, exc)
    return PairPreviewData(
        mentor=clean["mentor"],
        mentee=clean["mentee"],
        score=verdict.score,
        **_worded(verdict.reasons, clean["mentor"], clean["mentee"], _skill_names(program)),
        allowed=verdict.refusal is None,
        reason=verdict.refusal.message if verdict.refusal else "",
    )


@one_transaction
def pair_by_hand(
    program_uuid: UUID | str, *, mentor: inputs.Raw, mentee: inputs.Raw, again: inputs.Raw = False
) -> PairData:
    """Staff pair two people: a proposed pair with the score and explanation matching gives it,
    or 409 with the reason when matching's rules refuse it (see the module docstring)."""
    clean = inputs.PAIR.clean({"mentor": mentor, "mentee": mentee, "again": again})
    program = load.program_row(program_uuid, for_update=True)
    admission.refuse_unless_pairing(program)
    mentor_row, mentee_row = lock_pair_participants(program, clean["mentor"], clean["mentee"])
    verdict = _judge(program, mentor_row, mentee_row, again=clean["again"])
    if verdict.refusal is not None:
        raise verdict.refusal
    pair = create_pair(
        program,
        mentor_row,
        mentee_row,
        source=PairSource.STAFF,
        score=verdict.score,
        explanation=list(verdict.reasons),
    )
    return get_pair(pair.uuid)


def partner_proposals(
    program_uuid: UUID | str, *, mentee: inputs.Raw, again: inputs.Raw = False, limit: inputs.Raw = 5
) -> list[PairPreviewData]:
    """The best mentors available for ``mentee`` (who has no open pair: typically one whose pair
    ended), best score first, each allowed by matching's rules. Earlier partners of the mentee
    are left out unless ``again``; declined ones always are."""
    from revmentor_plugin.matching import rank_mentors

    clean = inputs.PARTNERS.clean({"mentee": mentee, "again": again, "limit": limit})
    program = load.program_row(program_uuid)
    try:
        row = Participant.objects.select_related("user").get(program=program, user__username=clean["mentee"])
    except Participant.DoesNotExist:
        raise InvalidInput(
            {
                "mentee": _("%(username)s is not a participant of this program.")
                % {"username": clean["mentee"]}
            }
        ) from None
    if row.role != Role.MENTEE:
        raise InvalidInput(
            {"mentee": _("%(username)s joined as a mentor, not a mentee.") % {"username": clean["mentee"]}}
        )
    names = {"mentee": clean["mentee"]}
    if row.status != ParticipantStatus.ACTIVE:
        raise Conflict(_("%(mentee)s has withdrawn from the program.") % names, field="mentee")
    if row.user_id not in host.enrolled_user_ids([row.user_id], program.course_key):
        raise Conflict(_("%(mentee)s is not enrolled in this course any more.") % names, field="mentee")
    _seats, paired_mentees = _open_counts(program, [row])
    if row.pk in paired_mentees:
        raise Conflict(_("%(mentee)s already has an open pair.") % names, field="mentee")
    people = _participants(program)
    enrolled = host.enrolled_user_ids([p.user_id for p in people], program.course_key)
    mentors, mentees = _cohort(program, people, everyone=True)
    # Mentors who left the course are not proposed; they stay in the cohort for reporting lines.
    mentors = [m if m.id in enrolled else dataclasses.replace(m, capacity=0) for m in mentors]
    earlier = Pair.objects.filter(
        program=program, mentee=row, status__in=(PairStatus.DECLINED, *ENDED_PAIR_STATUSES)
    )
    excluded: set[tuple[Hashable, Hashable]] = {
        (mentor_user, row.user_id)
        for mentor_user, status in earlier.values_list("mentor__user_id", "status")
        if status == PairStatus.DECLINED or not clean["again"]
    }
    names_by_user: dict[Hashable, str] = {p.user_id: p.user.username for p in people}
    ranked = rank_mentors(
        mentors,
        mentees,
        row.user_id,
        program_weights(program),
        forbidden=excluded,
        minimum_score=_minimum(program),
        limit=clean["limit"],
    )
    skill_names = _skill_names(program)
    return [
        PairPreviewData(
            mentor=names_by_user[a.mentor],
            mentee=clean["mentee"],
            score=round(a.score, 4),
            **_worded(
                explanations.normalize(a.explanation), names_by_user[a.mentor], clean["mentee"], skill_names
            ),
            allowed=True,
            reason="",
        )
        for a in ranked
    ]


__all__ = ["pair_by_hand", "pair_preview", "partner_proposals"]
