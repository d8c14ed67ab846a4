"""Every ``edx.revmentor.*`` event becomes a valid xAPI statement through event-routing-backends.

The events are the real ones: a program's whole life goes through the services, inside the
tracker context the LMS's ``TrackMiddleware`` opens for a request (``user_id``, ``username``,
``course_id``, ...), and the sandbox's tracking backend keeps what eventtracking delivers. Each
is transformed by event-routing-backends' own ``XApiProcessor`` (its registry, its actor from the
platform's external ids, its check that the statement has an object id) and read back with
tincan, as its own tests compare statements. Needs the ``aspects`` extra; skipped without it.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import re
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip(
    "event_routing_backends", reason="the aspects extra (event-routing-backends) is not installed"
)

from django.conf import settings
from django.test import TestCase
from django.utils import timezone
from event_routing_backends import helpers
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from event_routing_backends.processors.xapi.transformer_processor import XApiProcessor
from eventtracking import tracker
from openedx.core.djangoapps.external_user_ids.models import ExternalId
from tincan import Statement

from revmentor_plugin import analytics, services
from revmentor_plugin.data import PairStatus
from tests import factories

pytestmark = pytest.mark.host_contract

PACKAGE = Path(analytics.__file__).resolve().parent.parent
#: Put in every text a person can write along the way; no statement may carry it.
MARK = "zq7mark"


@contextmanager
def request_of(user):
    """The tracker context of one LMS request by ``user`` (``common/djangoapps/track/middleware.py``,
    ``TrackMiddleware.get_context_for_request``), committed inside it as ``ATOMIC_REQUESTS`` does."""
    context = {
        "user_id": user.pk,
        "username": user.username,
        "course_id": "",
        "org_id": "",
        "session": "",
        "ip": "127.0.0.1",
        "agent": "pytest",
        "host": "testserver",
        "path": "/api/revmentor/v1/",
        "client_id": None,
    }
    with (
        tracker.get_tracker().context("edx.request", context),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        yield


def story() -> SimpleNamespace:
    """A program's life, every event at least once, with ``MARK`` in every free text."""
    from sandbox_lms.tracking import EVENTS

    # event-routing-backends caches each user's anonymous id and each course by id for the
    # process's life; other tests' users (rolled back) may have had these ids.
    helpers.get_anonymous_user_id.cache_clear()
    helpers.get_course_from_id.cache_clear()
    EVENTS.clear()
    staff = factories.course_staff("xapi_staff")
    with request_of(staff):
        program = factories.program(
            name=f"Program {MARK}", organizational_outcome=f"Outcome {MARK}", expectations=f"Meet {MARK}"
        )
        services.update_program(program.uuid, diversity_enabled=True, matching_weights={"diversity": 1.0})
        services.record_outcome(
            program.uuid,
            user=staff,
            measure=f"Measure {MARK}",
            value=41.5,
            recorded_on=timezone.localdate(),
            note=f"Note {MARK}",
        )
    users = {name: factories.enrolled(f"xapi_{name}") for name in ("mentor", "mentee", "other", "late")}
    self_description = {"q": f"answer {MARK}"}
    for name, role in (("mentor", "mentor"), ("mentee", "mentee"), ("other", "mentee"), ("late", "mentee")):
        with request_of(users[name]):
            factories.join(
                program,
                users[name],
                role,
                ratings=factories.leadership_ratings(program, 2) if role == "mentor" else None,
                capacity=3 if role == "mentor" else 1,
                motivations=f"motive {MARK}",
                self_description=self_description,
            )
    mentor, mentee, other, late = (users[name] for name in ("mentor", "mentee", "other", "late"))
    with request_of(staff):
        run = services.start_matching_run(
            program.uuid, user=staff, pinned=[[mentor.username, mentee.username]]
        )
        services.publish_matching_run(program.uuid, run.id)
    pair = next(p for p in services.pairs_of_program(program.uuid, user_id=mentee.pk))
    for user in (mentor, mentee):
        with request_of(user):
            services.accept_agreement(pair.uuid, user=user)
    with request_of(mentee):
        goal = services.add_goal(pair.uuid, user=mentee, title=f"Goal {MARK}", details=f"Details {MARK}")
        services.update_goal(pair.uuid, goal.id, user=mentee, progress=100)
        session = services.log_session(
            pair.uuid,
            user=mentee,
            occurred_on=timezone.localdate(),
            duration_minutes=40,
            led_by="mentor",
            notes=f"notes {MARK}",
        )
        services.write_reflection(pair.uuid, user=mentee, body=f"body {MARK}", visibility="private")
        services.record_pulse(pair.uuid, user=mentee, **factories.pulse_answers(1, 2, 3, 4, 5))
        starts = (timezone.now() + dt.timedelta(days=10)).strftime("%Y-%m-%dT09:00")
        first = services.propose_session(
            pair.uuid,
            user=mentee,
            starts_at=starts,
            duration_minutes=30,
            location=f"room {MARK}",
            timezone="UTC",
        )
        second = services.propose_session(
            pair.uuid,
            user=mentee,
            starts_at=starts,
            duration_minutes=30,
            location=f"hall {MARK}",
            timezone="UTC",
        )
    with request_of(mentor):
        services.confirm_session(pair.uuid, session.id, user=mentor)
        services.confirm_session(pair.uuid, session.id, user=mentor)  # a double click: one event
        services.confirm_planned_session(pair.uuid, first.id, user=mentor)
        services.reschedule_planned_session(
            pair.uuid, first.id, user=mentor, starts_at=starts.replace("09:", "11:")
        )
        services.decline_planned_session(pair.uuid, second.id, user=mentor)
    with request_of(mentee):
        services.cancel_planned_session(pair.uuid, first.id, user=mentee)
    with request_of(other):
        proposed = next(p for p in services.pairs_of_program(program.uuid, user_id=other.pk))
        services.decline_pair(proposed.uuid, user=other, reason=f"decline {MARK}")
    with request_of(staff):
        services.close_pair(pair.uuid, reason=f"done {MARK}", completed=True)
    with request_of(mentor):
        services.rate_end(program.uuid, user=mentor, ratings=factories.leadership_ratings(program, 4))
    with request_of(staff):
        services.withdraw_participant(program.uuid, late.username, reason=f"withdraw {MARK}")
        services.reinstate_participant(program.uuid, late.username)
        late_pair = services.propose_pair(program.uuid, mentor=mentor.username, mentee=late.username)
        services.close_pair(late_pair.uuid, reason=f"closed {MARK}")
    events = copy.deepcopy(list(EVENTS))
    statements = XApiProcessor()(copy.deepcopy(events))
    return SimpleNamespace(
        program=program,
        users={**users, "staff": staff},
        events=events,
        statements=statements,
        external_ids={e.user_id: str(e.external_user_id) for e in ExternalId.objects.all()},
        free_texts=[f"{MARK}", *[u.username for u in users.values()], staff.username],
    )


_world, world = factories.built_once_fixtures(story)


def statement_of(world, name):
    pairs = [(e, s) for e, s in zip(world.events, world.statements, strict=True) if e["name"] == name]
    assert pairs, f"the story emitted no {name}"
    return pairs


def test_one_statement_per_event(world):
    assert len(world.statements) == len(world.events)
    assert {e["name"] for e in world.events} == set(analytics.event_names())


@pytest.mark.parametrize("name", analytics.event_names())
def test_each_event_is_a_valid_statement_with_its_verb_and_object(world, name):
    short = name.removeprefix(analytics.PREFIX)
    spec = analytics.XAPI_EVENTS[short]
    verb_iri, verb_display = analytics.VERBS[spec.verb]
    kind = analytics.OBJECTS[spec.object]
    root = settings.LMS_ROOT_URL
    for event, statement in statement_of(world, name):
        # tincan reads it back to the very same statement: a valid xAPI 1.0.3 statement
        assert json.loads(Statement.from_json(json.dumps(statement)).to_json()) == statement
        assert statement["version"] == "1.0.3"
        assert statement["verb"] == {"id": verb_iri, "display": {"en": verb_display}}
        data = event["data"]
        expected_id = f"{root}/" + kind.path.format(
            **{k: data.get(k) for k in re.findall(r"{(\w+)}", kind.path)}
        )
        assert statement["object"] == {
            "id": expected_id,
            "objectType": "Activity",
            "definition": {"type": kind.type, "name": {"en-US": kind.name}},
        }
        assert "None" not in expected_id
        # the actor is the user's anonymous xAPI id, never who they are
        subject = data.get("user_id") or event["context"]["user_id"]
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": root, "name": world.external_ids[subject]},
        }
        context = statement["context"]
        (course,) = context["contextActivities"]["parent"]
        assert course["id"] == f"{root}/course/{world.program.course_key}"
        if spec.object not in ("program", "matching"):
            (program,) = context["contextActivities"]["grouping"]
            assert program["id"] == f"{root}/revmentor/program/{world.program.uuid}"
        for field in analytics.EXTENSION_FIELDS:
            key = analytics.EXTENSION_BASE + field.replace("_", "-")
            assert context["extensions"].get(key) == data.get(field)


def test_who_joined_is_the_actor_even_when_staff_brought_them_back(world):
    ((event, statement),) = statement_of(world, "edx.revmentor.participant.reinstated")
    late, staff = world.users["late"], world.users["staff"]
    assert event["context"]["user_id"] == staff.pk
    assert statement["actor"]["account"]["name"] == world.external_ids[late.pk]


def test_a_session_is_confirmed_once_and_a_goal_achieved_once(world):
    names = [e["name"] for e in world.events]
    assert names.count("edx.revmentor.session.confirmed") == 1
    assert names.count("edx.revmentor.goal.achieved") == 1
    ((logged, _),) = statement_of(world, "edx.revmentor.session.logged")
    ((confirmed, _),) = statement_of(world, "edx.revmentor.session.confirmed")
    assert logged["data"]["session_id"] == confirmed["data"]["session_id"]


def test_no_statement_carries_free_text_names_or_self_description(world):
    text = json.dumps(world.statements)
    for private in world.free_texts:
        assert private not in text, private
    for word in ("self_description", "self-description", "motivation", "trust", "comfort", "career_support"):
        assert word not in text.lower(), word
    # The pulse statement says that someone answered, in which role, and nothing of the answers.
    ((_, pulse),) = statement_of(world, "edx.revmentor.pulse.recorded")
    assert set(pulse["context"]["extensions"]) == {
        "https://w3id.org/xapi/openedx/extension/transformer-version",
        analytics.EXTENSION_BASE + "role",
    }
    assert "result" not in pulse


# -- every emitted name has a transformer ------------------------------------------------------


def emitted_names(sources: dict[str, str]) -> set[str]:
    """The names passed to ``events.emit`` in ``sources`` (path: text). ``f"pair.{status}"`` is
    expanded with each ``PairStatus`` that the code passes to ``_end``."""
    names: set[str] = set()
    templates: set[str] = set()
    ended: set[str] = set()
    for text in sources.values():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                called == "emit"
                and isinstance(func, ast.Attribute)
                and getattr(func.value, "id", "") == "events"
            ):
                if isinstance(first, ast.Constant):
                    names.add(first.value)
                elif isinstance(first, ast.JoinedStr):
                    templates.add(
                        "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in first.values)
                    )
                else:
                    raise AssertionError(f"events.emit with a name the test cannot read: {ast.dump(first)}")
            if called == "_end" and len(node.args) > 1:
                for sub in ast.walk(node.args[1]):
                    if isinstance(sub, ast.Attribute) and getattr(sub.value, "id", "") == "PairStatus":
                        ended.add(PairStatus[sub.attr].value)
    for template in templates:
        names.update(template.format(status) for status in ended)
    return names


def package_sources() -> dict[str, str]:
    return {str(path): path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}


def missing_transformers(names: set[str]) -> set[str]:
    return {name for name in names if analytics.PREFIX + name not in XApiTransformersRegistry.mapping}


def test_every_emitted_event_has_a_registered_transformer():
    names = emitted_names(package_sources())
    assert {"pair.completed", "pair.closed", "pair.declined", "session.confirmed"} <= names
    assert missing_transformers(names) == set()
    assert names == set(analytics.XAPI_EVENTS), "the table lists an event nothing emits"


def test_a_new_event_without_a_transformer_is_caught():
    sources = package_sources()
    sources["new.py"] = 'events.emit("mentor.thanked", pair=pair)\n'
    assert missing_transformers(emitted_names(sources)) == {"mentor.thanked"}


def test_the_trackers_xapi_backend_lets_every_event_through(world):
    """The ``event_transformer`` backend that event-routing-backends' settings put in the tracker,
    as built from the settings: both of its name whitelists pass our events on to the xAPI
    processor (a name missing from either would be dropped before any transformer)."""
    transformer = tracker.get_tracker().backends["event_transformer"]
    xapi = transformer.backends["xapi"]
    *whitelists, processor = [*transformer.processors, *xapi.processors]
    assert isinstance(processor, XApiProcessor)
    for event in world.events:
        for whitelist in whitelists:
            assert whitelist(copy.deepcopy(event)) is not None, event["name"]
    assert len(processor(copy.deepcopy(world.events))) == len(world.events)


def test_an_event_missing_the_id_of_its_object_makes_no_statement(world):
    ((event, _),) = statement_of(world, "edx.revmentor.session.logged")
    broken = copy.deepcopy(event)
    del broken["data"]["session_id"]
    with pytest.raises(ValueError, match="session_id"):
        XApiTransformersRegistry.get_transformer(broken).transform()
