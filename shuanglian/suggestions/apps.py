from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shuanglian.suggestions"
    verbose_name = "代表建议"
