"""Django admin for operators: browse and search everything, change nothing.

Data changes go through the services (REST API, blocks, staff page) so that the invariants,
the agreement versions and the analytics events always hold.

Private data (ADR 0003) is not shown here, and cannot be probed either: reflection bodies and
the prompts they answer, raw pulse answers, the private profile (self-description and reminder
opt-out, ``policy.PRIVATE_PROFILE_FIELDS``) and session notes are in no list, form, search or
ordering. Django's admin filters a change list by any lookup on a local field given in the query
string (``?body__startswith=B`` counts the matching rows), so every admin here accepts only the
lookups its own list filters and date hierarchy make; anything else is refused with a 400
(``DisallowedModelAdminLookup``) before a row is counted.
"""

from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.utils import get_fields_from_path

from revmentor_plugin import models, policy
from revmentor_plugin.data import LEARNER_COMFORT, PulseDimension

# What nobody but its author reads (ADR 0003), per model. Tests walk every registered admin and
# every relation path to these fields.
HIDDEN_FIELDS = {
    models.Reflection: ("body", "prompt"),
    models.PulseCheck: (*PulseDimension.values(), LEARNER_COMFORT),
    models.Participant: policy.PRIVATE_PROFILE_FIELDS,
    models.SessionLog: ("notes",),
}


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only, with no hidden field anywhere and only the admin's own filter lookups."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a pair or a participant here would skip the services' invariants and events.
        return False

    @property
    def hidden_fields(self) -> tuple[str, ...]:
        return tuple(HIDDEN_FIELDS.get(self.model, ()))

    def get_exclude(self, request, obj=None):
        return (*(super().get_exclude(request, obj) or ()), *self.hidden_fields)

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name not in self.hidden_fields]

    def offered_lookups(self, request) -> set[str]:
        """The query-string parameters this admin's list filters and date hierarchy make."""
        offered: set[str] = set()
        for item in self.get_list_filter(request):
            if isinstance(item, (list, tuple)):
                path, filter_class = item
            elif isinstance(item, str):
                path, filter_class = item, FieldListFilter.create
            else:  # a SimpleListFilter class
                offered.update(item(request, {}, self.model, self).expected_parameters())
                continue
            field = get_fields_from_path(self.model, path)[-1]
            spec = filter_class(field, request, {}, self.model, self, field_path=path)
            offered.update(spec.expected_parameters())
        if self.date_hierarchy:
            offered.update(f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day"))
        offered.discard(None)
        return offered

    def lookup_allowed(self, lookup, value, request=None):
        """Only the lookups this admin offers; Django's default accepts any on a local field."""
        return lookup in self.offered_lookups(request)


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


@admin.register(models.Reflection)
class ReflectionAdmin(ReadOnlyAdmin):
    list_display = ("pair", "author", "visibility", "created")
    list_filter = ("visibility",)
    search_fields = ("pair__uuid", "author__user__username")


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
