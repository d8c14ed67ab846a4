"""Sandbox pages: a home page that says what to open and who to log in as."""

from django.contrib.auth import get_user_model
from django.shortcuts import render

from revmentor_plugin import services
from sandbox_lms import demo


def home(request):
    User = get_user_model()
    context = {
        "course_key": demo.COURSE_KEY,
        "password": demo.PASSWORD,
        "programs": services.programs_in_course(demo.COURSE_KEY),
        "accounts": demo.ACCOUNTS,
        "seeded": User.objects.filter(username=demo.STAFF).exists(),
    }
    return render(request, "sandbox/home.html", context)
