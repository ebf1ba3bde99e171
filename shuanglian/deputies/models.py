"""Deputies, grid workers and their stations (履职阵地)."""

import secrets

from django.conf import settings
from django.db import models


class DeputyLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省"
    CITY = "city", "市"
    DISTRICT = "district", "区"
    TOWN = "town", "镇"


def new_intake_token() -> str:
    # 24 random bytes: unguessable, short enough for a QR code.
    return secrets.token_urlsafe(24)


class Deputy(models.Model):
    name = models.CharField("姓名", max_length=50)
    level = models.CharField("层级", max_length=16, choices=DeputyLevel.choices)
    region = models.ForeignKey("regions.Region", verbose_name="选区所属区域", on_delete=models.PROTECT, related_name="deputies")
    sector = models.CharField("界别", max_length=50, blank=True, help_text="如：企业界")
    employer = models.CharField("工作单位及职务", max_length=120, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    is_active = models.BooleanField("在任", default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="deputy",
    )
    # 代表码: the deputy's own QR code opens their public page and a demand form addressed to them.
    # Rotated like a station's (the old printed code stops at once); revoked = None (no code).
    code_token = models.CharField("代表码令牌", max_length=64, unique=True, null=True, blank=True,
                                  default=new_intake_token, editable=False)

    class Meta:
        verbose_name = "人大代表"
        verbose_name_plural = "人大代表"
        ordering = ["region__path", "name"]

    def __str__(self):
        return self.name

    @property
    def code_url(self) -> str:
        """What the deputy's QR code encodes ("" when revoked)."""
        return f"{settings.SITE_URL}/d/{self.code_token}/" if self.code_token else ""


class StationKind(models.TextChoices):
    ACTIVITY_POINT = "activity_point", "人大代表活动点"
    INDUSTRY_LIAISON = "industry_liaison", "行业人大代表联络站"
    MONITORING_POINT = "monitoring_point", "营商环境监测点"


class Station(models.Model):
    kind = models.CharField("类型", max_length=20, choices=StationKind.choices)
    name = models.CharField("名称", max_length=80)
    host = models.CharField("依托园区/企业", max_length=120, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="stations")
    chain = models.ForeignKey(
        "chains.Chain", verbose_name="服务产业链", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="stations",
    )
    head = models.ForeignKey(
        Deputy, verbose_name="点长", null=True, blank=True, on_delete=models.SET_NULL, related_name="headed_stations",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    reception_day = models.PositiveSmallIntegerField("每月接待日", null=True, blank=True, default=15)
    intake_token = models.CharField("扫码令牌", max_length=64, unique=True, default=new_intake_token, editable=False)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "履职阵地"
        verbose_name_plural = "履职阵地"
        ordering = ["region__path", "kind", "name"]

    def __str__(self):
        return self.name

    @property
    def intake_url(self) -> str:
        """What the station's QR code encodes: the public intake page (码上说 马上办)."""
        return f"{settings.SITE_URL}/i/{self.intake_token}/"


class MemberKind(models.TextChoices):
    DEPUTY = "deputy", "人大代表"
    GRID_WORKER = "grid_worker", "网格员"


class StationMember(models.Model):
    """A deputy posted at a station, or a grid worker (not a deputy) working beside them."""

    station = models.ForeignKey(Station, verbose_name="阵地", on_delete=models.CASCADE, related_name="members")
    kind = models.CharField("身份", max_length=16, choices=MemberKind.choices)
    deputy = models.ForeignKey(Deputy, verbose_name="代表", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")
    name = models.CharField("姓名", max_length=50, blank=True, help_text="网格员填写；代表取代表姓名")
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = "阵地成员"
        verbose_name_plural = "阵地成员"
        constraints = [
            models.UniqueConstraint(fields=["station", "deputy"], name="uniq_station_deputy"),
            models.CheckConstraint(
                condition=(models.Q(kind="deputy", deputy__isnull=False) | models.Q(kind="grid_worker", deputy__isnull=True)),
                name="member_kind_matches_deputy",
            ),
        ]

    def __str__(self):
        return self.deputy.name if self.deputy_id else self.name
