from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shuanglian.suggestions"
    verbose_name = "代表建议"

    def ready(self):
        from .point_sources import register_with_points

        register_with_points()  # the points rebuild replays submissions, A answers, delivered commitments
