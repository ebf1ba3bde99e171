from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shuanglian.cases"
    label = "cases"

    def ready(self):
        # Services connect the receiver that moves open deadlines when the calendar changes.
        from . import services  # noqa: F401
