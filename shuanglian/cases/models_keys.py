"""Integration keys (集成密钥) for Open311: one record per connected system (a 政务 platform, a park's
system), issued by an administrator with the secret shown once, revoked at once, every use counted
and every change audited. Only the secret's SHA-256 is stored; its first characters identify it
in lists."""

from django.conf import settings
from django.db import models


class IntegrationKey(models.Model):
    name = models.CharField("名称", max_length=60, help_text="如：渝快政、园区企业服务平台")
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT,
                               related_name="+", help_text="经此密钥提交的诉求属于该区域；查询也只能查该区域")
    station = models.ForeignKey("deputies.Station", verbose_name="履职阵地", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                help_text="选填：诉求的区域、产业链和跟踪代表随阵地预填")
    digest = models.CharField("密钥散列", max_length=64, unique=True)
    prefix = models.CharField("密钥开头", max_length=8)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    use_count = models.PositiveBigIntegerField("使用次数", default=0)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="停用人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "集成密钥"
        verbose_name_plural = "集成密钥"
        ordering = ["revoked_at", "-created_at"]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"
