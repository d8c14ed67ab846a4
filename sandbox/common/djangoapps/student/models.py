"""Stand-ins for ``CourseEnrollment``, ``CourseAccessRole`` and ``UserProfile``.

``CourseEnrollment.unenroll`` sends openedx-events' ``COURSE_UNENROLLMENT_COMPLETED`` as the
platform does, so revmentor's receiver runs exactly as in the LMS.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from opaque_keys.edx.django.models import CourseKeyField
from openedx_events.learning.data import CourseData, CourseEnrollmentData, UserData, UserPersonalData
from openedx_events.learning.signals import COURSE_UNENROLLMENT_COMPLETED


class CourseEnrollmentManager(models.Manager):
    """``common/djangoapps/student/models/course_enrollment.py``: ``CourseEnrollmentManager``."""

    def users_enrolled_in(self, course_id, include_inactive: bool = False, verified_only: bool = False):
        """A queryset of User for every user enrolled in the course, as the platform's."""
        from django.contrib.auth import get_user_model

        filter_kwargs = {"courseenrollment__course_id": course_id}
        if not include_inactive:
            filter_kwargs["courseenrollment__is_active"] = True
        if verified_only:
            filter_kwargs["courseenrollment__mode"] = "verified"
        return get_user_model().objects.filter(**filter_kwargs)


class CourseEnrollment(models.Model):
    """.. no_pii: Sandbox stand-in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = CourseKeyField(max_length=255, db_index=True)
    is_active = models.BooleanField(default=True)
    mode = models.CharField(max_length=100, default="audit")
    created = models.DateTimeField(default=timezone.now)

    objects = CourseEnrollmentManager()

    class Meta:
        unique_together = (("user", "course_id"),)

    @classmethod
    def is_enrolled(cls, user, course_key) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return cls.objects.filter(user_id=user.pk, course_id=course_key, is_active=True).exists()

    @classmethod
    def enroll(cls, user, course_key, mode: str = "audit") -> CourseEnrollment:
        enrollment, _ = cls.objects.update_or_create(
            user=user, course_id=course_key, defaults={"is_active": True, "mode": mode}
        )
        return enrollment

    @classmethod
    def unenroll(cls, user, course_key) -> None:
        enrollment = cls.objects.get(user=user, course_id=course_key)
        enrollment.is_active = False
        enrollment.save()
        COURSE_UNENROLLMENT_COMPLETED.send_event(
            enrollment=CourseEnrollmentData(
                user=UserData(
                    id=user.id,
                    is_active=user.is_active,
                    pii=UserPersonalData(username=user.username, email=user.email, name=user.get_full_name()),
                ),
                course=CourseData(course_key=course_key),
                mode=enrollment.mode,
                is_active=False,
                creation_date=enrollment.created,
            )
        )


class CourseAccessRole(models.Model):
    """.. no_pii: Sandbox stand-in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    org = models.CharField(max_length=64, blank=True, db_index=True)
    course_id = CourseKeyField(max_length=255, db_index=True, blank=True)
    role = models.CharField(max_length=64, db_index=True)

    class Meta:
        unique_together = (("user", "org", "course_id", "role"),)


class UserProfile(models.Model):
    """``common/djangoapps/student/models/user.py``: ``UserProfile``, reduced to the full name.

    .. pii: The learner's full name, as they gave it to the platform.
    .. pii_types: name
    .. pii_retirement: local_api
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    name = models.CharField(blank=True, max_length=255, db_index=True)


def get_potentially_retired_user_by_username(username):
    """``common/djangoapps/student/models/user.py``: the user with this username, or the one whose
    retired (salted, hashed) username it is; raises ``User.DoesNotExist`` when there is none.

    The sandbox retires no usernames (it has no ``RETIRED_USER_SALTS``), so only the username
    itself is looked up. event-routing-backends calls it for an event that names its user by
    username only (``event_routing_backends/helpers.py``, ``get_user``).
    """
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
