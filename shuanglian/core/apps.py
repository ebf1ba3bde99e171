from django.apps import AppConfig

from shuanglian.lib import workdays


class CoreConfig(AppConfig):
    name = "shuanglian.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        # Django's place for wiring: modules that import models load only once the registry is ready.
        from django.core import checks
        from django.utils.module_loading import autodiscover_modules

        from . import replica, selectors, signals

        signals.connect()
        # `manage.py check --database replica`: a replica that cannot serve says why
        checks.register(replica.replica_check, checks.Tags.database)
        # lib knows nothing of core; the staff calendar reaches the working-day rules from here.
        workdays.set_override_source(selectors.calendar_overrides)
        # each app names the audit events it writes in its audit_names module (core imports no app)
        autodiscover_modules("audit_names")
