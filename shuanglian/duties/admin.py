"""Admin: read-mostly views for support. Writes belong to the services (one write path), so the
admin shows the duty chain's records without letting anyone edit them around the rules."""

from django.contrib import admin

from .models import Activity, Reception, ReceptionRule, StationPage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(ReadOnlyAdmin):
    list_display = ["station", "kind", "recurrence", "day", "start_time", "end_time", "valid_from", "valid_until"]
    list_filter = ["kind", "recurrence"]


@admin.register(Reception)
class ReceptionAdmin(ReadOnlyAdmin):
    list_display = ["date", "station", "kind", "shifted_from", "recorded_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(StationPage)
class StationPageAdmin(ReadOnlyAdmin):
    list_display = ["station", "is_public"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "title", "station", "region"]
    list_filter = ["kind"]
