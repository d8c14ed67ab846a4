"""The caller's own things across courses (docs/DESIGN.md §6): ``me/pairs/``."""

from __future__ import annotations

from revmentor_plugin import policy, services
from revmentor_plugin.api.v1 import serializers as s
from revmentor_plugin.api.v1.base import PAGE_PARAMETERS, RevMentorView, extend_schema, list_responses
from revmentor_plugin.policy import Scope


class MyPairsView(RevMentorView):
    """The caller's pairs in every program, newest first."""

    @extend_schema(
        operation_id="me_pairs_list",
        parameters=PAGE_PARAMETERS,
        responses=list_responses(s.PairSerializer),
    )
    def get(self, request):
        if policy.own_scope(request.user) is Scope.NONE:  # an inactive account (ADR 0003)
            return self.paginated([], s.PairSerializer)
        return self.paginated(
            services.pair_listing_of_user(request.user), s.PairSerializer, user=request.user
        )
