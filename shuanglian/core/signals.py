"""Logins, logouts and failed logins go into the audit log; the calendar-changed hook.

`calendar_changed` is sent after a staff change to the working-day calendar has been committed
(shuanglian.core.services.calendar_override_set / calendar_override_delete / calendar_year_confirm).
Keyword arguments: `year` (int), `dates` (list of datetime.date changed; empty when a whole
year was confirmed or unconfirmed) and `actor` (the user). The working-day cache of this process
is already cleared when receivers run. The cases app connects a receiver that recomputes the due
dates of open deadlines in that year::

    from shuanglian.core.signals import calendar_changed

    @receiver(calendar_changed, dispatch_uid="cases-recompute-deadlines")
    def _recompute(sender, year, dates, actor, **kwargs): ...
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

from .audit import audit_record

calendar_changed = Signal()


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(event_type="auth.login", actor=user, target=user, region=user.region)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event_type="auth.logout", actor=user, target=user, region=user.region)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:100]
    audit_record(event_type="auth.login_failed", actor_label=username or "（空）", note=f"用户名：{username}")


def _calendar_changed(**kwargs):
    from shuanglian.lib.workdays import clear_cache

    clear_cache()


def _connect_calendar():
    from django.db.models.signals import post_delete, post_save

    from .models import CalendarOverride, CalendarYear

    for model in (CalendarOverride, CalendarYear):
        post_save.connect(_calendar_changed, sender=model, dispatch_uid=f"calendar-{model.__name__}-save")
        post_delete.connect(_calendar_changed, sender=model, dispatch_uid=f"calendar-{model.__name__}-del")


_connect_calendar()
