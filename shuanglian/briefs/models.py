"""月度简报 (Brief): one generated Word document for a region and a month, kept for good.

The file lives in Django's default storage (a local folder, or an object store in production), so
every app server serves the same copy. A scheduled brief is unique per region and month: the
daily sweep may run on several hosts at once and still file one. Briefs generated on demand by
staff are each kept (the month's figures change while the month runs)."""

from django.conf import settings
from django.db import models


class Brief(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份", help_text="该月1日")
    scheduled = models.BooleanField("按月自动生成", default=False)
    file = models.FileField("文件", upload_to="briefs/", max_length=200)
    size = models.PositiveIntegerField("文件大小（字节）", default=0)
    as_of = models.DateField("数据截至")
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "月度简报"
        verbose_name_plural = "月度简报"
        ordering = ["-month", "-generated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "month"], condition=models.Q(scheduled=True),
                                    name="brief_one_scheduled_per_region_month"),
        ]
        indexes = [models.Index(fields=["region", "month"], name="brief_region_month")]

    def __str__(self):
        return f"{self.region.name}{self.month.year}年{self.month.month}月简报"

    @property
    def filename(self) -> str:
        return f"{self.region.name}{self.month.year}年{self.month.month}月月度简报.docx"
