"""Similar cases and duplicate candidates (疑似重复), fast at a million cases.

Each case's distinctive bigrams (title and the start of its description) go into SimilarityTerm
with the case's region and submission time, written when the case is submitted. A search looks up
the query's bigrams in the (term, region, submitted_at) index, restricted to the routing region's
subtree and the window of open-or-recent cases, counts shared bigrams per case in SQL, and rescores
only the best few dozen candidates with the full `similarity`. Visibility is the cases app's own
`case_list(user)`: a candidate the caller may not read is never returned. Plain SQL on SQLite and
PostgreSQL alike (pg_trgm finds no trigram in a two-character Chinese word).

A candidate is a *duplicate* only when the text says the same thing (similarity ≥ the region's
threshold) AND it comes from the same enterprise (same USCC, same name) or the same contact phone:
two firms short of electricity are two cases (one common demand), not one case said twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from shuanglian.cases.models import Case, CaseStatus
from shuanglian.cases.selectors import case_list
from shuanglian.regions.models import Region

from .models import RoutingConfig, SimilarityTerm
from .scoring import routing_region
from .textmodel import bigrams, char_similarity

MAX_TERMS = 40  # per case: enough for title and the gist of the description
DESCRIPTION_HEAD = 160  # characters of the description indexed (the gist comes first)
CANDIDATES = 30  # rescored in Python
NOT_SIMILAR = [CaseStatus.MERGED, CaseStatus.REJECTED]  # no longer stand for a demand of their own
NAME_NOISE = re.compile(r"[\s()（）·.,，]|有限责任公司|股份有限公司|有限公司|公司")


def case_text(title: str, description: str) -> str:
    return f"{title}\n{description}"


def index_terms(title: str, description: str) -> list[str]:
    """The bigrams a case is indexed under, in a stable order (title first)."""
    ordered = sorted(bigrams(title)) + sorted(bigrams(description[:DESCRIPTION_HEAD]) - bigrams(title))
    return [t for t in ordered if len(t) <= 16][:MAX_TERMS]


def submitter_terms(enterprise_name: str, enterprise_uscc: str, contact_phone: str) -> list[str]:
    """Terms for who asked (hashed, so the index holds no name, code or phone in clear): a firm's
    own earlier cases are always candidates, however differently it words the demand again."""
    keys = [("@", enterprise_key(enterprise_name)), ("$", (enterprise_uscc or "").strip().upper()),
            ("#", re.sub(r"\D", "", contact_phone or ""))]
    return [mark + hashlib.sha1(v.encode()).hexdigest()[:15] for mark, v in keys if len(v) >= 2]


def case_terms(case: Case) -> list[str]:
    return index_terms(case.title, case.description) + submitter_terms(
        case.enterprise_name, case.enterprise_uscc, case.contact_phone)


def index_case(case: Case) -> int:
    """(Re)write a case's index rows; idempotent. The rows carry the case's *routing* region (its
    district), so a search is one index range per term: (term, region, newest first)."""
    SimilarityTerm.objects.filter(case_id=case.pk).delete()
    home = routing_region(case.region)
    rows = [SimilarityTerm(case_id=case.pk, region_id=home.pk, term=t, submitted_at=case.submitted_at)
            for t in case_terms(case)]
    SimilarityTerm.objects.bulk_create(rows)
    return len(rows)


def window_start(now=None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=30 * settings.SHUANGLIAN_SIMILAR_MONTHS)


def enterprise_key(name: str) -> str:
    return NAME_NOISE.sub("", unicodedata.normalize("NFKC", name or "").lower())


def same_submitter(case: Case, enterprise_name: str, enterprise_uscc: str, contact_phone: str) -> bool:
    uscc = (enterprise_uscc or "").strip().upper()
    if uscc and case.enterprise_uscc:
        return uscc == case.enterprise_uscc.upper()
    key = enterprise_key(enterprise_name)
    if key and key == enterprise_key(case.enterprise_name):
        return True
    phone = re.sub(r"\D", "", contact_phone or "")
    return bool(phone) and phone == re.sub(r"\D", "", case.contact_phone or "")


def without_names(text: str, *names: str) -> str:
    """The text with the enterprises' names taken out: a name says who asks, not what — left in, two
    different demands of one firm look alike (the enterprise is compared on its own)."""
    for name in names:
        for form in sorted({name or "", NAME_NOISE.sub("", name or "")}, key=len, reverse=True):  # full name first
            if len(form) >= 2:
                text = text.replace(form, " ")
    return text


def demand_similarity(text_a: str, name_a: str, text_b: str, name_b: str) -> float:
    return char_similarity(without_names(text_a, name_a, name_b), without_names(text_b, name_a, name_b))


def duplicate_threshold(region: Region) -> float:
    config = RoutingConfig.objects.filter(region=region).first()
    return config.duplicate_threshold if config else settings.SHUANGLIAN_DUPLICATE_THRESHOLD


QUERY_TERMS = 20  # of the query's terms (title first)
PER_TERM = 120  # newest postings read per term: a common bigram costs no more than a rare one


def postings(region: Region, terms: list[str], per_term: int) -> list[int]:
    """Case ids under each term in the region's window, the newest `per_term` of each, in one
    statement: per term an index range of (term, region, submitted_at) read backwards and cut."""
    if not terms:
        return []
    table = connection.ops.quote_name(SimilarityTerm._meta.db_table)
    one = (f"SELECT * FROM (SELECT case_id FROM {table} WHERE term = %s AND region_id = %s "
           f"AND submitted_at >= %s ORDER BY submitted_at DESC LIMIT {int(per_term)}) AS p")
    sql = " UNION ALL ".join([one] * len(terms))
    since = connection.ops.adapt_datetimefield_value(window_start())
    params = [v for t in terms for v in (t, region.pk, since)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@dataclass
class Similar:
    case: Case
    score: float
    duplicate: bool


def similar_cases(user, *, region: Region, title: str, description: str, enterprise_name: str = "",
                  enterprise_uscc: str = "", contact_phone: str = "", exclude: int | None = None,
                  limit: int = 5) -> list[Similar]:
    """The open or recent cases of routing region `region` (and its towns) most like the text, that
    `user` may read."""
    terms = index_terms(title, description)
    if not terms:
        return []
    shared = Counter(postings(region, terms[:QUERY_TERMS], PER_TERM))
    need = max(2, min(len(terms), QUERY_TERMS) // 8)
    ids = {case_id for case_id, n in shared.most_common(CANDIDATES) if n >= need}
    who = submitter_terms(enterprise_name, enterprise_uscc, contact_phone)
    if who:  # the same firm's cases, however worded
        ids |= set(postings(region, who, CANDIDATES))
    ids.discard(exclude)
    if not ids:
        return []
    readable = (case_list(user).select_related(None).filter(pk__in=ids).exclude(status__in=NOT_SIMILAR)
                .only("id", "title", "description", "tracking_code", "status", "enterprise_name",
                      "enterprise_uscc", "contact_phone", "region_id", "submitted_at", "confidential"))
    text = case_text(title, description)
    threshold = duplicate_threshold(region)
    found = []
    for case in readable:
        score = round(demand_similarity(text, enterprise_name, case_text(case.title, case.description),
                                        case.enterprise_name), 4)
        if score < 0.2:  # shares a few characters at most: not worth a look
            continue
        dup = score >= threshold and same_submitter(case, enterprise_name, enterprise_uscc, contact_phone)
        found.append(Similar(case, score, dup))
    found.sort(key=lambda s: (-s.duplicate, -s.score, s.case.pk))
    return found[:limit]
