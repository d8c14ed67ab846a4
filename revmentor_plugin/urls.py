"""The plugin's URLs, mounted by the LMS at its root under the ``revmentor`` namespace.

This module owns exactly two prefixes: ``api/revmentor/`` for machines (REST) and
``revmentor/`` for people (the course staff page).
"""

from django.urls import include, path

app_name = "revmentor"

urlpatterns = [
    path("api/revmentor/", include("revmentor_plugin.api.urls")),
    path("revmentor/", include("revmentor_plugin.dashboard.urls")),
]
