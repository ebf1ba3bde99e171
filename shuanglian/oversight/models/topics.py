"""Oversight topics (监督议题): the subject the committee takes up in a year — usually from an item of
its work plan — and everything gathered on it: research and inspection reports, the government's
special work report, inquiry records, the campaigns that went out for it, and the deliberation
opinions it produced (seed 000: 26 topics over three years, 19 opinions). Every figure is
counted from these links."""

from django.conf import settings
from django.db import models

from .opinions import VERSION_HELP


class MaterialKind(models.TextChoices):
    RESEARCH = "research", "调研报告"
    INSPECTION = "inspection", "视察报告"
    WORK_REPORT = "work_report", "专项工作报告"
    INQUIRY = "inquiry", "专题询问记录"
    OTHER = "other", "其他材料"


class Topic(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name="所属区域", on_delete=models.PROTECT,
                               related_name="oversight_topics")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("议题", max_length=200)
    plan_item = models.ForeignKey("oversight.PlanItem", verbose_name="来源监督事项", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="topics")
    summary = models.TextField("简要说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False, help_text=VERSION_HELP)

    class Meta:
        verbose_name = "监督议题"
        verbose_name_plural = "监督议题"
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "title"], name="oversight_topic_title")]
        indexes = [models.Index(fields=["region", "year"], name="oversight_topic_region_year")]

    def __str__(self):
        return self.title


class TopicMaterial(models.Model):
    """A report or record gathered on a topic: its text as received, and the files themselves
    (MaterialFile: the Word document, the PDF, the photos of the visit)."""

    topic = models.ForeignKey(Topic, verbose_name="议题", on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("类别", max_length=16, choices=MaterialKind.choices)
    title = models.CharField("标题", max_length=200)
    received_on = models.DateField("日期")
    content = models.TextField("主要内容", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "议题材料"
        verbose_name_plural = "议题材料"
        ordering = ["topic", "received_on", "id"]

    def __str__(self):
        return self.title


class MaterialFile(models.Model):
    """A file of a topic's material (Word, PDF or a photo). Stored under MEDIA_ROOT (outside the web
    root) with a random name; served only by a view that checks the reader may read the topic —
    never a public URL. Its type is read from its content (material_files.py), not its name."""

    material = models.ForeignKey(TopicMaterial, verbose_name="材料", on_delete=models.CASCADE, related_name="files")
    file = models.FileField("文件", upload_to="oversight/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "材料附件"
        verbose_name_plural = "材料附件"
        ordering = ["material", "id"]

    def __str__(self):
        return self.original_name
