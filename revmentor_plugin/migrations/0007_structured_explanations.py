"""Explanations were stored as English sentences, written once in the language of whoever ran
the matching (issue 12). Turn the sentences this migration recognizes into reasons with a code
and parameters, rendered when read in the reader's language (``services.explanations``); keep
anything else as a ``text`` reason shown as written. Run proposals keep their reasons under
``reasons`` and unmatched entries theirs under ``reasons`` (their words are rendered when read).

The patterns are frozen here, as the engine wrote them until 2026-12: later changes to the
engine's sentences must not change what this migration does. Backwards it writes the English
sentences back (as a staff member reads them).
"""

import re

from django.db import migrations

_SIMPLE = {
    "Pinned by programme staff": "pinned",
    "Offers none of the skills this mentee wants to learn": "skills_none",
    "Same timezone": "timezone_same",
    "Seniority of one of them is unknown": "seniority_unknown",
    "Mentor is more junior, as reverse mentoring intends": "mentor_more_junior",
    "Mentor is not more junior than the mentee": "mentor_not_more_junior",
    "Diversity was considered": "diversity_considered",
    "No language given, so no mentor shares a language": "mentee_no_language_given",
    "No mentor has any capacity": "mentee_no_capacity",
    "No mentor shares a language": "mentee_no_language",
    "The only candidates are in the same reporting line": "mentee_same_line",
    "Every compatible mentor was excluded (declined, closed or forbidden before)": "mentee_excluded",
    "All compatible mentors are at capacity": "mentee_at_capacity",
    "Capacity is zero": "mentor_zero_capacity",
    "No compatible mentee": "mentor_none_compatible",
    "No compatible mentee left": "mentor_none_left",
    "Pinned mentor is not in this run": "pin_unknown_mentor",
    "Pinned mentee is not in this run": "pin_unknown_mentee",
    "A person cannot mentor themself": "pin_same_person",
    "Pinned mentor has no capacity left": "pin_no_capacity",
    "Pinned pair shares no language": "pin_no_language",
    "Pinned pair is in the same reporting line": "pin_same_line",
    "Pinned pair was excluded before (declined, or forbidden by staff)": "pin_forbidden",
    "Mentee is already pinned to another mentor": "pin_duplicate_mentee",
    "Pinned pair breaks a hard rule": "pin_infeasible",
    "Not enrolled in this course any more.": "not_enrolled",
}
_SENTENCES = {code: text for text, code in _SIMPLE.items()}
_SLUG = r"[-a-zA-Z0-9_]+"
_SLUGS = re.compile(rf"{_SLUG}(?:, {_SLUG})*(?: and {_SLUG})?")


def _items(words):
    """``a, b and c`` as ``["a", "b", "c"]`` (slugs and codes hold no commas nor spaces)."""
    head, _, last = words.rpartition(" and ")
    return sorted([*(head.split(", ") if head else []), last])


def _reason(text):
    """One stored sentence as ``{"code", "params"}``; a ``text`` reason when not recognized."""
    if text in _SIMPLE:
        return {"code": _SIMPLE[text], "params": {}}
    match = re.fullmatch(r"Offers (.+), which this mentee wants to learn", text)
    if match and _SLUGS.fullmatch(match[1]):
        return {"code": "skills_offered", "params": {"skills": _items(match[1])}}
    match = re.fullmatch(r"Shares (?:a language|languages): (.+)", text)
    if match and _SLUGS.fullmatch(match[1]):
        return {"code": "languages_shared", "params": {"languages": _items(match[1])}}
    match = re.fullmatch(r"Both enjoy ([^,]+)", text)  # one interest: tags may hold spaces
    if match and " and " not in match[1]:
        return {"code": "interests_shared", "params": {"interests": [match[1]]}}
    match = re.fullmatch(r"Same department: (.+)", text)
    if match:
        return {"code": "department_same", "params": {"department": match[1]}}
    match = re.fullmatch(r"Different departments: (.+)", text)
    if match and match[1].count(" and ") == 1:
        mentor, mentee = match[1].split(" and ")
        return {"code": "departments_different", "params": {"mentor": mentor, "mentee": mentee}}
    if text == "Timezones one hour apart":
        return {"code": "timezones_apart", "params": {"hours": 1.0}}
    match = re.fullmatch(r"Timezones (\d+(?:\.\d+)?) hours apart", text)
    if match:
        return {"code": "timezones_apart", "params": {"hours": float(match[1])}}
    match = re.fullmatch(r"No mentor scores at least (\d+(?:\.\d+)?) for this mentee", text)
    if match:
        return {"code": "mentee_below_minimum", "params": {"minimum": float(match[1])}}
    match = re.fullmatch(r"Pin not applied: (.+)", text)
    if match and match[1] in _SIMPLE:
        return {"code": "pin_rejected", "params": {"problem": _SIMPLE[match[1]]}}
    return {"code": "text", "params": {"text": text}}


def reasons_of(lines):
    """A stored explanation (a list of sentences, possibly converted already) as reasons."""
    if not isinstance(lines, list):
        return []
    return [line if isinstance(line, dict) else _reason(str(line)) for line in lines]


def unmatched_reasons(reason):
    """An unmatched entry's one string: a mentee's ``pin note; reason`` and, for someone
    unmatched in both roles, ``mentee reason / mentor reason``."""
    if not isinstance(reason, str) or not reason:
        return []
    parts = [part for half in reason.split(" / ") for part in half.split("; ")]
    reasons = [_reason(part) for part in parts]
    if any(item["code"] == "text" for item in reasons):
        return [_reason(reason)]  # a sentence that holds " / " or "; " itself: keep it whole
    return reasons


def _sentence(reason):
    """Backwards: a reason as the English sentence the engine wrote (staff wording)."""
    if not isinstance(reason, dict):
        return str(reason)
    code, params = reason.get("code"), reason.get("params") or {}

    def words(items):
        items = [str(i) for i in items]
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"

    if code in _SENTENCES:
        return _SENTENCES[code]
    if code == "skills_offered":
        return f"Offers {words(params.get('skills', []))}, which this mentee wants to learn"
    if code == "languages_shared":
        languages = params.get("languages", [])
        return f"Shares {'a language' if len(languages) == 1 else 'languages'}: {words(languages)}"
    if code == "interests_shared":
        return f"Both enjoy {words(params.get('interests', []))}"
    if code == "department_same":
        return f"Same department: {params.get('department', '')}"
    if code == "departments_different":
        return f"Different departments: {params.get('mentor', '')} and {params.get('mentee', '')}"
    if code == "timezones_apart":
        hours = f"{float(params.get('hours', 0)):g}"
        return "Timezones one hour apart" if hours == "1" else f"Timezones {hours} hours apart"
    if code == "mentee_below_minimum":
        return f"No mentor scores at least {float(params.get('minimum', 0)):g} for this mentee"
    if code == "pin_rejected":
        return f"Pin not applied: {_SENTENCES.get(params.get('problem'), params.get('problem', ''))}"
    return str(params.get("text", code))


def forwards(apps, schema_editor):
    Pair = apps.get_model("revmentor", "Pair")
    MatchingRun = apps.get_model("revmentor", "MatchingRun")
    for pair in Pair.objects.only("pk", "explanation").iterator(chunk_size=1000):
        reasons = reasons_of(pair.explanation)
        if reasons != pair.explanation:
            Pair.objects.filter(pk=pair.pk).update(explanation=reasons)
    for run in MatchingRun.objects.only("pk", "proposals", "unmatched").iterator(chunk_size=100):
        proposals = [
            {
                **{k: v for k, v in proposal.items() if k != "explanation"},
                "reasons": reasons_of(proposal.get("reasons", proposal.get("explanation"))),
            }
            if isinstance(proposal, dict)
            else proposal
            for proposal in (run.proposals if isinstance(run.proposals, list) else [])
        ]
        unmatched = [
            {
                **{k: v for k, v in item.items() if k != "reason"},
                "reasons": item["reasons"] if "reasons" in item else unmatched_reasons(item.get("reason")),
            }
            if isinstance(item, dict)
            else item
            for item in (run.unmatched if isinstance(run.unmatched, list) else [])
        ]
        if proposals != run.proposals or unmatched != run.unmatched:
            MatchingRun.objects.filter(pk=run.pk).update(proposals=proposals, unmatched=unmatched)


def backwards(apps, schema_editor):
    Pair = apps.get_model("revmentor", "Pair")
    MatchingRun = apps.get_model("revmentor", "MatchingRun")
    for pair in Pair.objects.only("pk", "explanation").iterator(chunk_size=1000):
        if isinstance(pair.explanation, list) and any(isinstance(r, dict) for r in pair.explanation):
            Pair.objects.filter(pk=pair.pk).update(explanation=[_sentence(r) for r in pair.explanation])
    for run in MatchingRun.objects.only("pk", "proposals", "unmatched").iterator(chunk_size=100):
        proposals = [
            {
                **{k: v for k, v in proposal.items() if k != "reasons"},
                "explanation": [_sentence(r) for r in proposal.get("reasons", [])],
            }
            if isinstance(proposal, dict) and "reasons" in proposal
            else proposal
            for proposal in (run.proposals if isinstance(run.proposals, list) else [])
        ]
        unmatched = [
            {
                **{k: v for k, v in item.items() if k != "reasons"},
                "reason": "; ".join(_sentence(r) for r in item.get("reasons", [])),
            }
            if isinstance(item, dict) and "reasons" in item
            else item
            for item in (run.unmatched if isinstance(run.unmatched, list) else [])
        ]
        if proposals != run.proposals or unmatched != run.unmatched:
            MatchingRun.objects.filter(pk=run.pk).update(proposals=proposals, unmatched=unmatched)


class Migration(migrations.Migration):
    dependencies = [
        ("revmentor", "0006_participantimport"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
