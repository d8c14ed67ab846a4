"""``revmentor_session_log``: log sessions, confirm the partner's, see the cadence in words.

Complete when the pair has logged the number of sessions set in Studio.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils import timezone as django_timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Integer, Scope, String
from xblock.validation import ValidationMessage

from revmentor_plugin import services
from revmentor_plugin.data import SESSION_MINUTES, PlanStatus, Role, SessionMode
from revmentor_plugin.xblocks.base import (
    RevMentorBlock,
    Situation,
    creating_handler,
    domain_errors,
    iso,
    json_handler,
    object_payload,
)

#: The session modes as the form offers them: the default (a video call) first.
MODES = tuple(
    (mode.value, gettext_lazy(mode.label))
    for mode in sorted(SessionMode, key=lambda mode: mode is not SessionMode.VIDEO)
)
MAX_SESSIONS_REQUIRED = 52


def session_json(session) -> dict[str, Any]:
    return {
        "id": session.id,
        "occurred_on": iso(session.occurred_on),
        "duration_minutes": session.duration_minutes,
        "mode": session.mode,
        "led_by": session.led_by.value,
        "logged_by": session.logged_by.value,
        "confirmed": session.confirmed,
    }


def plan_json(plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "status": plan.status.value,
        "starts_at": iso(plan.starts_at),
        "timezone": plan.timezone,
        "duration_minutes": plan.duration_minutes,
        "mode": plan.mode.value,
        "proposed_by": plan.proposed_by.value,
        "sequence": plan.sequence,
    }


def wall_time(moment, zone: str) -> str:
    """``moment`` as a person in ``zone`` reads it: their date and time, in the page's language."""
    local = services.in_zone(moment, zone)
    return f"{formats.date_format(local, 'DATE_FORMAT')}, {formats.time_format(local, 'TIME_FORMAT')}"


class SessionLogBlock(RevMentorBlock):
    """Log a session, confirm the partner's, and see when the next one is due."""

    block_type_name = "revmentor_session_log"
    template = "session_log.html"
    js_class = "RevMentorSessionLog"

    display_name = String(
        display_name=gettext_noop("Display name"),
        help=gettext_noop("The heading learners see above this block."),
        scope=Scope.settings,
        default=gettext_noop("Mentoring sessions"),
    )
    sessions_required = Integer(
        display_name=gettext_noop("Sessions required"),
        help=gettext_noop("How many sessions the pair logs before this block counts as complete (1 to 52)."),
        scope=Scope.settings,
        default=1,
    )
    editable_fields = (*RevMentorBlock.editable_fields, "sessions_required")

    def _sessions(self, situation: Situation):
        if "sessions" not in situation.memo:
            situation.memo["sessions"] = services.sessions_of_pair(situation.pair.uuid)
        return situation.memo["sessions"]

    def completion_met(self, situation: Situation) -> bool:
        return len(self._sessions(situation)) >= self.sessions_required

    def main_context(self, situation: Situation) -> dict[str, Any]:
        sessions = self._sessions(situation)
        pair = situation.pair
        started = services.day_of(pair.activated_at or pair.created)
        cadence, overdue = services.cadence_status(
            last_session=sessions[0].occurred_on if sessions else None,
            started=started,
            cadence_days=situation.program.cadence_days,
            today=self.today(),
        )
        modes = dict(MODES)
        labels = {Role.MENTOR: situation.program.mentor_label, Role.MENTEE: situation.program.mentee_label}
        skill_names = {skill.slug: skill.name for skill in situation.program.skills}
        goals = services.goals_of_pair(pair.uuid)
        return {
            **self._plan_context(situation),
            "cadence": cadence,
            "overdue": overdue,
            "cadence_days": situation.program.cadence_days,
            "rows": [
                {
                    "session": session,
                    "id_text": str(session.id),
                    "mode_label": modes.get(session.mode, session.mode),
                    "led_by_label": labels[session.led_by],
                    "mine": session.logged_by is situation.role,
                    "skill_names": [skill_names.get(slug, slug) for slug in session.skills],
                }
                for session in sessions
            ],
            "count": len(sessions),
            "required": self.sessions_required,
            "modes": MODES,
            "minutes": SESSION_MINUTES,
            "skills": situation.program.skills,
            "goals": goals,
            "today": self.today().isoformat(),
        }

    def _plan_context(self, situation: Situation) -> dict[str, Any]:
        """The pair's plans that stand, each in the viewer's zone and the partner's side by side,
        and the confirmed ones whose time has come, to log in one step."""
        pair, role = situation.pair, situation.role
        zone = situation.participant.timezone if situation.participant else "UTC"
        partner = situation.partner
        try:
            partner_zone = services.get_participant(situation.program.uuid, partner.username).timezone
        except services.NotFound:  # pragma: no cover - a pair's partner is a participant
            partner_zone = zone
        modes = dict(MODES)
        now = django_timezone.now()
        plans = [
            {
                "plan": plan,
                "id_text": str(plan.id),
                "mine": plan.proposed_by is role,
                "confirmed": plan.status is PlanStatus.CONFIRMED,
                "when": wall_time(plan.starts_at, zone),
                "when_partner": wall_time(plan.starts_at, partner_zone) if partner_zone != zone else "",
                "mode_label": modes.get(plan.mode, plan.mode),
                "local_value": services.in_zone(plan.starts_at, zone).strftime("%Y-%m-%dT%H:%M"),
                "ics_url": self.runtime.handler_url(self, "plan_invitation", suffix=str(plan.id)),
            }
            for plan in services.planned_sessions_of_pair(pair.uuid)
            if plan.status in (PlanStatus.PROPOSED, PlanStatus.CONFIRMED) and plan.starts_at > now
        ]
        to_log = [
            {"plan": plan, "id_text": str(plan.id), "when": wall_time(plan.starts_at, zone)}
            for plan in services.plans_to_log(pair.uuid)
        ]
        return {
            "plans": plans,
            "plans_to_log": to_log,
            "zone": zone,
            "partner_name": partner.username,
            "now_local": services.in_zone(now, zone).strftime("%Y-%m-%dT%H:%M"),
        }

    def staff_context(self, situation: Situation) -> dict[str, Any]:
        figures = services.session_figures(situation.program.uuid, today=self.today())
        cadence = situation.program.cadence_days
        rows = [
            ("logged", _("Sessions logged"), figures["logged"]),
            ("confirmed", _("Sessions confirmed by the partner"), figures["confirmed"]),
            ("active_pairs", _("Active pairs"), figures["active_pairs"]),
            (
                "overdue",
                ngettext(
                    "Active pairs with no session for more than %(days)d day",
                    "Active pairs with no session for more than %(days)d days",
                    cadence,
                )
                % {"days": cadence},
                figures["overdue"],
            ),
        ]
        return {"figures_caption": _("Sessions of every pair"), "figures": rows, "staff_notes": ()}

    def author_description(self) -> str:
        return _(
            "Pairs log their mentoring sessions here, confirm the ones their partner logged and see "
            "when the next session is due by the program's cadence. Complete after the number of "
            "sessions set below."
        )

    def author_settings(self) -> list[tuple[str, str]]:
        return [*super().author_settings(), (_("Sessions required"), str(self.sessions_required))]

    def student_view_data(self, context: dict[str, Any] | None = None) -> dict[str, Any]:
        return {**super().student_view_data(context), "sessions_required": self.sessions_required}

    def validate_field_data(self, validation, data) -> None:
        super().validate_field_data(validation, data)
        if (
            not isinstance(data.sessions_required, int)
            or not 1 <= data.sessions_required <= MAX_SESSIONS_REQUIRED
        ):
            validation.add(
                ValidationMessage(
                    ValidationMessage.ERROR,
                    _("Sessions required must be a whole number from 1 to %(max)d.")
                    % {"max": MAX_SESSIONS_REQUIRED},
                )
            )

    @creating_handler
    def log_session(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        with domain_errors():
            session = services.log_session(
                found.pair.uuid,
                user=found.user,
                occurred_on=payload.get("occurred_on"),
                duration_minutes=payload.get("duration_minutes"),
                led_by=payload.get("led_by"),
                mode=payload.get("mode", "video"),
                skills=payload.get("skills"),
                goals=payload.get("goals"),
                notes=payload.get("notes", ""),
            )
        completed = self.publish_completion_if_met(found)
        return {"session": session_json(session), "complete": completed}

    @json_handler
    def confirm_session(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        with domain_errors():
            session = services.confirm_session(found.pair.uuid, payload.get("id"), user=found.user)
        return {"session": session_json(session)}

    @creating_handler
    def propose_plan(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        with domain_errors():
            plan = services.propose_session(
                found.pair.uuid,
                user=found.user,
                starts_at=payload.get("starts_at"),
                duration_minutes=payload.get("duration_minutes"),
                mode=payload.get("mode", "video"),
                location=payload.get("location", ""),
            )
        return {"plan": plan_json(plan)}

    @json_handler
    def confirm_plan(self, data: Any, suffix: str = "") -> dict[str, Any]:
        return self._plan_step(data, services.confirm_planned_session)

    @json_handler
    def decline_plan(self, data: Any, suffix: str = "") -> dict[str, Any]:
        return self._plan_step(data, services.decline_planned_session)

    @json_handler
    def cancel_plan(self, data: Any, suffix: str = "") -> dict[str, Any]:
        return self._plan_step(data, services.cancel_planned_session)

    def _plan_step(self, data: Any, step) -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        with domain_errors():
            plan = step(found.pair.uuid, payload.get("id"), user=found.user)
        return {"plan": plan_json(plan)}

    @json_handler
    def reschedule_plan(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        with domain_errors():
            plan = services.reschedule_planned_session(
                found.pair.uuid, payload.get("id"), user=found.user, starts_at=payload.get("starts_at")
            )
        return {"plan": plan_json(plan)}

    @XBlock.handler
    def plan_invitation(self, request: Any, suffix: str = "") -> Response:
        """GET the ``.ics`` of one of the caller's pair's plans (the id is the suffix), the same
        file the invitation emails carry (ADR 0015): for the pair's two partners only."""
        if request.method != "GET":
            return JsonHandlerError(
                405, {"message": _("Send this request with GET."), "fields": {}}
            ).get_response(allow=["GET"])
        try:
            found = self._actor()
            with domain_errors():
                plan_id = int(suffix) if suffix.isascii() and suffix.isdigit() else None  # else: a 404
                plan = services.get_planned_session(found.pair.uuid, plan_id)
        except JsonHandlerError as err:
            return err.get_response()
        return Response(
            body=services.plan_invitation(plan),
            content_type=services.ICS_CONTENT_TYPE,
            content_disposition=f'attachment; filename="{services.ICS_FILENAME}"',
        )

    @creating_handler
    def log_plan(self, data: Any, suffix: str = "") -> dict[str, Any]:
        payload = object_payload(data)
        found = self._actor()
        with domain_errors():
            session = services.log_planned_session(
                found.pair.uuid,
                payload.get("id"),
                user=found.user,
                led_by=payload.get("led_by"),
                notes=payload.get("notes", ""),
            )
        completed = self.publish_completion_if_met(found)
        return {"session": session_json(session), "complete": completed}
