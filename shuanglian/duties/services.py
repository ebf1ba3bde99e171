"""Writes for the duty chain. Every function takes keyword-only arguments and an explicit actor,
checks who may act, validates, writes in one transaction and records one audit event; bad input
raises a BusinessError with a Chinese message and writes nothing (DESIGN.md §4.1)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from shuanglian.cases.intake.services import case_submit
from shuanglian.cases.models import Source
from shuanglian.chains.models import Enterprise
from shuanglian.chains.selectors import enterprise_list
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import deny_write, in_region_scope, require_staff
from shuanglian.deputies.models import Station, StationMember
from shuanglian.points.services import point_award

from .models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    Attendance,
    Reception,
    ReceptionDemand,
    ReceptionDuty,
    ReceptionKind,
    ReceptionRule,
    ReceptionVisitor,
    Recurrence,
    StationPage,
)
from .point_sources import activity_key, activity_rule, reception_key
from .schedule import rule_dates
from .selectors import can_manage, deputy_of, today

MAX_TEXT = 5000
MAX_VISITORS = 200


def _require_manager(actor, station):
    require_staff(actor)
    if not in_region_scope(actor, station.region):
        deny_write("只能管理本区域（含下辖镇街）的履职阵地。")


def _text(value, label: str, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise BusinessError(f"{label}不能超过{limit}字（当前{len(value)}字）。", code="too_long")
    return value


def _check_times(start_time, end_time):
    if start_time is None or end_time is None:
        raise BusinessError("请填写接待的开始时间和结束时间。", code="time_required")
    if start_time >= end_time:
        raise BusinessError("结束时间须晚于开始时间。", code="invalid_time")


def _station_deputy_ids(station) -> set[int]:
    ids = set(StationMember.objects.filter(station=station, deputy__isnull=False).values_list("deputy_id", flat=True))
    return ids | ({station.head_id} if station.head_id else set())


# --- the public page -----------------------------------------------------------------------------

@transaction.atomic
def station_page_save(*, station: Station, actor, is_public: bool, procedure: str = "", rules: str = "") -> StationPage:
    """Publish (or withdraw) a station's public page with its procedure and rules."""
    _require_manager(actor, station)
    page, _ = StationPage.objects.select_for_update().get_or_create(station=station)
    values = {"is_public": bool(is_public), "procedure": _text(procedure, "接待流程"), "rules": _text(rules, "工作制度")}
    changes = {k: [getattr(page, k), v] for k, v in values.items() if getattr(page, k) != v}
    if changes:
        for key, value in values.items():
            setattr(page, key, value)
        page.save(update_fields=list(values))
        audit_record(event_type="station.public_page", actor=actor, target=station, changes=changes)
    return page


# --- rules and schedule --------------------------------------------------------------------------

@transaction.atomic
def reception_rule_create(*, station: Station, actor, day: int, start_time: dt.time, end_time: dt.time,
                          valid_from: dt.date, recurrence: str = Recurrence.MONTHLY,
                          kind: str = ReceptionKind.DEPUTY, valid_until: dt.date | None = None) -> ReceptionRule:
    _require_manager(actor, station)
    if recurrence not in Recurrence.values:
        raise BusinessError(f"接待周期“{recurrence}”无效（可选：{'、'.join(Recurrence.labels)}）。", code="invalid_recurrence")
    if kind not in ReceptionKind.values:
        raise BusinessError(f"接待类型“{kind}”无效。", code="invalid_kind")
    if not isinstance(day, int) or not 1 <= day <= 31:
        raise BusinessError("接待日应为每月 1 至 31 日之间的一天（没有该日的月份取月末，遇节假日顺延）。", code="invalid_day")
    _check_times(start_time, end_time)
    if valid_from is None:
        raise BusinessError("请填写起用日期。", code="valid_from_required")
    if valid_until is not None and valid_until < valid_from:
        raise BusinessError("停用日期不能早于起用日期。", code="invalid_until")
    if ReceptionRule.objects.filter(station=station, kind=kind, recurrence=recurrence, day=day,
                                    valid_until__isnull=True).exists():
        raise BusinessError("本阵地已有相同的接待日规则。", code="duplicate")
    rule = ReceptionRule.objects.create(station=station, kind=kind, recurrence=recurrence, day=day,
                                        start_time=start_time, end_time=end_time, valid_from=valid_from,
                                        valid_until=valid_until)
    audit_record(event_type="reception_rule.create", actor=actor, target=station,
                 changes={"reception_rule": [None, rule.describe()]})
    return rule


@transaction.atomic
def reception_rule_end(*, rule: ReceptionRule, actor, valid_until: dt.date) -> ReceptionRule:
    """Stop a rule from `valid_until` on (the receptions already held keep their rule)."""
    current = ReceptionRule.objects.select_for_update().select_related("station__region").get(pk=rule.pk)
    _require_manager(actor, current.station)
    if valid_until is None or valid_until < current.valid_from:
        raise BusinessError("停用日期不能早于起用日期。", code="invalid_until")
    if current.valid_until is not None and current.valid_until <= valid_until:
        raise BusinessError(f"该规则已于{current.valid_until:%Y-%m-%d}停用。", code="already_ended")
    old = current.valid_until
    current.valid_until = valid_until
    current.save(update_fields=["valid_until"])
    audit_record(event_type="reception_rule.end", actor=actor, target=current.station,
                 changes={"valid_until": [old.isoformat() if old else None, valid_until.isoformat()]},
                 note=current.describe())
    return current


@transaction.atomic
def reception_schedule(*, station: Station, actor, date: dt.date, kind: str = ReceptionKind.DEPUTY,
                       start_time: dt.time | None = None, end_time: dt.time | None = None,
                       officials: str = "", deputies=()) -> Reception:
    """Put one reception day on the calendar with its duty roster. A date a rule gives takes the
    rule's times and remembers the day it was moved from (顺延)."""
    _require_manager(actor, station)
    if kind not in ReceptionKind.values:
        raise BusinessError(f"接待类型“{kind}”无效。", code="invalid_kind")
    if date is None:
        raise BusinessError("请填写接待日期。", code="date_required")
    rule, shifted_from = None, None
    for candidate in ReceptionRule.objects.filter(station=station, kind=kind):
        hit = next(iter(rule_dates(candidate, date, date)), None)
        if hit is not None:
            rule, shifted_from = candidate, hit.shifted_from
            start_time, end_time = start_time or candidate.start_time, end_time or candidate.end_time
            break
    _check_times(start_time, end_time)
    allowed = _station_deputy_ids(station)
    deputies = list(deputies)
    strangers = [d.name for d in deputies if d.pk not in allowed and kind == ReceptionKind.DEPUTY]
    if strangers:
        raise BusinessError(f"{'、'.join(strangers)}不是本阵地的代表，不能排入值班。", code="not_member")
    inactive = [d.name for d in deputies if not d.is_active]
    if inactive:
        raise BusinessError(f"{'、'.join(inactive)}已不在任。", code="inactive_deputy")
    if Reception.objects.filter(station=station, date=date, kind=kind).exists():
        raise BusinessError(f"{date:%Y年%-m月%-d日}已安排{ReceptionKind(kind).label}。", code="duplicate")
    reception = Reception.objects.create(
        station=station, rule=rule, kind=kind, date=date, shifted_from=shifted_from, start_time=start_time,
        end_time=end_time, officials=_text(officials, "接待领导", limit=200))
    ReceptionDuty.objects.bulk_create([ReceptionDuty(reception=reception, deputy=d) for d in deputies])
    audit_record(event_type="reception.schedule", actor=actor, target=reception, region=station.region,
                 changes={"date": [None, date.isoformat()], "duties": [None, "、".join(d.name for d in deputies)]})
    return reception


# --- the day itself ------------------------------------------------------------------------------

def _locked(reception) -> Reception:
    return Reception.objects.select_for_update().select_related("station", "station__region").get(pk=reception.pk)


@transaction.atomic
def reception_sign_in(*, reception: Reception, actor, deputy=None) -> ReceptionDuty:
    """A deputy signs in on the day (on a phone). Staff may sign a deputy in afterwards (补签).
    A deputy of the station who was not on the roster is added to it by signing in."""
    current = _locked(reception)
    own = deputy_of(actor)
    if deputy is None:
        deputy = own
    if deputy is None:
        raise BusinessError("请选择签到的代表。", code="deputy_required")
    staff = can_manage(actor, current.station)
    if not staff and (own is None or own.pk != deputy.pk):
        deny_write("代表只能为自己签到。")
    day = today()
    if day < current.date:
        raise BusinessError(f"接待日是{current.date:%Y年%-m月%-d日}，尚未开始，不能签到。", code="too_early")
    if not staff and day != current.date:
        raise BusinessError("签到仅限接待日当天；事后补签请联系人大工作人员。", code="not_today")
    duty = ReceptionDuty.objects.filter(reception=current, deputy=deputy).first()
    if duty is None:
        if deputy.pk not in _station_deputy_ids(current.station):
            raise BusinessError(f"{deputy.name}不在本次接待的值班名单中，也不是本阵地的代表。", code="not_on_duty")
        duty = ReceptionDuty(reception=current, deputy=deputy)
    if duty.signed_in_at is not None:
        raise BusinessError(f"{deputy.name}已于{timezone.localtime(duty.signed_in_at):%H:%M}签到。", code="already_signed_in")
    duty.signed_in_at, duty.signed_in_by = timezone.now(), actor
    duty.save()
    point_award(deputy=deputy, rule_code="reception_attended", source_key=reception_key(duty),
                occurred_on=current.date, actor=actor)
    audit_record(event_type="reception.sign_in", actor=actor, target=current, region=current.station.region,
                 changes={"signed_in": [None, deputy.name]}, note="" if own and own.pk == deputy.pk else "补签")
    return duty


def _check_held(reception):
    if today() < reception.date:
        raise BusinessError(f"接待日是{reception.date:%Y年%-m月%-d日}，当天及以后才能填写接待记录。", code="too_early")


def _add_visitor(reception, name: str) -> bool:
    if reception.visitors.filter(enterprise_name=name).exists():
        return False
    enterprise = Enterprise.objects.filter(name=name).order_by("pk").first()
    ReceptionVisitor.objects.create(reception=reception, enterprise=enterprise, enterprise_name=name)
    return True


@transaction.atomic
def reception_record(*, reception: Reception, actor, version: int, notes: str = "", answered_on_spot: str = "",
                     enterprises=(), officials: str | None = None) -> Reception:
    """Write the day's record: enterprises received, questions answered on the spot, notes. Two
    people saving at once: the first wins, the second gets a conflict (their input is theirs to
    keep: nothing of it is written)."""
    current = _locked(reception)
    if not (can_manage(actor, current.station) or current.duties.filter(deputy=deputy_of(actor)).exists()):
        deny_write("只有本区域的人大工作人员和当天值班的代表可以填写接待记录。")
    if int(version) != current.version:
        raise ConcurrentUpdate("这条接待记录已被他人修改。您填写的内容尚未保存，请核对最新记录后再提交。")
    _check_held(current)
    names = []
    for raw in enterprises:
        name = _text(raw, "企业名称", limit=120)
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_VISITORS:
        raise BusinessError(f"一次接待最多登记{MAX_VISITORS}家企业。", code="too_many")
    values = {"notes": _text(notes, "接待情况"), "answered_on_spot": _text(answered_on_spot, "现场解答的问题")}
    if officials is not None:
        values["officials"] = _text(officials, "接待领导", limit=200)
    before = list(current.visitors.values_list("enterprise_name", flat=True))
    changes = {k: [getattr(current, k), v] for k, v in values.items() if getattr(current, k) != v}
    current.visitors.exclude(enterprise_name__in=names).delete()
    for name in names:
        _add_visitor(current, name)
    if sorted(before) != sorted(names):
        changes["enterprises"] = ["、".join(before), "、".join(names)]
    for key, value in values.items():
        setattr(current, key, value)
    current.recorded_at, current.recorded_by = timezone.now(), actor
    current.version += 1
    current.save(update_fields=[*values, "recorded_at", "recorded_by", "version"])
    audit_record(event_type="reception.record", actor=actor, target=current, region=current.station.region,
                 changes=changes)
    return current


@transaction.atomic
def reception_demand_take(*, reception: Reception, actor, title: str = "", description: str, category,
                          enterprise_name: str, contact_name: str, contact_phone: str, enterprise_uscc: str = "",
                          urgency: str = "normal", collected_by=None):
    """A demand taken at the reception becomes a case (source 接待日, the collecting deputy) through
    the closed loop's intake; the enterprise is added to the day's record."""
    current = _locked(reception)
    own = deputy_of(actor)
    staff = can_manage(actor, current.station)
    if own is not None and not staff:
        if collected_by is not None and collected_by.pk != own.pk:
            deny_write("代表只能以本人名义收集诉求。")
        collected_by = own
        if not current.duties.filter(deputy=own).exists():
            deny_write("您不在本次接待的值班名单中，请先签到。")
    elif not staff:
        deny_write("只有人大工作人员和当天值班的代表可以录入接待日诉求。")
    elif collected_by is not None and not current.duties.filter(deputy=collected_by).exists():
        raise BusinessError(f"{collected_by.name}不在本次接待的值班名单中。", code="not_on_duty")
    _check_held(current)
    case = case_submit(
        actor=actor, source=Source.RECEPTION_DAY, title=title, description=description, category=category,
        enterprise_name=enterprise_name, contact_name=contact_name, contact_phone=contact_phone,
        enterprise_uscc=enterprise_uscc, station=current.station, collected_by=collected_by, urgency=urgency,
    )
    ReceptionDemand.objects.create(reception=current, case=case)
    _add_visitor(current, case.enterprise_name)
    audit_record(event_type="reception.demand", actor=actor, target=current, region=current.station.region,
                 changes={"demands": [None, case.number]})
    return case


@transaction.atomic
def reception_demand_link(*, reception: Reception, case, actor) -> ReceptionDemand:
    """Link a case already in the loop (entered from the paper ledger) to the reception it was taken at."""
    current = _locked(reception)
    _require_manager(actor, current.station)
    if case.station_id != current.station_id or case.source != Source.RECEPTION_DAY:
        raise BusinessError(f"诉求{case.number}不是本阵地接待日收集的诉求。", code="not_this_station")
    try:
        with transaction.atomic():
            link = ReceptionDemand.objects.create(reception=current, case=case)
    except IntegrityError:
        raise BusinessError(f"诉求{case.number}已关联到接待日。", code="duplicate") from None
    _add_visitor(current, case.enterprise_name)
    audit_record(event_type="reception.demand", actor=actor, target=current, region=current.station.region,
                 changes={"demands": [None, case.number]})
    return link


# --- activities ----------------------------------------------------------------------------------

@transaction.atomic
def activity_create(*, actor, kind: str, title: str, date: dt.date, region, station: Station | None = None,
                    place: str = "", organiser: str = "", notes: str = "", deputies=(), members=(),
                    absent=(), enterprises=()) -> Activity:
    """Record an activity with its participants (deputies present; those in `absent` are recorded
    absent; station members are grid workers) and the enterprises visited (each must be one the
    actor reads; a 走访/视察/调研 counts as a visit for 联系包挂)."""
    require_staff(actor)
    if region is None or not in_region_scope(actor, region):
        deny_write("只能登记本区域（含下辖镇街）的履职活动。")
    if kind not in ActivityKind.values:
        raise BusinessError(f"活动类型“{kind}”无效（可选：{'、'.join(ActivityKind.labels)}）。", code="invalid_kind")
    title = _text(title, "活动主题", limit=120)
    if not title:
        raise BusinessError("请填写活动主题。", code="title_required")
    if date is None:
        raise BusinessError("请填写活动日期。", code="date_required")
    if station is not None and not station.region.path.startswith(region.path):
        raise BusinessError("阵地不在活动所属区域内。", code="invalid_station")
    activity = Activity.objects.create(kind=kind, title=title, date=date, region=region, station=station,
                                       place=_text(place, "地点", limit=200), organiser=_text(organiser, "组织单位", limit=120),
                                       notes=_text(notes, "情况记录"), created_by=actor)
    absent_ids = {d.pk for d in absent}
    ActivityParticipant.objects.bulk_create(
        [ActivityParticipant(activity=activity, deputy=d,
                             attendance=Attendance.ABSENT if d.pk in absent_ids else Attendance.PRESENT)
         for d in deputies]
        + [ActivityParticipant(activity=activity, member=m) for m in members]
    )
    changes = {"title": [None, title], "kind": [None, kind]}
    enterprises = list(enterprises)
    if enterprises:
        ids = {e.pk for e in enterprises}
        if enterprise_list(actor).filter(pk__in=ids).count() != len(ids):
            raise BusinessError("走访企业中有不在您范围内的企业。", code="invalid_enterprise")
        activity.enterprises.set(enterprises)
        changes["enterprises"] = [None, "、".join(e.name for e in enterprises)]
    for d in deputies:  # 履职积分: present pays, absent without leave deducts (same transaction)
        rule = activity_rule(kind, Attendance.ABSENT if d.pk in absent_ids else Attendance.PRESENT)
        point_award(deputy=d, rule_code=rule, source_key=activity_key(activity), occurred_on=date, actor=actor)
    audit_record(event_type="activity.create", actor=actor, target=activity, region=region, changes=changes)
    return activity
