"""Stand-ins for edx-platform's course role classes (``has_user``, ``add_users``)."""

from __future__ import annotations

from common.djangoapps.student.models import CourseAccessRole


class CourseRole:
    ROLE = ""

    def __init__(self, course_key):
        self.course_key = course_key

    def has_user(self, user) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return CourseAccessRole.objects.filter(
            user_id=user.pk, course_id=self.course_key, role=self.ROLE
        ).exists()

    def users_with_role(self):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(
            courseaccessrole__course_id=self.course_key, courseaccessrole__role=self.ROLE
        )

    def add_users(self, *users) -> None:
        for user in users:
            CourseAccessRole.objects.get_or_create(
                user=user, org=self.course_key.org, course_id=self.course_key, role=self.ROLE
            )


class CourseStaffRole(CourseRole):
    ROLE = "staff"


class CourseInstructorRole(CourseRole):
    ROLE = "instructor"
