from django.db import models


class RegionLevel(models.TextChoices):
    CITY = "city", "市"
    DISTRICT = "district", "区/县"
    TOWN = "town", "镇"
    SUBDISTRICT = "subdistrict", "街道"


class Region(models.Model):
    """An administrative area. Regions form a tree; `path` is the chain of codes from the root
    ("500000/500109/500109001/") so a subtree is one prefix query (区镇两级联动)."""

    name = models.CharField("名称", max_length=50)
    code = models.CharField("区划代码", max_length=12, unique=True)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区域", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        ordering = ["path"]

    def __str__(self):
        return self.name

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}/"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class Department(models.Model):
    """A government unit (成员单位) that handles assigned cases."""

    name = models.CharField("名称", max_length=80)
    short_name = models.CharField("简称", max_length=30, blank=True)
    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="departments")
    email = models.EmailField("通知邮箱", blank=True)
    webhook_url = models.URLField("通知推送地址", blank=True, help_text="如渝快政等平台的接收地址")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="uniq_department_name_in_region")]

    def __str__(self):
        return self.name
