"""The scorers of a routing region, built from the database and kept per process.

The *routing region* of a case is the nearest region, itself or above, that has active departments
(a town's cases are assigned by its district's units). Its cold-start scorers come from the
categories' lexicons and the departments' duties (staff's rows, else defaults.py); its learned
scorer is the newest adopted RoutingModel. Built scorers are memoized per process under a stamp
(the latest edit of lexicon, duties, categories, departments and models), so an edit is seen by
every process within seconds (RECHECK_SECONDS) — a cache of derived data, never shared state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from shuanglian.cases.models import Category
from shuanglian.regions.models import Department, Region

from . import defaults
from .models import CategoryLexicon, DepartmentDuty, ModelKind, RoutingModel
from .textmodel import Lexicon, NaiveBayes, bigrams, blend, set_cosine, softmax, split_keywords

LEARNED_MAX = 0.7  # the learned model's largest share when adopted; the rest stays with the lexicon
LEARNED_HALF = 1000  # … of which it has half with this many cases of history


def learned_weight(cases: int) -> float:
    """How much the learned model counts: more the more history it learned from. A few hundred
    cases of a handful of recurring topics (the demo's) fit their own held-back slice yet hurt
    on demands of other kinds (bench/RESULTS.md): shrink towards the lexicon until history is broad."""
    return LEARNED_MAX * cases / (cases + LEARNED_HALF)
DUTY_WEIGHT = 3.0  # how much the duties' prose (bigram similarity) adds to a department's keyword score


def routing_region(region: Region) -> Region:
    codes = [c for c in region.path.split("/") if c]
    with_depts = set(Department.objects.filter(region__code__in=codes, is_active=True)
                     .values_list("region__code", flat=True))
    for code in reversed(codes):
        if code in with_depts:
            return region if code == region.code else Region.objects.get(code=code)
    return region


def region_departments(region: Region):
    return Department.objects.filter(region=region, is_active=True).order_by("pk")


def category_keywords() -> dict[str, list[str]]:
    rows = {lx.category_id: lx.keywords for lx in CategoryLexicon.objects.all()}
    out = {}
    for cat in Category.objects.filter(is_active=True):
        text = rows.get(cat.pk, defaults.CATEGORY_KEYWORDS.get(cat.code, ""))
        out[cat.code] = split_keywords(f"{text} {cat.name if cat.code != 'other' else ''}")
    return out


def department_texts(region: Region) -> dict[int, tuple[str, list[str]]]:
    """department id → (duties prose, keywords)."""
    rows = {d.department_id: d for d in DepartmentDuty.objects.filter(department__region=region)}
    out = {}
    for dept in region_departments(region):
        row = rows.get(dept.pk)
        duties, words = (row.duties, row.keywords) if row else defaults.department_default(dept.name)
        out[dept.pk] = (duties, split_keywords(words))
    return out


class DepartmentScorer:
    """Cold start for departments: keyword hits plus the similarity of the text to the duties."""

    def __init__(self, texts: dict[int, tuple[str, list[str]]]):
        self.duties = {k: bigrams(v[0]) for k, v in texts.items()}  # once, not per request
        self.lexicon = Lexicon({k: v[1] for k, v in texts.items()})

    def shares(self, text: str) -> tuple[dict, dict]:
        scores, reasons = self.lexicon.raw(text)
        mine = bigrams(text)
        for k, duties in self.duties.items():
            scores[k] = scores.get(k, 0.0) + DUTY_WEIGHT * set_cosine(mine, duties)
        return softmax(scores, Lexicon.TEMPERATURE), reasons


@dataclass
class Scorers:
    region: Region
    categories: Lexicon
    departments: DepartmentScorer
    model: RoutingModel | None
    learned_categories: NaiveBayes | None = None
    learned_departments: NaiveBayes | None = None

    def category_shares(self, text: str) -> tuple[dict, dict]:
        cold = self.categories.shares(text)
        if self.learned_categories is None:
            return cold
        return blend(self.learned_categories.shares(text), cold, learned_weight(self.model.cases))

    def department_shares(self, text: str) -> tuple[dict, dict]:
        cold = self.departments.shares(text)
        if self.learned_departments is None:
            return cold
        learned = self.learned_departments.shares(text)
        shares, reasons = blend(learned, cold, learned_weight(self.model.cases))
        # a department since deactivated or moved may linger in the learned counts
        return {k: v for k, v in shares.items() if k in cold[0]}, reasons

    @property
    def kind(self) -> str:
        return ModelKind.LEARNED if self.model is not None else ModelKind.COLD_START


def adopted_model(region: Region) -> RoutingModel | None:
    return RoutingModel.objects.filter(region=region, adopted=True).order_by("-version").first()


def cold_scorers(region: Region) -> Scorers:
    return Scorers(region, Lexicon(category_keywords()), DepartmentScorer(department_texts(region)), None)


def with_model(base: Scorers, model: RoutingModel | None) -> Scorers:
    if model is None or not model.params:
        return base
    return Scorers(base.region, base.categories, base.departments, model,
                   NaiveBayes.from_json(model.params["categories"]),
                   NaiveBayes.from_json(model.params["departments"], key=int))


_MEMO: dict = {}


def _stamp(region: Region) -> tuple:
    lex = CategoryLexicon.objects.aggregate(t=Max("updated_at"), n=Count("id"))
    duty = DepartmentDuty.objects.filter(department__region=region).aggregate(t=Max("updated_at"), n=Count("id"))
    cats = Category.objects.aggregate(n=Count("id", filter=Q(is_active=True)), m=Max("id"))
    depts = Department.objects.filter(region=region).aggregate(
        n=Count("id", filter=Q(is_active=True)), m=Max("id"))
    model = RoutingModel.objects.filter(region=region, adopted=True).aggregate(v=Max("version"))
    return (tuple(lex.values()), tuple(duty.values()), tuple(cats.values()), tuple(depts.values()), model["v"])


RECHECK_SECONDS = 5.0  # how long a process trusts its memo before asking for the stamp again


def scorers_for(region: Region) -> Scorers:
    """The scorers in use for a routing region (memoized under its stamp; the stamp itself is
    asked again at most every RECHECK_SECONDS, so an edit is in use within seconds)."""
    now = time.monotonic()
    memo = _MEMO.get(region.pk)
    if memo is not None and now - memo[2] < RECHECK_SECONDS:
        return memo[1]
    stamp = _stamp(region)
    if memo is not None and memo[0] == stamp:
        _MEMO[region.pk] = (stamp, memo[1], now)
        return memo[1]
    built = with_model(cold_scorers(region), adopted_model(region))
    _MEMO[region.pk] = (stamp, built, now)
    return built
