"""Learning from the region's own history, adopted only when it measures better.

`routing_retrain(region=…)` reads the routing region's assigned and closed cases (category and lead
department as staff finally chose them), oldest first, holds back the newest fifth, trains naive
Bayes on the rest, and measures top-1 accuracy (mean of category and department) on the held-back
slice for the blend (learned + lexicon) and for the cold start alone. The run is stored as a
RoutingModel either way (version, time, case count, both accuracies); it is *adopted* — used from
the next request on — only when it beat the cold start. Its parameters are then refit on all the
history (the held-back slice served its purpose: the decision).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from shuanglian.cases.models import Case, CaseStatus
from shuanglian.core.audit import audit_record
from shuanglian.core.permissions import subtree_q
from shuanglian.regions.models import Region

from .index import case_text
from .models import RoutingModel
from .scoring import cold_scorers, learned_weight, region_departments
from .textmodel import NaiveBayes, blend

MIN_CASES = 30  # below this a held-back slice says nothing
HOLDOUT_SHARE = 0.2
MAX_CASES = 1_000_000  # the newest this many (memory stays bounded)
LEARNED_STATUSES = [CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.REPLIED, CaseStatus.REVISITED,
                    CaseStatus.CLOSED]


def history(region: Region) -> list[tuple[str, str, int]]:
    """(text, category code, lead department id) of the region's assigned cases, oldest first."""
    depts = set(region_departments(region).values_list("pk", flat=True))
    rows = (Case.objects.filter(subtree_q(region), status__in=LEARNED_STATUSES, lead_department__isnull=False)
            .order_by("-submitted_at", "-id").values_list("title", "description", "category__code",
                                                          "lead_department_id")[:MAX_CASES].iterator(chunk_size=5000))
    out = [(case_text(t, d), c, dep) for t, d, c, dep in rows if dep in depts]
    out.reverse()
    return out


def _fit(rows) -> dict:
    texts = [r[0] for r in rows]
    return {"categories": NaiveBayes.fit(texts, [r[1] for r in rows]).to_json(),
            "departments": NaiveBayes.fit(texts, [r[2] for r in rows]).to_json()}


def _accuracy(rows, cat_fn, dept_fn) -> float:
    if not rows:
        return 0.0
    hits = 0
    for text, cat, dept in rows:
        cats, depts = cat_fn(text)[0], dept_fn(text)[0]
        hits += (max(cats, key=cats.get) == cat) + (bool(depts) and max(depts, key=depts.get) == dept)
    return hits / (2 * len(rows))


def measure(rows_train, rows_test, region: Region, cold=None) -> tuple[float, float]:
    """(learned blend accuracy, cold-start accuracy) on `rows_test`."""
    cold = cold or cold_scorers(region)
    params = _fit(rows_train)
    nb_c = NaiveBayes.from_json(params["categories"])
    nb_d = NaiveBayes.from_json(params["departments"], key=int)
    weight = learned_weight(len(rows_train) + len(rows_test))  # the weight it would be used with
    learned = _accuracy(
        rows_test,
        lambda t: blend(nb_c.shares(t), cold.categories.shares(t), weight),
        lambda t: blend(nb_d.shares(t), cold.departments.shares(t), weight),
    )
    return learned, _accuracy(rows_test, cold.categories.shares, cold.departments.shares)


def routing_retrain(*, region: Region, actor=None, rows=None) -> RoutingModel | None:
    """Train, measure, store; adopt only if better than the cold start. None: too little history.
    `rows` replaces the region's history (the tests and the bench pass their own)."""
    rows = history(region) if rows is None else rows
    if len(rows) < MIN_CASES:
        return None
    cut = int(len(rows) * (1 - HOLDOUT_SHARE))
    learned, cold = measure(rows[:cut], rows[cut:], region)
    adopted = learned > cold
    params = _fit(rows) if adopted else {}
    with transaction.atomic():
        version = (RoutingModel.objects.select_for_update().filter(region=region)
                   .aggregate(v=Max("version"))["v"] or 0) + 1
        model = RoutingModel.objects.create(
            region=region, version=version, trained_at=timezone.now(), cases=len(rows),
            holdout_cases=len(rows) - cut, accuracy=round(learned, 4), cold_accuracy=round(cold, 4),
            adopted=adopted, params=params)
        audit_record(event_type="routing_model.train", actor=actor, target=model, region=region,
                     changes={"adopted": [None, adopted], "accuracy": [round(cold, 4), round(learned, 4)]},
                     note=f"训练诉求 {len(rows)} 件；留出 {len(rows) - cut} 件上学习模型准确率 {learned:.1%}，"
                          f"冷启动 {cold:.1%}；{'已采用' if adopted else '未采用（不优于冷启动）'}")
    return model


def routing_regions() -> list[Region]:
    """Regions that have departments: each gets its own model."""
    return list(Region.objects.filter(departments__is_active=True).distinct())
