"""共性诉求 (common demands): the month's demands that share a problem across enterprises.

Clustering is a single pass, greedy "leader" clustering over the demands' content characters
(textmodel.char_similarity, enterprise names taken out): a demand joins the cluster whose leader it
resembles most if that is at least `JOIN`, else it leads a new one. It is linear in the number of
demands times the number of clusters, needs no vector library, and every cluster is explained by
its key terms (the bigrams most of its demands share). A cluster of one enterprise only is not a
common demand (it is one firm's problem, possibly said twice): `common_demands` keeps clusters of
at least two enterprises.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from shuanglian.cases.models import CaseStatus, ReplyResult
from shuanglian.cases.selectors import case_list
from shuanglian.core.permissions import subtree_q

from .index import case_text, enterprise_key, without_names
from .scoring import category_keywords
from .textmodel import STOP_CHARS, bigrams, normalize

JOIN = 0.38  # bench/RESULTS.md: best adjusted Rand index against the eval set's problems
NOT_DEMANDS = [CaseStatus.MERGED, CaseStatus.REJECTED]


def content_chars(text: str) -> frozenset:
    return frozenset(c for c in normalize(text).replace(" ", "") if c not in STOP_CHARS)


def _cos(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


def cluster_texts(texts: list[str], join: float = JOIN) -> list[int]:
    """A cluster number for each text (0, 1, … in order of first appearance)."""
    leaders: list[frozenset] = []
    labels = []
    for text in texts:
        chars = content_chars(text)
        best, best_sim = -1, join
        for k, lead in enumerate(leaders):
            sim = _cos(chars, lead)
            if sim >= best_sim:
                best, best_sim = k, sim
        if best < 0:
            leaders.append(chars)
            best = len(leaders) - 1
        labels.append(best)
    return labels


def key_terms(texts: list[str], vocabulary: list[str] = (), n: int = 3) -> list[str]:
    """The cluster's label: the lexicon's words most of its demands use (增容, 专线), then the
    bigrams they share most."""
    half = max(1, len(texts) // 2)
    words = Counter(w for t in texts for w in {v for v in vocabulary if v in t})
    found = [w for w, k in sorted(words.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])) if k >= half]
    found = [w for w in found if not any(w != o and w in o for o in found)][:n]
    counts = Counter(b for t in texts for b in bigrams(t) if not b.isascii())
    for w, _ in counts.most_common():
        if len(found) >= n:
            break
        if not any(w in f for f in found):
            found.append(w)
    return found


@dataclass
class Cluster:
    label: str
    cases: list = field(default_factory=list)
    enterprises: int = 0
    towns: int = 0
    solved_share: float = 0.0
    departments: list[str] = field(default_factory=list)
    trend: list[int] = field(default_factory=list)  # cases of the same problem in the months before


def month_bounds(month: dt.date, back: int = 0) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    for _ in range(back):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt


def _rows(user, region, start, end, chain=None):
    qs = case_list(user).filter(chain=chain) if chain is not None else case_list(user)
    qs = (qs.filter(subtree_q(region), submitted_at__date__gte=start, submitted_at__date__lt=end)
          .exclude(status__in=NOT_DEMANDS).select_related("region", "lead_department").order_by("submitted_at", "pk"))
    return list(qs.only("id", "title", "description", "enterprise_name", "region__name", "status",
                        "reply_result", "lead_department__name", "submitted_at", "category_id"))


def common_demands(user, *, region, month: dt.date, chain=None, history_months: int = 3) -> list[Cluster]:
    """The month's common demands of `region` (and below) that `user` may read, largest first."""
    start, end = month_bounds(month)
    cases = _rows(user, region, start, end, chain)
    texts = [without_names(case_text(c.title, c.description), c.enterprise_name) for c in cases]
    labels = cluster_texts(texts)
    groups: dict[int, list[int]] = {}
    for i, k in enumerate(labels):
        groups.setdefault(k, []).append(i)
    before = [(month_bounds(month, b)) for b in range(history_months, 0, -1)]
    earlier = [[content_chars(without_names(case_text(c.title, c.description), c.enterprise_name))
                for c in _rows(user, region, s, e, chain)] for s, e in before]
    vocabulary = sorted({w for words in category_keywords().values() for w in words})
    out = []
    for members in groups.values():
        firms = {enterprise_key(cases[i].enterprise_name) for i in members}
        if len(firms) < 2:
            continue
        group = [cases[i] for i in members]
        lead = content_chars(texts[members[0]])
        solved = sum(c.status == CaseStatus.CLOSED and c.reply_result == ReplyResult.SOLVED for c in group)
        out.append(Cluster(
            label="、".join(key_terms([texts[i] for i in members], vocabulary)), cases=group, enterprises=len(firms),
            towns=len({c.region.name for c in group}), solved_share=round(100 * solved / len(group), 1),
            departments=sorted({c.lead_department.name for c in group if c.lead_department_id}),
            trend=[sum(_cos(chars, lead) >= JOIN for chars in month_chars) for month_chars in earlier]))
    out.sort(key=lambda c: (-len(c.cases), -c.enterprises, c.label))
    return out
