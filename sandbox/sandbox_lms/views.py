"""Sandbox pages: a home page that says what to open and who to log in as."""

from django.contrib.auth import get_user_model
from django.shortcuts import render

from revmentor_plugin import services
from sandbox_lms import demo


def home(request):
    User = get_user_model()
    programs = services.programs_in_course(demo.COURSE_KEY)
    participants = []
    if programs:
        participants = services.participants_of_program(programs[0].uuid, status="active")
    context = {
        "course_key": demo.COURSE_KEY,
        "password": demo.PASSWORD,
        "programs": programs,
        "staff": [demo.STAFF, demo.INSTRUCTOR],
        "operator": demo.OPERATOR,
        "bystander": demo.BYSTANDER,
        "mentors": [p.username for p in participants if p.role == "mentor"][:6],
        "mentees": [p.username for p in participants if p.role == "mentee"][:6],
        "seeded": User.objects.filter(username=demo.STAFF).exists(),
    }
    return render(request, "sandbox/home.html", context)
