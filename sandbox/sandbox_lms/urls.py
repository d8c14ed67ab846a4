"""URLs of the sandbox LMS; revmentor's come from the plugin loader as in ``lms/urls.py``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from edx_django_utils.plugins import get_plugin_url_patterns

from sandbox_lms import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="sandbox/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("admin/", admin.site.urls),
]
urlpatterns.extend(get_plugin_url_patterns("lms.djangoapp"))
