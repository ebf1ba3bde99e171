"""Exports of the closed loop: the ledger (台账) as xlsx, and the assignment slip (交办单) and the
formal supervision notice (督办通知) as Word documents in official-document layout.

The ledger is written with openpyxl's write_only mode (rows stream to a temporary file, memory
stays flat for large ledgers); every cell passes lib/excel.safe_value, so text such as "=1+1"
is written as text, never as a formula. Phone numbers are masked unless the exporter is staff,
and every export is audited (case.export, with the filter and the row count).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from urllib.parse import quote

from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, QueryDict
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from shuanglian.core.audit import audit_record
from shuanglian.core.permissions import is_staff_role
from shuanglian.lib import docx as d
from shuanglian.lib import lights
from shuanglian.lib.excel import HEADER_FILL, HEADER_FONT, XLSX_CONTENT_TYPE, safe_value
from shuanglian.lib.phones import phone_mask
from shuanglian.lib.workdays import add_workdays, workdays_between

from .. import clock
from ..filters import CaseFilter
from ..models import Case, CoDepartment
from ..selectors import can_see_details, case_list
from ..services import reply_limit_of
from .notices import formal_number, formal_until

HIDDEN = "（涉及商业秘密，已隐藏）"

LEDGER_COLUMNS = [
    # (header, width)
    ("诉求编号", 16), ("标题", 30), ("类别", 12), ("问题类型", 10), ("紧急程度", 8), ("来源", 12),
    ("企业名称", 28), ("统一社会信用代码", 22), ("联系人", 10), ("联系电话", 15),
    ("所属区域", 12), ("产业链", 24), ("履职阵地", 22), ("收集代表", 10),
    ("主办部门", 18), ("协办部门", 24), ("状态", 12), ("三色灯", 8), ("截止日期", 12),
    ("提交时间", 18), ("受理时间", 18), ("交办时间", 18), ("签收时间", 18), ("答复时间", 18),
    ("评价时间", 18), ("销号时间", 18),
    ("按时签收", 8), ("按时答复", 8), ("答复用时（工作日）", 10), ("办理结果", 14), ("答复内容", 40),
    ("承诺事项", 30), ("承诺完成日期", 12), ("评价", 10), ("评价意见", 30), ("重办次数", 8), ("诉求内容", 50),
]


# --- the ledger ---------------------------------------------------------------------------------

def ledger_queryset(user, params: QueryDict | dict | None):
    """The user's cases (case_list: a handler gets only their department's), filtered exactly like
    the case list page (the same FilterSet when cases/filters.py provides one)."""
    qs = case_list(user)
    params = params if params is not None else QueryDict()
    qs = CaseFilter(params, queryset=qs, request=_Request(user)).qs
    return (
        qs.select_related("category", "region", "lead_department", "chain", "station", "collected_by")
        .prefetch_related(Prefetch("co_departments", queryset=CoDepartment.objects.select_related("department")))
        .order_by("submitted_at", "pk")
    )


class _Request:
    """FilterSets may look at request.user to scope their choices."""

    def __init__(self, user):
        self.user = user


def _dt(value):
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


def _yes_no(value):
    return "" if value is None else ("是" if value else "否")


def ledger_row(case: Case, user, on: dt.date, staff: bool) -> list:
    details = can_see_details(case, user)
    co = "、".join(c.department.name for c in case.co_departments.all())
    return [
        case.number, case.title, case.category.name, case.get_problem_kind_display(), case.get_urgency_display(),
        case.get_source_display(),
        case.enterprise_name, case.enterprise_uscc,
        case.contact_name if details else HIDDEN,
        (case.contact_phone if staff else phone_mask(case.contact_phone)) if details else HIDDEN,
        case.region.name, case.chain.name if case.chain_id else "", case.station.name if case.station_id else "",
        case.collected_by.name if case.collected_by_id else "",
        case.lead_department.name if case.lead_department_id else "", co,
        case.get_status_display(), lights.LABELS[clock.light_of(case, on)], case.due_date,
        _dt(case.submitted_at), _dt(case.accepted_at), _dt(case.assigned_at), _dt(case.signed_at),
        _dt(case.replied_at), _dt(case.rated_at), _dt(case.closed_at),
        _yes_no(case.sign_on_time), _yes_no(case.reply_on_time), case.reply_workdays,
        case.get_reply_result_display() if case.reply_result else "",
        case.reply_content if details else HIDDEN,
        case.commitment, case.commitment_due,
        case.get_rating_display() if case.rating else "", case.rating_comment,
        case.reopen_count, case.description if details else HIDDEN,
    ]


def _cell(ws, value, *, header=False, date_format=None):
    cell = WriteOnlyCell(ws, value=safe_value(value))
    if header:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def ledger_export(*, actor, params: QueryDict | dict | None = None) -> tuple[FileResponse, int]:
    """Write the ledger of the cases `actor` may read, filtered by `params`, and audit it.

    Returns (response, row count). The workbook is built in write_only mode into a temporary
    file (spooled in memory up to 8 MB), so memory does not grow with the ledger.
    """
    params = params if params is not None else QueryDict()
    on = clock.today()
    staff = is_staff_role(actor)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("诉求台账")
    for i, (_, width) in enumerate(LEDGER_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, header, header=True) for header, _ in LEDGER_COLUMNS])
    count = 0
    for case in ledger_queryset(actor, params).iterator(chunk_size=1000):
        ws.append([_cell(ws, v) for v in ledger_row(case, actor, on, staff)])
        count += 1
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb.save(out)
    out.seek(0)
    filters = {k: v for k, v in (params.lists() if hasattr(params, "lists") else params.items())
               if k not in ("page", "csrfmiddlewaretoken")}
    with transaction.atomic():
        audit_record(
            event_type="case.export", actor=actor, region=getattr(actor, "region", None),
            changes={"rows": [None, count], "filters": [None, filters], "phones": [None, "full" if staff else "masked"]},
            note=f"导出诉求台账 {count} 条",
        )
    filename = f"诉求台账_{on:%Y%m%d}.xlsx"
    response = FileResponse(out, content_type=XLSX_CONTENT_TYPE, as_attachment=True)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response, count


# --- Word documents -----------------------------------------------------------------------------

def committee_region(region):
    """The district (or city) whose standing committee issues documents for `region`."""
    node = region
    while node is not None and node.level not in ("district", "city"):
        node = node.parent
    return node or region


def issuer(case: Case) -> str:
    return f"{committee_region(case.region).name}人大常委会办公室"


def issuer_short(case: Case) -> str:
    name = committee_region(case.region).name
    return name[:-1] if len(name) > 2 and name[-1] in "区县市" else name


def _facts(case: Case, *, with_contact: bool) -> list[tuple[str, str]]:
    rows = [
        ("诉求编号", case.number),
        ("诉求标题", case.title),
        ("企业名称", case.enterprise_name + (f"（{case.enterprise_uscc}）" if case.enterprise_uscc else "")),
    ]
    if with_contact:
        rows.append(("联系人及电话", f"{case.contact_name}  {case.contact_phone}"))
    rows += [
        ("所属区域", case.region.name),
        ("产业链", " / ".join(x for x in (case.chain.name if case.chain_id else "",
                                          case.chain_node.name if case.chain_node_id else "") if x) or "—"),
        ("诉求类别", f"{case.category.name}（{case.get_urgency_display()}）"),
        ("来源", case.get_source_display() + (f"（{case.station.name}）" if case.station_id else "")),
        ("提交日期", d.cn_date(timezone.localdate(case.submitted_at))),
        ("诉求内容", case.description),
    ]
    return rows


def _reply_limit(case: Case) -> int:
    if case.clock_kind == "reply" and case.clock_limit:
        return case.clock_limit + case.clock_extension
    return reply_limit_of(case)


def assignment_slip(case: Case):
    """交办单: the lead department, the facts, the deadline in working days and as a date, and
    the handling requirements."""
    doc = d.new_document()
    assigned = timezone.localdate(case.assigned_at) if case.assigned_at else clock.today()
    limit = _reply_limit(case)
    # the two clocks as the case page and the API show them (clock.sign_due / reply_due); a
    # signed case's sign deadline is the one it had
    reply_due = clock.reply_due(case) or add_workdays(assigned, limit)
    sign_due = clock.sign_due(case) or add_workdays(assigned, clock.limits()["sign"])
    d.masthead(doc, issuer(case))
    d.doc_number(doc, f"{issuer_short(case)}人大交〔{assigned.year}〕{case.pk}号")
    d.title(doc, "企业诉求交办单")
    d.addressee(doc, case.lead_department.name if case.lead_department_id else "（待定承办部门）")
    co = [c.department.name for c in case.co_departments.select_related("department")]
    d.paragraph(doc, (f"现将{case.enterprise_name}反映的“{case.title}”交由你单位主办"
                      + (f"，{'、'.join(co)}协办" if co else "") + "，请按要求抓紧办理。"))
    d.heading(doc, "一、诉求基本情况")
    d.kv_table(doc, _facts(case, with_contact=True))
    d.heading(doc, "二、办理时限")
    d.paragraph(doc, f"请于{clock.limits()['sign']}个工作日内（{d.cn_date(sign_due)}前）签收；"
                     f"自交办之日起{limit}个工作日内（{d.cn_date(reply_due)}前）办结并答复企业。")
    if co:
        d.paragraph(doc, f"协办单位请于{clock.limits()['co_report']}个工作日内向主办单位反馈协办意见。")
    d.heading(doc, "三、办理要求")
    for text in (
        "（一）主办单位主要负责同志要亲自研究，明确专人办理，当场能办理的当场办，不能当场办理的制定方案、限时办结。",
        "（二）确需延期办理的，应在截止日期前至少1个工作日提出延期申请，说明理由，经同意后方可延期。",
        "（三）办结后，请将办理结果答复企业并在平台报送；部分解决或暂不具备解决条件的，须明确承诺事项和完成时限。",
        "（四）人大常委会办公室将对办理情况实行“红黄绿”三色督办，并回访企业测评满意度，满意后予以销号。",
    ):
        d.paragraph(doc, text)
    d.signature(doc, issuer(case), assigned)
    # never the enterprise's 查询码: with it a department could rate its own work (issue 12.9)
    d.note(doc, "（本交办单由双链平台生成）")
    return doc


def supervision_notice(notice):
    """督办通知: to the lead department, with the case facts, how late it is, a new deadline in
    working days and as a date, and the requirements."""

    case = notice.case
    doc = d.new_document()
    issued = timezone.localdate(notice.created_at)
    until = formal_until(case, issued)  # never earlier than the reply deadline already running
    d.masthead(doc, issuer(case))
    d.doc_number(doc, f"{issuer_short(case)}人大督〔{issued.year}〕{formal_number(notice)}号")
    d.title(doc, "关于督促办理企业诉求的通知")
    d.addressee(doc, notice.department.name if notice.department_id else case.lead_department.name)
    assigned = timezone.localdate(case.assigned_at) if case.assigned_at else None
    reply_due, sign_due = clock.reply_due(case), clock.sign_due(case)
    if sign_due and issued > sign_due:
        state = f"签收时限已于{d.cn_date(sign_due)}届满，至今尚未签收"
    elif reply_due and issued > reply_due:
        state = f"办理时限已于{d.cn_date(reply_due)}届满，已超期{workdays_between(reply_due, issued)}个工作日，至今尚未办结答复"
    elif reply_due:
        state = f"办理时限将于{d.cn_date(reply_due)}届满，目前尚未办结答复"
    else:
        state = "目前尚未办结答复"
    d.paragraph(doc, (f"{d.cn_date(assigned) + '，' if assigned else ''}我办将{case.enterprise_name}反映的“{case.title}”"
                      f"（诉求编号{case.number}）交由你单位主办。该诉求{state}。"
                      "根据企业诉求闭环办理和“红黄绿”三色督办机制，现予督办。"))
    d.heading(doc, "一、诉求基本情况")
    facts = _facts(case, with_contact=False) + [
        ("当前状态", case.get_status_display()),
        ("答复截止日期", d.cn_date(reply_due) if reply_due else "—"),
    ]
    d.kv_table(doc, facts)
    d.heading(doc, "二、督办要求")
    for text in (
        f"（一）请于{d.cn_date(until)}前办结，并将办理结果答复企业、在平台报送。",
        "（二）因客观原因确实无法按期办结的，请书面说明原因、已采取的措施和承诺完成时限。",
        "（三）逾期仍未办结的，将提请人大常委会主任会议听取情况汇报，并纳入部门年度履职评价。",
    ):
        d.paragraph(doc, text)
    d.signature(doc, issuer(case), issued)
    d.note(doc, "（本通知由双链平台生成）")  # one number per notice: the 文号 above
    return doc


def docx_filename(kind: str, case: Case) -> str:
    return f"{kind}_{case.number}.docx"
