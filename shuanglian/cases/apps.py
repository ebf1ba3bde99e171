from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shuanglian.cases"
    label = "cases"

    def ready(self):
        # Services connect the receiver that moves open deadlines when the calendar changes.
        # Intake connects the hooks that drop memoized stations/categories in every process when
        # one changes (a rotated token must stop working at once, also after a shell edit).
        from . import intake, services  # noqa: F401
