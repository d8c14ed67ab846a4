"""Stand-ins for edx-platform ``common/djangoapps/student/roles.py``.

Same class names, constructors and ``has_user`` semantics as the platform: course roles are
``CourseAccessRole`` rows for a course, org roles are rows with an org and an empty course id,
``has_user`` refuses anonymous and inactive users (``check_user_activation``), ``GlobalStaff``
is ``user.is_staff``, and ``limited_staff`` counts as ``staff`` (``CourseLimitedStaffRole``'s
``BASE_ROLE``). The platform caches a user's rows on ``user._roles``; the sandbox queries.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from opaque_keys.edx.django.models import CourseKeyField

from common.djangoapps.student.models import CourseAccessRole

#: Roles that also grant another role, as ``RoleCache.get_roles`` expands them.
_ALSO_GRANTED_BY = {"staff": ("limited_staff",)}


class GlobalStaff:
    def has_user(self, user) -> bool:
        return bool(user and user.is_staff)


class RoleBase:
    def __init__(self, role_name: str, org: str = "", course_key=None):
        self._role_name = role_name
        self.org = org
        self.course_key = course_key

    def has_user(self, user, check_user_activation: bool = True) -> bool:
        if check_user_activation and not (user.is_authenticated and user.is_active):
            return False
        roles = (self._role_name, *_ALSO_GRANTED_BY.get(self._role_name, ()))
        return CourseAccessRole.objects.filter(
            user_id=user.pk,
            role__in=roles,
            org=self.org,
            course_id=self.course_key or CourseKeyField.Empty,
        ).exists()

    def users_with_role(self):
        return get_user_model().objects.filter(
            courseaccessrole__role=self._role_name,
            courseaccessrole__org=self.org,
            courseaccessrole__course_id=self.course_key or CourseKeyField.Empty,
        )

    def add_users(self, *users) -> None:
        for user in users:
            if user.is_authenticated and user.is_active:
                CourseAccessRole.objects.get_or_create(
                    user=user,
                    role=self._role_name,
                    course_id=self.course_key or CourseKeyField.Empty,
                    org=self.org,
                )


class CourseRole(RoleBase):
    def __init__(self, role: str, course_key):
        super().__init__(role, course_key.org, course_key)


class OrgRole(RoleBase):
    pass


class CourseStaffRole(CourseRole):
    ROLE = "staff"

    def __init__(self, *args, **kwargs):
        super().__init__(self.ROLE, *args, **kwargs)


class CourseInstructorRole(CourseRole):
    ROLE = "instructor"

    def __init__(self, *args, **kwargs):
        super().__init__(self.ROLE, *args, **kwargs)


class CourseLimitedStaffRole(CourseRole):
    ROLE = "limited_staff"
    BASE_ROLE = "staff"

    def __init__(self, *args, **kwargs):
        super().__init__(self.ROLE, *args, **kwargs)


class CourseDataResearcherRole(CourseRole):
    ROLE = "data_researcher"

    def __init__(self, *args, **kwargs):
        super().__init__(self.ROLE, *args, **kwargs)


class OrgStaffRole(OrgRole):
    def __init__(self, *args, **kwargs):
        super().__init__("staff", *args, **kwargs)


class OrgInstructorRole(OrgRole):
    def __init__(self, *args, **kwargs):
        super().__init__("instructor", *args, **kwargs)
