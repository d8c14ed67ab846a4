"""The strings the blocks' JavaScript shows, translated on the server.

Each block's init arguments carry this catalog (``i18n``), so the JavaScript translates through
the same ``django.po`` as the templates, in the viewer's language, with no separate JS catalog to
load. The JavaScript falls back to the page's ``gettext`` (the LMS defines one) and then to the
English source. ``make extract_translations`` also collects the same strings into
``djangojs.po`` from the JavaScript's ``gettext(...)`` calls.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

# Marked with ``gettext_noop`` under that very name: makemessages (xgettext) extracts the calls it
# knows by name, so the strings reach django.po, which ``catalog`` reads.
STRINGS = (
    gettext_noop("Saving…"),
    gettext_noop("Saved."),
    gettext_noop("Could not save: %(reason)s"),
    gettext_noop("Please correct the highlighted fields."),
    gettext_noop("The server could not be reached. Check your connection and try again."),
    gettext_noop("You joined the program."),
    gettext_noop("Rate every item, from 1 to 5."),
    gettext_noop("Your ratings are saved."),
    gettext_noop("You accepted the expectations."),
    gettext_noop("You declined this pair."),
    gettext_noop("Goal added."),
    gettext_noop("Goal updated."),
    gettext_noop("%(n)s%% done"),
    gettext_noop("Session logged."),
    gettext_noop("Session confirmed."),
    gettext_noop("Session proposed."),
    gettext_noop("Another time suggested."),
    gettext_noop("Planned session confirmed."),
    gettext_noop("Planned session declined."),
    gettext_noop("Planned session cancelled."),
    gettext_noop("Confirmed"),
    gettext_noop("Reflection submitted."),
    gettext_noop("Showing the pair you chose."),
    gettext_noop("Choose a role."),
    gettext_noop("Answer all five pulse questions, or none."),
    gettext_noop("Decline this pair? Matching will not propose it again."),
    gettext_noop("Reminder emails are on."),
    gettext_noop("Reminder emails are off."),
)


def catalog() -> dict[str, str]:
    """Source string -> translation in the active language (only strings that differ)."""
    result = {}
    for source in STRINGS:
        translated = gettext(source)
        if translated != source:
            result[source] = translated
    return result
