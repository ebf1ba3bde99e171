from django.apps import AppConfig


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shuanglian.oversight"
    verbose_name = "监督工作"
