"""Excel import of a station's historic 履职活动 (all or nothing, every problem reported as
第N行「列」, through lib.excel.import_rows and the same service as the page: activity_create — so
the participants' points are paid as for an activity entered by hand). Staff of the station's
region only; participants are the station's deputies, named as on the page."""

from __future__ import annotations

import re

from openpyxl import Workbook

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.lib import excel
from shuanglian.lib.excel import Column, ImportRefused, RowError, import_rows

from .models import ActivityKind
from .selectors import station_deputies, today
from .services import activity_create

COLUMNS = [
    Column("活动类型", "kind", required=True, parse=excel.choice(dict(ActivityKind.choices)),
           help="、".join(ActivityKind.labels), example="视察"),
    Column("活动主题", "title", required=True, help="不超过120字", example="集中视察园区充电设施建设"),
    Column("活动日期", "date", required=True, parse=excel.date, help="如 2025-06-15；不能晚于今天", example="2025-06-15"),
    Column("地点", "place", help="选填", example="青杠工业园区"),
    Column("组织单位", "organiser", help="选填", example="青杠街道人大工委"),
    Column("出席代表", "present", help="本阵地的代表姓名，多人用顿号（、）或逗号分隔", example="刘波、饶静"),
    Column("缺席代表", "absent", help="无故缺席的本阵地代表姓名（将扣分），多人用顿号分隔", example=""),
    Column("情况记录", "notes", help="选填", example="发现充电桩不足等问题3个"),
]
RULE = ("导入规则：全部行校验通过才会导入；任何一行有错，整批不导入，并逐行列出错误。"
        "出席和缺席代表按履职积分规则计分，与在页面上登记的活动相同。")
SEPARATORS = re.compile(r"[、，,；;\s]+")


def activities_template() -> Workbook:
    return excel.template_workbook(COLUMNS, title="履职活动", notes=[RULE])


def activities_import(*, file, actor, station) -> tuple[int, list[RowError]]:
    """(activities created, errors); with any error nothing is written."""
    people: dict[str, list] = {}
    for d in station_deputies(station):
        if d.is_active:
            people.setdefault(d.name, []).append(d)
    on = today()

    def named(number, values, field, label, errors) -> list:
        found = []
        for name in (n for n in SEPARATORS.split(values.get(field) or "") if n):
            match = people.get(name, [])
            if len(match) != 1:
                errors.append(RowError(number, label, f"“{name}”不是本阵地的在任代表" if not match
                                       else f"本阵地有多名代表叫“{name}”，请在页面上登记该活动"))
            elif match[0] not in found:
                found.append(match[0])
        return found

    def check(number, values, errors):
        before = len(errors)
        # a cell that could not be read is already an error (and missing here)
        if len((values.get("title") or "").strip()) > 120:
            errors.append(RowError(number, "活动主题", "不能超过120字"))
        if values.get("date") is not None and values["date"] > on:
            errors.append(RowError(number, "活动日期", "不能晚于今天"))
        present = named(number, values, "present", "出席代表", errors)
        absent = named(number, values, "absent", "缺席代表", errors)
        both = {d.pk for d in present} & {d.pk for d in absent}
        if both:
            errors.append(RowError(number, "缺席代表", "同一代表不能既出席又缺席"))
        if len(errors) > before:
            return None
        return number, values, present + absent, absent

    def write(rows):
        for number, v, deputies, absent in rows:
            try:
                activity_create(actor=actor, kind=v["kind"], title=v["title"], date=v["date"], region=station.region,
                                station=station, place=v["place"], organiser=v["organiser"], notes=v["notes"],
                                deputies=deputies, absent=absent)
            except BusinessError as exc:
                raise ImportRefused([RowError(number, "", exc.message)]) from None
        return len(rows), 0

    outcome = import_rows(file, COLUMNS, check=check, write=write)
    if not outcome.errors:
        audit_record(event_type="activity.import", actor=actor, target=station, region=station.region,
                     note=f"从 Excel 导入履职活动 {outcome.created} 次")
    return outcome.created, outcome.errors
