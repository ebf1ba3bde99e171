"""Excel import of a station's 联系包挂 (all or nothing, every problem reported as 第N行「列」,
through lib.excel.import_rows and the same service as the page: contact_link_create)."""

from __future__ import annotations

from openpyxl import Workbook

from shuanglian.chains.models import Enterprise
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.lib import excel
from shuanglian.lib.excel import Column, ImportRefused, RowError, import_rows
from shuanglian.lib.uscc import uscc_normalize

from .contacts import contact_link_create
from .selectors import station_deputies
from .selectors_contacts import station_scope_q

COLUMNS = [
    Column("代表姓名", "deputy", required=True, help="本阵地的点长或进驻代表", example="刘波"),
    Column("企业", "enterprise", required=True, help="企业名称或统一社会信用代码；须为本阵地所在区域（及所在产业链）的企业",
           example="重庆青山工业有限责任公司"),
    Column("包挂起始日期", "started_on", parse=excel.date, help="如 2026-03-01；留空为今天；不能晚于今天", example="2026-03-01"),
]
RULE = "导入规则：全部行校验通过才会导入；任何一行有错，整批不导入，并逐行列出错误。已在包挂的代表和企业不重复登记。"


def contacts_template() -> Workbook:
    return excel.template_workbook(COLUMNS, title="联系包挂", notes=[RULE])


def contacts_import(*, file, actor, station) -> tuple[int, int, list[RowError]]:
    """(links created, rows already linked, errors); with any error nothing is written."""
    deputies: dict[str, list] = {}
    for d in station_deputies(station):
        deputies.setdefault(d.name, []).append(d)
    scope = Enterprise.objects.filter(station_scope_q(station))

    def check(number, values, errors):
        before = len(errors)
        found = deputies.get(values["deputy"].strip(), [])
        if len(found) != 1:
            errors.append(RowError(number, "代表姓名", f"“{values['deputy']}”不是本阵地的代表" if not found
                                   else f"本阵地有多名代表叫“{values['deputy']}”，请在页面上逐条登记"))
        key = values["enterprise"].strip()
        uscc = uscc_normalize(key)
        firms = list(scope.filter(uscc=uscc)[:2]) if len(uscc) == 18 else []
        firms = firms or list(scope.filter(name=key)[:2])
        if len(firms) != 1:
            errors.append(RowError(number, "企业", f"找不到企业“{key}”，或不在本阵地范围内" if not firms
                                   else f"有多家名为“{key}”的企业，请填写统一社会信用代码"))
        if len(errors) > before:
            return None
        return number, found[0], firms[0], values.get("started_on")

    def write(rows):
        created = existing = 0
        for number, deputy, enterprise, started_on in rows:
            try:
                _, made = contact_link_create(actor=actor, deputy=deputy, enterprise=enterprise, started_on=started_on)
            except BusinessError as exc:
                raise ImportRefused([RowError(number, "", exc.message)]) from None
            created, existing = created + made, existing + (not made)
        return created, existing

    outcome = import_rows(file, COLUMNS, check=check, write=write)
    if not outcome.errors:
        audit_record(event_type="contact_link.import", actor=actor, target=station, region=station.region,
                     note=f"从 Excel 导入联系包挂 {outcome.created} 条（已在包挂 {outcome.updated} 条）")
    return outcome.created, outcome.updated, outcome.errors
