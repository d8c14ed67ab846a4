"""Names shared by the demo seed, the sandbox pages and the README: one list of demo accounts."""

from opaque_keys.edx.keys import CourseKey

COURSE_KEY = CourseKey.from_string("course-v1:DemoX+RM101+2026")
PASSWORD = "demo-pass-2026"
STAFF = "nadia_staff"
INSTRUCTOR = "omar_instructor"
OPERATOR = "admin"
BYSTANDER = "lena_enrolled"
JOURNEY_USERS = ("journey_mentor", "journey_mentee")

#: Every demo login (all use PASSWORD), with who they are. ``seed_demo`` creates them all; the
#: home page, the unit's user switcher, ``seed_demo``'s output and the README list exactly these.
ACCOUNTS = (
    (OPERATOR, "operator: global staff, Django admin"),
    (STAFF, "course staff"),
    (INSTRUCTOR, "course instructor"),
    ("amara_dev", "mentor (Advisor) with an active pair"),
    ("peter_plant", "mentee (Learner) with an active pair"),
    ("ines_design", "mentor, pair waiting for acceptance"),
    ("sofia_strategy", "mentee, pair waiting for acceptance"),
    ("noah_support", "mentor whose pair was declined"),
    (BYSTANDER, "enrolled, not in the program"),
    ("journey_mentor", "new learner: walk the journey as a mentor"),
    ("journey_mentee", "new learner: walk the journey as a mentee"),
)
