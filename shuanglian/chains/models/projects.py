"""Major projects (重大项目), their monthly investment and milestones."""

from decimal import Decimal

from django.db import models

from .chains import Chain, ChainNode
from .enterprises import Enterprise


class ProjectKind(models.TextChoices):
    INDUSTRIAL = "industrial", "产业"
    INFRASTRUCTURE = "infrastructure", "基础设施"
    LIVELIHOOD = "livelihood", "民生"


class ProjectStage(models.TextChoices):
    PLANNING = "planning", "谋划"
    TALKS = "talks", "洽谈"
    SIGNED = "signed", "签约"
    STARTED = "started", "开工"
    BUILDING = "building", "建设"
    PRODUCING = "producing", "投产"
    FULL = "full", "达产"


PROJECT_STAGE_ORDER = {code: i for i, code in enumerate(ProjectStage.values)}


NOT_STARTED_STAGES = {ProjectStage.PLANNING, ProjectStage.TALKS, ProjectStage.SIGNED}


class Project(models.Model):
    """A major project (重大项目) of a chain, tracked against its pro-rata schedule."""

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="projects")
    node = models.ForeignKey(ChainNode, verbose_name="环节", null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    name = models.CharField("项目名称", max_length=150)
    kind = models.CharField("类别", max_length=16, choices=ProjectKind.choices, default=ProjectKind.INDUSTRIAL)
    owner = models.ForeignKey(Enterprise, verbose_name="业主企业", null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    owner_name = models.CharField("业主单位（非清单企业）", max_length=120, blank=True)
    total_investment = models.DecimalField("总投资（亿元）", max_digits=14, decimal_places=2)
    year = models.PositiveSmallIntegerField("计划年度")
    annual_plan = models.DecimalField("年度计划投资（亿元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    stage = models.CharField("阶段", max_length=16, choices=ProjectStage.choices, default=ProjectStage.PLANNING)
    planned_start = models.DateField("计划开工月份", null=True, blank=True, help_text="取该月第一天")
    started_on = models.DateField("实际开工日期", null=True, blank=True)
    responsible_department = models.ForeignKey(
        "regions.Department", verbose_name="责任单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="chain_projects",
    )
    note = models.TextField("备注", blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text="每次修改加一，防止两人同时编辑互相覆盖")

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["chain", "-total_investment", "id"]

    def __str__(self):
        return self.name

    @property
    def owner_label(self) -> str:
        return self.owner.name if self.owner_id else self.owner_name


class ProjectInvestment(models.Model):
    """Investment completed in one month (月度完成投资)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="investments")
    month = models.DateField("月份", help_text="该月第一天")
    year = models.PositiveSmallIntegerField("年份", editable=False, db_index=True, help_text="取自月份，便于按计划年度汇总")
    amount = models.DecimalField("完成投资（亿元）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "月度完成投资"
        verbose_name_plural = "月度完成投资"
        ordering = ["project", "month"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="uniq_project_month")]

    def __str__(self):
        return f"{self.project} {self.month:%Y-%m} {self.amount}亿元"

    def save(self, *args, **kwargs):
        self.year = self.month.year
        super().save(*args, **kwargs)


class ProjectMilestone(models.Model):
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("节点", max_length=80)
    planned_on = models.DateField("计划日期")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "项目里程碑"
        verbose_name_plural = "项目里程碑"
        ordering = ["project", "planned_on", "id"]

    def __str__(self):
        return f"{self.project} {self.name}"
