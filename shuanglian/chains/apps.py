from django.apps import AppConfig


class ChainsConfig(AppConfig):
    name = "shuanglian.chains"
    label = "chains"
    verbose_name = "产业链（一图五单）"

    def ready(self):
        # The panorama cache follows every write through signals; connect them in every process
        # (web, worker, management commands), not only where the panorama is imported.
        from . import signals

        signals.connect()
