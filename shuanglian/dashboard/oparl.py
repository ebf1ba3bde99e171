"""The open-data feed of deputies' public work (issue 7 item 8), modelled on OParl 1.1: System →
Body (a region) → Person (a serving deputy), Paper (a public suggestion with its answer), Meeting
(an activity or a reception day), every object's `id` its own URL, lists paged
({data, pagination, links}) and filtered by `modified_since` so a portal harvests only what changed.

Only what is public, from the same selectors as the public pages: deputies' name, level, sector
(never phone or employer); suggestions standing and not from a confidential demand, the answer
text with personal data removed; points only in a Person's record, and only of published quarters.
Vendor fields carry the prefix `shuanglian:` (OParl's rule for extensions).

`modified` is when the object last changed, read from the audit log — the record of who changed
what, when (an object never changed through a service has its creation day instead)."""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import Max, Prefetch, Value
from django.urls import reverse
from django.utils import timezone

from shuanglian.core.models import AuditEvent
from shuanglian.core.permissions import deny_read
from shuanglian.deputies.models import Deputy
from shuanglian.duties.models import (
    Activity,
    ActivityParticipant,
    Attendance,
    Reception,
    ReceptionDuty,
)
from shuanglian.lib.parse import id_or_none, is_ascii_digits, parse_datetime, parse_int
from shuanglian.lib.phones import personal_data_removed
from shuanglian.regions.models import Region
from shuanglian.suggestions.selectors import public_suggestions

from .deputy_record import public_record, record_year

OPARL = "https://schema.oparl.org/1.1/"
PAGE = 100
LABELS = {"person": "deputies.deputy", "paper": "suggestions.suggestion", "activity": "duties.activity",
          "reception": "duties.reception"}


class Feed:
    """One request's view of the feed: absolute URLs, `modified_since`, the page asked for."""

    def __init__(self, request):
        self.request = request
        raw = request.GET.get("modified_since")
        self.since = (parse_datetime(raw, name="modified_since", default_tz=timezone.get_current_timezone())
                      if raw not in (None, "") else None)
        page = request.GET.get("page")
        self.page = 1 if page in (None, "") else parse_int(page, name="page", minimum=1, maximum=10**6)

    def url(self, name: str, **kwargs) -> str:
        return self.request.build_absolute_uri(reverse(f"api-oparl-{name}", kwargs=kwargs))

    # --- modified, from the audit log ---------------------------------------------------------------

    def changed_ids(self, kind: str) -> set[int]:
        """Ids of the objects of `kind` changed since `modified_since`."""
        ids = (AuditEvent.objects.filter(target_type=LABELS[kind], at__gte=self.since)
               .values_list("target_id", flat=True).distinct())
        return {int(t) for t in ids if is_ascii_digits(t)}

    @staticmethod
    def modified_of(kind: str, pks) -> dict[int, dt.datetime]:
        rows = (AuditEvent.objects.filter(target_type=LABELS[kind], target_id__in=[str(pk) for pk in pks])
                .values("target_id").annotate(m=Max("at")).values_list("target_id", "m"))
        return {int(t): m for t, m in rows}

    # --- lists -----------------------------------------------------------------------------------------

    def paged(self, qs, name: str, build, **kwargs) -> dict:
        total = qs.count()
        pages = max(1, math.ceil(total / PAGE))
        if self.page > pages:
            deny_read()
        rows = list(qs[(self.page - 1) * PAGE: self.page * PAGE])
        base = self.url(name, **kwargs)
        extra = f"&modified_since={self.request.GET['modified_since']}" if self.since else ""

        def link(n):
            return f"{base}?page={n}{extra}"

        links = {"first": link(1), "last": link(pages)}
        if self.page > 1:
            links["prev"] = link(self.page - 1)
        if self.page < pages:
            links["next"] = link(self.page + 1)
        return {"data": build(rows), "pagination": {"totalElements": total, "elementsPerPage": PAGE,
                                                    "currentPage": self.page, "totalPages": pages},
                "links": links}


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


# --- System and Body ------------------------------------------------------------------------------------

def system(feed: Feed) -> dict:
    return {"id": feed.url("system"), "type": OPARL + "System", "oparlVersion": OPARL, "name": "双链 · 代表履职公开数据",
            "body": feed.url("bodies"), "website": feed.request.build_absolute_uri("/"),
            "vendor": "https://shuanglian.example/", "product": "双链"}


def body_qs():
    return Region.objects.order_by("path")


def body_get(pk) -> Region:
    region = body_qs().filter(pk=id_or_none(pk)).first() if id_or_none(pk) is not None else None
    if region is None:
        deny_read()
    return region


def body(feed: Feed, region: Region) -> dict:
    return {"id": feed.url("body", pk=region.pk), "type": OPARL + "Body", "system": feed.url("system"),
            "name": f"{region.name}人民代表大会", "shortName": region.name,
            "classification": region.get_level_display(),
            "person": feed.url("people", pk=region.pk), "paper": feed.url("papers", pk=region.pk),
            "meeting": feed.url("meetings", pk=region.pk), "organization": [], "legislativeTerm": [],
            "shuanglian:opinionPaper": feed.url("opinion_papers", pk=region.pk)}


def bodies(feed: Feed) -> dict:
    return feed.paged(body_qs(), "bodies", lambda rows: [body(feed, r) for r in rows])


# --- Person ---------------------------------------------------------------------------------------------

def person_qs(region=None):
    qs = Deputy.objects.filter(is_active=True).select_related("region").order_by("pk")
    return qs.filter(region=region) if region is not None else qs


def person(feed: Feed, d: Deputy, modified=None) -> dict:
    return {"id": feed.url("person", pk=d.pk), "type": OPARL + "Person", "body": feed.url("body", pk=d.region_id),
            "name": d.name, "status": [f"{d.get_level_display()}级人大代表"],
            "shuanglian:sector": d.sector, "modified": _iso(modified)}


def people(feed: Feed, region: Region) -> dict:
    qs = person_qs(region)
    if feed.since:
        qs = qs.filter(pk__in=feed.changed_ids("person"))

    def build(rows):
        modified = feed.modified_of("person", [d.pk for d in rows])
        return [person(feed, d, modified.get(d.pk)) for d in rows]

    return feed.paged(qs, "people", build, pk=region.pk)


def person_detail(feed: Feed, pk) -> dict:
    """One deputy with their public duty record of `?year=` (this year by default)."""
    d = person_qs().filter(pk=id_or_none(pk)).first() if id_or_none(pk) is not None else None
    if d is None:
        deny_read()
    year = record_year(feed.request.GET.get("year"))
    data = person(feed, d, feed.modified_of("person", [d.pk]).get(d.pk))
    data["shuanglian:record"] = public_record(d, year).as_json()
    return data


# --- Paper ----------------------------------------------------------------------------------------------

def paper_qs(region=None):
    qs = (public_suggestions().select_related("lead_unit").order_by("pk")
          .prefetch_related(Prefetch("co_signers", queryset=Deputy.objects.only("pk").order_by("pk"))))
    return qs.filter(region=region) if region is not None else qs


def paper(feed: Feed, s, modified=None) -> dict:
    answered = s.answered_on is not None and bool(s.answer_category)
    return {
        "id": feed.url("paper", pk=s.pk), "type": OPARL + "Paper", "body": feed.url("body", pk=s.region_id),
        "name": s.display_title, "reference": s.number, "date": _iso(s.submitted_on), "paperType": s.get_kind_display(),
        "originatorPerson": [feed.url("person", pk=pk) for pk in [s.lead_deputy_id, *(c.pk for c in s.co_signers.all())]],
        "created": _iso(s.created_at), "modified": _iso(modified or s.created_at),
        "shuanglian:status": s.get_status_display(),
        "shuanglian:leadUnit": s.lead_unit.name if s.lead_unit_id else None,
        "shuanglian:answerCategory": s.answer_category if answered else None,
        "shuanglian:answer": personal_data_removed(s.answer_content) if answered else None,
        "shuanglian:answeredOn": _iso(s.answered_on) if answered else None,
    }


def papers(feed: Feed, region: Region) -> dict:
    qs = paper_qs(region)
    if feed.since:
        qs = qs.filter(pk__in=feed.changed_ids("paper")) | qs.filter(created_at__gte=feed.since)

    def build(rows):
        modified = feed.modified_of("paper", [s.pk for s in rows])
        return [paper(feed, s, modified.get(s.pk)) for s in rows]

    return feed.paged(qs, "papers", build, pk=region.pk)


def paper_detail(feed: Feed, pk) -> dict:
    s = paper_qs().filter(pk=id_or_none(pk)).first() if id_or_none(pk) is not None else None
    if s is None:
        deny_read()
    return paper(feed, s, feed.modified_of("paper", [s.pk]).get(s.pk))


# --- Meeting: activities and reception days ---------------------------------------------------------------

def _present(kind: str, pks) -> dict[int, list[int]]:
    out = {pk: [] for pk in pks}
    if kind == "activity":
        rows = (ActivityParticipant.objects.filter(activity_id__in=pks, deputy__isnull=False,
                                                   attendance=Attendance.PRESENT)
                .values_list("activity_id", "deputy_id"))
    else:
        rows = (ReceptionDuty.objects.filter(reception_id__in=pks, signed_in_at__isnull=False)
                .values_list("reception_id", "deputy_id"))
    for pk, deputy_id in rows.order_by("deputy_id"):
        out[pk].append(deputy_id)
    return out


def meeting(feed: Feed, kind: str, obj, participants: list[int], modified=None) -> dict:
    if kind == "activity":
        name, start, end = f"{obj.get_kind_display()}：{obj.title}", _midnight(obj.date), None
        place = obj.place or (obj.station.name if obj.station_id else "")
    else:
        name = f"{obj.station.name}{obj.get_kind_display()}"
        start = timezone.make_aware(dt.datetime.combine(obj.date, obj.start_time))
        end = timezone.make_aware(dt.datetime.combine(obj.date, obj.end_time))
        place = " ".join(x for x in (obj.station.name, obj.station.address) if x)
    return {"id": feed.url("meeting", kind=kind, pk=obj.pk), "type": OPARL + "Meeting", "name": name,
            "start": _iso(start), "end": _iso(end), "location": {"type": OPARL + "Location", "description": place},
            "participant": [feed.url("person", pk=pk) for pk in participants],
            "modified": _iso(modified or start), "shuanglian:kind": kind}


def _meeting_sets(region, feed: Feed):
    activities = Activity.objects.filter(region=region) if region is not None else Activity.objects.all()
    receptions = (Reception.objects.filter(station__region=region) if region is not None
                  else Reception.objects.all())
    if feed.since:
        day = timezone.localtime(feed.since).date()
        activities = activities.filter(pk__in=feed.changed_ids("activity")) | activities.filter(date__gte=day)
        receptions = receptions.filter(pk__in=feed.changed_ids("reception")) | receptions.filter(date__gte=day)
    return activities, receptions


def _build_meetings(feed: Feed, rows) -> list[dict]:
    by_kind = {"activity": [pk for _, pk, k in rows if k == "activity"],
               "reception": [pk for _, pk, k in rows if k == "reception"]}
    objects = {("activity", a.pk): a for a in Activity.objects.filter(pk__in=by_kind["activity"]).select_related("station")}
    objects.update({("reception", r.pk): r for r in
                    Reception.objects.filter(pk__in=by_kind["reception"]).select_related("station")})
    present = {k: _present(k, pks) for k, pks in by_kind.items()}
    modified = {k: Feed.modified_of(k, pks) for k, pks in by_kind.items()}
    return [meeting(feed, k, objects[(k, pk)], present[k][pk], modified[k].get(pk)) for _, pk, k in rows]


def meetings(feed: Feed, region: Region) -> dict:
    activities, receptions = _meeting_sets(region, feed)
    union = (activities.order_by().annotate(k=Value("activity")).values_list("date", "pk", "k")
             .union(receptions.order_by().annotate(k=Value("reception")).values_list("date", "pk", "k"), all=True)
             .order_by("date", "k", "pk"))
    return feed.paged(union, "meetings", lambda rows: _build_meetings(feed, rows), pk=region.pk)


def meeting_detail(feed: Feed, kind: str, pk) -> dict:
    model = {"activity": Activity, "reception": Reception}.get(kind)
    obj = (model.objects.select_related("station").filter(pk=id_or_none(pk)).first()
           if model is not None and id_or_none(pk) is not None else None)
    if obj is None:
        deny_read()
    return meeting(feed, kind, obj, _present(kind, [obj.pk])[obj.pk], Feed.modified_of(kind, [obj.pk]).get(obj.pk))
