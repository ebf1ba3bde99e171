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


def test_import_rows_writes_nothing_unless_every_row_passes(db):
    written, seen = [], []

    def check(number, values, errors):
        if values.get("count") == 13:
            errors.append(excel.RowError(number, "人数", "不吉利"))
        return values["name"]

    def write(names):
        written.extend(names)
        return len(names), 0

    bad = _xlsx([["姓名", "层级", "人数"], ["张三", "区", 3], ["李四", "省", 13], ["王五", "镇", 5]])
    outcome = excel.import_rows(bad, COLUMNS, check=check, write=write, progress=lambda d, t: seen.append((d, t)))
    messages = [str(e) for e in outcome.errors]
    assert written == [] and outcome.total == 3 and outcome.created == 0
    assert any(m.startswith("第3行「层级」") for m in messages) and "第3行「人数」：不吉利" in messages
    assert seen[0] == (0, 3)

    good = _xlsx([["姓名", "层级", "人数"], ["张三", "区", 3], ["王五", "镇", 5]])
    outcome = excel.import_rows(good, COLUMNS, check=check, write=write)
    assert written == ["张三", "王五"] and (outcome.created, outcome.updated, outcome.errors) == (2, 0, [])


def test_import_rows_a_refused_write_is_reported_and_an_empty_file_is_refused():
    def refuse(rows):
        raise excel.ImportRefused([excel.RowError(2, "", "重复")])

    outcome = excel.import_rows(_xlsx([["姓名", "层级"], ["张三", "区"]]), COLUMNS,
                                check=lambda n, v, e: v, write=refuse, atomic=False)
    assert outcome.as_dict()["errors"] == ["第2行：重复"]
    empty = excel.import_rows(_xlsx([["姓名", "层级"]]), COLUMNS, check=lambda n, v, e: v, write=refuse, atomic=False)
    assert [str(e) for e in empty.errors] == ["第2行：文件中没有数据行"]


def test_import_rows_probe_reports_the_services_refusals_with_the_cells_errors_and_keeps_nothing(db):
    from shuanglian.regions.models import Region

    def check(number, values, errors):
        return None if any(e.row == number for e in errors) else (number, values["name"])

    def write(rows):
        refused = []
        for number, name in rows:
            if Region.objects.filter(name=name).exists():
                refused.append(excel.RowError(number, "", f"已有“{name}”"))
            Region.objects.create(name=name, code=f"9{number:05d}", level="town", path=f"9{number:05d}/")
        if refused:
            raise excel.ImportRefused(refused)
        return len(rows), 0

    Region.objects.create(name="王五", code="800000", level="town", path="800000/")
    file = _xlsx([["姓名", "层级"], ["张三", "区"], ["李四", "火星"], ["王五", "镇"]])
    outcome = excel.import_rows(file, COLUMNS, check=check, write=write, probe=True)
    messages = [str(e) for e in outcome.errors]
    assert any(m.startswith("第3行「层级」") for m in messages) and "第4行：已有“王五”" in messages
    assert outcome.created == 0 and not Region.objects.filter(name="张三").exists()  # the probe was rolled back
    file.seek(0)
    without = excel.import_rows(file, COLUMNS, check=check, write=write)
    assert [str(e) for e in without.errors if "王五" in str(e)] == []  # without the probe: cells only
