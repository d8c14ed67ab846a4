"""Sentences with counts and lists, in the viewer's language.

A count shown with a noun goes through ``ngettext`` ("1 session", "2 sessions"; other languages
have more forms), and a list shown in a sentence is joined here ("A", "A and B", "A, B and C"),
so that a verb can agree with how many there are. Whole sentences are translated, never pieces
glued together, so a translator can reorder them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def join_and(items: Sequence[str]) -> str:
    """``items`` as a list in a sentence: "A", "A and B", "A, B and C" ("" when empty)."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    # Translators: the separator between items of a list, before its last two ("A, B and C").
    head = _(", ").join(items[:-1])
    # Translators: the last two items of a list ("A and B"; "A, B and C").
    return _("%(first)s and %(last)s") % {"first": head, "last": items[-1]}


def last_session_text(days: int) -> str:
    """When the last session was, ``days`` ago: "today", "yesterday", "3 days ago"."""
    if days <= 0:
        return _("Last session today")
    if days == 1:
        return _("Last session yesterday")
    return ngettext("Last session %(n)d day ago", "Last session %(n)d days ago", days) % {"n": days}


__all__ = ["join_and", "last_session_text"]
