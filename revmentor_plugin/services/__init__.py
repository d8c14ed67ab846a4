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
"""

from revmentor_plugin.services._locking import in_one_transaction
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
from revmentor_plugin.services.health import cadence_status
from revmentor_plugin.services.history import health_history
from revmentor_plugin.services.idempotency import HEADER as IDEMPOTENCY_HEADER
from revmentor_plugin.services.idempotency import idempotent, purge_idempotency_records, request_fingerprint
from revmentor_plugin.services.imports import get_import, import_participants
from revmentor_plugin.services.links import staff_page_url
from revmentor_plugin.services.matching import (
    get_matching_run,
    matching_runs_of_program,
    publish_matching_run,
    start_matching_run,
)
from revmentor_plugin.services.pairs import (
    accept_agreement,
    close_pair,
    decline_pair,
    get_pair,
    health_counts,
    open_pair_of,
    pair_listing,
    pair_listing_of_user,
    pairs_of_program,
    pairs_of_user,
    propose_pair,
)
from revmentor_plugin.services.participants import (
    add_participant,
    find_participant,
    get_participant,
    join_program,
    participant_for_user,
    participant_listing,
    participants_of_program,
    update_participant,
    withdraw_participant,
)
from revmentor_plugin.services.privacy import retire_user, withdraw_from_course
from revmentor_plugin.services.programs import (
    PROGRAM_STATUSES,
    add_skill,
    create_program,
    get_program,
    programs_in_course,
    programs_of_user,
    update_program,
)
from revmentor_plugin.services.pulse import pulses_of_author, record_pulse
from revmentor_plugin.services.reflections import reflection_count, reflections_of_pair, write_reflection
from revmentor_plugin.services.reports import ProgramReport, pair_table, program_report
from revmentor_plugin.services.sessions import confirm_session, log_session, sessions_of_pair
from revmentor_plugin.services.situation import block_program, viewer_situation
from revmentor_plugin.services.summary import program_summary

__all__ = [
    "IDEMPOTENCY_HEADER",
    "PROGRAM_STATUSES",
    "Busy",
    "Conflict",
    "IdempotencyKeyReused",
    "InvalidInput",
    "InvalidRows",
    "InvalidTransition",
    "NotFound",
    "ProgramReport",
    "RequestInProgress",
    "RevMentorError",
    "accept_agreement",
    "add_goal",
    "add_participant",
    "add_skill",
    "block_program",
    "cadence_status",
    "close_pair",
    "confirm_session",
    "create_program",
    "day_of",
    "decline_pair",
    "domain_error_of",
    "find_participant",
    "get_goal",
    "get_import",
    "get_matching_run",
    "get_pair",
    "get_participant",
    "get_program",
    "goals_of_pair",
    "health_counts",
    "health_history",
    "http_status_of",
    "idempotent",
    "import_participants",
    "in_one_transaction",
    "is_lock_error",
    "join_program",
    "log_session",
    "matching_runs_of_program",
    "open_pair_of",
    "pair_listing",
    "pair_listing_of_user",
    "pair_table",
    "pairs_of_program",
    "pairs_of_user",
    "participant_for_user",
    "participant_listing",
    "participants_of_program",
    "program_report",
    "program_summary",
    "programs_in_course",
    "programs_of_user",
    "propose_pair",
    "publish_matching_run",
    "pulses_of_author",
    "purge_idempotency_records",
    "record_pulse",
    "reflection_count",
    "reflections_of_pair",
    "request_fingerprint",
    "retire_user",
    "sessions_of_pair",
    "staff_page_url",
    "start_matching_run",
    "today",
    "update_goal",
    "update_participant",
    "update_program",
    "viewer_situation",
    "withdraw_from_course",
    "withdraw_participant",
    "write_reflection",
]
