"""Deputies' suggestions (代表建议; 企业家接待日 and 智库 opinions as kinds), followed from submission
to the deputy's rating, and the commitments (承诺事项) that B and C answers create.

A suggestion stores its clock inputs (submission, assignment, answer, re-handling dates) and the
deadlines derived from them by clocks.py; the running deadline (`due_date`, `warn_date`) has a
light by shuanglian.lib.lights, exactly as a case's or an opinion's.
"""

from django.conf import settings
from django.db import models

VERSION_HELP = "每次修改加一，防止两人同时办理互相覆盖"


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", "代表建议"
    ENTREPRENEUR_DAY = "entrepreneur_day", "企业家接待日意见"
    THINK_TANK = "think_tank", "智库意见"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交，待交办"
    RETURNED = "returned", "承办单位退回，待重新交办"
    ASSIGNED = "assigned", "已交办，办理中"
    ANSWERED = "answered", "已答复，待代表评价"
    REHANDLING = "rehandling", "代表不满意，重新办理中"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"
    REFUSED = "refused", "不作为建议处理"
    SPLIT = "split", "已拆分（一事一议）"


class RefuseReason(models.TextChoices):
    """代表法 and local rules: what does not count as a suggestion (fixed list)."""

    PERSONAL = "personal", "属于代表本人及其亲属的个人事务"
    LITIGATION = "litigation", "涉及诉讼、仲裁、行政复议等法定程序中的具体案件"
    NO_CONTENT = "no_content", "没有具体内容、只有标题"
    NOT_ITS_POWER = "not_its_power", "不属于本级人大及其常委会职权范围"
    FORWARDED = "forwarded", "代转他人来信，未经代表本人研究"
    PUBLICITY = "publicity", "为本单位或个人宣传推介"


class AnswerCategory(models.TextChoices):
    A = "A", "A类：所提问题已经解决或者基本解决、所提建议已被采纳"
    B = "B", "B类：所提问题正在解决或者计划解决"
    C = "C", "C类：所提问题列入计划逐步解决"
    D = "D", "D类：所提问题因条件限制或其他原因留作参考"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Suggestion(models.Model):
    number = models.CharField("编号", max_length=20, blank=True, help_text="提交时按区域和年度编号")
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT,
                               related_name="suggestions")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField("标题", max_length=120, help_text="如：关于加快“充储泊配”设施建设的建议")
    reasons = models.TextField("情况和问题")
    proposals = models.TextField("意见和建议")
    lead_deputy = models.ForeignKey("deputies.Deputy", verbose_name="领衔代表", on_delete=models.PROTECT,
                                    related_name="led_suggestions")
    co_signers = models.ManyToManyField("deputies.Deputy", verbose_name="联名/附议代表", blank=True,
                                        related_name="cosigned_suggestions")
    source_activity = models.ForeignKey("duties.Activity", verbose_name="来源履职活动", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="suggestions")
    source_reception = models.ForeignKey("duties.Reception", verbose_name="来源接待日", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="suggestions")
    # The case → suggestion link lives here; the case reads it back as `case.suggestions`.
    source_case = models.ForeignKey("cases.Case", verbose_name="来源诉求", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="suggestions")
    split_from = models.ForeignKey("self", verbose_name="拆分自", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="parts")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    refuse_reason = models.CharField("不作为建议处理的理由", max_length=16, choices=RefuseReason.choices, blank=True)
    lead_unit = models.ForeignKey("regions.Department", verbose_name="主办单位", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="led_suggestions")
    co_units = models.ManyToManyField("regions.Department", verbose_name="协办单位", blank=True,
                                      related_name="co_suggestions")
    complex = models.BooleanField("经批准的复杂建议", default=False, help_text="办理期限六个月")
    answer_category = models.CharField("答复类别", max_length=1, choices=AnswerCategory.choices, blank=True)
    answer_content = models.TextField("答复内容", blank=True)
    rating = models.CharField("代表评价", max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rounds = models.PositiveSmallIntegerField("答复轮次", default=0)
    # Clock inputs and the deadlines derived from them (clocks.py).
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    returned_on = models.DateField("退回日期", null=True, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    first_answered_on = models.DateField("首次答复日期", null=True, blank=True, help_text="按时办复率据此计算")
    rated_on = models.DateField("评价日期", null=True, blank=True)
    rehandle_from = models.DateField("重新办理起算日", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    assign_due = models.DateField("交办期限", null=True, blank=True)
    return_due = models.DateField("申请退回期限", null=True, blank=True)
    co_opinion_due = models.DateField("协办意见期限", null=True, blank=True)
    answer_due = models.DateField("答复期限", null=True, blank=True)
    first_answer_due = models.DateField("首次答复期限", null=True, blank=True, help_text="按时办复率据此计算")
    rating_due = models.DateField("评价期限", null=True, blank=True)
    due_date = models.DateField("当前期限", null=True, blank=True)
    warn_date = models.DateField("预警日期", null=True, blank=True)
    due_provisional = models.BooleanField("期限含未确认的节假日", default=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "代表建议"
        verbose_name_plural = "代表建议"
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], condition=~models.Q(number=""),
                                    name="suggestion_number_in_region"),
        ]
        indexes = [
            models.Index(fields=["region", "status"], name="suggestion_region_status"),
            models.Index(fields=["lead_unit", "status"], name="suggestion_unit_status"),
            models.Index(fields=["due_date"], name="suggestion_due"),
        ]

    def __str__(self):
        return f"《{self.title}》"

    @property
    def display_title(self) -> str:
        return f"《{self.title}》"


class CoOpinion(models.Model):
    """A co-unit's opinion sent to the lead unit (协办意见), one per co-unit and round."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE,
                                   related_name="co_opinions")
    department = models.ForeignKey("regions.Department", verbose_name="协办单位", on_delete=models.PROTECT,
                                   related_name="+")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    content = models.TextField("协办意见")
    sent_on = models.DateField("提出日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "协办意见"
        verbose_name_plural = "协办意见"
        ordering = ["suggestion", "sent_on", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "department", "round"],
                                               name="suggestion_co_opinion_once")]

    def __str__(self):
        return f"{self.department}的协办意见"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", "未兑现"
    DELIVERED = "delivered", "已兑现，待代表评价"
    RATED = "rated", "已评价"


class Commitment(models.Model):
    """A promise in a B or C answer (承诺事项) with its own due date, followed past the year's end
    until delivered and rated again by the lead deputy."""

    suggestion = models.ForeignKey(Suggestion, verbose_name="建议", on_delete=models.CASCADE,
                                   related_name="commitments")
    content = models.CharField("承诺内容", max_length=500)
    made_on = models.DateField("承诺日期")
    due = models.DateField("承诺完成期限")
    warn_date = models.DateField("预警日期")
    status = models.CharField("状态", max_length=12, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.OPEN)
    delivered_on = models.DateField("兑现日期", null=True, blank=True)
    delivery_note = models.TextField("兑现情况", blank=True)
    rating = models.CharField("代表评价", max_length=20, choices=Rating.choices, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        verbose_name = "承诺事项"
        verbose_name_plural = "承诺事项"
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["status", "due"], name="suggestion_commitment_due")]

    def __str__(self):
        return self.content

    @property
    def region(self):
        return self.suggestion.region
