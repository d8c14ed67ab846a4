"""REST API v1 routes (docs/DESIGN.md §6), under ``/api/revmentor/v1/``.

Programs and pairs are named by uuid, participants by username; goal and session ids are local
to their pair. Path parameters are plain strings so that a malformed one reaches the view and
answers a JSON 404 like any other unknown resource. Matching runs join this list in their own
issue (``programs/<program_uuid>/matching-runs/...``).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from revmentor_plugin.api.v1 import (
    imports,
    matching,
    me,
    outcomes,
    pair_activity,
    pairs,
    participants,
    programs,
)
from revmentor_plugin.api.v1 import schema as _schema_extensions  # noqa: F401 (registers them)
from revmentor_plugin.api.v1.base import FormatQueryNegotiation, authentication_classes
from revmentor_plugin.data import GoalStatus, HealthStatus, PairStatus, ParticipantStatus, ProgramStatus, Role

PROGRAM = "programs/<str:program_uuid>/"
PAIR = "pairs/<str:pair_uuid>/"

urlpatterns = [
    path("programs/", programs.ProgramListView.as_view(), name="programs"),
    path(PROGRAM, programs.ProgramDetailView.as_view(), name="program"),
    path(PROGRAM + "participants/", participants.ParticipantListView.as_view(), name="participants"),
    # Before the participant route, which would otherwise take "import" for a username.
    path(
        PROGRAM + "participants/import/",
        imports.ParticipantImportView.as_view(),
        name="participants-import",
    ),
    path(
        PROGRAM + "participants/import/<str:import_id>/",
        imports.ParticipantImportStatusView.as_view(),
        name="participants-import-status",
    ),
    path(
        PROGRAM + "participants/<str:username>/",
        participants.ParticipantDetailView.as_view(),
        name="participant",
    ),
    path(
        PROGRAM + "participants/<str:username>/reinstate/",
        participants.ParticipantReinstateView.as_view(),
        name="participant-reinstate",
    ),
    path(
        PROGRAM + "expectations-change/",
        programs.ExpectationsChangeView.as_view(),
        name="expectations-change",
    ),
    path(PROGRAM + "skills/", programs.SkillListView.as_view(), name="skills"),
    path(PROGRAM + "pairs/", pairs.ProgramPairListView.as_view(), name="program-pairs"),
    path(PROGRAM + "pairs/preview/", pairs.PairPreviewView.as_view(), name="program-pairs-preview"),
    path(PROGRAM + "pairs/partners/", pairs.PartnerProposalsView.as_view(), name="program-pairs-partners"),
    path(PROGRAM + "report/", pairs.ReportView.as_view(), name="report"),
    path(PROGRAM + "report/outcome/", pairs.OutcomeReportView.as_view(), name="report-outcome"),
    path(PROGRAM + "my-confidence/", me.MyConfidenceView.as_view(), name="my-confidence"),
    path(PROGRAM + "outcome-records/", outcomes.OutcomeRecordListView.as_view(), name="outcome-records"),
    path(
        PROGRAM + "outcome-records/<str:record_id>/",
        outcomes.OutcomeRecordDetailView.as_view(),
        name="outcome-record",
    ),
    path(PAIR, pairs.PairDetailView.as_view(), name="pair"),
    path(PAIR + "partner/", pairs.PairPartnerView.as_view(), name="pair-partner"),
    path(PAIR + "accept/", pairs.PairAcceptView.as_view(), name="pair-accept"),
    path(PAIR + "decline/", pairs.PairDeclineView.as_view(), name="pair-decline"),
    path(PAIR + "close/", pairs.PairCloseView.as_view(), name="pair-close"),
    path(PAIR + "goals/", pair_activity.GoalListView.as_view(), name="goals"),
    path(PAIR + "goals/<str:goal_id>/", pair_activity.GoalDetailView.as_view(), name="goal"),
    path(PAIR + "sessions/", pair_activity.SessionListView.as_view(), name="sessions"),
    path(
        PAIR + "sessions/<str:session_id>/confirm/",
        pair_activity.SessionConfirmView.as_view(),
        name="session-confirm",
    ),
    path(PAIR + "planned-sessions/", pair_activity.PlannedSessionListView.as_view(), name="planned-sessions"),
    path(
        PAIR + "planned-sessions/<str:plan_id>/",
        pair_activity.PlannedSessionDetailView.as_view(),
        name="planned-session",
    ),
    path(
        PAIR + "planned-sessions/<str:plan_id>/invitation.ics",
        pair_activity.PlannedSessionInvitationView.as_view(),
        name="planned-session-invitation",
    ),
    path(
        PAIR + "planned-sessions/<str:plan_id>/confirm/",
        pair_activity.PlannedSessionConfirmView.as_view(),
        name="planned-session-confirm",
    ),
    path(
        PAIR + "planned-sessions/<str:plan_id>/reschedule/",
        pair_activity.PlannedSessionRescheduleView.as_view(),
        name="planned-session-reschedule",
    ),
    path(
        PAIR + "planned-sessions/<str:plan_id>/decline/",
        pair_activity.PlannedSessionDeclineView.as_view(),
        name="planned-session-decline",
    ),
    path(
        PAIR + "planned-sessions/<str:plan_id>/cancel/",
        pair_activity.PlannedSessionCancelView.as_view(),
        name="planned-session-cancel",
    ),
    path(PAIR + "reflections/", pair_activity.ReflectionListView.as_view(), name="reflections"),
    path(PAIR + "pulse/", pair_activity.PulseView.as_view(), name="pulse"),
    path("me/pairs/", me.MyPairsView.as_view(), name="my-pairs"),
    path(PROGRAM + "matching-runs/", matching.MatchingRunsView.as_view(), name="matching-runs"),
    path(PROGRAM + "matching-runs/<str:run_id>/", matching.MatchingRunView.as_view(), name="matching-run"),
    path(
        PROGRAM + "matching-runs/<str:run_id>/publish/",
        matching.MatchingRunPublishView.as_view(),
        name="matching-run-publish",
    ),
]


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description of v1, and of nothing else the host serves. Public: it
    describes the API, not anyone's data. YAML by default; JSON with ``?format=json`` or
    ``Accept: application/vnd.oai.openapi+json``."""

    permission_classes = (AllowAny,)
    content_negotiation_class = FormatQueryNegotiation
    custom_settings = {
        "TITLE": "revmentor REST API",
        "DESCRIPTION": (
            "Reverse mentoring in Open edX. A resource the caller may not see answers "
            "404; bad input answers 400 `{field: [messages]}`; a broken invariant 409 "
            '`{"detail", "code", "field"}`. Authentication: JWT, session (CSRF enforced) and, '
            "inside edx-platform, bearer tokens. Every POST accepts an `Idempotency-Key` header: "
            "a repeat within 24 hours answers the first response and does nothing (ADR 0010)."
        ),
        "VERSION": "1.0.0",
        "SCHEMA_PATH_PREFIX": "/api/revmentor/v1",
        "ENUM_NAME_OVERRIDES": {
            "RoleEnum": list(Role.values()),
            "PairStatusEnum": list(PairStatus.values()),
            "ProgramStatusEnum": list(ProgramStatus.values()),
            "ParticipantStatusEnum": list(ParticipantStatus.values()),
            "GoalStatusEnum": list(GoalStatus.values()),
            "HealthStatusEnum": list(HealthStatus.values()),
        },
    }

    def get_authenticators(self):
        return [cls() for cls in authentication_classes()]


urlpatterns += [
    path(
        "schema/",
        SchemaView.as_view(
            api_version="v1", patterns=[path("api/revmentor/v1/", include(list(urlpatterns)))]
        ),
        name="schema",
    ),
]
