"""Every page and block revmentor serves, read in the pseudo-locale "eo", shows no English (issue 15).

"eo" is edx-i18n-tools' dummy language (``make dummy_translations``): every catalog string with its
vowels accented and lorem-ipsum padding, so English left on a page is a string that escaped
translation. The viewer's language comes as the LMS carries it, the language preference cookie
that LocaleMiddleware reads (lms/envs/common.py: LANGUAGE_COOKIE_NAME), and Chromium runs in the
same locale, so the dates the JavaScript formats are the browser's "eo" ones.

Pages, in headless Chromium after their JavaScript ran (one browser, one login per viewer):

* the course unit with the four blocks, for a learner in an active pair, one whose pair awaits
  acceptance, one who has not joined, and course staff (the blocks' staff summary);
* the course staff page, every section, once its tables and charts have loaded, and the
  sponsor's outcome page (issue 16);
* the legacy instructor dashboard's revmentor section and the instructor dashboard MFE's tab.

What people read is collected in the plugin's own markup (each block, the staff page, our
dashboard section; never the sandbox's chrome): text nodes, hidden ones too, and the attributes
people read (title, aria-label, placeholder, alt, a button's value). A text fails when it holds
an English source string of the catalogs (conf/locale/en: ``django.po`` and ``djangojs.po``),
or a run of two plain ASCII words that the English catalogs use. The data people type is seeded
in pseudo form (names of programs and skills, goals, notes), and the blocks keep their Studio
defaults (headings, prompts), which are ours to translate: the sandbox course's own headings and
prompts are left out. Two things are allowed as they are: usernames, which are identifiers, and
the course's unit titles, which course authors write in Studio in the course's language
(sandbox_lms/courseware.py UNITS).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from revmentor_plugin import services
from revmentor_plugin.dashboard.filters import TAB_ID
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw"  # tests.factories.make_user
EN = Path(services.__file__).resolve().parents[1] / "conf" / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]|%[sd%]|\{[^{}]*\}|<[^<>]*>")
WORD = re.compile(r"^[A-Za-z']+$")
# Stripped from a word's ends: ASCII punctuation, typographic quotes, ellipsis, dashes.
PUNCTUATION = '.,:;!?()[]"\u201c\u201d\u2018\u2019\u2026\u00b7\u2013\u2014-/'


def english_catalog() -> tuple[set[str], set[str]]:
    """The English source strings in pieces (the text between placeholders and tags, lowercase,
    without the punctuation around it), and every word they use (the word list)."""
    fragments, words = set(), set()
    for domain in ("django", "djangojs"):
        for entry in polib.pofile(str(EN / f"{domain}.po")):
            for source in filter(None, (entry.msgid, entry.msgid_plural)):
                for piece in PLACEHOLDER.split(source):
                    piece = " ".join(piece.split()).strip(PUNCTUATION + " ").lower()
                    fragments.add(piece)
                    words.update(w.strip(PUNCTUATION) for w in piece.split())
    return fragments - {""}, {w for w in words if WORD.match(w)}


FRAGMENTS, WORDS = english_catalog()
#: The catalog strings of two words or more, as one pattern (longest first), each standing alone
#: in a longer text: one search a text rather than one compiled pattern per string.
MULTI_WORD = re.compile(
    r"(?<![\w])(?:"
    + "|".join(re.escape(f) for f in sorted((f for f in FRAGMENTS if " " in f), key=len, reverse=True))
    + r")(?![\w])"
)
COURSE_CONTENT: set[str] = set()

# What people read in a region: its text nodes (hidden ones too: a section the page shows later
# is translated with the rest) and the attributes read aloud or shown.
COLLECT = """(selector) => {
    const out = [];
    for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (parent && ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(parent.tagName)) { continue; }
            const text = node.textContent.replace(/\\s+/g, ' ').trim();
            if (text) { out.push(['text', parent ? parent.tagName.toLowerCase() : '', text]); }
        }
        const elements = [root, ...root.querySelectorAll('*')];
        for (const el of elements) {
            for (const name of ['title', 'aria-label', 'placeholder', 'alt', 'aria-description']) {
                const value = el.getAttribute(name);
                if (value && value.trim()) { out.push([name, el.tagName.toLowerCase(), value.trim()]); }
            }
            if (el.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(el.type) && el.value) {
                out.push(['value', 'input', el.value]);
            }
        }
    }
    return out;
}"""


def course_content() -> set[str]:
    """What the sandbox course's authors wrote that the blocks show: its units' titles."""
    from sandbox_lms.courseware import UNITS

    return {unit.title for unit in UNITS.values()}


def blocks_at_their_defaults(monkeypatch) -> None:
    """The sandbox course's blocks without the headings and prompts its author typed, so each
    shows the default a course author gets from Studio."""
    from sandbox_lms import courseware

    unit = courseware.UNITS["mentoring"]
    blocks = tuple(
        dataclasses.replace(block, fields={k: v for k, v in block.fields.items() if not isinstance(v, str)})
        for block in unit.blocks
    )
    monkeypatch.setitem(courseware.UNITS, "mentoring", dataclasses.replace(unit, blocks=blocks))


def english_in(text: str, usernames: set[str]) -> str | None:
    """The English in ``text``, or None."""
    plain = " ".join(text.split())
    if plain in COURSE_CONTENT:
        return None
    lowered = plain.lower()
    tokens = [t.strip(PUNCTUATION) for t in plain.split()]
    tokens = [t for t in tokens if t]
    # A whole text that is one of the catalog's strings (single words too: "Pin", "active").
    if lowered.strip(PUNCTUATION) in FRAGMENTS and lowered.strip(PUNCTUATION) not in usernames:
        return plain
    # Two or more plain ASCII words in a row that the English catalogs use.
    run: list[str] = []
    for token in [*tokens, ""]:
        if token and WORD.match(token) and token.lower() in WORDS and token.lower() not in usernames:
            run.append(token)
            continue
        if len(run) >= 2:
            return " ".join(run)
        run = []
    # A catalog string of two words or more inside a longer text.
    found = MULTI_WORD.search(lowered)
    return found.group(0) if found else None


def leaks(page, selector: str, usernames: set[str]) -> list[str]:
    found = page.evaluate(COLLECT, selector)
    assert found, f"nothing to read in {selector}"
    result = []
    for kind, tag, text in found:
        english = english_in(text, usernames)
        if english:
            result.append(f"{kind} <{tag}>: {text!r} (English: {english!r})")
    return result


def test_the_word_finder_sees_english_and_lets_pseudo_text_and_names_through():
    assert english_in("Why you were matched", set()) == "Why you were matched"
    assert english_in("Pin", set()) == "Pin"
    assert english_in("Saved.", set()) == "Saved."
    assert english_in("Whý ýöü wéré mätçhéd Ⱡ'σяєм ιρѕυм#", set()) is None
    assert english_in("mara_mentor · 60", {"mara_mentor"}) is None
    assert english_in("Pärtnér: sam Ⱡ'σяєм#", {"sam"}) is None
    assert english_in("Sessions per week Ⱡ'σяєм#", set()) == "Sessions per week"


def seed():
    """A program with an active pair (goals, a session, reflections, a pulse), a pending pair and
    a learner who has not joined; every text people type is in pseudo form."""
    program = services.create_program(
        course_key=factories.COURSE,
        name="Prögräm öf thé pïlöt#",
        organizational_outcome="Léädérs flüént ïn thé tööls#",
        expectations="Méét évérý twö wééks#",
        status="enrolling",
    )
    services.add_skill(program.uuid, name="Pýthön#", slug="python")
    pair, mentor, mentee = factories.active_pair(
        program, mentor=factories.enrolled("mara_mentor"), mentee=factories.enrolled("max_mentee")
    )
    services.add_goal(pair.uuid, user=mentee, title="Büïld ä däshßöärd#", progress=40)
    services.add_goal(pair.uuid, user=mentor, title="Léäd ä séssïön#", skill="python")
    services.log_session(
        pair.uuid,
        user=mentor,
        occurred_on=services.today().isoformat(),
        duration_minutes=60,
        led_by="mentor",
        notes="Wé pläýéd#",
    )
    services.write_reflection(
        pair.uuid, user=mentee, body="Ït wörkéd#", visibility="pair", prompt="Whät wörkéd?#"
    )
    factories.pulse(pair, mentee, 4, 4, 3, 5, 4)
    _proposed, _other, waiting = factories.proposed_pair(
        program, mentor=factories.enrolled("olga_mentor"), mentee=factories.enrolled("pat_pending")
    )
    joiner = factories.enrolled("jo_joiner")
    # Two who joined and wait for matching: the staff page's preview proposes them.
    factories.join(program, factories.enrolled("fay_free"), "mentor", skills_offered=["python"], seniority=1)
    factories.join(program, factories.enrolled("gus_free"), "mentee", skills_sought=["python"], seniority=6)
    staff = factories.course_staff("sam_staff")
    return program, {"learner": mentee, "pending": waiting, "joiner": joiner, "staff": staff}


def test_every_page_and_block_reads_in_the_pseudo_locale(chromium, live_server, monkeypatch):
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()
    blocks_at_their_defaults(monkeypatch)
    COURSE_CONTENT.update(course_content())
    program, viewers = seed()
    usernames = {"mara_mentor", "max_mentee", "olga_mentor", "pat_pending", "jo_joiner", "sam_staff"}
    usernames |= {"fay_free", "gus_free"}
    expected = {"learner": "active", "pending": "pair_pending", "joiner": "join", "staff": "staff_summary"}
    found: dict[str, list[str]] = {}
    for viewer, user in viewers.items():
        context = chromium.new_context(locale="eo", viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "eo", "url": live_server.url}])
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/courses/{factories.COURSE}/unit/mentoring/")
        page.wait_for_load_state("networkidle")
        pairing = page.locator('.xblock[data-block-type="revmentor_pairing"] section.revmentor')
        assert pairing.get_attribute("data-state") == expected[viewer]
        assert page.locator(".xblock section.revmentor").count() == 4
        found[f"unit ({viewer})"] = leaks(page, ".xblock section.revmentor", usernames)
        if viewer == "learner":
            # A message the blocks' JavaScript says after a save (its strings come translated
            # in the block's init arguments).
            pairing = page.locator('.xblock[data-block-type="revmentor_pairing"]')
            pairing.locator('input[type="checkbox"][name="reminders"]').uncheck()
            live = pairing.locator("[data-rm-live]")
            # Emptied first, so only the answer to this save can fill it (the blocks empty a live
            # region, then fill it 60 ms later: a message already there could be read between).
            live.evaluate("(el) => { el.textContent = ''; }")
            with page.expect_response(lambda response: "set_reminders" in response.url):
                pairing.locator('[data-rm-form="set_reminders"] button[type="submit"]').click()
            live.filter(has_text=re.compile(r"\S")).wait_for()
            found["unit (learner), after a save"] = leaks(
                page, ".xblock section.revmentor [data-rm-live]", usernames
            )
        if viewer == "staff":
            page.goto(f"{live_server.url}/revmentor/courses/{factories.COURSE}/?program={program.uuid}")
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("lang") == "eo"
            page.locator("#rm-pairs tbody tr").first.wait_for()
            page.locator("#rm-participants tbody tr").first.wait_for()
            found["staff page"] = leaks(page, "title, body", usernames)
            # What the page's JavaScript builds on demand: a matching preview with its reasons,
            # a pair's details, a participant's form.
            page.locator("#rm-run").click()
            page.locator("#rm-proposals tbody tr").first.wait_for()
            page.locator("#rm-pairs tbody tr button").first.click()
            page.locator("#rm-pair-detail").wait_for()
            page.locator("#rm-participants tbody tr button").first.click()
            page.locator("#rm-person").wait_for()
            page.wait_for_load_state("networkidle")
            found["staff page, after its JavaScript ran"] = leaks(page, "body", usernames)
            page.goto(
                f"{live_server.url}/revmentor/courses/{factories.COURSE}/programs/{program.uuid}/outcome/"
            )
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("lang") == "eo"
            found["sponsor's outcome page"] = leaks(page, "title, body", usernames)
            page.goto(f"{live_server.url}/courses/{factories.COURSE}/instructor/")
            page.wait_for_load_state("networkidle")
            found["legacy dashboard section"] = leaks(
                page, f"#header-{TAB_ID}, .{TAB_ID}, .revmentor-dashboard-section", usernames
            )
            page.goto(f"{live_server.url}/instructor-dashboard/{factories.COURSE}/")
            page.wait_for_load_state("networkidle")
            found["instructor dashboard tab"] = leaks(page, f"[data-tab-id={TAB_ID}]", usernames)
        found[f"JavaScript errors ({viewer})"] = errors
        context.close()
    assert found == {name: [] for name in found}, "\n".join(
        f"{name}:\n  " + "\n  ".join(items) for name, items in found.items() if items
    )
