"""Leads (招商线索) and their contacts, policies (政策) and their applications, chain-level problems."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from .chains import Chain, ChainNode
from .enterprises import Enterprise


class LeadStage(models.TextChoices):
    CLUE = "clue", "线索"
    CONTACT = "contact", "接洽"
    VISIT = "visit", "考察"
    NEGOTIATION = "negotiation", "谈判"
    SIGNED = "signed", "签约"
    REGISTERED = "registered", "注册"
    LAND = "land", "拿地"
    STARTED = "started", "开工"
    PRODUCING = "producing", "投产"


LEAD_STAGE_ORDER = {code: i for i, code in enumerate(LeadStage.values)}


class Lead(models.Model):
    """An investment-attraction lead (招商线索) that would fill a gap node."""

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="leads")
    node = models.ForeignKey(ChainNode, verbose_name="补链环节", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    target_company = models.CharField("目标企业", max_length=120)
    intended_investment = models.DecimalField("意向投资（亿元）", max_digits=14, decimal_places=2, null=True, blank=True)
    capital_in_place = models.DecimalField("到位资金（亿元）", max_digits=14, decimal_places=2, default=Decimal("0"))
    stage = models.CharField("阶段", max_length=16, choices=LeadStage.choices, default=LeadStage.CLUE)
    responsible_department = models.ForeignKey(
        "regions.Department", verbose_name="责任单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="chain_leads",
    )
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    last_contact = models.DateField("最近对接", null=True, blank=True)
    next_step = models.CharField("下一步", max_length=200, blank=True)
    is_closed = models.BooleanField("已终止", default=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text="每次修改加一，防止两人同时编辑互相覆盖")

    class Meta:
        verbose_name = "招商线索"
        verbose_name_plural = "招商线索"
        ordering = ["chain", "-last_contact", "id"]

    def __str__(self):
        return self.target_company

    @property
    def is_live(self) -> bool:
        return not self.is_closed and self.stage != LeadStage.PRODUCING


class LeadContact(models.Model):
    """One contact with a lead's target company (对接记录): when, who, what was discussed and the
    next step agreed. The lead's page lists them; the lead keeps the latest date and next step."""

    lead = models.ForeignKey(Lead, verbose_name="招商线索", on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("对接日期")
    who = models.CharField("对接人", max_length=200, blank=True)
    summary = models.TextField("对接内容")
    next_step = models.CharField("下一步", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "招商对接记录"
        verbose_name_plural = "招商对接记录"
        ordering = ["lead", "-contacted_on", "-recorded_at", "-id"]

    def __str__(self):
        return f"{self.lead} {self.contacted_on:%Y-%m-%d}"


class Policy(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="发布区域", on_delete=models.PROTECT, related_name="chain_policies")
    title = models.CharField("政策名称", max_length=200)
    issuer = models.CharField("发文单位", max_length=120)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    issued_on = models.DateField("发布日期", null=True, blank=True)
    valid_from = models.DateField("施行日期", null=True, blank=True)
    valid_to = models.DateField("有效期至", null=True, blank=True)
    chains = models.ManyToManyField(Chain, verbose_name="适用产业链", blank=True, related_name="policies")
    nodes = models.ManyToManyField(ChainNode, verbose_name="适用环节", blank=True, related_name="policies")
    benefit_summary = models.TextField("支持内容摘要", blank=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text="每次修改加一，防止两人同时编辑互相覆盖")

    class Meta:
        verbose_name = "政策"
        verbose_name_plural = "政策"
        ordering = ["-issued_on", "id"]

    def __str__(self):
        return self.title


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "已申报"
    GRANTED = "granted", "已兑现"
    REJECTED = "rejected", "未通过"


class PolicyApplication(models.Model):
    """An enterprise applied for a policy, and whether it was granted (兑现)."""

    policy = models.ForeignKey(Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="applications")
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="policy_applications")
    status = models.CharField("状态", max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED)
    applied_on = models.DateField("申报日期", null=True, blank=True)
    granted_on = models.DateField("兑现日期", null=True, blank=True)
    amount = models.DecimalField("兑现金额（万元）", max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "政策申报兑现"
        verbose_name_plural = "政策申报兑现"
        ordering = ["policy", "enterprise"]
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise"], name="uniq_policy_enterprise")]

    def __str__(self):
        return f"{self.enterprise} {self.policy}（{self.get_status_display()}）"


class ProblemKind(models.TextChoices):
    """Kinds of chain problems; the one definition, also used by the closed loop's Case.problem_kind."""

    BREAK = "break", "断点"
    BOTTLENECK = "bottleneck", "堵点"
    LAND = "land", "要素·用地"
    FINANCE = "finance", "要素·融资"
    LABOUR = "labour", "要素·用工"
    ENERGY = "energy", "要素·能源"
    APPROVAL = "approval", "要素·审批"
    LOGISTICS = "logistics", "要素·物流"
    OTHER = "other", "其他"


class ChainProblem(models.Model):
    """A chain-level problem raised without a single enterprise (e.g. "no local cell supplier").

    Problems raised by an enterprise live in the closed loop (cases.Case) and are shown beside these.
    """

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="problems")
    node = models.ForeignKey(ChainNode, verbose_name="环节", null=True, blank=True, on_delete=models.SET_NULL, related_name="problems")
    title = models.CharField("问题", max_length=200)
    kind = models.CharField("类别", max_length=16, choices=ProblemKind.choices, default=ProblemKind.BOTTLENECK)
    description = models.TextField("详细说明", blank=True)
    responsible_department = models.ForeignKey(
        "regions.Department", verbose_name="责任单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="chain_problems",
    )
    raised_on = models.DateField("提出日期")
    due_on = models.DateField("计划解决日期", null=True, blank=True)
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    resolution = models.TextField("解决情况", blank=True)

    class Meta:
        verbose_name = "产业链问题"
        verbose_name_plural = "产业链问题"
        ordering = ["chain", "resolved_on", "-raised_on", "id"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
