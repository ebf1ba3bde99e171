from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shuanglian.cases"
    label = "cases"

    def ready(self):
        from . import signals  # models are loaded only now
        from .chain_sources import register_with_chains
        from .point_sources import register_with_points

        signals.connect()
        register_with_chains()  # the chain module's problem list shows cases; chains never imports cases
        register_with_points()  # the points rebuild replays satisfied collected demands; points never imports cases
