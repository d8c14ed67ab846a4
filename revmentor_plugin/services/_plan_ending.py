"""When a pair ends, the sessions it planned are called off (services.plans says why a plan's
SEQUENCE goes up when it is cancelled: calendars then drop the event)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from revmentor_plugin.data import PlanStatus
from revmentor_plugin.models import PlannedSession

#: Plans that still stand: the pair expects to meet then.
OPEN_PLAN_STATUSES = (PlanStatus.PROPOSED, PlanStatus.CONFIRMED)


def cancel_plans_of(pair_ids: Iterable[int]) -> int:
    """Cancel the plans still ahead of these pairs, inside the caller's transaction, which holds
    the pairs' locks. Plans whose time has passed stay as they are (they may be logged)."""
    return PlannedSession.objects.filter(
        pair_id__in=list(pair_ids), status__in=OPEN_PLAN_STATUSES, starts_at__gt=timezone.now()
    ).update(status=PlanStatus.CANCELLED, sequence=F("sequence") + 1, modified=timezone.now())
