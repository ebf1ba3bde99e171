"""Reads of 智能分办: the routing suggestion for a text, shaped as the API and the pages show it.

`routing_suggest` is the one place a suggestion is computed; the API, the case page's fragment,
the intake record (services.suggestion_record) and the bench all call it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shuanglian.cases.models import Category
from shuanglian.cases.selectors import case_list
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import is_staff_role
from shuanglian.lib.text import forbidden_char
from shuanglian.regions.models import Department, Region

from .index import case_text, similar_cases
from .models import RoutingSuggestion
from .scoring import routing_region, scorers_for
from .textmodel import Ranked, top

TITLE_MAX = 120
DESCRIPTION_MAX = 5000  # the intake's own limits (cases.intake.validation.LIMITS)


def text_error(title, description) -> str | None:
    """The Chinese refusal of a demand text, or None when it can be scored."""
    if not isinstance(title, str) or not isinstance(description, str):
        return "标题和诉求内容应为文字。"
    if forbidden_char(title + description) is not None:
        return "标题或诉求内容含有不可识别的字符（如二进制数据），请粘贴纯文字。"
    if len(title) > TITLE_MAX:
        return f"标题过长（{len(title)}字），最多{TITLE_MAX}字。"
    if len(description) > DESCRIPTION_MAX:
        return f"诉求内容过长（{len(description)}字），最多{DESCRIPTION_MAX}字。"
    if not (title + description).strip():
        return "请填写诉求标题或内容。"
    return None


def check_text(title, description) -> None:
    message = text_error(title, description)
    if message:
        raise BusinessError(message, code="bad_text")


def _reason(r: Ranked, kind: str) -> str:
    if r.words:
        return "依据：" + "、".join(r.words[:4])
    return "未命中关键词，按" + ("历史诉求分布" if kind == "learned" else "默认顺序")


def routing_suggest(user, *, region: Region, title: str, description: str, enterprise_name: str = "",
                    enterprise_uscc: str = "", contact_phone: str = "", exclude: int | None = None,
                    with_similar: bool = True) -> dict:
    """Top-3 categories and departments of the region (with a share and a one-line reason), the
    similar open or recent cases `user` may read (duplicates marked), and which model spoke."""
    check_text(title, description)
    home = routing_region(region)
    scorers = scorers_for(home)
    text = case_text(title, description)
    cat_shares, cat_reasons = scorers.category_shares(text)
    dept_shares, dept_reasons = scorers.department_shares(text)
    cats = {c.code: c.name for c in Category.objects.filter(code__in=list(cat_shares))}
    ranked_cats = top(cat_shares, cat_reasons)
    ranked_depts = top(dept_shares, dept_reasons)
    names = dict(Department.objects.filter(pk__in=[r.label for r in ranked_depts]).values_list("pk", "name"))
    similar = []
    # the tracking code opens a case to whoever holds it: staff only, as in the cases API
    show_code = user is not None and is_staff_role(user)
    if with_similar:
        for s in similar_cases(user, region=home, title=title, description=description,
                               enterprise_name=enterprise_name, enterprise_uscc=enterprise_uscc,
                               contact_phone=contact_phone, exclude=exclude):
            similar.append({"id": s.case.pk, "tracking_code": s.case.tracking_code if show_code else None, "title": s.case.title,
                            "number": s.case.number, "status": s.case.status, "score": s.score,
                            "duplicate": s.duplicate})
    model = scorers.model
    return {
        "categories": [{"code": r.label, "name": cats.get(r.label, r.label), "score": r.score,
                        "reason": _reason(r, scorers.kind)} for r in ranked_cats],
        "departments": [{"id": r.label, "name": names.get(r.label, ""), "score": r.score,
                         "reason": _reason(r, scorers.kind)} for r in ranked_depts],
        "similar": similar,
        "model": {"kind": str(scorers.kind), "trained_at": model.trained_at if model else None,
                  "cases": model.cases if model else 0, "version": model.version if model else 0,
                  "region": home.name},
    }


def suggestion_of(case) -> RoutingSuggestion | None:
    return RoutingSuggestion.objects.filter(case=case).first()


def agreement_by_month(user, months: int = 12) -> list[dict]:
    """Suggestion vs staff's final choice, per month of assignment, over the cases `user` may read:
    how often the top-1 (and any of the top-3) suggested category and department was the one chosen."""
    since = timezone.now() - dt.timedelta(days=31 * months)
    rows = (RoutingSuggestion.objects.filter(chosen_at__gte=since, chosen_department__isnull=False,
                                             case__in=case_list(user).values("pk"))
            .values_list("chosen_at", "categories", "departments", "chosen_category__code", "chosen_department_id"))
    per: dict = {}
    for at, cats, depts, cat, dept in rows.iterator():
        month = timezone.localtime(at).strftime("%Y-%m")
        m = per.setdefault(month, {"month": month, "n": 0, "cat1": 0, "cat3": 0, "dept1": 0, "dept3": 0})
        m["n"] += 1
        m["cat1"] += bool(cats) and cats[0] == cat
        m["cat3"] += cat in cats[:3]
        m["dept1"] += bool(depts) and depts[0] == dept
        m["dept3"] += dept in depts[:3]
    out = []
    for month in sorted(per):
        m = per[month]
        out.append({"month": month, "cases": m["n"],
                    **{k: round(100 * m[k] / m["n"], 1) for k in ("cat1", "cat3", "dept1", "dept3")}})
    return out
