"""Our settings put our events on event-routing-backends' allowed list in either order of the
plugins' settings, once, keeping the operator's names; without it they change nothing."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest

pytest.importorskip(
    "event_routing_backends", reason="the aspects extra (event-routing-backends) is not installed"
)

from event_routing_backends.settings import common as erb_common
from event_routing_backends.settings import production as erb_production

from revmentor_plugin import analytics
from revmentor_plugin.settings import common, production

OURS = set(analytics.event_names())
OPERATORS = "edx.operator.own_event"


def host(**values):
    """A settings module as lms/envs/common.py leaves it for the plugins' common settings."""
    return SimpleNamespace(LMS_ROOT_URL="http://lms.example", MAKO_TEMPLATE_DIRS_BASE=[], **values)


def whitelists(settings):
    transformer = settings.EVENT_TRACKING_BACKENDS["event_transformer"]["OPTIONS"]
    xapi = transformer["backends"]["xapi"]["OPTIONS"]
    return [
        set(p["OPTIONS"]["whitelist"])
        for p in (*transformer["processors"], *xapi["processors"])
        if p["ENGINE"].endswith("NameWhitelistProcessor")
    ]


def assert_forwarded(settings, operators=(OPERATORS,)):
    allowed = list(settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS)
    assert {*OURS, *operators, "edx.course.enrollment.activated"} <= set(allowed)
    assert all(allowed.count(name) == 1 for name in (*OURS, *operators))
    lists = whitelists(settings)
    assert len(lists) == 2
    for names in lists:
        assert OURS | {"edx.course.enrollment.activated"} <= names
    assert set(settings.EVENT_BUS_TRACKING_LOGS) >= OURS


@pytest.mark.parametrize("order", ["ours first", "theirs first"])
def test_either_order_forwards_our_events_once_and_keeps_the_operators(order):
    settings = host(EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=[OPERATORS])
    steps = [common.plugin_settings, erb_common.plugin_settings]
    if order == "theirs first":
        steps.reverse()
    for step in steps:
        step(settings)
    common.plugin_settings(settings)  # run again (production settings do): nothing doubles
    assert_forwarded(settings)


def test_production_settings_put_our_events_back_after_an_operators_list():
    settings = host()
    erb_common.plugin_settings(settings)
    common.plugin_settings(settings)
    # lms.yml names its own list; event-routing-backends' production settings take it.
    settings.ENV_TOKENS = {
        "EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS": [OPERATORS, "edx.course.enrollment.activated"]
    }
    erb_production.plugin_settings(settings)
    assert not OURS & set(settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS)
    production.plugin_settings(settings)
    assert_forwarded(settings)


def test_without_event_routing_backends_nothing_is_added(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "event_routing_backends" else real(name, *a),
    )
    settings = host()
    common.plugin_settings(settings)
    assert not hasattr(settings, "EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS")
    assert not hasattr(settings, "EVENT_TRACKING_BACKENDS")


def test_the_sandbox_lms_forwards_our_events():
    """The sandbox runs the installed plugins' settings as the LMS does, in the loader's order."""
    from django.conf import settings

    assert_forwarded(settings, operators=())
