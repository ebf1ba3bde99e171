"""Industrial chains, their node tree and enterprises (一图五单)."""

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


class ChainNode(models.Model):
    """A segment (环节) of a chain; nodes form a tree under the three stages."""

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", verbose_name="上级环节", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField("环节名称", max_length=80)
    stage = models.CharField("位置", max_length=16, choices=Stage.choices)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链环节"
        ordering = ["chain", "stage", "order", "id"]

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    """An enterprise (企业). Identified by its USCC when it has one."""

    name = models.CharField("企业名称", max_length=120)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="enterprises")

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]

    def __str__(self):
        return self.name
