"""Industrial chains, their node tree (环节) under the three stages, period figures and the
region's pro-rata schedule rule."""

from decimal import Decimal

from django.conf import settings
from django.db import models


class ChainTier(models.TextChoices):
    ADVANTAGE = "advantage", "优势产业"
    EMERGING = "emerging", "战略性新兴产业"
    FUTURE = "future", "未来产业"


class Chain(models.Model):
    name = models.CharField("产业链名称", max_length=80)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="chains")
    tier = models.CharField("类别", max_length=16, choices=ChainTier.choices, default=ChainTier.ADVANTAGE)
    chief_name = models.CharField("链长", max_length=50, blank=True)
    chief_post = models.CharField("链长职务", max_length=100, blank=True)
    lead_department = models.ForeignKey(
        "regions.Department", verbose_name="牵头部门", null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_chains",
    )
    member_departments = models.ManyToManyField(
        "regions.Department", verbose_name="专班成员单位", blank=True, related_name="task_force_chains",
    )
    chief_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="链长账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="chief_of_chains",
    )
    expert_deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name="代表专业小组", blank=True, related_name="expert_chains",
    )
    description = models.TextField("简介", blank=True)
    target_description = models.TextField("目标链（建链补链规划）", blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text="每次修改加一，防止两人同时编辑互相覆盖")

    class Meta:
        verbose_name = "产业链"
        verbose_name_plural = "产业链"
        ordering = ["region__path", "name"]

    def __str__(self):
        return self.name


class Stage(models.TextChoices):
    UPSTREAM = "upstream", "上游"
    MIDSTREAM = "midstream", "中游"
    DOWNSTREAM = "downstream", "下游"


STAGE_ORDER = {Stage.UPSTREAM: 0, Stage.MIDSTREAM: 1, Stage.DOWNSTREAM: 2}


class Strength(models.TextChoices):
    STRONG = "strong", "强"
    WEAK = "weak", "弱"
    MISSING = "missing", "缺"
    BROKEN = "broken", "断"


GAP_STRENGTHS = {Strength.MISSING, Strength.BROKEN}


class ChainNode(models.Model):
    """A segment (环节) of a chain; nodes form a tree under the three stages."""

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", verbose_name="上级环节", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField("环节名称", max_length=80)
    stage = models.CharField("位置", max_length=16, choices=Stage.choices)
    order = models.PositiveIntegerField("排序", default=0)
    strength = models.CharField(
        "强弱评估（工作人员）", max_length=16, choices=Strength.choices, blank=True,
        help_text="留空则按本地企业情况自动判断",
    )
    is_target = models.BooleanField("规划环节（目标链）", default=False, help_text="目前尚未形成、计划补链的环节")
    description = models.TextField("说明", blank=True)
    sub_chain_leader = models.ForeignKey(
        "Enterprise", verbose_name="小链长企业", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_nodes",
    )
    strength_note = models.CharField("强弱评估说明", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text="每次修改加一，防止两人同时编辑互相覆盖")

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["chain", "stage", "order", "id"]

    def __str__(self):
        return self.name


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"


class ChainMetric(models.Model):
    """One period's figures of a chain. Stored: the inputs; derived: growth and share.

    Seed 000 (北碚, 2025 Q1): output 48.46 亿元, +15.4 %, 17.8 % of the district's industrial
    output, reproduced from last_output 41.99 and region_output 272.25.
    """

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="metrics")
    period_kind = models.CharField("周期", max_length=8, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    year = models.PositiveSmallIntegerField("年份")
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True, help_text="1–4；年度数据留空")
    output = models.DecimalField("规上产值（亿元）", max_digits=14, decimal_places=2)
    last_output = models.DecimalField("上年同期产值（亿元）", max_digits=14, decimal_places=2, null=True, blank=True)
    region_output = models.DecimalField("全区工业总产值（亿元）", max_digits=14, decimal_places=2, null=True, blank=True)
    above_scale_count = models.PositiveIntegerField("规上企业数", null=True, blank=True)
    note = models.CharField("来源说明", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text="每次修改加一，防止两人同时编辑互相覆盖")

    class Meta:
        verbose_name = "产业链指标"
        verbose_name_plural = "产业链指标"
        ordering = ["chain", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "period_kind", "year", "quarter"], name="uniq_chain_metric_period"),
        ]

    def __str__(self):
        return f"{self.chain} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTER and self.quarter:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年"

    @property
    def yoy_pct(self) -> Decimal | None:
        """Year-on-year growth in %, one decimal (15.4 for +15.4 %)."""
        if not self.last_output:
            return None
        return ((self.output / self.last_output - 1) * 100).quantize(Decimal("0.1"))

    @property
    def share_pct(self) -> Decimal | None:
        """Share of the region's industrial output in %, one decimal."""
        if not self.region_output:
            return None
        return (self.output / self.region_output * 100).quantize(Decimal("0.1"))


class ScheduleRule(models.TextChoices):
    GAP = "gap", "差距百分点（落后10–30个百分点黄，超30红）"
    RATIO = "ratio", "完成比例（低于序时80%黄，低于60%红）"


class ScheduleSetting(models.Model):
    """Which pro-rata rule a region uses; the nearest setting up the region tree applies."""

    region = models.OneToOneField("regions.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="schedule_setting")
    rule = models.CharField("序时进度规则", max_length=8, choices=ScheduleRule.choices, default=ScheduleRule.GAP)

    class Meta:
        verbose_name = "序时进度规则"
        verbose_name_plural = "序时进度规则"

    def __str__(self):
        return f"{self.region}：{self.get_rule_display()}"
