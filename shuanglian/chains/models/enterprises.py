"""Enterprises (企业) and their labels; an enterprise's page is its file (一企一档案)."""


from django.conf import settings
from django.db import models
from django.db.models import Q

from .chains import ChainNode


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


def key_enterprise_q(prefix: str = "") -> Q:
    """重点企业, the one definition: a chain master (链主), above designated size (规上) or
    专精特新 (a 小巨人 is 专精特新 by definition). Each should have a contact deputy (联系包挂);
    `prefix` reaches the enterprise through a relation ("enterprise__")."""
    return (Q(**{f"{prefix}is_chain_master": True}) | Q(**{f"{prefix}scale": Scale.ABOVE})
            | Q(**{f"{prefix}is_specialised": True}) | Q(**{f"{prefix}is_little_giant": True}))


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
    def is_key(self) -> bool:
        """Python twin of key_enterprise_q."""
        return self.is_chain_master or self.scale == Scale.ABOVE or self.is_specialised or self.is_little_giant

    @property
    def labels(self) -> list[str]:
        return [label for field, label in ENTERPRISE_LABELS if getattr(self, field)]

    @property
    def cultivation(self) -> list[str]:
        return [label for field, label in CULTIVATION_LISTS if getattr(self, field)]

    @property
    def specialist(self) -> str:
        return self.specialist_name or (str(self.specialist_user) if self.specialist_user_id else "")
