"""The pair's written-out representation (``PairSerializer.to_representation``, ADR 0023) is
what DRF's own walk over the declared fields gives: same keys in the same order, same values,
same JSON, for pairs in every state and for each reader (mentor, mentee, staff)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from revmentor_plugin import data, services
from revmentor_plugin.api.v1.serializers import HealthSerializer, PairSerializer
from tests import factories

pytestmark = pytest.mark.django_db


def _drf_walk(serializer: serializers.Serializer, instance) -> dict:
    """DRF's generic representation: every declared field bound and read through its source;
    the nested health through the same generic walk."""
    out = serializers.Serializer.to_representation(serializer, instance)
    if instance.health is not None:
        out["health"] = serializers.Serializer.to_representation(HealthSerializer(), instance.health)
    return out


def _variants(pair: data.PairData) -> list[data.PairData]:
    """The pair as read, and as it reads in the states the fixtures do not reach cheaply."""
    moment = dt.datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=dt.UTC)  # a DST night in Europe
    return [
        pair,
        dataclasses.replace(pair, score=None, reasons=(), accepted_by=()),
        dataclasses.replace(
            pair,
            score=1,  # an int from the engine: DRF's FloatField gives 1.0
            health=data.Health(
                data.HealthStatus.AT_RISK, ("Overdue by 3 days", "Low trust"), dt.date(2026, 4, 1)
            ),
            reasons=(
                {"code": "skills", "params": {"skills": ["python", "sql"], "count": 2}},
                {"code": "text", "params": {"text": "Shared interests: jazz"}},
                {"code": "none", "params": None},
            ),
            activated_at=moment,
            closed_at=moment,
            closed_reason="Finished",
        ),
    ]


@pytest.mark.parametrize("time_zone", ["UTC", "Europe/Paris"])
def test_the_written_out_pair_is_drf_s_own_representation(settings, time_zone):
    settings.TIME_ZONE = time_zone
    program = factories.program()
    _proposed, waiting_mentor, _ = factories.proposed_pair(program)
    _active, mentor, mentee = factories.active_pair(program)
    services.close_pair(factories.active_pair(program)[0].uuid, reason="Done", completed=True)
    staff = factories.course_staff()

    pairs = services.pairs_of_program(program.uuid)
    assert len(pairs) == 3
    assert any(pair.health is not None for pair in pairs)
    compared = 0
    for pair in pairs:
        for variant in _variants(pair):
            for reader in (None, staff, mentor, mentee, waiting_mentor):
                serializer = PairSerializer(variant, context={"user": reader})
                written, walked = serializer.data, _drf_walk(serializer, variant)
                assert list(written.items()) == list(walked.items())
                assert JSONRenderer().render(written) == JSONRenderer().render(walked)
                compared += 1
    assert compared == 3 * 3 * 5
    # and a page of them, as the list views give it
    page = PairSerializer(pairs, many=True, context={"user": staff}).data
    assert json.loads(JSONRenderer().render(page)) == [
        json.loads(JSONRenderer().render(_drf_walk(PairSerializer(pair, context={"user": staff}), pair)))
        for pair in pairs
    ]
