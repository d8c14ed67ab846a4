"""Pages for people under ``/revmentor/``."""

from django.urls import path

from revmentor_plugin.dashboard import views

urlpatterns = [
    path("courses/<str:course_id>/", views.staff_page, name="staff-page"),
    path(
        "courses/<str:course_id>/programs/<str:program_uuid>/outcome/",
        views.outcome_page,
        name="outcome-page",
    ),
]
