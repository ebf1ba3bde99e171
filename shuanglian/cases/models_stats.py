"""Roll-ups for the three rates (三率): counts per (month, region, department, chain, category).

Rate pages read only these rows, never the cases, so they stay flat as cases grow. The rows are
maintained incrementally by shuanglian.cases.stats.case_changed (called inside the transaction
that changes the case) and can be recomputed from the cases by `manage.py rebuild_case_stats`.

Department, chain and category are plain integer keys (not nullable foreign keys): SQL unique
constraints treat NULLs as distinct, which would let two concurrent first writers create two rows
for the same key. 0 means "none" (not yet assigned, no chain).

Grouping sets: every case adds to four rows — its exact (chain, category), (chain, ALL),
(ALL, category) and (ALL, ALL), where ALL is -1. A page without a chain or category filter reads
only the (ALL, ALL) rows: at most months × regions × departments, however many cases there are.
"""

from django.db import models

STAT_COUNTS = [
    "cases", "signed", "signed_on_time", "replied", "replied_on_time", "replied_late",
    "solved_confirmed", "rated", "satisfied", "basically", "unsatisfied", "no_response",
    "reopened", "closed", "collected", "collected_solved", "reply_workdays_sum",
]  # plus the histogram columns HIST_FIELDS below


ALL = -1


class CaseStat(models.Model):
    month = models.DateField("月份", help_text="该月第一天（按诉求提交时间，北京时间）")
    region = models.ForeignKey("regions.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    department_key = models.PositiveIntegerField("主办部门编号", default=0, help_text="0 表示尚未交办")
    chain_key = models.IntegerField("产业链编号", default=0, help_text="0 表示未关联产业链，-1 表示全部产业链合计")
    category_key = models.IntegerField("类别编号", default=ALL, help_text="-1 表示全部类别合计")

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
                fields=["month", "region", "department_key", "chain_key", "category_key"], name="uniq_case_stat_grain",
            ),
        ]
        indexes = [
            models.Index(fields=["chain_key", "category_key", "month"], name="case_stat_grain_month"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} 区域{self.region_id} 部门{self.department_key} 链{self.chain_key} 类别{self.category_key}"


# Histogram of working days to reply, kept in the roll-up row itself (one column per day, 0–30,
# and one for "more than 30"), so rates and medians come from a single scan with no join.
REPLY_DAYS_MAX = 30
HIST_FIELDS = [f"wd_{d}" for d in range(REPLY_DAYS_MAX + 1)] + ["wd_over"]
for _name in HIST_FIELDS:
    _label = "答复用时超过30个工作日" if _name == "wd_over" else f"答复用时{_name[3:]}个工作日"
    CaseStat.add_to_class(_name, models.IntegerField(_label, default=0))


__all__ = ["CaseStat", "STAT_COUNTS", "HIST_FIELDS", "REPLY_DAYS_MAX", "ALL"]
