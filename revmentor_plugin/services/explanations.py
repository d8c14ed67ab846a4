"""Why two people were matched, and why someone was not: structured reasons rendered when shown.

The matching engine gives each reason a code and its parameters (slugs, codes, numbers;
``revmentor_plugin.matching.explain``, which this module does not import: the engine, with numpy
and scipy, loads only when a run is computed; a test checks every engine code has words here).
Pairs and matching runs store them as ``{"code": ..., "params": {...}}`` and this module turns
them into sentences when someone reads them (issue 12): in the active language (gettext at render
time, never when matching ran), addressed to the reader — the mentee ("You want to learn Data
dashboards; Amara offers it"), the mentor ("Sam wants to learn Data dashboards; you offer it") or
staff ("Amara offers Data dashboards, which Sam wants to learn") — with skill names from the
program's catalog (the slug when a skill was removed since) and people by the name the blocks show
(their username).

A reason this module does not know, and any free text (what staff typed when pairing by hand,
or a stored sentence the 0007 migration did not recognize), is kept as a ``text`` reason and
shown as written. The self-description rule of ADR 0003 holds: the engine's only diversity
reason is "diversity was considered", with no parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import get_language_info, gettext, gettext_noop, ngettext, pgettext

from revmentor_plugin.data import Role

__all__ = ["TEXT", "Reasons", "normalize", "render_reason", "render_reasons"]

TEXT = "text"
"""The code of a reason kept as written (``params.text``)."""

Reason = dict[str, Any]
Reasons = tuple[Reason, ...]


def text_reason(text: str) -> Reason:
    return {"code": TEXT, "params": {"text": text}}


def normalize(stored: Iterable[Any] | None) -> Reasons:
    """Stored reasons as ``{"code", "params"}`` dicts: a string or anything else unknown becomes a
    ``text`` reason, so nothing stored is lost or fails to render."""
    reasons: list[Reason] = []
    for item in stored or ():
        if isinstance(getattr(item, "code", None), str) and callable(getattr(item, "as_dict", None)):
            reasons.append(item.as_dict())  # the engine's ``Reason``
        elif isinstance(item, str):
            reasons.append(text_reason(item))
        elif isinstance(item, dict) and isinstance(item.get("code"), str):
            params = item.get("params")
            reasons.append({"code": item["code"], "params": dict(params) if isinstance(params, dict) else {}})
        else:
            reasons.append(text_reason(str(item)))
    return tuple(reasons)


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return gettext("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _language(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _hours(value: Any) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


class _Context:
    def __init__(self, viewer: Role | None, mentor: str, mentee: str, skill_names: Mapping[str, str]) -> None:
        self.viewer = viewer
        self.mentor = mentor
        self.mentee = mentee
        self.skill_names = skill_names

    def skills(self, slugs: Any) -> tuple[str, int]:
        names = sorted(self.skill_names.get(str(slug), str(slug)) for slug in slugs or ())
        return _and(names), len(names)


def _skills_offered(p: Mapping[str, Any], c: _Context) -> str:
    skills, n = c.skills(p.get("skills"))
    if c.viewer is Role.MENTEE:
        return ngettext(
            "You want to learn {skills}; {mentor} offers it",
            "You want to learn {skills}; {mentor} offers them",
            n,
        ).format(skills=skills, mentor=c.mentor)
    if c.viewer is Role.MENTOR:
        return ngettext(
            "{mentee} wants to learn {skills}; you offer it",
            "{mentee} wants to learn {skills}; you offer them",
            n,
        ).format(skills=skills, mentee=c.mentee)
    return gettext("{mentor} offers {skills}, which {mentee} wants to learn").format(
        mentor=c.mentor, skills=skills, mentee=c.mentee
    )


def _skills_none(p: Mapping[str, Any], c: _Context) -> str:
    if c.viewer is Role.MENTEE:
        return gettext("{mentor} offers none of the skills you want to learn").format(mentor=c.mentor)
    if c.viewer is Role.MENTOR:
        return gettext("You offer none of the skills {mentee} wants to learn").format(mentee=c.mentee)
    return gettext("{mentor} offers none of the skills {mentee} wants to learn").format(
        mentor=c.mentor, mentee=c.mentee
    )


def _interests(p: Mapping[str, Any], c: _Context) -> str:
    interests = _and(sorted(str(i) for i in p.get("interests") or ()))
    if c.viewer is None:
        return gettext("Both enjoy {interests}").format(interests=interests)
    return gettext("You both enjoy {interests}").format(interests=interests)


def _languages(p: Mapping[str, Any], c: _Context) -> str:
    codes_ = [str(code) for code in p.get("languages") or ()]
    languages = _and(sorted(_language(code) for code in codes_))
    if c.viewer is None:
        return ngettext(
            "They share a language: {languages}", "They share languages: {languages}", len(codes_)
        ).format(languages=languages)
    return ngettext(
        "You share a language: {languages}", "You share languages: {languages}", len(codes_)
    ).format(languages=languages)


def _departments(p: Mapping[str, Any], c: _Context) -> str:
    mentor, mentee = str(p.get("mentor", "")), str(p.get("mentee", ""))
    if c.viewer is Role.MENTEE:
        return gettext("{mentor} works in {mentor_department}, you in {mentee_department}").format(
            mentor=c.mentor, mentor_department=mentor, mentee_department=mentee
        )
    if c.viewer is Role.MENTOR:
        return gettext("You work in {mentor_department}, {mentee} in {mentee_department}").format(
            mentee=c.mentee, mentor_department=mentor, mentee_department=mentee
        )
    return gettext("Different departments: {mentor} and {mentee}").format(mentor=mentor, mentee=mentee)


def _department(p: Mapping[str, Any], c: _Context) -> str:
    department = str(p.get("department", ""))
    if c.viewer is None:
        return gettext("Same department: {department}").format(department=department)
    return gettext("You both work in {department}").format(department=department)


def _timezone_same(p: Mapping[str, Any], c: _Context) -> str:
    return gettext("Same timezone") if c.viewer is None else gettext("You are in the same timezone")


def _timezones_apart(p: Mapping[str, Any], c: _Context) -> str:
    hours = _hours(p.get("hours", 0))
    count = int(float(p.get("hours", 0)))
    if c.viewer is None:
        return ngettext("Timezones {hours} hour apart", "Timezones {hours} hours apart", count).format(
            hours=hours
        )
    return ngettext(
        "Your timezones are {hours} hour apart", "Your timezones are {hours} hours apart", count
    ).format(hours=hours)


def _seniority_unknown(p: Mapping[str, Any], c: _Context) -> str:
    if c.viewer is None:
        return gettext("Seniority of one of them is unknown")
    return gettext("The seniority of one of you is unknown")


def _more_junior(p: Mapping[str, Any], c: _Context) -> str:
    if c.viewer is Role.MENTEE:
        return gettext("{mentor} is more junior than you, as reverse mentoring intends").format(
            mentor=c.mentor
        )
    if c.viewer is Role.MENTOR:
        return gettext("You are more junior than {mentee}, as reverse mentoring intends").format(
            mentee=c.mentee
        )
    return gettext("{mentor} is more junior than {mentee}, as reverse mentoring intends").format(
        mentor=c.mentor, mentee=c.mentee
    )


def _not_more_junior(p: Mapping[str, Any], c: _Context) -> str:
    if c.viewer is Role.MENTEE:
        return gettext("{mentor} is not more junior than you").format(mentor=c.mentor)
    if c.viewer is Role.MENTOR:
        return gettext("You are not more junior than {mentee}").format(mentee=c.mentee)
    return gettext("{mentor} is not more junior than {mentee}").format(mentor=c.mentor, mentee=c.mentee)


def _pinned(p: Mapping[str, Any], c: _Context) -> str:
    if c.viewer is None:
        return gettext("Pinned by programme staff")
    return gettext("Programme staff chose this pair")


def _below_minimum(p: Mapping[str, Any], c: _Context) -> str:
    return gettext("No mentor scores at least {minimum} for this mentee").format(
        minimum=f"{float(p.get('minimum', 0)):g}"
    )


def _pin_rejected(p: Mapping[str, Any], c: _Context) -> str:
    problem = _simple(str(p.get("problem", "")))
    return gettext("Pin not applied: {problem}").format(problem=problem or p.get("problem", ""))


def _simple(code: str) -> str | None:
    """The sentence of a reason without parameters (unmatched and refused pins: staff only)."""
    message = _SIMPLE.get(code)
    return gettext(message) if message is not None else None


NOT_ENROLLED = "not_enrolled"
"""Someone a run left out because they are no longer enrolled in the course (services)."""

#: The sentences of reasons without parameters, translated when rendered (``_simple``).
_SIMPLE: dict[str, str] = {
    "mentee_no_language_given": gettext_noop("No language given, so no mentor shares a language"),
    "mentee_no_capacity": gettext_noop("No mentor has any capacity"),
    "mentee_no_language": gettext_noop("No mentor shares a language"),
    "mentee_same_line": gettext_noop("The only candidates are in the same reporting line"),
    "mentee_excluded": gettext_noop(
        "Every compatible mentor was excluded (declined, closed or forbidden before)"
    ),
    "mentee_at_capacity": gettext_noop("All compatible mentors are at capacity"),
    "mentor_zero_capacity": gettext_noop("Capacity is zero"),
    "mentor_none_compatible": gettext_noop("No compatible mentee"),
    "mentor_none_left": gettext_noop("No compatible mentee left"),
    "pin_unknown_mentor": gettext_noop("Pinned mentor is not in this run"),
    "pin_unknown_mentee": gettext_noop("Pinned mentee is not in this run"),
    "pin_same_person": gettext_noop("A person cannot mentor themself"),
    "pin_no_capacity": gettext_noop("Pinned mentor has no capacity left"),
    "pin_no_language": gettext_noop("Pinned pair shares no language"),
    "pin_same_line": gettext_noop("Pinned pair is in the same reporting line"),
    "pin_forbidden": gettext_noop("Pinned pair was excluded before (declined, or forbidden by staff)"),
    "pin_duplicate_mentee": gettext_noop("Mentee is already pinned to another mentor"),
    "pin_infeasible": gettext_noop("Pinned pair breaks a hard rule"),
    "diversity_considered": gettext_noop("Diversity was considered"),
    NOT_ENROLLED: gettext_noop("Not enrolled in this course any more."),
}

_RENDERERS: dict[str, Callable[[Mapping[str, Any], _Context], str]] = {
    "pinned": _pinned,
    "skills_offered": _skills_offered,
    "skills_none": _skills_none,
    "interests_shared": _interests,
    "languages_shared": _languages,
    "departments_different": _departments,
    "department_same": _department,
    "timezone_same": _timezone_same,
    "timezones_apart": _timezones_apart,
    "seniority_unknown": _seniority_unknown,
    "mentor_more_junior": _more_junior,
    "mentor_not_more_junior": _not_more_junior,
    "mentee_below_minimum": _below_minimum,
    "pin_rejected": _pin_rejected,
}


def render_reason(
    reason: Any,
    *,
    viewer: Role | None = None,
    mentor: str = "",
    mentee: str = "",
    skill_names: Mapping[str, str] | None = None,
) -> str:
    """One reason as a sentence for ``viewer`` (the pair's mentor or mentee; None: staff)."""
    (item,) = normalize([reason])
    code, params = item["code"], item["params"]
    context = _Context(
        viewer,
        mentor or pgettext("matching", "the mentor"),
        mentee or pgettext("matching", "the mentee"),
        skill_names or {},
    )
    render = _RENDERERS.get(code)
    if render is not None:
        return render(params, context)
    simple = _simple(code)
    if simple is not None:
        return simple
    return str(params.get("text", code))


def render_reasons(
    reasons: Iterable[Any] | None,
    *,
    viewer: Role | None = None,
    mentor: str = "",
    mentee: str = "",
    skill_names: Mapping[str, str] | None = None,
) -> list[str]:
    """The sentences of stored reasons, for ``viewer``, in the active language."""
    return [
        render_reason(reason, viewer=viewer, mentor=mentor, mentee=mentee, skill_names=skill_names)
        for reason in normalize(reasons)
    ]
