"""The standing committee's oversight (监督工作): the year's work plan and its items, and the
deliberation opinions (审议意见) followed until the committee votes them satisfied.

An opinion's clocks store their inputs (adoption, transfer, vote dates and the report period);
the running deadline (`due_date`, `warn_date`) is derived by oversight/clocks.py and its light
by shuanglian.lib.lights, exactly as a case's.
"""

from django.db import models

VERSION_HELP = "每次修改加一，防止两人同时编辑互相覆盖"


class PlanItemKind(models.TextChoices):
    REPORT = "report", "听取审议专项工作报告"
    RESEARCH = "research", "专题调研"
    INSPECTION = "inspection", "专题视察"
    INQUIRY = "inquiry", "专题询问"
    LAW_ENFORCEMENT = "law_enforcement", "执法检查"
    SATISFACTION = "satisfaction", "满意度测评"
    OTHER = "other", "其他"


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class WorkPlan(models.Model):
    """A year's 工作要点 / 监督计划 of one committee (region)."""

    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT,
                               related_name="work_plans")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("名称", max_length=120)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        verbose_name = "监督工作计划"
        verbose_name_plural = "监督工作计划"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="oversight_plan_region_year")]

    def __str__(self):
        return self.title


class PlanItem(models.Model):
    plan = models.ForeignKey(WorkPlan, verbose_name="工作计划", on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField("序号")
    kind = models.CharField("监督方式", max_length=20, choices=PlanItemKind.choices)
    subject = models.CharField("监督事项", max_length=200)
    lead_office = models.CharField("牵头工委", max_length=60, blank=True)
    departments = models.ManyToManyField("regions.Department", verbose_name="责任单位", blank=True,
                                         related_name="plan_items")
    planned_month = models.PositiveSmallIntegerField("计划月份")
    chains = models.ManyToManyField("chains.Chain", verbose_name="关联产业链", blank=True, related_name="plan_items")
    status = models.CharField("状态", max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        verbose_name = "监督事项"
        verbose_name_plural = "监督事项"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="oversight_item_plan_number")]

    def __str__(self):
        return self.subject

    @property
    def region(self):
        return self.plan.region


class OpinionStatus(models.TextChoices):
    DRAFT = "draft", "起草中"
    ADOPTED = "adopted", "已通过，待交办"
    TRANSFERRED = "transferred", "已交办，待报送办理方案"
    PLANNED = "planned", "办理中，待报告"
    REPORTED = "reported", "已报告，待测评"
    REREPORT = "rereport", "测评不满意，重新报告中"
    SATISFIED = "satisfied", "测评满意，已办结"


class Opinion(models.Model):
    """A deliberation opinion (审议意见) sent to a government body and followed to its vote."""

    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT,
                               related_name="opinions")
    plan_item = models.ForeignKey(PlanItem, verbose_name="来源监督事项", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="opinions")
    topic = models.ForeignKey("oversight.Topic", verbose_name="监督议题", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="opinions")
    title = models.CharField("标题", max_length=200)
    body = models.ForeignKey("regions.Department", verbose_name="承办机关", on_delete=models.PROTECT,
                             related_name="opinions")
    summary = models.TextField("主要内容", blank=True)
    status = models.CharField("状态", max_length=16, choices=OpinionStatus.choices, default=OpinionStatus.DRAFT)
    report_months = models.PositiveSmallIntegerField("报告期限（月）", default=3)
    # Clock inputs and the deadlines derived from them (clocks.py).
    adopted_on = models.DateField("通过日期", null=True, blank=True)
    transferred_on = models.DateField("交办日期", null=True, blank=True)
    plan_received_on = models.DateField("方案报送日期", null=True, blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    rereport_from = models.DateField("重新报告起算日", null=True, blank=True)
    transfer_due = models.DateField("交办期限", null=True, blank=True)
    plan_due = models.DateField("方案报送期限", null=True, blank=True)
    report_due = models.DateField("报告期限", null=True, blank=True)
    due_date = models.DateField("当前期限", null=True, blank=True)
    warn_date = models.DateField("预警日期", null=True, blank=True)
    due_provisional = models.BooleanField("期限含未确认的节假日", default=False)
    rounds = models.PositiveSmallIntegerField("测评轮次", default=0)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "审议意见"
        verbose_name_plural = "审议意见"
        ordering = ["-adopted_on", "-id"]
        indexes = [
            models.Index(fields=["region", "status"], name="oversight_op_region_status"),
            models.Index(fields=["body", "status"], name="oversight_op_body_status"),
            models.Index(fields=["due_date"], name="oversight_op_due"),
        ]

    def __str__(self):
        return self.title


class ItemCategory(models.TextChoices):
    SUGGESTION = "suggestion", "建议"
    PROBLEM = "problem", "问题"


class ItemStatus(models.TextChoices):
    OPEN = "open", "未落实"
    IN_PROGRESS = "in_progress", "正在落实"
    DONE = "done", "已落实"


class OpinionItem(models.Model):
    """One numbered suggestion or problem of an opinion, grouped in classes (六类21条, 四类26条)."""

    opinion = models.ForeignKey(Opinion, verbose_name="审议意见", on_delete=models.CASCADE, related_name="items")
    category = models.CharField("类别", max_length=16, choices=ItemCategory.choices)
    group = models.CharField("分类", max_length=60, help_text="如：强化要素保障")
    number = models.PositiveIntegerField("序号")
    content = models.TextField("内容")
    status = models.CharField("落实情况", max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    response = models.TextField("办理回复", blank=True)
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        verbose_name = "审议意见条目"
        verbose_name_plural = "审议意见条目"
        ordering = ["opinion", "category", "number"]
        constraints = [models.UniqueConstraint(fields=["opinion", "category", "number"],
                                               name="oversight_item_number")]

    def __str__(self):
        return f"{self.get_category_display()}{self.number}"


class SubmissionKind(models.TextChoices):
    PLAN = "plan", "办理方案"
    REPORT = "report", "办理情况报告"


class Submission(models.Model):
    """What the government body sent back: its handling plan, then its report(s) — one per round."""

    opinion = models.ForeignKey(Opinion, verbose_name="审议意见", on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField("类型", max_length=8, choices=SubmissionKind.choices)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    received_on = models.DateField("报送日期")
    content = models.TextField("内容")
    recorded_by = models.ForeignKey("core.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "办理方案和报告"
        verbose_name_plural = "办理方案和报告"
        ordering = ["opinion", "received_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.received_on:%Y-%m-%d}）"


class Review(models.Model):
    """A 回头看: a later check that the fixes held, with a finding per item."""

    opinion = models.ForeignKey(Opinion, verbose_name="审议意见", on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("检查日期")
    summary = models.TextField("总体情况")
    recorded_by = models.ForeignKey("core.User", verbose_name="记录人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["opinion", "held_on", "id"]

    def __str__(self):
        return f"回头看（{self.held_on:%Y-%m-%d}）"


class ReviewFinding(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(OpinionItem, verbose_name="条目", on_delete=models.CASCADE, related_name="findings")
    holds = models.BooleanField("整改到位")
    note = models.CharField("发现", max_length=500, blank=True)

    class Meta:
        verbose_name = "回头看发现"
        verbose_name_plural = "回头看发现"
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="oversight_finding_once")]

    def __str__(self):
        return f"{self.item}：{'整改到位' if self.holds else '未到位'}"


class Vote(models.Model):
    """A satisfaction vote (满意度测评) on the government body's report. Counts, not ballots."""

    opinion = models.ForeignKey(Opinion, verbose_name="审议意见", on_delete=models.CASCADE, related_name="votes")
    round = models.PositiveSmallIntegerField("轮次")
    held_on = models.DateField("测评日期")
    members = models.PositiveIntegerField("组成人员总数")
    present = models.PositiveIntegerField("出席人数")
    satisfied = models.PositiveIntegerField("满意")
    basically_satisfied = models.PositiveIntegerField("基本满意")
    unsatisfied = models.PositiveIntegerField("不满意")
    passed = models.BooleanField("通过")
    rule = models.CharField("计票规则", max_length=120)

    class Meta:
        verbose_name = "满意度测评"
        verbose_name_plural = "满意度测评"
        ordering = ["opinion", "round"]
        constraints = [models.UniqueConstraint(fields=["opinion", "round"], name="oversight_vote_round")]

    def __str__(self):
        return f"第{self.round}轮测评：{'通过' if self.passed else '未通过'}"

    @property
    def abstained(self) -> int:
        return self.present - self.satisfied - self.basically_satisfied - self.unsatisfied
