"""The monthly roll-up of monitoring scores (MonitoringMonth): per region, month and indicator the
sum of the 0–100 points and the number of scores, so an average over any region subtree is a
sum of a few rows. `report_added` runs inside the report's transaction with F() increments, so
two points reporting at once never lose a score; `rebuild` recomputes it all from the scores and
must always equal the upkeep (tests/test_monitoring_rollup.py)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Sum

from .models import MonitoringMonth, Score


def report_added(report, scores) -> None:
    """Add one new report's scores to its region's month."""
    for score in scores:
        where = {"region_id": report.region_id, "period": report.period, "indicator_id": score.indicator_id}
        updates = {"points_total": F("points_total") + score.points, "scores": F("scores") + 1}
        if not MonitoringMonth.objects.filter(**where).update(**updates):
            row, _ = MonitoringMonth.objects.get_or_create(**where)  # absorbs the race of two first writers
            MonitoringMonth.objects.filter(pk=row.pk).update(**updates)


def rebuild(*, score_model=None, month_model=None) -> int:
    """Recompute every row from the scores; returns the number of rows. (The models can be passed
    in so a migration can run it with its historical models.)"""
    score_model = score_model or Score
    month_model = month_model or MonitoringMonth
    rows = (score_model.objects.values("report__region_id", "report__period", "indicator_id").order_by()
            .annotate(total=Sum("points"), n=Count("id")))
    with transaction.atomic():
        month_model.objects.all().delete()
        month_model.objects.bulk_create(
            [month_model(region_id=r["report__region_id"], period=r["report__period"], indicator_id=r["indicator_id"],
                         points_total=r["total"], scores=r["n"]) for r in rows], batch_size=1000)
    return month_model.objects.count()


def snapshot() -> dict:
    """Every non-empty row as {(region, period, indicator): (total, n)}, to compare upkeep with a rebuild."""
    return {(r.region_id, r.period, r.indicator_id): (r.points_total, r.scores)
            for r in MonitoringMonth.objects.all() if r.scores}
