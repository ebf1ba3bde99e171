"""Admin for 智能分办: staff's lexicon, duties and threshold are saved through the services (audit);
the models and suggestions are read-only records."""

from django.contrib import admin

from . import services
from .models import CategoryLexicon, DepartmentDuty, RoutingConfig, RoutingModel, RoutingSuggestion


@admin.register(CategoryLexicon)
class CategoryLexiconAdmin(admin.ModelAdmin):
    list_display = ["category", "keywords", "updated_at", "updated_by"]
    fields = ["category", "keywords"]

    def save_model(self, request, obj, form, change):
        services.lexicon_update(category=obj.category, keywords=obj.keywords, actor=request.user)


@admin.register(DepartmentDuty)
class DepartmentDutyAdmin(admin.ModelAdmin):
    list_display = ["department", "keywords", "updated_at", "updated_by"]
    fields = ["department", "duties", "keywords"]

    def save_model(self, request, obj, form, change):
        services.duty_update(department=obj.department, duties=obj.duties, keywords=obj.keywords, actor=request.user)


@admin.register(RoutingConfig)
class RoutingConfigAdmin(admin.ModelAdmin):
    list_display = ["region", "duplicate_threshold"]

    def save_model(self, request, obj, form, change):
        services.threshold_update(region=obj.region, duplicate_threshold=obj.duplicate_threshold, actor=request.user)


@admin.register(RoutingModel)
class RoutingModelAdmin(admin.ModelAdmin):
    list_display = ["region", "version", "trained_at", "cases", "holdout_cases", "accuracy", "cold_accuracy", "adopted"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False


@admin.register(RoutingSuggestion)
class RoutingSuggestionAdmin(admin.ModelAdmin):
    list_display = ["case", "model_kind", "categories", "departments", "chosen_category", "chosen_department"]
    readonly_fields = [*list_display, "model_version", "created_at", "chosen_at"]

    def has_add_permission(self, request):
        return False
