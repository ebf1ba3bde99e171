import io

from openpyxl import Workbook, load_workbook

from shuanglian.lib import excel
from shuanglian.lib.excel import Column


def _xlsx(rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


COLUMNS = [
    Column("姓名", "name", required=True),
    Column("层级", "level", required=True, parse=excel.choice({"district": "区", "town": "镇"})),
    Column("人数", "count", parse=excel.integer),
]


def test_every_bad_cell_is_reported_by_row_and_column():
    table = excel.read_table(_xlsx([["姓名", "层级", "人数"], ["张三", "区", 3], ["", "省", "x"]]), COLUMNS)
    messages = [str(e) for e in table.errors]
    assert "第3行「姓名」：必填，不能为空" in messages
    assert any(m.startswith("第3行「层级」") and "可选：区、镇" in m for m in messages)
    assert any(m.startswith("第3行「人数」") for m in messages)
    assert table.rows[0] == (2, {"name": "张三", "level": "district", "count": 3})


def test_missing_column_and_non_excel_file_are_refused_in_chinese():
    table = excel.read_table(_xlsx([["姓名"], ["张三"]]), COLUMNS)
    assert str(table.errors[0]) == "第1行「层级」：缺少这一列，请使用下载的模板"
    table = excel.read_table(io.BytesIO(b"not a spreadsheet"), COLUMNS)
    assert "不是有效的 Excel" in str(table.errors[0])


def test_exports_cannot_carry_formulas():
    wb = Workbook()
    excel.write_sheet(wb.active, ["企业"], [["=HYPERLINK(\"http://x\")"], ["+1+1"], ["正常企业"]])
    wb2 = load_workbook(io.BytesIO(excel.workbook_bytes(wb)))
    values = [c.value for c in wb2.active["A"]][1:]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1+1", "正常企业"]
    assert all(c.data_type == "s" for c in wb2.active["A"][1:])
