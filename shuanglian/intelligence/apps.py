from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shuanglian.intelligence"
    label = "intelligence"
    verbose_name = "智能分办"

    def ready(self):
        from . import signals  # models are loaded only now

        signals.connect()
