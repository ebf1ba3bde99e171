"""Logins, logouts and failed logins go into the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit_record


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
