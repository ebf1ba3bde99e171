"""Core's signal and receivers: logins, logouts and failed logins go into the audit log; a change
of the working-day calendar drops this process's working-day cache; the calendar-changed hook.

Receivers are connected by `connect()`, called once from CoreConfig.ready(); importing this
module connects nothing.

`calendar_changed` is sent after a staff change to the working-day calendar has been committed
(shuanglian.core.services.calendar_override_set / calendar_override_delete / calendar_year_confirm).
Keyword arguments: `year` (int), `dates` (list of datetime.date changed; empty when a whole
year was confirmed or unconfirmed) and `actor` (the user). The working-day cache of this process
is already cleared when receivers run. The cases app connects a receiver that recomputes the due
dates of open deadlines in that year, in its own AppConfig.ready()::

    calendar_changed.connect(_recompute, dispatch_uid="cases-recompute-deadlines")
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from shuanglian.lib import workdays

from .audit import audit_record
from .models import CalendarOverride, CalendarYear

calendar_changed = Signal()


def _logged_in(sender, request, user, **kwargs):
    audit_record(event_type="auth.login", actor=user, target=user, region=user.region)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event_type="auth.logout", actor=user, target=user, region=user.region)


def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:100]
    audit_record(event_type="auth.login_failed", actor_label=username or "（空）", note=f"用户名：{username}")


def _calendar_row_changed(**kwargs):
    # Any write to the override tables (services, admin, fixtures) makes this process's
    # cached answers stale at once; other processes expire theirs within a minute.
    workdays.clear_cache()


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="core-audit-login")
    user_logged_out.connect(_logged_out, dispatch_uid="core-audit-logout")
    user_login_failed.connect(_login_failed, dispatch_uid="core-audit-login-failed")
    for model in (CalendarOverride, CalendarYear):
        post_save.connect(_calendar_row_changed, sender=model, dispatch_uid=f"calendar-{model.__name__}-save")
        post_delete.connect(_calendar_row_changed, sender=model, dispatch_uid=f"calendar-{model.__name__}-del")
