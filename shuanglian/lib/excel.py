"""Excel in and out (openpyxl). Users live in Excel/WPS; these helpers keep every import and
export the same: a template with a 说明 sheet, per-cell parsing with Chinese messages by row and
column, and exports that cannot smuggle formulas (CSV/formula injection).

An import is two steps: `read_table` parses every row and collects *all* errors; the app's
service then validates business rules and writes everything in one transaction, or nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class CellError(ValueError):
    """Raised by a parser with a Chinese message for one cell."""


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese column title in the template
    field: str  # the key in the parsed row dict
    required: bool = False
    parse: Callable[[object], object] | None = None  # raises CellError; None → text
    help: str = ""  # shown in the template's 说明 sheet
    example: object = ""


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number the user sees
    column: str  # the column title, or "" for a whole-row problem
    message: str

    def __str__(self):
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class Table:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (excel row number, values)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- cell parsers ---------------------------------------------------------------------------

def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 13812345678 typed as a number
    return str(value).strip()


def decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise CellError(f"“{value}”不是有效的数字") from None


def integer(value) -> int | None:
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(f"“{value}”应为整数")
    return int(number)


def date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CellError(f"“{value}”不是有效日期，请写成 2025-04-22") from None


def choice(mapping: dict[str, str]) -> Callable[[object], str]:
    """Accept a Chinese label (or the code itself) and return the code."""

    by_label = {label: code for code, label in mapping.items()}

    def parse(value):
        raw = text(value)
        if raw in by_label:
            return by_label[raw]
        if raw in mapping:
            return raw
        raise CellError(f"“{raw}”不在可选值中（可选：{'、'.join(mapping.values())}）")

    return parse


def yes_no(value) -> bool:
    raw = text(value)
    if raw in ("是", "Y", "y", "1", "true", "True", "TRUE"):
        return True
    if raw in ("否", "N", "n", "0", "false", "False", "FALSE", ""):
        return False
    raise CellError(f"“{raw}”应填“是”或“否”")


# --- reading --------------------------------------------------------------------------------

def read_table(file, columns: Sequence[Column], *, sheet: str | None = None, max_rows: int = 200_000) -> Table:
    """Parse the first sheet (or `sheet`) of an uploaded xlsx against `columns`.

    Header titles are matched by text, so users may reorder columns; unknown columns are
    ignored. Entirely empty rows are skipped. Every error is collected, none raised.
    """
    table = Table()
    size = getattr(file, "size", None)
    if size is not None and size > MAX_IMPORT_BYTES:
        table.errors.append(RowError(0, "", f"文件过大（超过{MAX_IMPORT_BYTES // 1024 // 1024}MB），请拆分后导入"))
        return table
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:
        table.errors.append(RowError(0, "", "文件不是有效的 Excel（.xlsx）文件，请使用下载的模板"))
        return table
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
    except KeyError:
        table.errors.append(RowError(0, "", f"找不到工作表“{sheet}”"))
        return table
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        table.errors.append(RowError(1, "", "表格是空的：第1行应为列标题"))
        return table
    positions = {text(h): i for i, h in enumerate(header) if text(h)}
    for col in columns:
        if col.required and col.header not in positions:
            table.errors.append(RowError(1, col.header, "缺少这一列，请使用下载的模板"))
    if table.errors:
        return table
    for number, values in enumerate(rows, start=2):
        if number - 1 > max_rows:
            table.errors.append(RowError(number, "", f"行数超过上限 {max_rows} 行"))
            break
        if values is None or all(v in (None, "") for v in values):
            continue
        parsed = {}
        for col in columns:
            idx = positions.get(col.header)
            raw = values[idx] if idx is not None and idx < len(values) else None
            if isinstance(raw, str):
                raw = raw.strip()
            if raw in (None, ""):
                if col.required:
                    table.errors.append(RowError(number, col.header, "必填，不能为空"))
                    continue
            try:
                parsed[col.field] = (col.parse or text)(raw)
            except CellError as exc:
                table.errors.append(RowError(number, col.header, str(exc)))
        table.rows.append((number, parsed))
    wb.close()
    return table


# --- writing --------------------------------------------------------------------------------

def safe_value(value):
    """Text that Excel would run as a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def write_sheet(ws, headers: Sequence[str], rows: Iterable[Sequence], *, widths: Sequence[int] | None = None):
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row in rows:
        ws.append([safe_value(v) for v in row])
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if widths else max(10, min(40, len(str(header)) * 2 + 4))
        ws.column_dimensions[get_column_letter(i)].width = width
    return ws


def template_workbook(columns: Sequence[Column], *, title: str, notes: Sequence[str] = ()) -> Workbook:
    """An import template: the data sheet with one example row, and a 说明 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    write_sheet(ws, [c.header for c in columns], [[c.example for c in columns]])
    info = wb.create_sheet("说明")
    write_sheet(info, ["列", "必填", "说明"], [[c.header, "是" if c.required else "否", c.help] for c in columns], widths=[20, 8, 80])
    for i, note in enumerate(notes, start=len(columns) + 3):
        info.cell(row=i, column=1, value=note)
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(wb: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
