"""Published oversight in the open-data feed (监督法 art. 17; issue 8 item 6): each deliberation
opinion staff chose to publish is a Paper (paperType 审议意见) carrying its items and the
satisfaction votes' results; each handling plan or report the government body sent on it is a
Paper of its own (办理方案 / 办理情况报告), tied to the opinion by superordinatedPaper and
subordinatedPaper. Lists page and take `modified_since` as the suggestions' papers do.

Only what the public page shows (oversight.selectors.public_opinions): never who typed, recorded
or answered; texts with personal data removed (a phone number in a report stays out). An opinion
not published is a 404 — itself, its reports and its place in every list."""

from __future__ import annotations

from django.db.models import Max, Prefetch, Value

from shuanglian.core.models import AuditEvent
from shuanglian.core.permissions import deny_read
from shuanglian.lib.parse import id_or_none, is_ascii_digits
from shuanglian.lib.phones import personal_data_removed
from shuanglian.oversight.models import OpinionItem, Submission
from shuanglian.oversight.selectors import public_opinions

from .oparl import OPARL, Feed, _iso, _midnight

OPINION, ITEM = "oversight.opinion", "oversight.opinionitem"


def _opinion_qs(region=None):
    qs = public_opinions().order_by("pk").prefetch_related(
        Prefetch("items", OpinionItem.objects.order_by("category", "number")), "votes",
        Prefetch("submissions", Submission.objects.order_by("received_on", "id")))
    return qs.filter(region=region) if region is not None else qs


def _report_qs(region=None):
    qs = Submission.objects.filter(opinion__in=public_opinions().values("pk")).select_related("opinion")
    return qs.filter(opinion__region=region) if region is not None else qs


def changed_opinions(since) -> set[int]:
    """Published opinions changed since `since`: the opinion itself (adopted, reported on, voted on,
    published) or one of its items (the body's response)."""
    events = AuditEvent.objects.filter(at__gte=since)
    ids = {int(t) for t in events.filter(target_type=OPINION).values_list("target_id", flat=True).distinct()
           if is_ascii_digits(t)}
    items = [int(t) for t in events.filter(target_type=ITEM).values_list("target_id", flat=True).distinct()
             if is_ascii_digits(t)]
    ids |= set(OpinionItem.objects.filter(pk__in=items).values_list("opinion_id", flat=True))
    return ids


def modified_of(opinion_ids) -> dict:
    """{opinion id: when it (or one of its items) last changed}, from the audit log."""
    keys = [str(pk) for pk in opinion_ids]
    out = dict(AuditEvent.objects.filter(target_type=OPINION, target_id__in=keys).values("target_id")
               .annotate(m=Max("at")).values_list("target_id", "m"))
    out = {int(k): v for k, v in out.items()}
    items = dict(OpinionItem.objects.filter(opinion_id__in=list(opinion_ids)).values_list("pk", "opinion_id"))
    rows = (AuditEvent.objects.filter(target_type=ITEM, target_id__in=[str(pk) for pk in items]).values("target_id")
            .annotate(m=Max("at")).values_list("target_id", "m"))
    for item_id, at in rows:
        opinion_id = items[int(item_id)]
        if opinion_id not in out or at > out[opinion_id]:
            out[opinion_id] = at
    return out


def _text(value: str) -> str:
    return personal_data_removed(value or "")


def opinion_paper(feed: Feed, op, modified=None) -> dict:
    return {
        "id": feed.url("opinion_paper", pk=op.pk), "type": OPARL + "Paper", "body": feed.url("body", pk=op.region_id),
        "name": op.title, "reference": f"审议意见{op.pk}", "date": _iso(op.adopted_on), "paperType": "审议意见",
        "subordinatedPaper": [feed.url("opinion_report", pk=s.pk) for s in op.submissions.all()],
        "created": _iso(op.published_at), "modified": _iso(modified or op.published_at),
        "shuanglian:status": op.get_status_display(),
        "shuanglian:governmentBody": op.body.name,
        "shuanglian:summary": _text(op.summary),
        "shuanglian:items": [
            {"category": i.get_category_display(), "group": i.group, "number": i.number, "content": _text(i.content),
             "status": i.get_status_display(), "response": _text(i.response) or None}
            for i in op.items.all()],
        "shuanglian:votes": [
            {"round": v.round, "date": _iso(v.held_on), "members": v.members, "present": v.present,
             "satisfied": v.satisfied, "basicallySatisfied": v.basically_satisfied, "unsatisfied": v.unsatisfied,
             "passed": v.passed, "rule": v.rule}
            for v in op.votes.all()],
    }


def report_paper(feed: Feed, s, modified=None) -> dict:
    op = s.opinion
    return {
        "id": feed.url("opinion_report", pk=s.pk), "type": OPARL + "Paper", "body": feed.url("body", pk=op.region_id),
        "name": f"{op.body.name}关于《{op.title}》的{s.get_kind_display()}", "reference": f"审议意见{op.pk}-{s.pk}",
        "date": _iso(s.received_on), "paperType": s.get_kind_display(),
        "superordinatedPaper": [feed.url("opinion_paper", pk=op.pk)],
        "created": _iso(_midnight(s.received_on)), "modified": _iso(modified or _midnight(s.received_on)),
        "shuanglian:round": s.round, "shuanglian:governmentBody": op.body.name, "shuanglian:text": _text(s.content),
    }


def _sets(feed: Feed, region):
    opinions, reports = public_opinions().filter(region=region), _report_qs(region)
    if feed.since:
        changed = changed_opinions(feed.since)
        opinions, reports = opinions.filter(pk__in=changed), reports.filter(opinion__in=changed)
    return opinions, reports


def _build(feed: Feed, rows) -> list[dict]:
    opinion_ids = [pk for _, pk, k in rows if k == "opinion"]
    report_ids = [pk for _, pk, k in rows if k == "report"]
    opinions = {o.pk: o for o in _opinion_qs().filter(pk__in=opinion_ids)}
    reports = {s.pk: s for s in _report_qs().filter(pk__in=report_ids).select_related("opinion__body")}
    modified = modified_of(set(opinion_ids) | {s.opinion_id for s in reports.values()})
    return [opinion_paper(feed, opinions[pk], modified.get(pk)) if k == "opinion"
            else report_paper(feed, reports[pk], modified.get(reports[pk].opinion_id)) for _, pk, k in rows]


def opinion_papers(feed: Feed, region) -> dict:
    """The body's published opinions and the reports on them, by date (adoption, receipt)."""
    opinions, reports = _sets(feed, region)
    union = (opinions.order_by().annotate(k=Value("opinion")).values_list("adopted_on", "pk", "k")
             .union(reports.order_by().annotate(k=Value("report")).values_list("received_on", "pk", "k"), all=True)
             .order_by("adopted_on", "k", "pk"))
    return feed.paged(union, "opinion_papers", lambda rows: _build(feed, rows), pk=region.pk)


def opinion_paper_detail(feed: Feed, pk) -> dict:
    key = id_or_none(pk)
    op = _opinion_qs().filter(pk=key).first() if key is not None else None
    if op is None:
        deny_read()
    return opinion_paper(feed, op, modified_of([op.pk]).get(op.pk))


def opinion_report_detail(feed: Feed, pk) -> dict:
    key = id_or_none(pk)
    s = _report_qs().filter(pk=key).select_related("opinion__body").first() if key is not None else None
    if s is None:
        deny_read()
    return report_paper(feed, s, modified_of([s.opinion_id]).get(s.opinion_id))

