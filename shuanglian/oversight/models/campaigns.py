"""Inspection campaigns (集中视察 / 专题调研): groups of deputies visit sites from the chain lists and
record findings; a problem found becomes a Case in the closed loop, an opinion becomes an item
of a deliberation opinion. Every figure of a campaign is counted from these rows."""

from django.db import models

from .opinions import VERSION_HELP


class CampaignKind(models.TextChoices):
    INSPECTION = "inspection", "集中视察"
    RESEARCH = "research", "专题调研"


class GroupLevel(models.TextChoices):
    CITY = "city", "市（区）级"
    TOWN = "town", "镇街级"


class InspectionCampaign(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT,
                               related_name="campaigns")
    kind = models.CharField("类型", max_length=16, choices=CampaignKind.choices, default=CampaignKind.INSPECTION)
    title = models.CharField("名称", max_length=200)
    theme = models.TextField("主题", blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    plan_item = models.ForeignKey("oversight.PlanItem", verbose_name="来源监督事项", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="campaigns")
    topic = models.ForeignKey("oversight.Topic", verbose_name="监督议题", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="campaigns")
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        verbose_name = "视察调研活动"
        verbose_name_plural = "视察调研活动"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["region", "starts_on"], name="oversight_campaign_region")]

    def __str__(self):
        return self.title


class CampaignGroup(models.Model):
    campaign = models.ForeignKey(InspectionCampaign, verbose_name="活动", on_delete=models.CASCADE,
                                 related_name="groups")
    name = models.CharField("组名", max_length=80)
    level = models.CharField("层级", max_length=8, choices=GroupLevel.choices)
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    leader = models.CharField("组长", max_length=50, blank=True)
    members = models.ManyToManyField("deputies.Deputy", verbose_name="参加代表", blank=True,
                                     related_name="campaign_groups")

    class Meta:
        verbose_name = "视察组"
        verbose_name_plural = "视察组"
        ordering = ["campaign", "level", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="oversight_group_name")]

    def __str__(self):
        return self.name


class CampaignSite(models.Model):
    """A place a group visits: a project or an enterprise of the chain lists, or a named site."""

    group = models.ForeignKey(CampaignGroup, verbose_name="视察组", on_delete=models.CASCADE, related_name="sites")
    name = models.CharField("现场", max_length=120)
    project = models.ForeignKey("chains.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="campaign_sites")
    enterprise = models.ForeignKey("chains.Enterprise", verbose_name="企业", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="campaign_sites")
    planned_on = models.DateField("计划日期", null=True, blank=True)
    visited_on = models.DateField("视察日期", null=True, blank=True)

    class Meta:
        verbose_name = "视察现场"
        verbose_name_plural = "视察现场"
        ordering = ["group", "planned_on", "id"]

    def __str__(self):
        return self.name


class FindingKind(models.TextChoices):
    PROBLEM = "problem", "发现问题"
    OPINION = "opinion", "意见建议"


class Finding(models.Model):
    site = models.ForeignKey(CampaignSite, verbose_name="现场", on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField("类别", max_length=8, choices=FindingKind.choices)
    content = models.TextField("内容")
    recorded_by = models.ForeignKey("core.User", verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    case = models.OneToOneField("cases.Case", verbose_name="转为诉求", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="campaign_finding")
    opinion_item = models.OneToOneField("oversight.OpinionItem", verbose_name="纳入审议意见", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="campaign_finding")

    class Meta:
        verbose_name = "视察发现"
        verbose_name_plural = "视察发现"
        ordering = ["site", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.content[:30]}"
