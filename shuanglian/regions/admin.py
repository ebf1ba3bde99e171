"""Admin for the system administrator. Staff use the app's own pages (which go through services
and the audit log); the admin is read-mostly and never the everyday write path."""

from django.contrib import admin

from .models import Department, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "path")
    list_filter = ("level",)
    search_fields = ("name", "code")
    readonly_fields = ("path",)

    def has_change_permission(self, request, obj=None):
        return False  # the path of a whole subtree depends on it; create regions through the service

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "region", "is_active")
    list_filter = ("is_active", "region")
    search_fields = ("name", "short_name")

    def has_delete_permission(self, request, obj=None):
        return False
