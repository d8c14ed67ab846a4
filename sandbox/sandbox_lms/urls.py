"""URLs of the sandbox LMS; revmentor's come from the plugin loader as in ``lms/urls.py``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from edx_django_utils.plugins import get_plugin_url_patterns
from rest_framework.permissions import AllowAny

from sandbox_lms import courseware_views, instructor, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="sandbox/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("admin/", admin.site.urls),
    # lms/urls.py: the legacy dashboard; the MFE stand-in is where INSTRUCTOR_MICROFRONTEND_URL points.
    path("courses/<str:course_id>/instructor/", instructor.legacy_dashboard, name="instructor_dashboard"),
    path("instructor-dashboard/<str:course_id>/", instructor.mfe_dashboard, name="instructor_dashboard_mfe"),
    # The course unit with the four blocks, their handlers, and sandbox-only demo helpers.
    path("courses/<str:course_id>/unit/<slug:unit_name>/", courseware_views.unit, name="sandbox-unit"),
    path(
        "courses/<str:course_id>/xblock/<str:usage_id>/handler/<str:handler>/",
        courseware_views.handler,
        name="sandbox-xblock-handler",
    ),
    path(
        "courses/<str:course_id>/xblock/<str:usage_id>/handler/<str:handler>/<path:suffix>",
        courseware_views.handler,
    ),
    # lms/urls.py: jump_to, the LMS's link to any unit or block of a course.
    path("courses/<str:course_id>/jump_to/<path:location>", courseware_views.jump_to, name="jump_to"),
    path("courses/<str:course_id>/masquerade/", courseware_views.masquerade, name="masquerade_update"),
    path("sandbox/switch-user/", courseware_views.switch_user, name="sandbox-switch-user"),
    path("sandbox/propose-pair/", courseware_views.propose_pair, name="sandbox-propose-pair"),
]
urlpatterns.extend(get_plugin_url_patterns("lms.djangoapp"))

# Interactive docs of revmentor's REST API (sandbox only). Swagger UI and Redoc are served from
# drf-spectacular-sidecar's static files, so they work with no internet access.
urlpatterns += [
    path(
        "api-docs/",
        SpectacularSwaggerView.as_view(url_name="revmentor:v1:schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
    path(
        "api-docs/redoc/",
        SpectacularRedocView.as_view(url_name="revmentor:v1:schema", permission_classes=[AllowAny]),
        name="api-redoc",
    ),
]
