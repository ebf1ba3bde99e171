"""The default rule table, from public practice (各地代表履职积分办法: 接待日、活动、视察、诉求、建议、
述职、表彰、缺席扣分). Staff change values on the rules page; docs/points.md explains each line."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

# code, name, category, cap period, points, cap (None: none), paid from verified events
RULES = [
    ("reception_attended", "参加接待日", "basic", "quarter", "2", "6", True),
    ("activity_attended", "参加履职活动（走访、调研、座谈、培训、会议等）", "basic", "quarter", "2", "10", True),
    ("inspection_attended", "参加视察", "basic", "quarter", "3", "9", True),
    ("demand_satisfied", "收集企业诉求并办结满意", "required", "quarter", "2", "10", True),
    ("suggestion_submitted", "提交代表建议", "required", "year", "3", "15", True),
    ("suggestion_answer_a", "建议答复为A类（已解决或采纳）", "required", "year", "2", "10", True),
    ("commitment_delivered", "答复承诺事项兑现", "required", "year", "1", "5", True),
    ("report_to_voters", "向原选区选民述职", "required", "year", "3", "3", False),
    ("commended", "履职受到表彰", "excellence", "year", "5", "10", False),
    ("good_suggestion", "建议被评为优秀建议", "excellence", "year", "5", "10", False),
    ("activity_absent", "无故缺席履职活动", "deduction", "quarter", "-1", "10", True),
    ("absence_half_day", "无故缺席会议或集中活动（每半天）", "deduction", "quarter", "-1", "10", False),
]
SINCE = dt.date(2000, 1, 1)


def seed(apps, schema_editor):
    PointRule = apps.get_model("points", "PointRule")
    PointRuleVersion = apps.get_model("points", "PointRuleVersion")
    for order, (code, name, category, period, points, cap, sourced) in enumerate(RULES, start=1):
        rule, created = PointRule.objects.get_or_create(code=code, defaults={
            "name": name, "category": category, "period": period, "points": Decimal(points),
            "cap": Decimal(cap) if cap else None, "event_sourced": sourced, "order": order * 10})
        if created:
            PointRuleVersion.objects.create(rule=rule, valid_from=SINCE, points=rule.points, cap=rule.cap, active=True)


class Migration(migrations.Migration):
    dependencies = [("points", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
