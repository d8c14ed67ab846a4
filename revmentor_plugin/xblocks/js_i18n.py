"""The strings the blocks' JavaScript shows, translated on the server.

Each block's init arguments carry this catalog (``i18n``), so the JavaScript translates through
the same ``django.po`` as the templates, in the viewer's language, with no separate JS catalog to
load. The JavaScript falls back to the page's ``gettext`` (the LMS defines one) and then to the
English source. ``make extract_translations`` also collects the same strings into
``djangojs.po`` from the JavaScript's ``gettext(...)`` calls.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

STRINGS = (
    N_("Saving…"),
    N_("Saved."),
    N_("Could not save: %(reason)s"),
    N_("Please correct the highlighted fields."),
    N_("The server could not be reached. Check your connection and try again."),
    N_("You joined the program."),
    N_("You accepted the expectations."),
    N_("You declined this pair."),
    N_("Goal added."),
    N_("Goal updated."),
    N_("%(n)s%% done"),
    N_("Session logged."),
    N_("Session confirmed."),
    N_("Session proposed."),
    N_("Another time suggested."),
    N_("Planned session confirmed."),
    N_("Planned session declined."),
    N_("Planned session cancelled."),
    N_("Confirmed"),
    N_("Reflection submitted."),
    N_("Showing the pair you chose."),
    N_("Choose a role."),
    N_("Answer all five pulse questions, or none."),
    N_("Decline this pair? Matching will not propose it again."),
    N_("Reminder emails are on."),
    N_("Reminder emails are off."),
)


def catalog() -> dict[str, str]:
    """Source string -> translation in the active language (only strings that differ)."""
    result = {}
    for source in STRINGS:
        translated = gettext(source)
        if translated != source:
            result[source] = translated
    return result
