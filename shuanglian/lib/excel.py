"""Excel in and out (openpyxl). Users live in Excel/WPS; these helpers keep every import and
export the same: a template with a 说明 sheet, per-cell parsing with Chinese messages by row and
column, and exports that cannot smuggle formulas (CSV/formula injection).

An import is two steps: `read_table` parses every row and collects *all* errors; the app's
service then validates business rules and writes everything in one transaction, or nothing.
`import_rows` is that loop, once, for every app's imports.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.db import transaction
from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .text import xml_safe

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_IMPORT_BYTES = 50 * 1024 * 1024


NO_DEFAULT = object()


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
    # The value of an empty optional cell; the parser is not called for it. Unset: None for
    # numbers and dates, False for yes_no, "" for text and everything else.
    default: object = NO_DEFAULT

    def empty_value(self):
        if self.default is not NO_DEFAULT:
            return self.default
        return EMPTY_VALUES.get(self.parse, "")


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


EMPTY_VALUES = {decimal: None, integer: None, date: None, yes_no: False}


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
        if _declares_dtd(file):
            table.errors.append(RowError(0, "", UNSAFE_XLSX))
            return table
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # whatever a foreign file makes openpyxl raise: the file is unusable
        table.errors.append(RowError(0, "", UNSAFE_XLSX if _is_xml_error(exc) else NOT_XLSX))
        return table
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
    except KeyError:
        table.errors.append(RowError(0, "", f"找不到工作表“{sheet}”"))
        return table
    try:
        _read_rows(table, ws.iter_rows(values_only=True), columns, max_rows)
    except UNREADABLE as exc:
        # read_only parses each sheet's XML lazily: a broken sheet or one with a DTD (an XXE or
        # "billion laughs" attempt, stopped by the parser) fails here, mid-iteration.
        table.rows.clear()
        table.errors.append(RowError(0, "", UNSAFE_XLSX if _is_xml_error(exc) else NOT_XLSX))
    finally:
        wb.close()
    return table


NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件，请使用下载的模板"
UNSAFE_XLSX = "文件内容无法解析（含有不允许的结构，如 DTD 或外部实体，或已损坏），请用 Excel 或 WPS 另存为 .xlsx 后重新导入"
# Errors a hostile or broken workbook can raise while its sheets are read (zip, XML, cell values).
UNREADABLE = (zipfile.BadZipFile, SyntaxError, ValueError, KeyError, TypeError, EOFError, OSError)


def _declares_dtd(file) -> bool:
    """Whether any XML part of the workbook has a DOCTYPE. Excel and WPS never write one; in an
    upload it can only be an XXE or entity-expansion attempt, refused before any parsing. A
    DOCTYPE precedes the root element, so each part's first bytes tell."""
    start = file.tell() if hasattr(file, "tell") else 0
    try:
        with zipfile.ZipFile(file) as archive:
            for info in archive.infolist():
                with archive.open(info) as part:
                    head = part.read(DTD_SCAN_BYTES).replace(b"\x00", b"")  # UTF-16 parts too
                if b"<!doctype" in head.lower():
                    return True
    finally:
        file.seek(start)
    return False


DTD_SCAN_BYTES = 4096


def _is_xml_error(exc) -> bool:
    # ElementTree.ParseError and lxml's XMLSyntaxError are both SyntaxErrors.
    return isinstance(exc, SyntaxError)


def _read_rows(table: Table, rows, columns: Sequence[Column], max_rows: int) -> None:
    header = next(rows, None)
    if not header:
        table.errors.append(RowError(1, "", "表格是空的：第1行应为列标题"))
        return
    positions = {text(h): i for i, h in enumerate(header) if text(h)}
    for col in columns:
        if col.required and col.header not in positions:
            table.errors.append(RowError(1, col.header, "缺少这一列，请使用下载的模板"))
    if table.errors:
        return
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
                else:
                    parsed[col.field] = col.empty_value()
                continue
            try:
                parsed[col.field] = (col.parse or text)(raw)
            except CellError as exc:
                table.errors.append(RowError(number, col.header, str(exc)))
        table.rows.append((number, parsed))


# --- the import runner ------------------------------------------------------------------------

class ImportRefused(Exception):
    """Raised by an import's `write` to refuse the whole file (nothing written) with these errors."""

    def __init__(self, errors: Sequence[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class ImportOutcome:
    total: int = 0  # data rows in the file
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)  # when any, nothing was written

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "errors": [str(e) for e in self.errors],
                "total": self.total}


def import_rows(file, columns: Sequence[Column], *, check: Callable, write: Callable, progress=None,
                check_share: float = 1.0, atomic: bool = True, sheet: str | None = None,
                max_rows: int = 200_000, every: int = 1000, probe: bool = False) -> ImportOutcome:
    """The Excel import loop every list shares — all or nothing, every error reported at once:

    1. read the sheet against `columns` (read_table: each cell parsed, errors with row and column);
    2. `check(row_number, values, errors)` every row: it appends RowErrors to `errors` and returns
       the row made ready to write (None to skip it); `progress(done, total)` is told as rows are
       checked, up to `check_share` of the total (the writes may report the rest);
    3. only if no row has an error: `write(prepared rows)` → (created, updated), inside one
       transaction unless `atomic=False` (a writer with its own transactions). `write` refuses the
       whole file by raising ImportRefused(errors); the transaction then rolls everything back.
    With `probe`, a file that failed step 2 still has its good rows written — inside a transaction
    that is always rolled back — so the rules only the services know (a duplicate) are reported in
    the same pass as the cells' errors (small registers: deputies, stations).
    """
    table = read_table(file, columns, sheet=sheet, max_rows=max_rows)
    total = len(table.rows)
    if progress:
        progress(0, total)
    errors = list(table.errors)
    prepared = []
    for i, (number, values) in enumerate(table.rows, start=1):
        if progress and i % every == 0:
            progress(int(i * check_share), total)
        item = check(number, values, errors)
        if item is not None:
            prepared.append(item)
    del table  # the parsed cells: `prepared` has what is needed
    if not errors and not prepared:
        errors = [RowError(2, "", "文件中没有数据行")]
    if errors:
        if probe and prepared:
            with transaction.atomic():
                try:
                    write(prepared)
                except ImportRefused as exc:
                    errors += exc.errors
                transaction.set_rollback(True)
        return ImportOutcome(total=total, errors=errors)
    if progress:
        progress(int(total * check_share), total)
    try:
        if atomic:
            with transaction.atomic():
                created, updated = write(prepared)
        else:
            created, updated = write(prepared)
    except ImportRefused as exc:
        return ImportOutcome(total=total, errors=exc.errors)
    return ImportOutcome(total=total, created=created, updated=updated)


# --- writing --------------------------------------------------------------------------------

def safe_value(value):
    """Text that Excel would run as a formula is written with a leading apostrophe; characters
    a cell cannot hold (openpyxl raises IllegalCharacterError) are removed first."""
    value = xml_safe(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def write_sheet(ws, headers: Sequence[str], rows: Iterable[Sequence], *, widths: Sequence[int] | None = None):
    ws.append([safe_value(h) for h in headers])
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
        info.cell(row=i, column=1, value=safe_value(note))
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(wb: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(wb), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
