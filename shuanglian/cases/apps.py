from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shuanglian.cases"
    label = "cases"

    def ready(self):
        from . import signals  # models are loaded only now

        signals.connect()
