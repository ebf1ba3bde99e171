from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEvent, CalendarOverride, CalendarYear, User
from .services import calendar_override_delete, calendar_override_set, calendar_year_confirm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("双链", {"fields": ("display_name", "role", "region", "department", "phone")}),)
    list_display = ("username", "display_name", "role", "region", "department", "is_active")
    list_filter = ("role", "region", "is_active")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the audit log through the app."""

    list_display = ("at", "event_type", "actor_label", "target_repr", "request_id")
    list_filter = ("event_type",)
    search_fields = ("actor_label", "target_repr", "target_id", "request_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Saves go through the calendar services: audited, and the calendar_changed hook fires."""

    list_display = ("year", "confirmed", "note")

    def save_model(self, request, obj, form, change):
        saved = calendar_year_confirm(year=obj.year, confirmed=obj.confirmed, note=obj.note, actor=request.user)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # mark the year provisional instead


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """Saves and deletes go through the calendar services: audited, and calendar_changed fires."""

    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            calendar_override_delete(day=form.initial["date"], actor=request.user)
        saved = calendar_override_set(day=obj.date, is_workday=obj.is_workday, name=obj.name, actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        calendar_override_delete(day=obj.date, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
