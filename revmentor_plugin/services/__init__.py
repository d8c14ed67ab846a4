"""revmentor's Python API: the one way in.

REST views, XBlock handlers, the course staff page, tasks, management commands and signal
handlers call these functions and nothing below them. Functions take external ids (uuids,
usernames, course keys) and keyword-only options, validate their input, write in one
transaction, and return frozen data classes from ``revmentor_plugin.data``. They raise only
the errors in ``revmentor_plugin.services.errors``.

Who may call what is not decided here but in ``revmentor_plugin.policy``.
"""

from revmentor_plugin.services.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    RevMentorError,
)
from revmentor_plugin.services.goals import add_goal, get_goal, goals_of_pair, update_goal
from revmentor_plugin.services.pairs import (
    accept_agreement,
    close_pair,
    decline_pair,
    get_pair,
    health_counts,
    open_pair_of,
    pairs_of_program,
    pairs_of_user,
    propose_pair,
)
from revmentor_plugin.services.participants import (
    add_participant,
    get_participant,
    join_program,
    participant_for_user,
    participants_of_program,
    update_participant,
    withdraw_participant,
)
from revmentor_plugin.services.privacy import retire_user, withdraw_from_course
from revmentor_plugin.services.programs import (
    add_skill,
    create_program,
    get_program,
    programs_in_course,
    programs_of_user,
    skills_of,
    update_program,
)
from revmentor_plugin.services.pulse import pulses_of_author, record_pulse
from revmentor_plugin.services.reflections import reflection_count, reflections_of_pair, write_reflection
from revmentor_plugin.services.sessions import confirm_session, log_session, sessions_of_pair

__all__ = [
    "Conflict",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "RevMentorError",
    "accept_agreement",
    "add_goal",
    "add_participant",
    "add_skill",
    "close_pair",
    "confirm_session",
    "create_program",
    "decline_pair",
    "get_goal",
    "get_pair",
    "get_participant",
    "get_program",
    "goals_of_pair",
    "health_counts",
    "join_program",
    "log_session",
    "open_pair_of",
    "pairs_of_program",
    "pairs_of_user",
    "participant_for_user",
    "participants_of_program",
    "programs_in_course",
    "programs_of_user",
    "propose_pair",
    "pulses_of_author",
    "record_pulse",
    "reflection_count",
    "reflections_of_pair",
    "retire_user",
    "sessions_of_pair",
    "skills_of",
    "update_goal",
    "update_participant",
    "update_program",
    "withdraw_from_course",
    "withdraw_participant",
    "write_reflection",
]
