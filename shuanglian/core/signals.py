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
