"""Human-readable reasons: why a pair was made, and why someone was left out.

Staff must be able to trust and defend a match, so every pair carries short sentences naming the
skills, interests and languages involved (as the ids or slugs given), and every unmatched person
gets the most specific reason available.

The optional self-description is the exception (ADR 0003: matching uses it, nobody reads it).
Both people read their pair's explanation, so saying which answers differ or match would tell
each of them the other's answers. When the diversity criterion is weighted the explanation says
only :data:`DIVERSITY_CONSIDERED`, whatever the answers and whether anyone gave any.

Sentences are English but marked with `_`, a no-op in the style of gettext_noop: the engine must
not import Django, and the web layer translates the text (or extracts these literals) later.
Formatted sentences are marked before formatting so that the template, not the filled-in text, is
what gets translated.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime

from .candidates import Candidate, Weights
from .features import REFERENCE_INSTANT, utc_offset_hours

__all__ = [
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
    "explain_pair",
    "mentee_reason",
    "mentor_reason",
    "pin_problem",
]


def _(message: str) -> str:
    """Mark `message` for translation without translating it (gettext_noop)."""
    return message


MENTEE_NO_LANGUAGE_GIVEN = _("No language given, so no mentor shares a language")
MENTEE_NO_CAPACITY = _("No mentor has any capacity")
MENTEE_NO_LANGUAGE = _("No mentor shares a language")
MENTEE_SAME_LINE = _("The only candidates are in the same reporting line")
MENTEE_EXCLUDED = _("Every compatible mentor was excluded (declined, closed or forbidden before)")
MENTEE_AT_CAPACITY = _("All compatible mentors are at capacity")
MENTEE_BELOW_MINIMUM = _("No mentor scores at least {minimum} for this mentee")
MENTOR_ZERO_CAPACITY = _("Capacity is zero")
MENTOR_NONE_COMPATIBLE = _("No compatible mentee")
MENTOR_NONE_LEFT = _("No compatible mentee left")

PIN_UNKNOWN_MENTOR = _("Pinned mentor is not in this run")
PIN_UNKNOWN_MENTEE = _("Pinned mentee is not in this run")
PIN_SAME_PERSON = _("A person cannot mentor themself")
PIN_NO_CAPACITY = _("Pinned mentor has no capacity left")
PIN_NO_LANGUAGE = _("Pinned pair shares no language")
PIN_SAME_LINE = _("Pinned pair is in the same reporting line")
PIN_FORBIDDEN = _("Pinned pair was excluded before (declined, or forbidden by staff)")
PIN_DUPLICATE_MENTEE = _("Mentee is already pinned to another mentor")
PIN_INFEASIBLE = _("Pinned pair breaks a hard rule")
PIN_REJECTED = _("Pin not applied: {problem}")

DIVERSITY_CONSIDERED = _("Diversity was considered")


def _words(items: Iterable[Hashable]) -> str:
    names = sorted(str(item) for item in items)
    if len(names) <= 1:
        return "".join(names)
    return _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])


def _hours(gap: float) -> str:
    return f"{gap:.2f}".rstrip("0").rstrip(".")


def explain_pair(
    mentor: Candidate,
    mentee: Candidate,
    weights: Weights,
    at: datetime = REFERENCE_INSTANT,
    pinned: bool = False,
) -> list[str]:
    """Sentences describing what the pair has going for it (criteria with weight 0 are skipped)."""
    lines: list[str] = []
    if pinned:
        lines.append(_("Pinned by programme staff"))
    if weights.skills and mentee.skills_sought:
        taught = mentee.skills_sought & mentor.skills_offered
        if taught:
            lines.append(_("Offers {skills}, which this mentee wants to learn").format(skills=_words(taught)))
        else:
            lines.append(_("Offers none of the skills this mentee wants to learn"))
    if weights.interests:
        common = mentee.interests & mentor.interests
        if common:
            lines.append(_("Both enjoy {interests}").format(interests=_words(common)))
    shared = mentee.languages & mentor.languages
    if len(shared) == 1:
        lines.append(_("Shares a language: {languages}").format(languages=_words(shared)))
    elif shared:
        lines.append(_("Shares languages: {languages}").format(languages=_words(shared)))
    if weights.department and mentor.department is not None and mentee.department is not None:
        if mentor.department != mentee.department:
            lines.append(
                _("Different departments: {mentor} and {mentee}").format(
                    mentor=mentor.department, mentee=mentee.department
                )
            )
        else:
            lines.append(_("Same department: {department}").format(department=mentor.department))
    if weights.timezone:
        gap = abs(utc_offset_hours(mentor.timezone, at) - utc_offset_hours(mentee.timezone, at)) % 24
        gap = min(gap, 24 - gap)
        if gap == 0:
            lines.append(_("Same timezone"))
        elif gap == 1:
            lines.append(_("Timezones one hour apart"))
        else:
            lines.append(_("Timezones {hours} hours apart").format(hours=_hours(gap)))
    if weights.seniority:
        if mentor.seniority is None or mentee.seniority is None:
            lines.append(_("Seniority of one of them is unknown"))
        elif mentor.seniority < mentee.seniority:
            lines.append(_("Mentor is more junior, as reverse mentoring intends"))
        else:
            lines.append(_("Mentor is not more junior than the mentee"))
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
) -> str:
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
        return MENTEE_BELOW_MINIMUM.format(minimum=f"{minimum:g}")
    return MENTEE_AT_CAPACITY


def mentor_reason(mentor: Candidate, feasible: int) -> str:
    """Reason for a mentor who got no mentee."""
    if mentor.capacity <= 0:
        return MENTOR_ZERO_CAPACITY
    if feasible == 0:
        return MENTOR_NONE_COMPATIBLE
    return MENTOR_NONE_LEFT


def pin_problem(
    mentor: Candidate, mentee: Candidate, same_line: bool, forbidden: bool, capacity_left: int
) -> str | None:
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
