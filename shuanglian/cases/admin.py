"""Admin for the closed loop. Categories (and their working-day limits) are configuration and
editable here; cases, extension requests and notices are read-only — they change only through
the workflow services (one write path, DESIGN.md §4.1)."""

from django.contrib import admin

from .models import Case, Category, CoDepartment, ExtensionRequest


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "reply_days", "urgent_reply_days", "complex_reply_days", "is_active", "order")
    list_editable = ("is_active", "order")
    search_fields = ("code", "name")

    def has_delete_permission(self, request, obj=None):
        return False  # cases refer to it; deactivate instead


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CoDepartmentInline(admin.TabularInline):
    model = CoDepartment
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "status", "lead_department", "due_date", "region", "submitted_at")
    list_filter = ("status", "source", "category", "confidential")
    search_fields = ("title", "enterprise_name", "tracking_code")
    list_select_related = ("lead_department", "region")
    exclude = ("contact_phone",)  # personal data: on the case page for those who need it
    inlines = [CoDepartmentInline]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ("case", "days", "status", "requested_by", "requested_at", "decided_by")
    list_filter = ("status",)
    list_select_related = ("case", "requested_by", "decided_by")
