"""智能分办: what staff control (lexicon, duties, the duplicate threshold), what was learned (the
region's model, with its measured accuracy), what was suggested and chosen, and the small index
that finds similar cases fast."""

from django.conf import settings
from django.db import models


class CategoryLexicon(models.Model):
    """Staff's keywords for a category; a category without a row uses defaults.CATEGORY_KEYWORDS."""

    category = models.OneToOneField("cases.Category", verbose_name="类别", on_delete=models.CASCADE,
                                    related_name="lexicon")
    keywords = models.TextField("关键词", help_text="以空格、逗号或顿号分隔；越长的词权重越高")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "类别关键词"
        verbose_name_plural = "类别关键词"

    def __str__(self):
        return str(self.category)


class DepartmentDuty(models.Model):
    """A department's duties (三定职责) and the words demands use for them; a department without a
    row uses the shipped default found by its name (defaults.department_default)."""

    department = models.OneToOneField("regions.Department", verbose_name="部门", on_delete=models.CASCADE,
                                      related_name="duty")
    duties = models.TextField("部门职责", blank=True)
    keywords = models.TextField("关键词", blank=True, help_text="以空格、逗号或顿号分隔")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "部门职责"
        verbose_name_plural = "部门职责"

    def __str__(self):
        return str(self.department)


class RoutingConfig(models.Model):
    """Per routing region: the similarity above which a same-enterprise case is a duplicate."""

    region = models.OneToOneField("regions.Region", verbose_name="区域", on_delete=models.CASCADE,
                                  related_name="routing_config")
    duplicate_threshold = models.FloatField("疑似重复阈值", help_text="0～1；同一企业且文字相似度不低于此值即标为疑似重复")

    class Meta:
        verbose_name = "智能分办设置"
        verbose_name_plural = "智能分办设置"

    def __str__(self):
        return str(self.region)


class ModelKind(models.TextChoices):
    COLD_START = "cold_start", "冷启动（关键词与部门职责）"
    LEARNED = "learned", "学习模型（本区域历史诉求）"


class RoutingModel(models.Model):
    """One training run for a region. `adopted` only when its held-out accuracy beat the cold
    start's on the same held-back slice; the newest adopted row is the one in use."""

    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.CASCADE,
                               related_name="routing_models")
    version = models.PositiveIntegerField("版本")
    trained_at = models.DateTimeField("训练时间")
    cases = models.PositiveIntegerField("训练诉求数")
    holdout_cases = models.PositiveIntegerField("留出检验诉求数")
    accuracy = models.FloatField("留出准确率（学习模型）")
    cold_accuracy = models.FloatField("留出准确率（冷启动）")
    adopted = models.BooleanField("已采用", default=False)
    params = models.JSONField("模型参数", default=dict, editable=False)

    class Meta:
        verbose_name = "分办模型"
        verbose_name_plural = "分办模型"
        ordering = ["region", "-version"]
        constraints = [models.UniqueConstraint(fields=["region", "version"], name="uniq_routing_model_version")]

    def __str__(self):
        return f"{self.region} v{self.version}"


class RoutingSuggestion(models.Model):
    """What was suggested for a case at intake, and what staff finally chose (at assignment)."""

    case = models.OneToOneField("cases.Case", verbose_name="诉求", on_delete=models.CASCADE,
                                related_name="routing_suggestion")
    model_kind = models.CharField("模型", max_length=12, choices=ModelKind.choices)
    model_version = models.PositiveIntegerField("模型版本", default=0)
    categories = models.JSONField("建议类别（前三）", default=list)
    departments = models.JSONField("建议部门（前三）", default=list)
    created_at = models.DateTimeField("建议时间", auto_now_add=True, db_index=True)
    chosen_category = models.ForeignKey("cases.Category", verbose_name="最终类别", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    chosen_department = models.ForeignKey("regions.Department", verbose_name="最终主办部门", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    chosen_at = models.DateTimeField("交办时间", null=True, blank=True)

    class Meta:
        verbose_name = "分办建议"
        verbose_name_plural = "分办建议"

    def __str__(self):
        return f"{self.case_id}"


class SimilarityTerm(models.Model):
    """The inverted index of similar-case search: a few distinctive bigrams of each case's text
    with its region and submission time, so candidates are an index range per bigram, never a scan
    of the cases table (index.py)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+", db_index=False)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    term = models.CharField(max_length=16)
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["term", "region", "submitted_at"], name="intel_term_region_time"),
                   models.Index(fields=["case"], name="intel_term_case")]

    def __str__(self):
        return f"{self.term} → {self.case_id}"


class MonthlyTopic(models.Model):
    """每月一题: a common demand staff accepted as the month's topic. It keeps the cases it was
    accepted with (the clustering is recomputed on every visit, the topic is not), and where staff
    handed it on: a deliberation topic (议题) or a deputy's draft suggestion — both written by the
    apps above (suggestions.handover), which may import this one; this app imports neither."""

    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.PROTECT,
                               related_name="monthly_topics")
    month = models.DateField("月份", help_text="当月第一天")
    chain = models.ForeignKey("chains.Chain", verbose_name="产业链", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="monthly_topics")
    label = models.CharField("关键词", max_length=100)
    cases = models.ManyToManyField("cases.Case", verbose_name="诉求", related_name="monthly_topics")
    note = models.TextField("立题说明", blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="立题人", on_delete=models.PROTECT,
                                    related_name="+")
    accepted_at = models.DateTimeField("立题时间")
    oversight_topic = models.ForeignKey("oversight.Topic", verbose_name="转为监督议题", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="monthly_topics")
    suggestion = models.ForeignKey("suggestions.Suggestion", verbose_name="转为代表建议", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="monthly_topics")
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = "每月一题"
        verbose_name_plural = "每月一题"
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["region", "month", "label"], name="intel_monthly_topic_label")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.label}"
