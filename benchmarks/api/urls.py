"""The sandbox's URLs plus ``bench/bare/``: a DRF view with the same authentication and
permission classes as revmentor's views and no work of its own, the baseline of the ratio."""

from django.urls import path
from rest_framework.response import Response
from sandbox_lms.urls import urlpatterns as sandbox_urlpatterns

from revmentor_plugin.api.v1.base import RevMentorView


class BareView(RevMentorView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [*sandbox_urlpatterns, path("bench/bare/", BareView.as_view())]
