"""Business-environment monitoring (营商环境监测): monitoring points are stations of that kind; each
reports monthly, scoring a configurable indicator tree (dimensions → indicators, 1–5 or 是/否),
with a narrative and findings — a finding becomes a Case in the closed loop."""

from django.db import models


class Scale(models.TextChoices):
    SCORE = "score", "1–5分"
    YES_NO = "yes_no", "是/否"


class Indicator(models.Model):
    """A dimension (no parent) or an indicator under it. Staff edit the tree in admin."""

    parent = models.ForeignKey("self", verbose_name="所属维度", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    name = models.CharField("名称", max_length=80)
    question = models.CharField("监测问题", max_length=200, blank=True)
    scale = models.CharField("计分方式", max_length=8, choices=Scale.choices, default=Scale.SCORE)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "监测指标"
        verbose_name_plural = "监测指标"
        ordering = ["parent_id", "order", "id"]

    def __str__(self):
        return self.name

    def points(self, value: int) -> int:
        """A value as 0–100 points, so 1–5 scores and 是/否 answers average together."""
        if self.scale == Scale.YES_NO:
            return 100 if value else 0
        return (value - 1) * 25


class MonitoringReport(models.Model):
    station = models.ForeignKey("deputies.Station", verbose_name="监测点", on_delete=models.PROTECT,
                                related_name="monitoring_reports")
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    period = models.DateField("月份", help_text="该月的第一天")
    narrative = models.TextField("情况说明", blank=True)
    submitted_by = models.ForeignKey("core.User", verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = "监测报告"
        verbose_name_plural = "监测报告"
        ordering = ["-period", "station_id"]
        constraints = [models.UniqueConstraint(fields=["station", "period"], name="oversight_report_month")]
        indexes = [models.Index(fields=["region", "period"], name="oversight_report_region"),
                   # the list's order (newest month first): a page is the index's first rows, not a sort of all
                   models.Index(fields=["-period", "station"], name="oversight_report_period")]

    def __str__(self):
        return f"{self.station}（{self.period:%Y年%m月}）"


class Score(models.Model):
    report = models.ForeignKey(MonitoringReport, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField("得分")
    points = models.PositiveSmallIntegerField("折算分（0–100）")

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="oversight_score_once")]

    def __str__(self):
        return f"{self.indicator}：{self.value}"


class MonitoringMonth(models.Model):
    """A month's scores summed per region and indicator — the roll-up the figures read: a city's
    month is then its regions' few hundred rows instead of every report's scores (6 000 for 500
    points). Kept by the report service in the writing transaction (monitoring_rollup.py), and
    equal to a rebuild from the scores at every moment."""

    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    period = models.DateField("月份", help_text="该月的第一天")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="+")
    points_total = models.PositiveIntegerField("折算分合计", default=0)
    scores = models.PositiveIntegerField("评分次数", default=0)

    class Meta:
        verbose_name = "监测月度汇总"
        verbose_name_plural = "监测月度汇总"
        constraints = [models.UniqueConstraint(fields=["period", "region", "indicator"],
                                               name="oversight_monitoring_month")]

    def __str__(self):
        return f"{self.region} {self.period:%Y-%m} {self.indicator}"


class MonitoringFinding(models.Model):
    report = models.ForeignKey(MonitoringReport, verbose_name="监测报告", on_delete=models.CASCADE,
                               related_name="findings")
    content = models.TextField("发现的问题")
    case = models.OneToOneField("cases.Case", verbose_name="转为诉求", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="monitoring_finding")

    class Meta:
        verbose_name = "监测发现"
        verbose_name_plural = "监测发现"
        ordering = ["report", "id"]

    def __str__(self):
        return self.content[:40]
