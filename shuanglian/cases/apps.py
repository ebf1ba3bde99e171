from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shuanglian.cases"
    label = "cases"

    def ready(self):
        from . import signals  # models are loaded only now
        from .chain_sources import register_with_chains

        signals.connect()
        register_with_chains()  # the chain module's problem list shows cases; chains never imports cases
