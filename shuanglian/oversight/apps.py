from django.apps import AppConfig


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shuanglian.oversight"
    verbose_name = "监督工作"

    def ready(self):
        from .point_sources import register_with_points

        register_with_points()  # the points rebuild replays campaign attendance; points never imports oversight
