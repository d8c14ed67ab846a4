"""Django admin for operators: browse and search everything, change nothing.

Data changes go through the services (REST API, blocks, staff page) so that the invariants,
the agreement versions and the analytics events always hold. Private text (reflection bodies,
raw pulse answers, self-descriptions, session notes) is not shown here either.
"""

from django.contrib import admin

from revmentor_plugin import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ("name", "course_key", "status", "cadence_days", "created")
    list_filter = ("status", "diversity_enabled")
    search_fields = ("name", "course_key", "uuid")


@admin.register(models.Skill)
class SkillAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "program")
    search_fields = ("name", "slug", "program__name")


@admin.register(models.Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "status", "program", "department", "capacity")
    list_filter = ("role", "status", "program__course_key")
    search_fields = ("user__username", "department", "program__name")
    exclude = ("self_description",)
    list_select_related = ("user", "program")


@admin.register(models.Pair)
class PairAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "program", "mentor", "mentee", "status", "source", "score", "created")
    list_filter = ("status", "source", "program__course_key")
    search_fields = ("uuid", "mentor__user__username", "mentee__user__username", "program__name")
    list_select_related = ("program", "mentor__user", "mentee__user")


@admin.register(models.Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner", "status", "progress", "pair")
    list_filter = ("status", "owner")
    search_fields = ("title", "pair__uuid")


@admin.register(models.SessionLog)
class SessionLogAdmin(ReadOnlyAdmin):
    list_display = ("pair", "occurred_on", "duration_minutes", "mode", "led_by", "confirmed_at")
    list_filter = ("mode", "led_by")
    search_fields = ("pair__uuid",)
    exclude = ("notes",)


@admin.register(models.Reflection)
class ReflectionAdmin(ReadOnlyAdmin):
    list_display = ("pair", "author", "visibility", "created")
    list_filter = ("visibility",)
    search_fields = ("pair__uuid", "author__user__username")
    exclude = ("body",)


@admin.register(models.PulseCheck)
class PulseCheckAdmin(ReadOnlyAdmin):
    list_display = ("pair", "author", "created")
    search_fields = ("pair__uuid", "author__user__username")
    fields = ("pair", "author", "created")
    readonly_fields = ("pair", "author", "created")


@admin.register(models.AgreementAcceptance)
class AgreementAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("pair", "participant", "expectations_version", "accepted_at")
    search_fields = ("pair__uuid", "participant__user__username")
