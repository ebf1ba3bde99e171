#!/usr/bin/env python
"""智能分办 benchmark (not a test): accuracy on bench/intelligence_eval.jsonl, duplicate precision /
recall / F1, and suggestion latency with N cases of history. Results go to bench/RESULTS.md (by hand).

    # a demo database first (北碚区's 20 member units, a year of cases):
    DJANGO_DEBUG=1 DATABASE_URL=sqlite:///bench/out/intel_demo.sqlite3 .venv/bin/python manage.py migrate
    DJANGO_DEBUG=1 DATABASE_URL=sqlite:///bench/out/intel_demo.sqlite3 .venv/bin/python manage.py demo --i-know-this-is-a-demo
    DJANGO_DEBUG=1 DATABASE_URL=sqlite:///bench/out/intel_demo.sqlite3 .venv/bin/python bench/intelligence.py --accuracy
    # latency: adds N bulk-created cases (and their index rows) to a copy of that database
    DJANGO_DEBUG=1 DATABASE_URL=sqlite:///bench/out/intel_200k.sqlite3 .venv/bin/python bench/intelligence.py --latency --size 200000

Accuracy: every eval item is scored for 北碚区 (region 500109) by the cold start (lexicon and
duties shipped in the repo, no history), then by the model learned from the demo's own 北碚 history
(`routing_retrain` on it; its held-out verdict is printed — and the blend is measured on the eval
set whether adopted or not, so the effect of learning is visible either way). Department accuracy
compares names with the item's department. Duplicates: every ordered pair of eval items (the later
one "arrives" after the earlier) is judged by the product's rule (similarity ≥ threshold and same
enterprise); truth is the same `duplicate_group`; the threshold is swept to show the trade-off.
Latency: `routing_suggest` called in-process (no HTTP) as demo_staff (sees all of 北碚) for the 300
eval texts after 20 warm-up calls; wall-clock per call, median and p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuanglian.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from shuanglian.cases.models import Case, Category  # noqa: E402
from shuanglian.core.models import User  # noqa: E402
from shuanglian.intelligence import clusters, index, scoring  # noqa: E402
from shuanglian.intelligence.models import RoutingModel, SimilarityTerm  # noqa: E402
from shuanglian.intelligence.selectors import routing_suggest  # noqa: E402
from shuanglian.intelligence.training import _fit, history, routing_retrain  # noqa: E402
from shuanglian.regions.models import Department, Region  # noqa: E402

EVAL = ROOT / "bench" / "intelligence_eval.jsonl"


def load():
    return [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]


def text_of(item):
    return index.case_text(item["title"], item["description"])


def ranks(shares):
    return [k for k, _ in sorted(shares.items(), key=lambda kv: -kv[1])]


def accuracy(items, scorers, names):
    n = len(items)
    c1 = c3 = d1 = d3 = 0
    for it in items:
        t = text_of(it)
        cats = ranks(scorers.category_shares(t)[0])
        depts = [names[k] for k in ranks(scorers.department_shares(t)[0])]
        c1 += cats[0] == it["category"]
        c3 += it["category"] in cats[:3]
        d1 += depts[0] == it["department"]
        d3 += it["department"] in depts[:3]
    return {"category_top1": c1 / n, "category_top3": c3 / n, "department_top1": d1 / n, "department_top3": d3 / n}


class Item:
    def __init__(self, it):
        self.enterprise_name, self.enterprise_uscc, self.contact_phone = it["enterprise_name"], it["enterprise_uscc"], ""


def duplicates(items, threshold):
    tp = fp = fn = 0
    texts = [text_of(it) for it in items]
    for i, j in combinations(range(len(items)), 2):
        a, b = items[i], items[j]
        truth = a["duplicate_group"] == b["duplicate_group"]
        sim = index.demand_similarity(texts[i], a["enterprise_name"], texts[j], b["enterprise_name"])
        said = sim >= threshold and index.same_submitter(Item(a), b["enterprise_name"], b["enterprise_uscc"], "")
        tp += truth and said
        fp += said and not truth
        fn += truth and not said
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"threshold": threshold, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "pairs_true": tp + fn}


def run_accuracy(args):
    items = load()
    beibei = Region.objects.get(code="500109")
    names = dict(Department.objects.values_list("pk", "name"))
    cold = scoring.cold_scorers(beibei)
    out = {"items": len(items), "cited": sum(i["source"].startswith("cited") for i in items),
           "cold_start": accuracy(items, cold, names)}
    rows = history(beibei)
    model = routing_retrain(region=beibei, rows=rows)
    out["history_cases"] = len(rows)
    if model is not None:
        out["retrain"] = {"adopted": model.adopted, "holdout_learned": model.accuracy,
                          "holdout_cold": model.cold_accuracy, "holdout_cases": model.holdout_cases}
        # measured on the eval set even when not adopted: what learning from the demo would give
        learned = model if model.adopted else RoutingModel(params=_fit(rows), cases=len(rows))
        out["learned_blend"] = accuracy(items, scoring.with_model(cold, learned), names)
    out["duplicates"] = [duplicates(items, t) for t in args.thresholds]
    out["clusters"] = [cluster_quality(items, j) for j in (0.26, 0.3, 0.34, 0.38, 0.42)]
    print(json.dumps(out, ensure_ascii=False, indent=1))


def adjusted_rand(a: list, b: list) -> float:
    from collections import Counter
    from math import comb

    pairs = sum(comb(n, 2) for n in Counter(zip(a, b, strict=True)).values())
    sa = sum(comb(n, 2) for n in Counter(a).values())
    sb = sum(comb(n, 2) for n in Counter(b).values())
    expected = sa * sb / comb(len(a), 2)
    top = (sa + sb) / 2
    return (pairs - expected) / (top - expected) if top != expected else 1.0


def cluster_quality(items, join):
    texts = [index.without_names(text_of(it), it["enterprise_name"]) for it in items]
    labels = clusters.cluster_texts(texts, join)
    return {"join": join, "clusters": len(set(labels)), "problems": len({it["problem"] for it in items}),
            "adjusted_rand_index": round(adjusted_rand(labels, [it["problem"] for it in items]), 3)}


def run_cluster_speed(args):
    rng = random.Random(3)
    items = load()
    texts = [index.without_names(filler(rng, items, rng.randrange(10**6))[1], "") for _ in range(args.cluster_size)]
    t = time.perf_counter()
    labels = clusters.cluster_texts(texts)
    print(json.dumps({"texts": len(texts), "clusters": len(set(labels)),
                      "seconds": round(time.perf_counter() - t, 2), "load_average": os.getloadavg()}))


def filler(rng, items, k):
    it = items[k % len(items)]
    return it["title"], f"{it['description']} 编号{rng.randint(1, 10**6)}，{rng.choice(['请尽快', '望协调', '盼回复'])}。"


def build_history(size, seed=7):
    """N cases over two years in 北碚 and its towns (bulk, no signals) and their index rows."""
    rng = random.Random(seed)
    items = load()
    beibei = Region.objects.get(code="500109")
    regions = list(Region.objects.filter(path__startswith=beibei.path))
    cats = list(Category.objects.all())
    depts = list(Department.objects.filter(region=beibei))
    now = timezone.now()
    made = 0
    statuses = ["closed"] * 8 + ["in_progress", "assigned", "replied", "submitted"]
    while made < size:
        n = min(5000, size - made)
        cases = []
        for _ in range(n):
            title, desc = filler(rng, items, rng.randrange(10**6))
            firm = f"企业{rng.randrange(20000)}有限公司"
            cases.append(Case(title=title[:120], description=desc, category=rng.choice(cats), source="visit",
                              enterprise_name=firm, contact_name="测试", contact_phone="13800000000",
                              region=rng.choice(regions), status=rng.choice(statuses),
                              lead_department=rng.choice(depts),
                              submitted_at=now - dt.timedelta(minutes=rng.randrange(730 * 1440))))
        Case.objects.bulk_create(cases, batch_size=1000)
        terms = [SimilarityTerm(case_id=c.pk, region_id=beibei.pk, term=t, submitted_at=c.submitted_at)
                 for c in cases for t in index.case_terms(c)]
        SimilarityTerm.objects.bulk_create(terms, batch_size=5000)
        made += n
        print(f"  {made} cases, index rows so far ≈ {made * len(terms) // n}", file=sys.stderr)


def run_latency(args):
    from django.db import connection

    if not Region.objects.filter(code="500109").exists():  # an empty database: the demo's regions, units, accounts
        from shuanglian.demo import foundation

        print(foundation.build(), file=sys.stderr)
    if Case.objects.count() < args.size:
        t0 = time.time()
        build_history(args.size - Case.objects.count())
        with connection.cursor() as c:
            c.execute("ANALYZE")
        print(f"built in {time.time() - t0:.0f} s", file=sys.stderr)
    user = User.objects.get(username="demo_staff")
    beibei = Region.objects.get(code="500109")
    items = load()
    for it in items[:20]:
        routing_suggest(user, region=beibei, title=it["title"], description=it["description"])
    times = []
    for it in items:
        t = time.perf_counter()
        routing_suggest(user, region=beibei, title=it["title"], description=it["description"],
                        enterprise_name=it["enterprise_name"])
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(json.dumps({"db": connection.vendor, "cases": Case.objects.count(),
                      "index_rows": SimilarityTerm.objects.count(), "calls": len(times),
                      "median_ms": round(statistics.median(times), 1),
                      "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                      "load_average": os.getloadavg()}, indent=1))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--accuracy", action="store_true")
    p.add_argument("--latency", action="store_true")
    p.add_argument("--size", type=int, default=100_000)
    p.add_argument("--cluster-speed", action="store_true", help="time cluster_texts on --cluster-size texts")
    p.add_argument("--cluster-size", type=int, default=10_000)
    p.add_argument("--thresholds", type=float, nargs="*", default=[0.3, 0.34, 0.36, 0.38, 0.4, 0.42, 0.45, 0.5])
    args = p.parse_args()
    if args.accuracy:
        run_accuracy(args)
    if args.latency:
        run_latency(args)
    if args.cluster_speed:
        run_cluster_speed(args)


if __name__ == "__main__":
    main()
