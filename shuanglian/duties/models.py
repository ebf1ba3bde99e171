"""Deputies at work (代表履职): reception days at the stations, the record of a held day, the
station's public page settings and the activities whose counts go on the wall.

Figures on a station's wall are never typed: they are counted from these rows and the cases
(selectors.station_figures).
"""

from django.conf import settings
from django.db import models


class ReceptionKind(models.TextChoices):
    DEPUTY = "deputy", "代表接待日"
    ENTREPRENEUR = "entrepreneur", "企业家接待日"  # officials receive entrepreneurs (seed 004)


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", "每月"
    ODD_MONTHS = "odd_months", "单月"
    EVEN_MONTHS = "even_months", "双月"


class ReceptionRule(models.Model):
    """When a station receives: on day `day` of every (odd / even) month; a month without that day
    uses its last day, and a rest day moves to the next working day (顺延)."""

    station = models.ForeignKey("deputies.Station", verbose_name="阵地", on_delete=models.CASCADE,
                                related_name="reception_rules")
    kind = models.CharField("接待类型", max_length=16, choices=ReceptionKind.choices, default=ReceptionKind.DEPUTY)
    recurrence = models.CharField("周期", max_length=16, choices=Recurrence.choices, default=Recurrence.MONTHLY)
    day = models.PositiveSmallIntegerField("日期（每月第几日）", default=15)
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间")
    valid_from = models.DateField("起用日期")
    valid_until = models.DateField("停用日期", null=True, blank=True)

    class Meta:
        verbose_name = "接待日规则"
        verbose_name_plural = "接待日规则"
        ordering = ["station", "kind", "id"]

    def __str__(self):
        return f"{self.station} {self.describe()}"

    def describe(self) -> str:
        every = {"monthly": "每月", "odd_months": "单月", "even_months": "双月"}[self.recurrence]
        return f"{every}{self.day}日 {self.start_time:%H:%M}–{self.end_time:%H:%M}（{self.get_kind_display()}，遇节假日顺延）"


class Reception(models.Model):
    """One reception day at a station, scheduled ahead and recorded when held."""

    station = models.ForeignKey("deputies.Station", verbose_name="阵地", on_delete=models.PROTECT,
                                related_name="receptions")
    rule = models.ForeignKey(ReceptionRule, verbose_name="接待日规则", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="receptions")
    kind = models.CharField("接待类型", max_length=16, choices=ReceptionKind.choices, default=ReceptionKind.DEPUTY)
    date = models.DateField("接待日期", db_index=True)
    shifted_from = models.DateField("原定日期（顺延前）", null=True, blank=True)
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间")
    officials = models.CharField("接待领导", max_length=200, blank=True, help_text="企业家接待日由领导接待，填写姓名职务")
    notes = models.TextField("接待情况", blank=True)
    answered_on_spot = models.TextField("现场解答的问题", blank=True)
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField("版本", default=1, help_text="每次修改记录加一，防止两人同时修改互相覆盖")

    class Meta:
        verbose_name = "接待日"
        verbose_name_plural = "接待日"
        ordering = ["-date", "station"]
        constraints = [models.UniqueConstraint(fields=["station", "date", "kind"], name="uniq_reception_day")]

    def __str__(self):
        return f"{self.station} {self.date:%Y-%m-%d} {self.get_kind_display()}"


class ReceptionDuty(models.Model):
    """A deputy on the duty roster of a reception; `signed_in_at` once they signed in."""

    reception = models.ForeignKey(Reception, verbose_name="接待日", on_delete=models.CASCADE, related_name="duties")
    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", on_delete=models.PROTECT,
                               related_name="reception_duties")
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    signed_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签到操作人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "接待日值班代表"
        verbose_name_plural = "接待日值班代表"
        constraints = [models.UniqueConstraint(fields=["reception", "deputy"], name="uniq_reception_duty")]
        indexes = [models.Index(fields=["deputy", "signed_in_at"])]

    def __str__(self):
        return f"{self.reception} {self.deputy}"


class ReceptionVisitor(models.Model):
    """An enterprise received at a reception."""

    reception = models.ForeignKey(Reception, verbose_name="接待日", on_delete=models.CASCADE, related_name="visitors")
    enterprise = models.ForeignKey("chains.Enterprise", verbose_name="企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    enterprise_name = models.CharField("企业名称", max_length=120)

    class Meta:
        verbose_name = "接待企业"
        verbose_name_plural = "接待企业"
        constraints = [models.UniqueConstraint(fields=["reception", "enterprise_name"], name="uniq_reception_visitor")]

    def __str__(self):
        return self.enterprise_name


class ReceptionDemand(models.Model):
    """A demand taken at a reception: the case itself lives in the closed loop (cases)."""

    reception = models.ForeignKey(Reception, verbose_name="接待日", on_delete=models.CASCADE, related_name="demands")
    case = models.OneToOneField("cases.Case", verbose_name="诉求", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "接待日收集诉求"
        verbose_name_plural = "接待日收集诉求"

    def __str__(self):
        return f"{self.reception} 诉求{self.case_id}"


class StationPage(models.Model):
    """A station's public page (公示): whether it is published, its procedure and rules."""

    station = models.OneToOneField("deputies.Station", verbose_name="阵地", on_delete=models.CASCADE,
                                   related_name="public_page")
    is_public = models.BooleanField("公开公示页", default=False)
    procedure = models.TextField("接待流程", blank=True, help_text="留空则显示通用的诉求办理流程")
    rules = models.TextField("工作制度", blank=True)

    class Meta:
        verbose_name = "阵地公示页"
        verbose_name_plural = "阵地公示页"

    def __str__(self):
        return f"{self.station} 公示页"


class ActivityKind(models.TextChoices):
    VISIT = "visit", "走访"
    INSPECTION = "inspection", "视察"
    RESEARCH = "research", "调研"
    FORUM = "forum", "座谈"
    RECEPTION = "reception", "接待"
    TRAINING = "training", "培训"
    MEETING = "meeting", "会议"
    OTHER = "other", "其他"


class Activity(models.Model):
    """Something deputies did together (履职活动)."""

    kind = models.CharField("类型", max_length=16, choices=ActivityKind.choices)
    title = models.CharField("主题", max_length=120)
    date = models.DateField("日期", db_index=True)
    place = models.CharField("地点", max_length=200, blank=True)
    organiser = models.CharField("组织单位", max_length=120, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey("deputies.Station", verbose_name="阵地", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="activities")
    notes = models.TextField("情况记录", blank=True)
    # the enterprises visited (链上企业): a 走访/视察/调研 counts as a visit of each (contacts.VISIT_KINDS)
    enterprises = models.ManyToManyField("chains.Enterprise", verbose_name="走访企业", blank=True,
                                         related_name="duty_activities")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "履职活动"
        verbose_name_plural = "履职活动"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["station", "kind"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.title}"


class Attendance(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


class ActivityParticipant(models.Model):
    """A deputy, or a station's grid worker, at an activity."""

    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="participants")
    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="activity_participations")
    member = models.ForeignKey("deputies.StationMember", verbose_name="网格员", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    attendance = models.CharField("出席情况", max_length=8, choices=Attendance.choices, default=Attendance.PRESENT)

    class Meta:
        verbose_name = "活动参加人员"
        verbose_name_plural = "活动参加人员"
        constraints = [
            models.CheckConstraint(condition=models.Q(deputy__isnull=False) | models.Q(member__isnull=False),
                                   name="participant_is_someone"),
        ]

    def __str__(self):
        return f"{self.activity} {self.deputy or self.member}"


class ContactLink(models.Model):
    """联系包挂: a deputy keeps in touch with an enterprise from `started_on`; `ended_on` empty
    while the link is current. One current link per deputy and enterprise (a double submit makes
    one link); an ended link stays as the record."""

    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", on_delete=models.PROTECT,
                               related_name="contact_links")
    enterprise = models.ForeignKey("chains.Enterprise", verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="contact_links")
    started_on = models.DateField("包挂起始日期")
    ended_on = models.DateField("包挂结束日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1, help_text="结束包挂时核对，防止两人同时操作")

    class Meta:
        verbose_name = "联系包挂"
        verbose_name_plural = "联系包挂"
        ordering = ["enterprise__name", "deputy__name", "-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "enterprise"], condition=models.Q(ended_on__isnull=True),
                                    name="uniq_current_contact_link"),
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                                   name="contact_link_ends_after_start"),
        ]
        indexes = [models.Index(fields=["enterprise", "ended_on"])]

    def __str__(self):
        return f"{self.deputy} 联系包挂 {self.enterprise}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class VoterReport(models.Model):
    """向选民述职: a deputy reports on their work to the voters of their constituency — when, where,
    how many came, what was said. Recorded by staff (the meeting is organised by the committee);
    read back in the yearly 履职档案."""

    deputy = models.ForeignKey("deputies.Deputy", verbose_name="代表", on_delete=models.PROTECT,
                               related_name="voter_reports")
    date = models.DateField("述职日期")
    place = models.CharField("述职地点", max_length=120)
    attendees = models.PositiveIntegerField("参加选民人数")
    summary = models.TextField("述职及评议情况")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "向选民述职"
        verbose_name_plural = "向选民述职"
        ordering = ["deputy", "-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["deputy", "date"], name="uniq_voter_report_day")]

    def __str__(self):
        return f"{self.deputy} {self.date:%Y-%m-%d} 向选民述职"
