"""Human-readable reasons: why a pair was made, and why someone was left out.

Staff must be able to trust and defend a match, so every pair carries short sentences naming the
skills, interests and languages involved (as the ids or slugs given), and every unmatched person
gets the most specific reason available.

The optional self-description is the exception (ADR 0003: matching uses it, nobody reads it).
Both people read their pair's explanation, so saying which answers differ or match would tell
each of them the other's answers. When the diversity criterion is weighted the explanation says
only :data:`DIVERSITY_CONSIDERED`, whatever the answers and whether anyone gave any.

Each reason is a :class:`Reason`: an English sentence (for the engine's own callers, tests and
logs) that also carries a ``code`` and ``params`` (ids, slugs, numbers). The web layer stores the
code and params and renders them when shown, for the person reading, in their language
(``revmentor_plugin.services.explanations``; issue 12). The English sentences are marked with
`_`, a no-op in the style of gettext_noop: the engine must not import Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import Any

from .candidates import Candidate, Weights
from .features import REFERENCE_INSTANT, utc_offset_hours

__all__ = [
    "CODES",
    "DIVERSITY_CONSIDERED",
    "MENTEE_AT_CAPACITY",
    "MENTEE_BELOW_MINIMUM",
    "MENTEE_EXCLUDED",
    "MENTEE_NO_CAPACITY",
    "MENTEE_NO_LANGUAGE",
    "MENTEE_NO_LANGUAGE_GIVEN",
    "MENTEE_SAME_LINE",
    "MENTOR_NONE_COMPATIBLE",
    "MENTOR_NONE_LEFT",
    "MENTOR_ZERO_CAPACITY",
    "PIN_DUPLICATE_MENTEE",
    "PIN_FORBIDDEN",
    "PIN_INFEASIBLE",
    "PIN_NO_CAPACITY",
    "PIN_NO_LANGUAGE",
    "PIN_REJECTED",
    "PIN_SAME_LINE",
    "PIN_SAME_PERSON",
    "PIN_UNKNOWN_MENTEE",
    "PIN_UNKNOWN_MENTOR",
    "SIMPLE_REASONS",
    "Reason",
    "below_minimum",
    "explain_pair",
    "mentee_reason",
    "mentor_reason",
    "pin_problem",
    "pin_rejected",
]


def _(message: str) -> str:
    """Mark `message` for translation without translating it (gettext_noop)."""
    return message


class Reason(str):
    """One reason: its English sentence (the ``str`` itself) with a ``code`` and ``params``.

    The engine's callers that want words read the sentence; the web layer stores
    :meth:`as_dict` and renders the reason for whoever reads it, in their language
    (``revmentor_plugin.services.explanations``). Params hold ids, slugs and numbers only.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, text: str, params: dict[str, Any] | None = None) -> Reason:
        self = super().__new__(cls, text)
        self.code = code
        self.params = dict(params or {})
        return self

    def __getnewargs__(self) -> tuple[str, str, dict[str, Any]]:  # type: ignore[override]
        return (self.code, str(self), self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


# Reason codes, stored with pairs and runs: never rename one (a data migration would be needed).
PINNED = "pinned"
SKILLS_OFFERED = "skills_offered"
SKILLS_NONE = "skills_none"
INTERESTS_SHARED = "interests_shared"
LANGUAGES_SHARED = "languages_shared"
DEPARTMENTS_DIFFERENT = "departments_different"
DEPARTMENT_SAME = "department_same"
TIMEZONE_SAME = "timezone_same"
TIMEZONES_APART = "timezones_apart"
SENIORITY_UNKNOWN = "seniority_unknown"
MENTOR_MORE_JUNIOR = "mentor_more_junior"
MENTOR_NOT_MORE_JUNIOR = "mentor_not_more_junior"
DIVERSITY = "diversity_considered"
BELOW_MINIMUM = "mentee_below_minimum"
PIN_REJECTED_CODE = "pin_rejected"

MENTEE_NO_LANGUAGE_GIVEN = Reason(
    "mentee_no_language_given", _("No language given, so no mentor shares a language")
)
MENTEE_NO_CAPACITY = Reason("mentee_no_capacity", _("No mentor has any capacity"))
MENTEE_NO_LANGUAGE = Reason("mentee_no_language", _("No mentor shares a language"))
MENTEE_SAME_LINE = Reason("mentee_same_line", _("The only candidates are in the same reporting line"))
MENTEE_EXCLUDED = Reason(
    "mentee_excluded", _("Every compatible mentor was excluded (declined, closed or forbidden before)")
)
MENTEE_AT_CAPACITY = Reason("mentee_at_capacity", _("All compatible mentors are at capacity"))
MENTEE_BELOW_MINIMUM = _("No mentor scores at least {minimum} for this mentee")
MENTOR_ZERO_CAPACITY = Reason("mentor_zero_capacity", _("Capacity is zero"))
MENTOR_NONE_COMPATIBLE = Reason("mentor_none_compatible", _("No compatible mentee"))
MENTOR_NONE_LEFT = Reason("mentor_none_left", _("No compatible mentee left"))

PIN_UNKNOWN_MENTOR = Reason("pin_unknown_mentor", _("Pinned mentor is not in this run"))
PIN_UNKNOWN_MENTEE = Reason("pin_unknown_mentee", _("Pinned mentee is not in this run"))
PIN_SAME_PERSON = Reason("pin_same_person", _("A person cannot mentor themself"))
PIN_NO_CAPACITY = Reason("pin_no_capacity", _("Pinned mentor has no capacity left"))
PIN_NO_LANGUAGE = Reason("pin_no_language", _("Pinned pair shares no language"))
PIN_SAME_LINE = Reason("pin_same_line", _("Pinned pair is in the same reporting line"))
PIN_FORBIDDEN = Reason(
    "pin_forbidden", _("Pinned pair was excluded before (declined, or forbidden by staff)")
)
PIN_DUPLICATE_MENTEE = Reason("pin_duplicate_mentee", _("Mentee is already pinned to another mentor"))
PIN_INFEASIBLE = Reason("pin_infeasible", _("Pinned pair breaks a hard rule"))
PIN_REJECTED = _("Pin not applied: {problem}")

DIVERSITY_CONSIDERED = Reason(DIVERSITY, _("Diversity was considered"))

SIMPLE_REASONS: dict[str, str] = {
    reason.code: str(reason)
    for reason in (
        MENTEE_NO_LANGUAGE_GIVEN,
        MENTEE_NO_CAPACITY,
        MENTEE_NO_LANGUAGE,
        MENTEE_SAME_LINE,
        MENTEE_EXCLUDED,
        MENTEE_AT_CAPACITY,
        MENTOR_ZERO_CAPACITY,
        MENTOR_NONE_COMPATIBLE,
        MENTOR_NONE_LEFT,
        PIN_UNKNOWN_MENTOR,
        PIN_UNKNOWN_MENTEE,
        PIN_SAME_PERSON,
        PIN_NO_CAPACITY,
        PIN_NO_LANGUAGE,
        PIN_SAME_LINE,
        PIN_FORBIDDEN,
        PIN_DUPLICATE_MENTEE,
        PIN_INFEASIBLE,
        DIVERSITY_CONSIDERED,
    )
}
"""The reasons without parameters, by code: their English sentence."""


CODES: tuple[str, ...] = (
    PINNED,
    SKILLS_OFFERED,
    SKILLS_NONE,
    INTERESTS_SHARED,
    LANGUAGES_SHARED,
    DEPARTMENTS_DIFFERENT,
    DEPARTMENT_SAME,
    TIMEZONE_SAME,
    TIMEZONES_APART,
    SENIORITY_UNKNOWN,
    MENTOR_MORE_JUNIOR,
    MENTOR_NOT_MORE_JUNIOR,
    BELOW_MINIMUM,
    PIN_REJECTED_CODE,
    *SIMPLE_REASONS,
)
"""Every code the engine gives a reason (the web layer words each one)."""


def below_minimum(minimum: float) -> Reason:
    return Reason(BELOW_MINIMUM, MENTEE_BELOW_MINIMUM.format(minimum=f"{minimum:g}"), {"minimum": minimum})


def pin_rejected(problem: Reason) -> Reason:
    """The note for a mentee whose pin was refused; ``params.problem`` is the problem's code."""
    return Reason(PIN_REJECTED_CODE, PIN_REJECTED.format(problem=problem), {"problem": problem.code})


def _words(items: Iterable[Hashable]) -> str:
    names = sorted(str(item) for item in items)
    if len(names) <= 1:
        return "".join(names)
    return _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])


def _hours(gap: float) -> str:
    return f"{gap:.2f}".rstrip("0").rstrip(".")


def _sorted(items: Iterable[Hashable]) -> list[str]:
    return sorted(str(item) for item in items)


def explain_pair(
    mentor: Candidate,
    mentee: Candidate,
    weights: Weights,
    at: datetime = REFERENCE_INSTANT,
    pinned: bool = False,
) -> list[Reason]:
    """Reasons describing what the pair has going for it (criteria with weight 0 are skipped)."""
    lines: list[Reason] = []
    if pinned:
        lines.append(Reason(PINNED, _("Pinned by programme staff")))
    if weights.skills and mentee.skills_sought:
        taught = mentee.skills_sought & mentor.skills_offered
        if taught:
            text = _("Offers {skills}, which this mentee wants to learn").format(skills=_words(taught))
            lines.append(Reason(SKILLS_OFFERED, text, {"skills": _sorted(taught)}))
        else:
            lines.append(Reason(SKILLS_NONE, _("Offers none of the skills this mentee wants to learn")))
    if weights.interests:
        common = mentee.interests & mentor.interests
        if common:
            text = _("Both enjoy {interests}").format(interests=_words(common))
            lines.append(Reason(INTERESTS_SHARED, text, {"interests": _sorted(common)}))
    shared = mentee.languages & mentor.languages
    if len(shared) == 1:
        text = _("Shares a language: {languages}").format(languages=_words(shared))
        lines.append(Reason(LANGUAGES_SHARED, text, {"languages": _sorted(shared)}))
    elif shared:
        text = _("Shares languages: {languages}").format(languages=_words(shared))
        lines.append(Reason(LANGUAGES_SHARED, text, {"languages": _sorted(shared)}))
    if weights.department and mentor.department is not None and mentee.department is not None:
        if mentor.department != mentee.department:
            text = _("Different departments: {mentor} and {mentee}").format(
                mentor=mentor.department, mentee=mentee.department
            )
            departments = {"mentor": str(mentor.department), "mentee": str(mentee.department)}
            lines.append(Reason(DEPARTMENTS_DIFFERENT, text, departments))
        else:
            text = _("Same department: {department}").format(department=mentor.department)
            lines.append(Reason(DEPARTMENT_SAME, text, {"department": str(mentor.department)}))
    if weights.timezone:
        gap = abs(utc_offset_hours(mentor.timezone, at) - utc_offset_hours(mentee.timezone, at)) % 24
        gap = min(gap, 24 - gap)
        if gap == 0:
            lines.append(Reason(TIMEZONE_SAME, _("Same timezone")))
        elif gap == 1:
            lines.append(Reason(TIMEZONES_APART, _("Timezones one hour apart"), {"hours": 1.0}))
        else:
            text = _("Timezones {hours} hours apart").format(hours=_hours(gap))
            lines.append(Reason(TIMEZONES_APART, text, {"hours": float(_hours(gap))}))
    if weights.seniority:
        if mentor.seniority is None or mentee.seniority is None:
            lines.append(Reason(SENIORITY_UNKNOWN, _("Seniority of one of them is unknown")))
        elif mentor.seniority < mentee.seniority:
            lines.append(Reason(MENTOR_MORE_JUNIOR, _("Mentor is more junior, as reverse mentoring intends")))
        else:
            lines.append(Reason(MENTOR_NOT_MORE_JUNIOR, _("Mentor is not more junior than the mentee")))
    if weights.diversity:
        # Never compare the self-description answers (see the module docstring).
        lines.append(DIVERSITY_CONSIDERED)
    return lines


def mentee_reason(
    mentee: Candidate,
    reachable: int,
    line_free: int,
    feasible: int,
    any_capacity: bool,
    allowed: int | None = None,
    minimum: float = 0.0,
) -> Reason:
    """Most specific reason for an unmatched mentee, from the counts of surviving mentors.

    ``allowed`` counts the mentors the hard rules leave before the ``minimum`` score (the same
    as ``feasible`` when omitted)."""
    allowed = feasible if allowed is None else allowed
    if not mentee.languages:
        return MENTEE_NO_LANGUAGE_GIVEN
    if not any_capacity:
        return MENTEE_NO_CAPACITY
    if reachable == 0:
        return MENTEE_NO_LANGUAGE
    if line_free == 0:
        return MENTEE_SAME_LINE
    if allowed == 0:
        return MENTEE_EXCLUDED
    if feasible == 0:
        return below_minimum(minimum)
    return MENTEE_AT_CAPACITY


def mentor_reason(mentor: Candidate, feasible: int) -> Reason:
    """Reason for a mentor who got no mentee."""
    if mentor.capacity <= 0:
        return MENTOR_ZERO_CAPACITY
    if feasible == 0:
        return MENTOR_NONE_COMPATIBLE
    return MENTOR_NONE_LEFT


def pin_problem(
    mentor: Candidate, mentee: Candidate, same_line: bool, forbidden: bool, capacity_left: int
) -> Reason | None:
    """Why a pinned pair cannot be honoured, or None if it can."""
    if mentor.id == mentee.id:
        return PIN_SAME_PERSON
    if capacity_left <= 0:
        return PIN_NO_CAPACITY
    if not mentor.languages & mentee.languages:
        return PIN_NO_LANGUAGE
    if same_line:
        return PIN_SAME_LINE
    if forbidden:
        return PIN_FORBIDDEN
    return None
