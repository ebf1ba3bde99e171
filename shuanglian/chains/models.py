"""Industrial chains, their node tree, enterprises and the five lists (一图五单).

Figures that can be derived are derived (year-on-year growth, share, node strength, project
lights); the stored columns are the inputs a task force actually reports. docs/chains.md
explains each rule.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone


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


class Scale(models.TextChoices):
    ABOVE = "above", "规上"
    BELOW = "below", "规下"


# (field, label) of the enterprise labels, in display order.
ENTERPRISE_LABELS = [
    ("is_chain_master", "链主"),
    ("is_sub_chain_leader", "小链长"),
    ("is_specialised", "专精特新"),
    ("is_little_giant", "小巨人"),
    ("is_high_tech", "高新技术"),
]
CULTIVATION_LISTS = [
    ("cultivate_scale_up", "做大做强"),
    ("cultivate_specialised", "专精特新培育"),
    ("cultivate_listing", "上市培育"),
]


class Enterprise(models.Model):
    """An enterprise (企业). Identified by its USCC when it has one. Its page is its file (一企一档案)."""

    name = models.CharField("企业名称", max_length=120)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="enterprises")
    scale = models.CharField("规模", max_length=8, choices=Scale.choices, default=Scale.BELOW)
    is_chain_master = models.BooleanField("链主企业", default=False)
    is_sub_chain_leader = models.BooleanField("小链长", default=False)
    is_specialised = models.BooleanField("专精特新", default=False)
    is_little_giant = models.BooleanField("小巨人", default=False)
    is_high_tech = models.BooleanField("高新技术企业", default=False)
    nodes = models.ManyToManyField(ChainNode, verbose_name="所属环节", blank=True, related_name="enterprises")
    output = models.DecimalField("年产值（亿元）", max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("从业人数", null=True, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name="联系包挂代表", blank=True, related_name="contact_enterprises",
    )
    specialist_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="服务专员（账号）", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="specialist_for",
    )
    specialist_name = models.CharField("服务专员（一企一专员）", max_length=50, blank=True)
    cultivate_scale_up = models.BooleanField("做大做强名单", default=False)
    cultivate_specialised = models.BooleanField("专精特新培育名单", default=False)
    cultivate_listing = models.BooleanField("上市培育名单", default=False)
    plan = models.TextField("一企一方案", blank=True)
    cooperating_count = models.PositiveIntegerField("深度合作企业数", null=True, blank=True)
    driven_count = models.PositiveIntegerField("带动配套企业数", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, null=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text="每次修改加一，防止两人同时编辑互相覆盖")

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def labels(self) -> list[str]:
        return [label for field, label in ENTERPRISE_LABELS if getattr(self, field)]

    @property
    def cultivation(self) -> list[str]:
        return [label for field, label in CULTIVATION_LISTS if getattr(self, field)]

    @property
    def specialist(self) -> str:
        return self.specialist_name or (str(self.specialist_user) if self.specialist_user_id else "")


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


class ImportKind(models.TextChoices):
    ENTERPRISES = "enterprises", "企业清单"
    PROJECTS = "projects", "项目清单"
    LEADS = "leads", "招商清单"
    POLICIES = "policies", "政策清单"


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
