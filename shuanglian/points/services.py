"""Writes of the points app (DESIGN.md §4.1): keyword-only, explicit actor, one transaction, one
audit event. The apps above call `point_award` from their own services when a verified event
happens; staff write manual entries with a reason, edit the rule table and publish quarters.
Objections are in objections.py, the rebuild in rebuild.py."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import (
    deny_write,
    in_region_scope,
    is_admin,
    is_staff_role,
    require_staff,
)
from shuanglian.deputies.models import Deputy

from . import engine
from .models import (
    Category,
    EntryKind,
    PointEntry,
    PointPublication,
    PointRule,
    PointRuleVersion,
    PointTotal,
)
from .periods import ancestor_paths, display, quarter_of

MAX_POINTS = Decimal("100")
MAX_CAP = Decimal("1000")
MAX_REASON = 500


def today() -> dt.date:
    return timezone.localdate()


def fmt(value) -> str:
    """Points for a person: 2, −1, 0.5 — no trailing zeros."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
    return text.replace("-", "−")


# --- reads the writers share ---------------------------------------------------------------------

def frozen_periods(deputy) -> set[str]:
    """Quarters published for the deputy's region or a region above it."""
    paths = ancestor_paths(deputy.region.path)
    return set(PointPublication.objects.filter(region__path__in=paths).values_list("period", flat=True))


def version_on(rule: PointRule, day: dt.date) -> PointRuleVersion | None:
    return rule.versions.filter(valid_from__lte=day).order_by("-valid_from").first()


def _used(deputy_id: int, rule: PointRule, period: str) -> Decimal:
    periods = engine.cap_periods(rule.period, period)
    total = PointEntry.objects.filter(deputy_id=deputy_id, rule=rule, kind=EntryKind.EVENT,
                                      period__in=periods).aggregate(s=Sum("points"))["s"]
    return total or engine.ZERO


def add_total(deputy_id: int, period: str, points: Decimal) -> None:
    """Keep the quarter's and the year's total (a ranking reads one row per deputy either way)."""
    for label in (period, period[:4]):
        updated = PointTotal.objects.filter(deputy_id=deputy_id, period=label).update(points=F("points") + points)
        if not updated:
            PointTotal.objects.create(deputy_id=deputy_id, period=label, points=points)


def lock_deputy(deputy) -> Deputy:
    # Awards for one deputy queue up here, so two at once cannot both slip under a cap.
    return Deputy.objects.select_for_update().select_related("region").get(pk=deputy.pk)


def write_entry(*, deputy, rule, kind, points, occurred_on, source_key, actor, reason="", uncapped=None,
                frozen=None) -> PointEntry:
    """Place and store one entry and keep its quarter's total (the caller holds the deputy lock)."""
    period = engine.place(occurred_on, frozen_periods(deputy) if frozen is None else frozen)
    entry = PointEntry.objects.create(
        deputy=deputy, rule=rule, kind=kind, points=points, uncapped=uncapped, period=period,
        occurred_on=occurred_on, source_key=source_key, reason=reason, actor=actor if getattr(actor, "pk", None) else None,
    )
    add_total(deputy.pk, period, points)
    return entry


# --- awards from verified events -------------------------------------------------------------------

@transaction.atomic
def point_award(*, deputy, rule_code: str, source_key: str, occurred_on: dt.date, actor) -> PointEntry | None:
    """Pay a verified event (called by the service that verified it, in its transaction). Idempotent:
    the same (deputy, rule, source_key) pays once; None when already paid, or when the rule is not in
    the table or not in force on that day."""
    rule = PointRule.objects.filter(code=rule_code).first()
    if rule is None:
        # The rule table decides what pays: a code not (or no longer) in it pays nothing, and the
        # event that called must not fail for it (the rebuild skips it the same way).
        return None
    if PointEntry.objects.filter(deputy_id=deputy.pk, rule=rule, source_key=source_key).exists():
        return None
    locked = lock_deputy(deputy)
    version = version_on(rule, occurred_on)
    if version is None or not version.active:
        return None
    frozen = frozen_periods(locked)
    period = engine.place(occurred_on, frozen)
    paid = engine.granted(version.points, version.cap, _used(locked.pk, rule, period))
    try:
        with transaction.atomic():
            entry = write_entry(deputy=locked, rule=rule, kind=EntryKind.EVENT, points=paid, occurred_on=occurred_on,
                                source_key=source_key, actor=actor, frozen=frozen,
                                uncapped=version.points if paid != version.points else None)
    except IntegrityError:  # the same event paid by a concurrent request
        return None
    audit_record(event_type="point.award", actor=actor, target=locked, region=locked.region,
                 changes={"points": [None, f"{rule.name} {fmt(paid)}（{display(entry.period)}）"]},
                 note=source_key)
    return entry


@transaction.atomic
def point_revoke(*, deputy, rule_code: str, source_key: str, actor, note: str = "") -> bool:
    """Take back what an event paid when the event is undone (a suggestion withdrawn or refused
    before assignment). An entry of a published quarter stays (亮分 is never rewritten), and so does
    an entry a deputy objected to (the objection points at it) — the rebuild keeps both as well.
    The cap room it frees goes to the rule's later capped entries of the same period, in the order
    they were paid, as the rebuild would replay them. True when something was taken back."""
    entry = (PointEntry.objects.filter(deputy_id=deputy.pk, rule__code=rule_code, source_key=source_key,
                                       kind=EntryKind.EVENT).select_related("rule").first())
    if entry is None or entry.objections.exists():
        return False
    locked = lock_deputy(deputy)
    frozen = frozen_periods(locked)
    if entry.period in frozen:
        return False
    rule, period, points = entry.rule, entry.period, entry.points
    entry.delete()
    add_total(locked.pk, period, -points)
    _regrant(locked, rule, period, frozen)
    audit_record(event_type="point.revoke", actor=actor, target=locked, region=locked.region, note=note or source_key,
                 changes={"points": [f"{rule.name} {fmt(points)}（{display(period)}）", None]})
    return True


def _regrant(deputy, rule, period: str, frozen: set[str]) -> None:
    capped = (PointEntry.objects.filter(deputy_id=deputy.pk, rule=rule, kind=EntryKind.EVENT, uncapped__isnull=False,
                                        period__in=engine.cap_periods(rule.period, period))
              .exclude(period__in=frozen).order_by("id"))
    for entry in capped:
        version = version_on(rule, entry.occurred_on)
        if version is None:
            continue
        used = _used(deputy.pk, rule, entry.period) - entry.points
        paid = engine.granted(entry.uncapped, version.cap, used)
        if paid != entry.points:
            add_total(deputy.pk, entry.period, paid - entry.points)
            entry.points, entry.uncapped = paid, (None if paid == entry.uncapped else entry.uncapped)
            entry.save(update_fields=["points", "uncapped"])


# --- manual entries by staff -------------------------------------------------------------------------

def parse_points(value, *, label: str = "分值") -> Decimal:
    """A number of points typed by staff: at most one decimal, |x| ≤ 100, ASCII digits only."""
    text = str(value).strip() if value is not None else ""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not all(c in "0123456789." for c in body) or body.count(".") > 1:
        raise BusinessError(f"{label}应为数字，最多一位小数，如 2 或 -0.5。", code="invalid_points")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BusinessError(f"{label}应为数字，最多一位小数。", code="invalid_points") from None
    if number != number.quantize(Decimal("0.1")):
        raise BusinessError(f"{label}最多一位小数。", code="invalid_points")
    if abs(number) > MAX_POINTS:
        raise BusinessError(f"{label}的绝对值不能超过{MAX_POINTS}分。", code="invalid_points")
    return number


def clean_reason(value, label: str = "理由") -> str:
    text = (value or "").strip()
    if not text:
        raise BusinessError(f"请填写{label}。", code="reason_required")
    if len(text) > MAX_REASON:
        raise BusinessError(f"{label}不能超过{MAX_REASON}字（当前{len(text)}字）。", code="too_long")
    return text


def check_day(day, label: str = "发生日期") -> dt.date:
    if not isinstance(day, dt.date):
        raise BusinessError(f"请填写{label}。", code="date_required")
    if day > today():
        raise BusinessError(f"{label}不能晚于今天。", code="date_in_future")
    if day.year < 2000:
        raise BusinessError(f"{label}的年份须在 2000 年以后。", code="date_out_of_range")
    return day


def check_sign(rule, points: Decimal, label: str = "分值") -> None:
    if points == 0:
        raise BusinessError(f"{label}不能为 0。", code="invalid_points")
    if (rule.category == Category.DEDUCTION) != (points < 0):
        raise BusinessError(f"“{rule.get_category_display()}”类规则的{label}应为"
                            f"{'负数' if rule.category == Category.DEDUCTION else '正数'}。", code="invalid_points")


@transaction.atomic
def point_manual(*, deputy, rule: PointRule, occurred_on: dt.date, reason: str, actor, points=None) -> PointEntry:
    """Staff record what no service verifies (表彰, 述职, 无故缺席 …) with a reason. A rule paid from
    verified events cannot be entered by hand: the event pays it."""
    require_staff(actor)
    locked = lock_deputy(deputy)
    if not in_region_scope(actor, locked.region):
        deny_write("只能为本区域（含下辖镇街）的代表录入积分。")
    if rule.event_sourced:
        raise BusinessError(f"“{rule.name}”由系统根据已核实的履职记录自动计分，不能手工录入；"
                            "如有错漏请通过积分异议更正。", code="event_sourced_rule")
    occurred_on = check_day(occurred_on)
    reason = clean_reason(reason)
    version = version_on(rule, occurred_on)
    if version is None or not version.active:
        raise BusinessError(f"“{rule.name}”在{occurred_on:%Y-%m-%d}未启用。", code="rule_inactive")
    value = version.points if points in (None, "") else parse_points(points)
    check_sign(rule, value)
    entry = write_entry(deputy=locked, rule=rule, kind=EntryKind.MANUAL, points=value, occurred_on=occurred_on,
                        source_key=f"manual:{uuid.uuid4().hex}", actor=actor, reason=reason)
    audit_record(event_type="point.manual", actor=actor, target=locked, region=locked.region, note=reason,
                 changes={"points": [None, f"{rule.name} {fmt(value)}（{display(entry.period)}）"]})
    return entry


# --- the rule table ------------------------------------------------------------------------------------

def can_edit_rules(user) -> bool:
    """The rule table is the platform's: staff of the top region (or an admin) edit it."""
    if is_admin(user):
        return True
    region = getattr(user, "region", None)
    return is_staff_role(user) and region is not None and region.parent_id is None


@transaction.atomic
def point_rule_update(*, rule: PointRule, actor, name: str, points, cap, active: bool,
                      expected_version: int | None = None) -> PointRule:
    """Change a rule from tomorrow on: what events of earlier days paid (or will pay, in a rebuild)
    stays; published quarters are never rewritten."""
    if not can_edit_rules(actor):
        deny_write("只有市级人大工作人员可以修改积分规则。")
    locked = PointRule.objects.select_for_update().get(pk=rule.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentUpdate("该积分规则已被他人修改，您的修改未保存。请刷新后核对再提交。")
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise BusinessError("规则名称不能为空，且不超过80字。", code="invalid_name")
    value = parse_points(points)
    check_sign(locked, value)
    limit = None if cap in (None, "") else parse_points(cap, label="周期上限")
    if limit is not None and not Decimal("0") < limit <= MAX_CAP:
        raise BusinessError(f"周期上限应为正数且不超过{MAX_CAP}分（扣分规则的上限同样填正数）。", code="invalid_cap")
    new = {"name": name, "points": value, "cap": limit, "active": bool(active)}
    changes = {k: [str(getattr(locked, k)) if getattr(locked, k) is not None else None,
                   str(v) if v is not None else None] for k, v in new.items() if getattr(locked, k) != v}
    if not changes:
        return locked
    starts = today() + dt.timedelta(days=1)
    PointRuleVersion.objects.update_or_create(rule=locked, valid_from=starts, defaults={
        "points": value, "cap": limit, "active": bool(active)})
    for key, v in new.items():
        setattr(locked, key, v)
    locked.version += 1
    locked.save(update_fields=[*new, "version"])
    audit_record(event_type="point_rule.update", actor=actor, target=locked, changes=changes,
                 note=f"自{starts:%Y-%m-%d}起生效")
    return locked


# --- publication (亮分) -------------------------------------------------------------------------------

@transaction.atomic
def point_publish(*, region, period: str, actor) -> PointPublication:
    """Publish a region's quarter: frozen from now on; its ranking is readable by its deputies."""
    require_staff(actor)
    if not in_region_scope(actor, region):
        deny_write("只能为本区域（含下辖镇街）亮分。")
    if period > quarter_of(today()):
        raise BusinessError(f"{display(period)}尚未开始，不能亮分。", code="future_period")
    above = PointPublication.objects.filter(region__path__in=ancestor_paths(region.path), period=period).first()
    if above is not None:
        raise BusinessError(f"{above.region.name}{display(period)}的积分已于"
                            f"{timezone.localtime(above.published_at):%Y-%m-%d %H:%M}亮分。", code="already_published")
    publication = PointPublication.objects.create(region=region, period=period, published_by=actor)
    audit_record(event_type="point.publish", actor=actor, target=publication, region=region,
                 changes={"published": [None, f"{region.name}{display(period)}"]})
    return publication
