"""Background Excel imports and their progress."""


from django.conf import settings
from django.db import models

from .chains import Chain


class ImportKind(models.TextChoices):
    ENTERPRISES = "enterprises", "企业清单"
    PROJECTS = "projects", "项目清单"
    LEADS = "leads", "招商清单"
    POLICIES = "policies", "政策清单"
    PROBLEMS = "problems", "问题清单"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "未导入（有错误）"


class ImportJob(models.Model):
    """A background Excel import and its progress, polled by the page."""

    kind = models.CharField("清单", max_length=16, choices=ImportKind.choices)
    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="import_jobs")
    file = models.FileField("文件", upload_to="chain_imports/")
    filename = models.CharField("文件名", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total = models.PositiveIntegerField("总行数", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status in (ImportStatus.DONE, ImportStatus.FAILED) else 0
        return min(100, self.processed * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
