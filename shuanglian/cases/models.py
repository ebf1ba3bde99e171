"""The closed loop (诉求闭环): intake → assign → supervise → revisit → write-off.

A Case's status changes only through shuanglian.cases.workflow.case_transition (one write
path). Deadlines are stored as their *inputs* (clock start, limit, extensions, paused days) plus
`due_date`/`warn_date` derived from them by `clock.recompute`, which reruns when the calendar
changes, so entering next year's holidays moves open deadlines. The traffic light is never
stored: it is derived from due_date/warn_date and today (see selectors.with_light).
"""

import re
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from shuanglian.chains.models import ProblemKind  # one definition for chains and cases

from . import clock


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    ACCEPTED = "accepted", "已受理待交办"
    REJECTED = "rejected", "不予受理"
    ASSIGNED = "assigned", "已交办待签收"
    IN_PROGRESS = "in_progress", "办理中"
    REPLIED = "replied", "已答复待回访"
    REVISITED = "revisited", "已回访待销号"
    CLOSED = "closed", "已销号"
    MERGED = "merged", "已并案"


OPEN_STATUSES = [
    CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS,
    CaseStatus.REPLIED, CaseStatus.REVISITED,
]


class Source(models.TextChoices):
    QR = "qr", "扫码提交"
    DEPUTY_CODE = "deputy_code", "代表码"
    RECEPTION_DAY = "reception_day", "接待日"
    VISIT = "visit", "走访"
    INSPECTION = "inspection", "视察"
    MONITORING_POINT = "monitoring_point", "营商环境监测点"
    HOTLINE = "hotline", "热线"
    IMPORT = "import", "台账导入"
    API = "api", "接口"
    OPEN311 = "open311", "Open311"


class DeputyStep(models.TextChoices):
    """代表码: a demand sent to a deputy's own code reaches that deputy first (PENDING); the deputy
    answers it on the spot, forwards it into the loop, or turns it into a suggestion — or staff
    take it over. Blank for every other demand."""
    PENDING = "pending", "待代表处理"
    ANSWERED = "answered", "代表当场答复"
    FORWARDED = "forwarded", "代表转入闭环"
    SUGGESTION = "suggestion", "代表转为建议"
    STAFF = "staff", "人大工作人员处理"


# the deputy's own steps (what the per-deputy figures count as handled by the deputy)
DEPUTY_HANDLED_STEPS = [DeputyStep.ANSWERED, DeputyStep.FORWARDED, DeputyStep.SUGGESTION]


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"
    COMPLEX = "complex", "复杂"


class ReplyResult(models.TextChoices):
    SOLVED = "solved", "已解决"
    PARTLY_SOLVED = "partly_solved", "部分解决"
    NOT_SOLVABLE_NOW = "not_solvable_now", "暂不具备解决条件"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
    NO_RESPONSE = "no_response", "未回复"  # counts neither for nor against satisfaction


# What an enterprise (or staff calling it) may answer at a revisit; 未回复 is set only by closing.
VISITOR_RATINGS = [Rating.SATISFIED, Rating.BASICALLY_SATISFIED, Rating.UNSATISFIED]
VISITOR_RATING_CHOICES = [(r.value, r.label) for r in VISITOR_RATINGS]


class ClockKind(models.TextChoices):
    # the committee staff's own steps (issue 12.3): take the case in, then assign it
    ACCEPT = "accept", "受理时限"
    ASSIGN = "assign", "交办时限"
    SIGN = "sign", "签收时限"
    REPLY = "reply", "办理时限"
    REVISIT = "revisit", "回访时限"


class Category(models.Model):
    """What a case is about. `code` is also the Open311 service_code."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)
    description = models.CharField("说明", max_length=200, blank=True)
    # Working-day limits; blank → the defaults in settings (clock.DEFAULT_LIMITS).
    reply_days = models.PositiveSmallIntegerField("办理时限（工作日）", null=True, blank=True)
    urgent_reply_days = models.PositiveSmallIntegerField("紧急件办理时限", null=True, blank=True)
    complex_reply_days = models.PositiveSmallIntegerField("复杂件办理时限", null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "诉求类别"
        verbose_name_plural = "诉求类别"
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


# Tracking codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L): ~60 bits,
# unguessable, easy to read out over the phone; written XXXX-XXXX-XXXX.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def tracking_code_normalize(raw: str) -> str | None:
    """'abcd efgh jkmn' / 'ABCD-EFGH-JKMN' → 'ABCD-EFGH-JKMN'; None when it cannot be a code."""
    plain = re.sub(r"[\s\-－—_]", "", raw or "").upper()
    if len(plain) != 12 or any(c not in TRACKING_ALPHABET for c in plain):
        return None
    return f"{plain[:4]}-{plain[4:8]}-{plain[8:]}"


class Case(models.Model):
    # --- what was raised ---------------------------------------------------------------------
    title = models.CharField("标题", max_length=120)
    description = models.TextField("诉求内容")
    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.PROTECT, related_name="cases")
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    problem_kind = models.CharField("问题类型", max_length=12, choices=ProblemKind.choices, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    confidential = models.BooleanField("涉及商业秘密", default=False,
                                       help_text="勾选后，仅承办部门和人大工作人员可见诉求详情")
    tracking_code = models.CharField("查询码", max_length=14, unique=True, default=new_tracking_code, editable=False)
    # --- who raised it (personal data: masked except where needed) ------------------------------
    enterprise = models.ForeignKey("chains.Enterprise", verbose_name="企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="cases")
    enterprise_name = models.CharField("企业名称", max_length=120)
    enterprise_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=20)
    consent_at = models.DateTimeField("个人信息授权时间", null=True, blank=True)
    # --- where it belongs ------------------------------------------------------------------------
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="cases")
    station = models.ForeignKey("deputies.Station", verbose_name="履职阵地", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="cases")
    chain = models.ForeignKey("chains.Chain", verbose_name="产业链", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="cases")
    chain_node = models.ForeignKey("chains.ChainNode", verbose_name="产业链环节", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="cases")
    collected_by = models.ForeignKey("deputies.Deputy", verbose_name="收集代表", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="collected_cases")
    following_deputies = models.ManyToManyField("deputies.Deputy", verbose_name="跟踪代表", blank=True,
                                                related_name="followed_cases")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    deputy_step = models.CharField("代表处理", max_length=10, choices=DeputyStep.choices, blank=True)
    deputy_step_at = models.DateTimeField("代表处理时间", null=True, blank=True)
    # --- where it is -----------------------------------------------------------------------------
    status = models.CharField("状态", max_length=12, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED, db_index=True)
    lead_department = models.ForeignKey("regions.Department", verbose_name="主办部门", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="led_cases")
    merged_into = models.ForeignKey("self", verbose_name="并入", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_cases")
    version = models.PositiveIntegerField("版本", default=1, help_text="每次状态变化加一，防止两人同时操作互相覆盖")
    # --- the clock: inputs, and the dates derived from them --------------------------------------
    clock_kind = models.CharField("计时类型", max_length=8, choices=ClockKind.choices, blank=True)
    clock_start = models.DateField("计时起点", null=True, blank=True)
    clock_limit = models.PositiveSmallIntegerField("时限（工作日）", null=True, blank=True)
    # The reply limit fixed at the latest assignment (staff's choice, else the category/urgency
    # limit then; None only on cases assigned before it was always stored); signing starts the
    # reply clock with it, from the assignment date.
    assigned_workdays = models.PositiveSmallIntegerField("交办时限（工作日）", null=True, blank=True)
    clock_extension = models.PositiveSmallIntegerField("已批准延期（工作日）", default=0)
    clock_paused_days = models.PositiveSmallIntegerField("暂停计时（工作日）", default=0)
    paused_since = models.DateField("暂停起始", null=True, blank=True)
    pause_reason = models.CharField("暂停原因", max_length=200, blank=True)
    due_date = models.DateField("截止日期", null=True, blank=True, db_index=True)
    warn_date = models.DateField("黄灯日期", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("截止日期暂定", default=False)
    # --- the answer and the verdict --------------------------------------------------------------
    reply_result = models.CharField("办理结果", max_length=20, choices=ReplyResult.choices, blank=True)
    reply_content = models.TextField("答复内容", blank=True)
    commitment = models.CharField("承诺事项", max_length=300, blank=True)
    commitment_due = models.DateField("承诺完成日期", null=True, blank=True)
    rating = models.CharField("评价", max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.TextField("评价意见", blank=True)
    rated_by_phone = models.BooleanField("电话回访", default=False)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    # --- milestones (the ledger's columns; written by case_transition only) ----------------------
    # Set by intake.case_submit: now, or the ledger's 提交日期 for an imported case (never rewritten).
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, editable=False, db_index=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    sign_on_time = models.BooleanField("按时签收", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    reply_on_time = models.BooleanField("按时答复", null=True, blank=True)
    reply_workdays = models.PositiveSmallIntegerField("答复用时（工作日）", null=True, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "诉求"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["lead_department", "status", "due_date"]),
            models.Index(fields=["region", "status", "due_date"]),
            models.Index(fields=["chain", "status"]),
            models.Index(fields=["collected_by", "deputy_step"], name="case_deputy_step",
                         condition=models.Q(source="deputy_code")),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """Human case number, e.g. SQ2025-000123 (year of submission + id)."""
        year = self.submitted_at.year if self.submitted_at else ""
        return f"SQ{year}-{self.pk or 0:06d}"

    # Both clocks from the moment of assignment (clock.py): the running step's deadline is
    # `due_date`; these name the two a department works to.
    @property
    def sign_due(self):
        return clock.sign_due(self)

    @property
    def reply_due(self):
        return clock.reply_due(self)


class CoDepartment(models.Model):
    """A co-handling department (协办). It reports to the lead within its own limit."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="co_departments")
    department = models.ForeignKey("regions.Department", verbose_name="协办部门", on_delete=models.PROTECT,
                                   related_name="co_cases")
    due_date = models.DateField("反馈截止", null=True, blank=True)
    reported_at = models.DateTimeField("反馈时间", null=True, blank=True)
    report = models.TextField("协办意见", blank=True)
    # Staff may waive a report the lead would otherwise have to wait for (issue 12.4), with a reason.
    waived_at = models.DateTimeField("免除反馈时间", null=True, blank=True)
    waived_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="免除人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    waive_reason = models.CharField("免除理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "协办部门"
        verbose_name_plural = "协办部门"
        constraints = [models.UniqueConstraint(fields=["case", "department"], name="uniq_case_codepartment")]

    def __str__(self):
        return f"{self.department}（协办）"

    @property
    def outstanding(self) -> bool:
        """The lead still waits for this report: neither given nor waived."""
        return self.reported_at is None and self.waived_at is None


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class ExtensionRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extension_requests")
    days = models.PositiveSmallIntegerField("申请延期（工作日）")
    reason = models.TextField("延期理由")
    status = models.CharField("状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="pending"),
                                    name="one_pending_extension_per_case"),
        ]

    def __str__(self):
        return f"延期{self.days}个工作日（{self.get_status_display()}）"


class Attachment(models.Model):
    """A photo or PDF. Stored under MEDIA_ROOT (outside the web root); served only by a view that
    checks access to the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self):
        return self.original_name


class Notice(models.Model):
    """An in-app inbox item: supervision notices (督办通知) and other messages to a department
    or a user. E-mail and webhook deliveries are recorded here too."""

    class Level(models.TextChoices):
        YELLOW = "yellow", "黄灯提醒"
        RED = "red", "红灯督办"
        ESCALATION = "escalation", "升级督办"
        FORMAL = "formal", "督办通知书"
        INFO = "info", "消息"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices", null=True, blank=True)
    department = models.ForeignKey("regions.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notices")
    level = models.CharField(max_length=12, choices=Level.choices)
    text = models.CharField(max_length=300)
    # One notice per case, level and due date: the sweep is idempotent and may run on many hosts.
    dedupe_key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    webhook_at = models.DateTimeField(null=True, blank=True)
    webhook_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "督办通知"
        verbose_name_plural = "督办通知"
        ordering = ["-created_at"]

    def __str__(self):
        return self.text


class IntakeReceipt(models.Model):
    """Idempotency for public intake: the same token + content within minutes is one case."""

    fingerprint = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.fingerprint
from .models_keys import *  # noqa
from .models_stats import *  # noqa
