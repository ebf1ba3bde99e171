"""Excel import and export for deputies and stations (台账).

Imports are all-or-nothing through the shared runner (lib.excel.import_rows): every row is parsed
and its names resolved, then written through the services inside one transaction; every problem is
reported as 第N行「列」：…; if there is any, nothing is imported.
"""

from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from shuanglian.chains.selectors import chain_list
from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.lib import excel
from shuanglian.lib.excel import CellError, Column, ImportRefused, RowError
from shuanglian.lib.phones import phone_error, phone_mask
from shuanglian.regions.selectors import region_list

from .models import DeputyLevel, StationKind
from .selectors import deputy_list
from .services import deputy_create, station_create


def _phone(value):
    raw = excel.text(value)
    if raw and phone_error(raw):
        raise CellError(phone_error(raw))
    return raw


def _active(value):
    return True if excel.text(value) == "" else excel.yes_no(value)


def _day(value):
    day = excel.integer(value)
    if day is not None and not 1 <= day <= 31:
        raise CellError("应为 1 至 31 之间的日期")
    return day


DEPUTY_COLUMNS = [
    Column("姓名", "name", required=True, example="周宗成"),
    Column("层级", "level", required=True, parse=excel.choice(dict(DeputyLevel.choices)),
           help="全国、省、市、区、镇 之一", example="区"),
    Column("所属区域", "region", required=True, help="区域名称或区划代码，如 北碚区 或 500109", example="北碚区"),
    Column("界别", "sector", help="如 企业界", example="企业界"),
    Column("工作单位及职务", "employer", example="千里科技股份有限公司 总裁"),
    Column("手机号", "phone", parse=_phone, help="11位手机号或带区号的固定电话", example="13812345678"),
    Column("在任", "is_active", parse=_active, help="是/否，留空为 是", example="是", default=True),
]

STATION_COLUMNS = [
    Column("类型", "kind", required=True, parse=excel.choice(dict(StationKind.choices)),
           help="人大代表活动点、行业人大代表联络站、营商环境监测点 之一", example="人大代表活动点"),
    Column("名称", "name", required=True, example="千里科技人大代表活动点"),
    Column("所属区域", "region", required=True, help="区域名称或区划代码", example="北碚区"),
    Column("依托园区/企业", "host", example="千里科技股份有限公司"),
    Column("服务产业链", "chain", help="产业链名称，须已在系统中登记；可留空", example=""),
    Column("点长", "head", help="代表姓名，须已在代表名册中登记；可留空", example="周宗成"),
    Column("地址", "address", example="重庆市北碚区"),
    Column("每月接待日", "reception_day", parse=_day, help="1 至 31，如 15", example=15, default=None),
    Column("启用", "is_active", parse=_active, help="是/否，留空为 是", example="是", default=True),
]


class _Lookup:
    """Resolve names typed in Excel to records the importing user may use."""

    def __init__(self, user):
        self.regions = list(region_list(user))
        self.deputies = list(deputy_list(user).filter(is_active=True))
        self.chains = list(chain_list(user))

    @staticmethod
    def _one(items, value, what, key=lambda x: x.name):
        found = [x for x in items if key(x) == value]
        if not found:
            raise CellError(f"找不到{what}“{value}”，或不在您的管辖范围内")
        if len(found) > 1:
            raise CellError(f"有多个名为“{value}”的{what}，请改填更准确的信息")
        return found[0]

    def region(self, value):
        by_code = [r for r in self.regions if r.code == value]
        return by_code[0] if by_code else self._one(self.regions, value, "区域")

    def chain(self, value):
        return self._one(self.chains, value, "产业链") if value else None

    def head(self, value):
        return self._one(self.deputies, value, "代表") if value else None


class _RowProblems(Exception):
    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems  # [(column, message)]


def _resolve(values, lookups):
    """Resolve every name in a row, reporting every one that fails (not just the first)."""
    resolved, problems = {}, []
    for field, header, fn in lookups:
        try:
            resolved[field] = fn(values.get(field, ""))
        except CellError as exc:
            problems.append((header, str(exc)))
    if problems:
        raise _RowProblems(problems)
    return resolved


def _import(file, columns, lookups, write_row) -> tuple[int, list[RowError]]:
    """The shared import runner (lib.excel.import_rows): every row's cells and names checked first,
    then every row written through the services in one transaction; a business rule refused on any
    row (a duplicate, a scope) refuses the whole file with every such row listed — probed even when
    other rows' cells failed, so the user gets every problem in one go."""

    def check(number, values, errors):
        if any(e.row == number for e in errors):  # its cells did not parse: names would only repeat that
            return None
        try:
            return number, {**values, **_resolve(values, lookups)}
        except _RowProblems as exc:
            errors.extend(RowError(number, column, message) for column, message in exc.problems)
            return None

    def write(prepared):
        errors = []
        for number, values in prepared:
            try:
                write_row(values)
            except (BusinessError, PermissionDenied) as exc:
                errors.append(RowError(number, "", getattr(exc, "message", None) or str(exc)))
        if errors:
            raise ImportRefused(errors)
        return len(prepared), 0

    outcome = excel.import_rows(file, columns, check=check, write=write, probe=True)
    return (0, sorted(outcome.errors, key=lambda e: e.row)) if outcome.errors else (outcome.created, [])


def deputies_import(*, file, actor) -> tuple[int, list[RowError]]:
    lookup = _Lookup(actor)

    def write(values):
        deputy_create(actor=actor, name=values["name"], level=values["level"], region=values["region"],
                      sector=values.get("sector", ""), employer=values.get("employer", ""),
                      phone=values.get("phone", ""), is_active=values.get("is_active", True))

    created, errors = _import(file, DEPUTY_COLUMNS, [("region", "所属区域", lookup.region)], write)
    if not errors:
        audit_record(event_type="deputy.import", actor=actor, region=getattr(actor, "region", None),
                     note=f"从 Excel 导入代表 {created} 人")
    return created, errors


def stations_import(*, file, actor) -> tuple[int, list[RowError]]:
    lookup = _Lookup(actor)

    def write(values):
        station_create(actor=actor, kind=values["kind"], name=values["name"], region=values["region"],
                       host=values.get("host", ""), chain=values["chain"], head=values["head"],
                       address=values.get("address", ""), reception_day=values.get("reception_day"),
                       is_active=values.get("is_active", True))

    created, errors = _import(file, STATION_COLUMNS, [("region", "所属区域", lookup.region),
                                                      ("chain", "服务产业链", lookup.chain), ("head", "点长", lookup.head)],
                              write)
    if not errors:
        audit_record(event_type="station.import", actor=actor, region=getattr(actor, "region", None),
                     note=f"从 Excel 导入履职阵地 {created} 个")
    return created, errors


def deputies_template() -> Workbook:
    return excel.template_workbook(DEPUTY_COLUMNS, title="代表名册", notes=[
        "导入规则：全部行校验通过才会导入；任何一行有错，整批不导入，并逐行列出错误。",
        "同一区域、同一层级的同名代表视为重复，不会重复登记。",
    ])


def stations_template() -> Workbook:
    return excel.template_workbook(STATION_COLUMNS, title="履职阵地", notes=[
        "导入规则：全部行校验通过才会导入；任何一行有错，整批不导入，并逐行列出错误。",
        "成员（代表、网格员）请导入后在阵地页面添加；每个阵地导入后自动生成“一点一码”二维码。",
    ])


def deputies_workbook(deputies, *, masked: bool) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    rows = (
        [d.name, d.get_level_display(), d.region.name, d.sector, d.employer,
         phone_mask(d.phone) if masked else d.phone, "是" if d.is_active else "否"]
        for d in deputies
    )
    excel.write_sheet(ws, [c.header for c in DEPUTY_COLUMNS], rows, widths=[12, 8, 14, 12, 36, 16, 8])
    return wb


def stations_workbook(stations, *, with_intake_url: bool) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "履职阵地"
    headers = [c.header for c in STATION_COLUMNS] + ["成员数"] + (["扫码地址"] if with_intake_url else [])
    rows = (
        [s.get_kind_display(), s.name, s.region.name, s.host, s.chain.name if s.chain_id else "",
         s.head.name if s.head_id else "", s.address, s.reception_day, "是" if s.is_active else "否",
         s.member_count] + ([s.intake_url] if with_intake_url else [])
        for s in stations
    )
    excel.write_sheet(ws, headers, rows)
    return wb
