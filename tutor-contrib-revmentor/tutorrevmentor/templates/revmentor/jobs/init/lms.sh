# revmentor's tables (the LMS's own init job migrates every app too; this one alone runs
# with `tutor local do init --limit=revmentor`).
./manage.py lms migrate revmentor
