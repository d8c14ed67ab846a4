"""revmentor's Python API: the one way in.

REST views, XBlock handlers, the course staff page, tasks, management commands and signal
handlers call these functions and nothing below them. Functions take external ids (uuids,
usernames, course keys) and keyword-only options, validate their input (with
``services.inputs``, the one place both edges share: ADR 0009), write in one transaction, and
return frozen data classes from ``revmentor_plugin.data``. They raise only
the errors in ``revmentor_plugin.services.errors``.

Every write takes its row locks in one order (program, matching run, participants, pairs,
the pairs' child rows) and, when its transaction is the outermost, is retried once if the
database reports a deadlock or a lock timeout (``services._locking``, ADR 0002). An edge that
must make several writes as one calls them inside ``in_one_transaction``.

Who may call what is not decided here but in ``revmentor_plugin.policy``.

Edges import this package and the names of its ``__all__``, never a submodule (the
import-linter contract ``edges-use-the-services-api``): besides the services, that is the input
specs the REST serializers are built from and the checks the blocks share with them
(``services.inputs``), the report's CSV columns, and the names of the Celery tasks the services
queue (``services._queue``), which ``revmentor_plugin.tasks`` registers.
"""

from revmentor_plugin.services._locking import in_one_transaction
from revmentor_plugin.services._queue import IMPORT_PARTICIPANTS as IMPORT_PARTICIPANTS_TASK
from revmentor_plugin.services._queue import RUN_MATCHING as RUN_MATCHING_TASK
from revmentor_plugin.services._queue import SEND_REMINDERS as SEND_REMINDERS_TASK
from revmentor_plugin.services.by_hand import pair_by_hand, pair_preview, partner_proposals
from revmentor_plugin.services.contact import partner_contact
from revmentor_plugin.services.dates import day_of, today
from revmentor_plugin.services.errors import (
    Busy,
    Conflict,
    IdempotencyKeyReused,
    InvalidInput,
    InvalidRows,
    InvalidTransition,
    NotFound,
    RequestInProgress,
    RevMentorError,
    domain_error_of,
    http_status_of,
    is_lock_error,
)
from revmentor_plugin.services.goals import add_goal, get_goal, goals_of_pair, update_goal
from revmentor_plugin.services.health import cadence_status, refresh_daily_health
from revmentor_plugin.services.history import health_history, snapshot_health
from revmentor_plugin.services.idempotency import HEADER as IDEMPOTENCY_HEADER
from revmentor_plugin.services.idempotency import idempotent, purge_idempotency_records, request_fingerprint
from revmentor_plugin.services.imports import get_import, import_participants, run_import

# The input specs (ADR 0009): REST builds its serializers from them, the blocks check with them.
from revmentor_plugin.services.inputs import CLOSE as CLOSE_INPUT
from revmentor_plugin.services.inputs import DECLINE as DECLINE_INPUT
from revmentor_plugin.services.inputs import END_RATINGS as END_RATINGS_INPUT
from revmentor_plugin.services.inputs import GOAL as GOAL_INPUT
from revmentor_plugin.services.inputs import JOIN as JOIN_INPUT
from revmentor_plugin.services.inputs import MATCHING_RUN as MATCHING_RUN_INPUT
from revmentor_plugin.services.inputs import (
    MAX_ID,
    MAX_JSON_DEPTH,
    clean_bool,
    clean_int,
    clean_text,
    max_text,
    parse_course_key,
    parse_json,
)
from revmentor_plugin.services.inputs import OUTCOME_RECORD as OUTCOME_RECORD_INPUT
from revmentor_plugin.services.inputs import PAIR as PAIR_INPUT
from revmentor_plugin.services.inputs import PARTICIPANT_IMPORT as PARTICIPANT_IMPORT_INPUT
from revmentor_plugin.services.inputs import PARTNERS as PARTNERS_INPUT
from revmentor_plugin.services.inputs import PLAN as PLAN_INPUT
from revmentor_plugin.services.inputs import PROFILE as PROFILE_INPUT
from revmentor_plugin.services.inputs import PROGRAM as PROGRAM_INPUT
from revmentor_plugin.services.inputs import PROGRAM_IN_COURSE as PROGRAM_IN_COURSE_INPUT
from revmentor_plugin.services.inputs import PULSE as PULSE_INPUT
from revmentor_plugin.services.inputs import REFLECTION as REFLECTION_INPUT
from revmentor_plugin.services.inputs import RESCHEDULE as RESCHEDULE_INPUT
from revmentor_plugin.services.inputs import SESSION as SESSION_INPUT
from revmentor_plugin.services.inputs import SKILL as SKILL_INPUT
from revmentor_plugin.services.inputs import WITHDRAWAL as WITHDRAWAL_INPUT
from revmentor_plugin.services.inputs import Field as InputField
from revmentor_plugin.services.inputs import Spec as InputSpec
from revmentor_plugin.services.invitations import CONTENT_TYPE as ICS_CONTENT_TYPE
from revmentor_plugin.services.invitations import FILENAME as ICS_FILENAME
from revmentor_plugin.services.invitations import (
    Invitee,
    invitation,
    plan_invitation,
    send_invitations,
    send_plan_invitations,
    side_by_side,
)
from revmentor_plugin.services.learning import confidence_of, my_confidence, rate_end
from revmentor_plugin.services.links import staff_page_url
from revmentor_plugin.services.matching import (
    compute_matching_run,
    get_matching_run,
    matching_runs_of_program,
    publish_matching_run,
    start_matching_run,
)
from revmentor_plugin.services.outcome_page import (
    DIVERGENCE_MARK,
    cadence_comparison,
    last_weeks,
    learning_chart,
    learning_columns,
    learning_rows,
    led_chart,
    led_rows,
    outcome_page,
    reason_text,
    trust_chart,
    trust_weeks,
)
from revmentor_plugin.services.outcomes import (
    change_outcome_record,
    delete_outcome_record,
    get_outcome_record,
    outcome_measures,
    outcome_records_of_program,
    record_outcome,
)
from revmentor_plugin.services.pairs import (
    accept_agreement,
    close_pair,
    decline_pair,
    explanation_for,
    get_pair,
    health_counts,
    open_pair_of,
    pair_listing_for,
    pair_listing_of_user,
    pairs_of_program,
    pairs_of_user,
    propose_pair,
    viewer_of,
)
from revmentor_plugin.services.participants import (
    add_participant,
    find_participant,
    get_participant,
    join_program,
    participant_for_user,
    participant_listing,
    participants_of_program,
    reinstate_participant,
    update_participant,
    withdraw_participant,
)
from revmentor_plugin.services.plans import (
    cancel_planned_session,
    confirm_planned_session,
    decline_planned_session,
    get_planned_session,
    in_zone,
    log_planned_session,
    next_planned_days,
    planned_sessions_of_pair,
    plans_to_log,
    propose_session,
    reschedule_planned_session,
)
from revmentor_plugin.services.privacy import retire_user, withdraw_from_course
from revmentor_plugin.services.programs import (
    PROGRAM_STATUSES,
    add_skill,
    create_program,
    expectations_changes,
    get_program,
    listing_scope,
    pairs_to_accept_again,
    programs_in_course,
    programs_of_user,
    update_program,
)
from revmentor_plugin.services.pulse import pulses_of_author, record_pulse
from revmentor_plugin.services.reflections import reflection_count, reflections_of_pair, write_reflection
from revmentor_plugin.services.reminders import send_plan_reminders, send_reminders
from revmentor_plugin.services.reports import CSV_COLUMNS, ProgramReport, pair_table, program_report
from revmentor_plugin.services.sessions import confirm_session, log_session, sessions_of_pair
from revmentor_plugin.services.situation import block_program, situation_for_block, viewer_situation
from revmentor_plugin.services.summary import (
    goal_figures,
    program_summary,
    reflection_figures,
    session_figures,
)
from revmentor_plugin.services.units import course_unit, course_units, note_pairing_unit, unit_path
from revmentor_plugin.services.words import join_and

__all__ = [
    "CLOSE_INPUT",
    "CSV_COLUMNS",
    "DECLINE_INPUT",
    "DIVERGENCE_MARK",
    "END_RATINGS_INPUT",
    "GOAL_INPUT",
    "ICS_CONTENT_TYPE",
    "ICS_FILENAME",
    "IDEMPOTENCY_HEADER",
    "IMPORT_PARTICIPANTS_TASK",
    "JOIN_INPUT",
    "MATCHING_RUN_INPUT",
    "MAX_ID",
    "MAX_JSON_DEPTH",
    "OUTCOME_RECORD_INPUT",
    "PAIR_INPUT",
    "PARTICIPANT_IMPORT_INPUT",
    "PARTNERS_INPUT",
    "PLAN_INPUT",
    "PROFILE_INPUT",
    "PROGRAM_INPUT",
    "PROGRAM_IN_COURSE_INPUT",
    "PROGRAM_STATUSES",
    "PULSE_INPUT",
    "REFLECTION_INPUT",
    "RESCHEDULE_INPUT",
    "RUN_MATCHING_TASK",
    "SEND_REMINDERS_TASK",
    "SESSION_INPUT",
    "SKILL_INPUT",
    "WITHDRAWAL_INPUT",
    "Busy",
    "Conflict",
    "IdempotencyKeyReused",
    "InputField",
    "InputSpec",
    "InvalidInput",
    "InvalidRows",
    "InvalidTransition",
    "Invitee",
    "NotFound",
    "ProgramReport",
    "RequestInProgress",
    "RevMentorError",
    "accept_agreement",
    "add_goal",
    "add_participant",
    "add_skill",
    "block_program",
    "cadence_comparison",
    "cadence_status",
    "cancel_planned_session",
    "change_outcome_record",
    "clean_bool",
    "clean_int",
    "clean_text",
    "close_pair",
    "compute_matching_run",
    "confidence_of",
    "confirm_planned_session",
    "confirm_session",
    "course_unit",
    "course_units",
    "create_program",
    "day_of",
    "decline_pair",
    "decline_planned_session",
    "delete_outcome_record",
    "domain_error_of",
    "expectations_changes",
    "explanation_for",
    "find_participant",
    "get_goal",
    "get_import",
    "get_matching_run",
    "get_outcome_record",
    "get_pair",
    "get_participant",
    "get_planned_session",
    "get_program",
    "goal_figures",
    "goals_of_pair",
    "health_counts",
    "health_history",
    "http_status_of",
    "idempotent",
    "import_participants",
    "in_one_transaction",
    "in_zone",
    "invitation",
    "is_lock_error",
    "join_and",
    "join_program",
    "last_weeks",
    "learning_chart",
    "learning_columns",
    "learning_rows",
    "led_chart",
    "led_rows",
    "listing_scope",
    "log_planned_session",
    "log_session",
    "matching_runs_of_program",
    "max_text",
    "my_confidence",
    "next_planned_days",
    "note_pairing_unit",
    "open_pair_of",
    "outcome_measures",
    "outcome_page",
    "outcome_records_of_program",
    "pair_by_hand",
    "pair_listing_for",
    "pair_listing_of_user",
    "pair_preview",
    "pair_table",
    "pairs_of_program",
    "pairs_of_user",
    "pairs_to_accept_again",
    "parse_course_key",
    "parse_json",
    "participant_for_user",
    "participant_listing",
    "participants_of_program",
    "partner_contact",
    "partner_proposals",
    "plan_invitation",
    "planned_sessions_of_pair",
    "plans_to_log",
    "program_report",
    "program_summary",
    "programs_in_course",
    "programs_of_user",
    "propose_pair",
    "propose_session",
    "publish_matching_run",
    "pulses_of_author",
    "purge_idempotency_records",
    "rate_end",
    "reason_text",
    "record_outcome",
    "record_pulse",
    "reflection_count",
    "reflection_figures",
    "reflections_of_pair",
    "refresh_daily_health",
    "reinstate_participant",
    "request_fingerprint",
    "reschedule_planned_session",
    "retire_user",
    "run_import",
    "send_invitations",
    "send_plan_invitations",
    "send_plan_reminders",
    "send_reminders",
    "session_figures",
    "sessions_of_pair",
    "side_by_side",
    "situation_for_block",
    "snapshot_health",
    "staff_page_url",
    "start_matching_run",
    "today",
    "trust_chart",
    "trust_weeks",
    "unit_path",
    "update_goal",
    "update_participant",
    "update_program",
    "viewer_of",
    "viewer_situation",
    "withdraw_from_course",
    "withdraw_participant",
    "write_reflection",
]
