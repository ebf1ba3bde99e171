"""Roll-ups for the three rates (三率): counts per (month, region, department, chain, category).

Rate pages read only these rows, never the cases, so they stay flat as cases grow. The rows are
maintained incrementally by shuanglian.cases.stats.case_changed (called inside the transaction
that changes the case) and can be recomputed from the cases by `manage.py rebuild_case_stats`.

Department and chain are plain integer keys with 0 meaning "none" (not nullable foreign keys):
SQL unique constraints treat NULLs as distinct, which would let two concurrent first writers
create two rows for the same key.
"""

from django.db import models

STAT_COUNTS = [
    "cases", "signed", "signed_on_time", "replied", "replied_on_time", "replied_late",
    "solved_confirmed", "rated", "satisfied", "basically", "unsatisfied", "no_response",
    "reopened", "closed", "collected", "collected_solved", "reply_workdays_sum",
]


class CaseStat(models.Model):
    month = models.DateField("月份", help_text="该月第一天（按诉求提交时间，北京时间）")
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    department_key = models.PositiveIntegerField("主办部门编号", default=0, help_text="0 表示尚未交办")
    chain_key = models.PositiveIntegerField("产业链编号", default=0, help_text="0 表示未关联产业链")
    category = models.ForeignKey("cases.Category", verbose_name="类别", on_delete=models.CASCADE, related_name="+")

    cases = models.IntegerField("诉求数", default=0)
    signed = models.IntegerField("已签收", default=0)
    signed_on_time = models.IntegerField("按时签收", default=0)
    replied = models.IntegerField("已答复", default=0)
    replied_on_time = models.IntegerField("按时答复", default=0)
    replied_late = models.IntegerField("超时答复", default=0)
    solved_confirmed = models.IntegerField("回访确认解决", default=0)
    rated = models.IntegerField("已评价（不含未回复）", default=0)
    satisfied = models.IntegerField("满意", default=0)
    basically = models.IntegerField("基本满意", default=0)
    unsatisfied = models.IntegerField("不满意", default=0)
    no_response = models.IntegerField("未回复", default=0)
    reopened = models.IntegerField("重办", default=0)
    closed = models.IntegerField("已销号", default=0)
    collected = models.IntegerField("代表/阵地收集", default=0)
    collected_solved = models.IntegerField("代表/阵地收集且解决", default=0)
    reply_workdays_sum = models.IntegerField("答复用时合计（工作日）", default=0)

    class Meta:
        verbose_name = "三率统计汇总"
        verbose_name_plural = "三率统计汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "department_key", "chain_key", "category"], name="uniq_case_stat_key",
            ),
        ]
        indexes = [
            models.Index(fields=["department_key", "month"], name="case_stat_dept_month"),
            models.Index(fields=["chain_key", "month"], name="case_stat_chain_month"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} 区域{self.region_id} 部门{self.department_key} 链{self.chain_key} 类别{self.category_id}"


class CaseStatDays(models.Model):
    """Histogram of working days to reply, per roll-up row: the median comes from here."""

    stat = models.ForeignKey(CaseStat, on_delete=models.CASCADE, related_name="reply_days")
    workdays = models.PositiveSmallIntegerField("答复用时（工作日）")
    count = models.IntegerField("件数", default=0)

    class Meta:
        verbose_name = "答复用时分布"
        verbose_name_plural = "答复用时分布"
        constraints = [models.UniqueConstraint(fields=["stat", "workdays"], name="uniq_case_stat_days")]

    def __str__(self):
        return f"{self.workdays}个工作日：{self.count}件"


__all__ = ["CaseStat", "CaseStatDays", "STAT_COUNTS"]
