"""数字人大 · 大屏 (Screen): a kiosk page per region or station, opened by an unguessable token
instead of a login, revocable by staff. The screen shows figures only (no personal data); the
token opens nothing else."""

import secrets

from django.conf import settings
from django.db import models


def new_screen_token() -> str:
    # 32 random bytes (~256 bits): the URL is the only credential of a kiosk, so it must not be guessable.
    return secrets.token_urlsafe(32)


class Screen(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey("deputies.Station", verbose_name="履职阵地", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=80)
    token = models.CharField("访问令牌", max_length=64, unique=True, default=new_screen_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "大屏"
        verbose_name_plural = "大屏"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    @property
    def url(self) -> str:
        """The kiosk's address (relative: the screen is opened on whatever host serves the site)."""
        return f"/screen/{self.token}/"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
