"""履职积分: the rule table, the entries written from verified events (and by staff with a reason),
the per-quarter totals the rankings read, publications (亮分) and objections (错/重/漏).
See docs/points.md for the rules in words."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Category(models.TextChoices):
    BASIC = "basic", "基础"
    REQUIRED = "required", "规定"
    EXCELLENCE = "excellence", "创优"
    DEDUCTION = "deduction", "扣分"


class CapPeriod(models.TextChoices):
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


POINTS = {"max_digits": 7, "decimal_places": 1}


class PointRule(models.Model):
    """One line of the rule table. `points`, `cap` and `active` are the values in force today; their
    history (PointRuleVersion) decides what an event of a given day earns, so an edit never
    rewrites entries already written, and a rebuild pays what was paid."""

    code = models.SlugField("规则代码", max_length=40, unique=True)
    name = models.CharField("规则名称", max_length=80)
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    period = models.CharField("上限周期", max_length=8, choices=CapPeriod.choices, default=CapPeriod.QUARTER)
    points = models.DecimalField("分值", **POINTS)
    cap = models.DecimalField("周期上限（分）", null=True, blank=True, **POINTS, help_text="留空表示不设上限")
    active = models.BooleanField("启用", default=True)
    event_sourced = models.BooleanField("由履职记录自动计分", default=False,
                                        help_text="自动计分的规则不能手工录入分数，只能由系统根据已核实的履职记录计分")
    order = models.PositiveSmallIntegerField("排序", default=0)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class PointRuleVersion(models.Model):
    """The rule's values in force from `valid_from` (until the next version)."""

    rule = models.ForeignKey(PointRule, verbose_name="规则", on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField("生效日期")
    points = models.DecimalField("分值", **POINTS)
    cap = models.DecimalField("周期上限（分）", null=True, blank=True, **POINTS)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "积分规则版本"
        verbose_name_plural = "积分规则版本"
        ordering = ["rule", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["rule", "valid_from"], name="uniq_point_rule_version")]

    def __str__(self):
        return f"{self.rule} 自{self.valid_from:%Y-%m-%d}"


class EntryKind(models.TextChoices):
    EVENT = "event", "履职记录"
    MANUAL = "manual", "人工录入"
    CORRECTION = "correction", "异议更正"


class PointEntry(models.Model):
    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", on_delete=models.PROTECT,
                               related_name="point_entries")
    rule = models.ForeignKey(PointRule, verbose_name="规则", on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("来源", max_length=12, choices=EntryKind.choices, default=EntryKind.EVENT)
    points = models.DecimalField("积分", **POINTS)
    # Capped: what the rule would have paid without its cap (None when paid in full).
    uncapped = models.DecimalField("未封顶分值", null=True, blank=True, **POINTS)
    period = models.CharField("计入季度", max_length=6, help_text="如 2026Q4")
    occurred_on = models.DateField("发生日期")
    source_key = models.CharField("来源标识", max_length=120)
    reason = models.CharField("说明", max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "积分明细"
        verbose_name_plural = "积分明细"
        ordering = ["-occurred_on", "-id"]
        constraints = [
            # A repeated event never pays twice.
            models.UniqueConstraint(fields=["deputy", "rule", "source_key"], name="uniq_point_entry_source"),
        ]
        indexes = [models.Index(fields=["deputy", "period"]), models.Index(fields=["period", "kind"])]

    def __str__(self):
        return f"{self.deputy} {self.rule} {self.points}"

    @property
    def region(self):
        return self.deputy.region


class PointTotal(models.Model):
    """A deputy's total of one quarter ("2026Q4") and of one year ("2026"), kept in the writing
    transaction: rankings read this, not the entries — one row per deputy and period, so a region's
    ranking of 130 000 deputies is a window over one period's rows."""

    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", on_delete=models.CASCADE,
                               related_name="point_totals")
    period = models.CharField("季度", max_length=6)
    points = models.DecimalField("积分", **POINTS)

    class Meta:
        verbose_name = "季度积分合计"
        verbose_name_plural = "季度积分合计"
        constraints = [models.UniqueConstraint(fields=["period", "deputy"], name="uniq_point_total")]
        # deputy × period: a deputy's page; period × points: the ranking's window over one period.
        indexes = [models.Index(fields=["deputy", "period"]), models.Index(fields=["period", "points"])]

    def __str__(self):
        return f"{self.deputy} {self.period} {self.points}"


class PointPublication(models.Model):
    """亮分: a region's quarter published; from then on it is frozen for the deputies of the region
    subtree (later events go to their next open quarter) and its ranking is readable by them."""

    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("季度", max_length=6)
    published_at = models.DateTimeField("亮分时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "积分亮分"
        verbose_name_plural = "积分亮分"
        ordering = ["-period", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "period"], name="uniq_point_publication")]

    def __str__(self):
        return f"{self.region} {self.period}"


class ObjectionKind(models.TextChoices):
    WRONG = "wrong", "错（分值或事由有误）"
    DUPLICATE = "duplicate", "重（重复计分）"
    MISSING = "missing", "漏（应计未计）"


class ObjectionStatus(models.TextChoices):
    SUBMITTED = "submitted", "待处理"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"
    WITHDRAWN = "withdrawn", "已撤回"


class PointObjection(models.Model):
    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", on_delete=models.PROTECT,
                               related_name="point_objections")
    kind = models.CharField("异议类型", max_length=12, choices=ObjectionKind.choices)
    entry = models.ForeignKey(PointEntry, verbose_name="异议的积分明细", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="objections")
    rule = models.ForeignKey(PointRule, verbose_name="漏计的规则", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("漏计事项发生日期", null=True, blank=True)
    reason = models.CharField("异议理由", max_length=500)
    status = models.CharField("状态", max_length=12, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.SUBMITTED, db_index=True)
    decision_note = models.CharField("处理意见", max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    correction = models.OneToOneField(PointEntry, verbose_name="更正明细", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="correcting_objection")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "积分异议"
        verbose_name_plural = "积分异议"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.deputy} {self.get_kind_display()}"

    @property
    def region(self):
        return self.deputy.region
