"""Names shared by the demo seed and the sandbox pages."""

from opaque_keys.edx.keys import CourseKey

COURSE_KEY = CourseKey.from_string("course-v1:DemoX+RM101+2026")
PASSWORD = "demo-pass-2026"
STAFF = "nadia_staff"
INSTRUCTOR = "omar_instructor"
OPERATOR = "admin"
BYSTANDER = "lena_enrolled"
