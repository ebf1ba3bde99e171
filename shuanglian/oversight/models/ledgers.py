"""Area ledgers (六本台账) and the battle map (挂图作战): per area, a problem ledger of live links to
problems raised anywhere (cases, campaign and monitoring findings, opinion items — never copies:
status and light are read from the linked record) and a work ledger of tasks with an owner, a due
date and progress."""

from django.db import models
from django.db.models import Q

from .opinions import VERSION_HELP


class LedgerArea(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT,
                               related_name="ledger_areas")
    name = models.CharField("重点领域", max_length=80)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "台账领域"
        verbose_name_plural = "台账领域"
        ordering = ["region__path", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="oversight_area_name")]

    def __str__(self):
        return self.name


class LedgerProblem(models.Model):
    """One line of a problem ledger: a link to exactly one problem record."""

    area = models.ForeignKey(LedgerArea, verbose_name="领域", on_delete=models.CASCADE, related_name="problems")
    case = models.ForeignKey("cases.Case", verbose_name="诉求", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    campaign_finding = models.ForeignKey("oversight.Finding", verbose_name="视察发现", null=True, blank=True,
                                         on_delete=models.CASCADE, related_name="+")
    monitoring_finding = models.ForeignKey("oversight.MonitoringFinding", verbose_name="监测发现", null=True,
                                           blank=True, on_delete=models.CASCADE, related_name="+")
    opinion_item = models.ForeignKey("oversight.OpinionItem", verbose_name="审议意见条目", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField("列入时间", auto_now_add=True)

    LINKS = ("case", "campaign_finding", "monitoring_finding", "opinion_item")

    class Meta:
        verbose_name = "问题台账条目"
        verbose_name_plural = "问题台账条目"
        ordering = ["area", "id"]
        constraints = [models.CheckConstraint(
            name="oversight_problem_one_link",
            condition=(Q(case__isnull=False, campaign_finding__isnull=True, monitoring_finding__isnull=True,
                         opinion_item__isnull=True)
                       | Q(case__isnull=True, campaign_finding__isnull=False, monitoring_finding__isnull=True,
                           opinion_item__isnull=True)
                       | Q(case__isnull=True, campaign_finding__isnull=True, monitoring_finding__isnull=False,
                           opinion_item__isnull=True)
                       | Q(case__isnull=True, campaign_finding__isnull=True, monitoring_finding__isnull=True,
                           opinion_item__isnull=False)),
        )]

    def __str__(self):
        return f"问题台账 #{self.pk}"


class TaskStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已完成"


class LedgerTask(models.Model):
    area = models.ForeignKey(LedgerArea, verbose_name="领域", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("工作任务", max_length=200)
    owner = models.ForeignKey("regions.Department", verbose_name="责任单位", on_delete=models.PROTECT,
                              related_name="ledger_tasks")
    starts_on = models.DateField("开始日期")
    due_on = models.DateField("完成时限")
    warn_on = models.DateField("预警日期")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    status = models.CharField("状态", max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    note = models.TextField("进展情况", blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        verbose_name = "工作台账任务"
        verbose_name_plural = "工作台账任务"
        ordering = ["area", "due_on", "id"]

    def __str__(self):
        return self.title
