"""Pulse checks: 1-5 ratings by one participant. Raw answers are the author's alone."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from revmentor_plugin.data import LEARNER_COMFORT, PAIR_STATUSES_WITH_ACTIVITY, PulseData, Role
from revmentor_plugin.models import PulseCheck
from revmentor_plugin.services import _convert as convert
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services._locking import one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services.errors import InvalidInput
from revmentor_plugin.services.health import refresh_health

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@one_transaction
def record_pulse(pair_uuid: UUID | str, *, user: User, **ratings: inputs.Raw) -> PulseData:
    """Record the caller's ratings; every dimension is required, each 1 to 5.

    ``learner_comfort`` is optional and a mentee's alone (the senior person, in the learner
    role): a mentor who sends a value is refused, naming the field, and nothing is written.
    """
    pair, participant = member_action(pair_uuid, user, statuses=PAIR_STATUSES_WITH_ACTIVITY)
    clean = inputs.PULSE.clean(ratings)
    if clean.get(LEARNER_COMFORT) is not None and participant.role != Role.MENTEE:
        raise InvalidInput(
            {LEARNER_COMFORT: "Only the person in the learner role (the mentee) answers this item."}
        )
    pulse = PulseCheck.objects.create(pair=pair, author=participant, **clean)
    pulse.author = participant
    events.emit("pulse.recorded", pair=pair, role=participant.role)
    refresh_health([pair.pk])
    return convert.pulse_data(pulse, pair.uuid)


def pulses_of_author(pair_uuid: UUID | str, *, user: User) -> list[PulseData]:
    """The caller's own pulse checks in a pair, newest first."""
    pair = load.pair_row(pair_uuid)
    rows = PulseCheck.objects.filter(pair=pair, author__user_id=user.pk).select_related("author")
    return [convert.pulse_data(p, pair.uuid) for p in rows]
