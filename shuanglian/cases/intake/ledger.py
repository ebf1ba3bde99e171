"""Import an existing ledger (台账) from Excel: template download, per-row validation with the same
rules as case_submit, all-or-nothing, a Chinese error report by row and column. Every imported
case has source=import and starts as submitted (historical states are not replayed); the
ledger's 提交日期 becomes the case's submission time, and its 来源 is kept in the audit note.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path

from shuanglian.core.audit import audit_record
from shuanglian.core.permissions import region_subtree_q, require_staff
from shuanglian.deputies.models import Deputy, Station
from shuanglian.lib import excel
from shuanglian.lib.excel import Column, RowError
from shuanglian.regions.models import Region

from ..models import Category, Source, Urgency
from .services import case_submit, scope_problem
from .validation import IntakeInvalid, clean_submission

ORIGINS = [label for value, label in Source.choices if value not in ("import", "api", "open311")]
COLUMNS = [
    Column("企业名称", "enterprise_name", required=True, help="≤120字", example="重庆乾凤锻造有限公司"),
    Column("统一社会信用代码", "enterprise_uscc", help="选填；18位，校验位校验", example=""),
    Column("联系人", "contact_name", required=True, help="≤50字", example="刘经理"),
    Column("联系电话", "contact_phone", required=True, help="11位手机号或带区号的固定电话", example="13912345678"),
    Column("诉求标题", "title", help="选填；缺省取诉求内容第一行", example="新厂房燃气走线需要调整"),
    Column("诉求内容", "description", required=True, help="≤5000字", example="新厂房燃气走线与规划冲突，影响投产。"),
    Column("类别", "category", required=True, help="类别名称或代码，如 水电气保障 / energy", example="水电气保障"),
    Column("来源", "origin", parse=lambda v: _origin(v), help=f"选填；原始来源：{'、'.join(ORIGINS)}", example="走访"),
    Column("提交日期", "submitted_on", parse=excel.date, help="选填；如 2025-04-22，缺省为导入当天", example="2025-04-22"),
    Column("收集代表", "collected_by", help="选填；代表姓名（须已在代表名册中）", example=""),
    Column("所属区域", "region", help="选填；区域名称或区划代码，缺省为您所在区域", example=""),
    Column("履职阵地", "station", help="选填；阵地名称（须已登记）", example=""),
    Column("紧急程度", "urgency", parse=excel.choice(dict(Urgency.choices)), help="选填；一般、紧急、复杂", example="一般"),
]
HEADER_OF = {
    "enterprise_name": "企业名称", "enterprise_uscc": "统一社会信用代码", "contact_name": "联系人",
    "contact_phone": "联系电话", "title": "诉求标题", "description": "诉求内容", "category": "类别",
    "urgency": "紧急程度", "region": "所属区域", "station": "履职阵地", "chain_node": "", "chain": "",
    "problem_kind": "", "consent": "", "attachments": "", "source": "", "submitted_at": "提交日期",
}


def _origin(value):
    raw = excel.text(value)
    if raw and raw not in ORIGINS:
        raise excel.CellError(f"“{raw}”不在可选值中（可选：{'、'.join(ORIGINS)}）")
    return raw


def ledger_template():
    return excel.template_workbook(COLUMNS, title="诉求台账", notes=[
        "每行一条诉求。带 * 的必填列见“必填”一栏。",
        "全部行校验通过才会导入；任何一行有错，整批都不导入，并逐行列出错误。",
        "导入的诉求状态为“待受理”，来源记为“台账导入”。",
    ])


class _Lookup:
    """Region, station and deputy names → objects, within the actor's scope, memoised."""

    def __init__(self, actor):
        self.actor = actor
        self.regions = Region.objects.filter(region_subtree_q(actor, ""))
        self.stations = Station.objects.select_related("region", "chain", "head").filter(region_subtree_q(actor, "region"))
        self.deputies = Deputy.objects.filter(region_subtree_q(actor, "region"), is_active=True)
        self.memo = {}

    def one(self, kind, value):
        key = (kind, value)
        if key not in self.memo:
            if kind == "region":
                found = list(self.regions.filter(Q(code=value) | Q(name=value))[:2])
            elif kind == "station":
                found = list(self.stations.filter(name=value)[:2])
            else:
                found = list(self.deputies.filter(name=value)[:2])
            self.memo[key] = found
        return self.memo[key]


def _resolve(lookup, number, row, errors):
    values = {}
    labels = {"region": ("所属区域", "区域"), "station": ("履职阵地", "阵地"), "collected_by": ("收集代表", "代表")}
    for field, (header, noun) in labels.items():
        raw = row.get(field) or ""
        if not raw:
            values[field] = None
            continue
        found = lookup.one("deputy" if field == "collected_by" else field, raw)
        if not found:
            errors.append(RowError(number, header, f"找不到{noun}“{raw}”（须在您的工作区域内）"))
        elif len(found) > 1:
            errors.append(RowError(number, header, f"有多个{noun}叫“{raw}”，请改填区划代码或在系统中单独录入"))
        else:
            values[field] = found[0]
    if values.get("region") is None and values.get("station") is None:
        values["region"] = lookup.actor.region
    return values


def ledger_import(*, actor, file) -> tuple[int, list[str]]:
    """All or nothing through the shared import runner: returns (number of cases created, []) or
    (0, the Chinese error list, row by row)."""
    require_staff(actor)
    lookup = _Lookup(actor)

    def check(number, row, errors):
        resolved = _resolve(lookup, number, row, errors)
        submission = {
            "source": Source.IMPORT, "title": row.get("title", ""), "description": row.get("description", ""),
            "category": row.get("category", ""), "enterprise_name": row.get("enterprise_name", ""),
            "contact_name": row.get("contact_name", ""), "contact_phone": row.get("contact_phone", ""),
            "enterprise_uscc": row.get("enterprise_uscc", ""), "urgency": row.get("urgency") or Urgency.NORMAL,
            "station": resolved.get("station"), "region": resolved.get("region"),
            "collected_by": resolved.get("collected_by"), "submitted_at": row.get("submitted_on"),
        }
        try:
            clean_submission(actor=actor, **submission)
        except IntakeInvalid as exc:
            seen = {(e.row, e.column) for e in errors}
            for field, message in exc.errors.items():
                if (number, HEADER_OF.get(field, "")) not in seen:  # already reported by the cell parser
                    errors.append(RowError(number, HEADER_OF.get(field, ""), message.rstrip("。")))
        problem = scope_problem(actor, submission["region"], submission["station"])
        if problem:
            errors.append(RowError(number, "所属区域", problem.rstrip("。")))
        return submission, row.get("origin") or ""

    def write(prepared):
        for submission, origin in prepared:
            case = case_submit(actor=actor, **submission)
            if origin:
                audit_record(event_type="case.import_origin", actor=actor, target=case,
                             changes={"origin": [None, origin]}, note=f"台账原始来源：{origin}")
        audit_record(event_type="case.import", actor=actor, region=actor.region,
                     changes={"count": [None, len(prepared)]},
                     note=f"导入诉求台账 {getattr(file, 'name', '')}，共{len(prepared)}条")
        return len(prepared), 0

    outcome = excel.import_rows(file, COLUMNS, check=check, write=write)
    errors = sorted(outcome.errors, key=lambda e: e.row)  # stable: a row's errors keep column order
    return (0, [str(e) for e in errors]) if errors else (outcome.created, [])


# --- the staff page -----------------------------------------------------------------------------

@login_required
def import_view(request):
    require_staff(request.user)
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = ["请选择要导入的 Excel 文件（.xlsx）。"]
        else:
            count, errors = ledger_import(actor=request.user, file=upload)
            if not errors:
                messages.success(request, f"已导入{count}条诉求，状态均为“待受理”。")
                return redirect("cases:import")
    return render(request, "cases/ledger_import.html", {
        "errors": errors, "categories": Category.objects.filter(is_active=True),
    }, status=400 if errors else 200)


@login_required
def import_template_view(request):
    require_staff(request.user)
    return excel.xlsx_response(ledger_template(), "诉求台账导入模板.xlsx")


urlpatterns = [
    path("cases/import/", import_view, name="import"),
    path("cases/import/template/", import_template_view, name="import_template"),
]
