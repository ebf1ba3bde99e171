"""Read-only admin views: changes go through the registry pages, which audit every write."""

from django.contrib import admin

from shuanglian.lib.phones import phone_mask

from .models import Deputy, Station, StationMember


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = StationMember
    fields = ("kind", "deputy", "name")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Deputy)
class DeputyAdmin(ReadOnlyAdmin):
    list_display = ("name", "level", "region", "sector", "employer", "masked_phone", "is_active")
    list_filter = ("level", "is_active", "sector")
    search_fields = ("name", "employer")
    exclude = ("phone",)
    readonly_fields = ("masked_phone",)

    @admin.display(description="手机号")
    def masked_phone(self, obj):
        return phone_mask(obj.phone)


@admin.register(Station)
class StationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "region", "chain", "head", "reception_day", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "host")
    exclude = ("intake_token",)
    inlines = [MemberInline]
