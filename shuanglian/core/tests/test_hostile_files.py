"""Hostile files and hostile stored text (issue 13): a workbook with a DTD (XXE, billion laughs) or
a broken zip is a Chinese message, never a 500; text holding every control character still
yields a readable xlsx and docx; an empty optional cell takes its default."""

import io
import re
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from shuanglian.lib import docx as d
from shuanglian.lib import excel
from shuanglian.lib.excel import Column

EVERY_CONTROL = "".join(chr(i) for i in range(32)) + "\x7f\ud800\udfff\ufffe\uffff"
COLUMNS = [
    Column("姓名", "name", required=True),
    Column("紧急程度", "urgency", parse=excel.choice({"normal": "一般", "urgent": "紧急"})),
    Column("人数", "count", parse=excel.integer),
    Column("在任", "active", parse=excel.yes_no, default=True),
    Column("备注", "note"),
]


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_dtd(data: bytes, member: str, dtd: str, entity_ref: str = "") -> io.BytesIO:
    """`data` with a DOCTYPE put into one of its XML parts (and an entity used in a cell)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == member:
                text = content.decode()
                text = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + dtd, text, count=1)
                if entity_ref:
                    text = text.replace("<v>7</v>", f"<v>{entity_ref}</v>")
                content = text.encode()
            dst.writestr(item, content)
    out.seek(0)
    return out


XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>")


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
@pytest.mark.parametrize("dtd, ref", [(XXE, "&xxe;"), (LAUGHS, "&lol9;")])
def test_a_workbook_with_a_dtd_is_a_chinese_row_error(member, dtd, ref):
    data = with_dtd(xlsx([["姓名", "人数"], ["张三", 7]]), member, dtd, ref)
    table = excel.read_table(data, COLUMNS)
    assert not table.ok and table.rows == []
    assert "root:" not in str(table.errors) and "lol" not in str(table.errors)
    assert str(table.errors[0]).startswith("第0行：") and "xlsx" in str(table.errors[0])


@pytest.mark.parametrize("content", [b"PK\x03\x04broken", b"", b"\x00" * 100, "姓名,人数\n张三,7".encode()])
def test_a_broken_file_is_a_chinese_row_error(content):
    table = excel.read_table(io.BytesIO(content), COLUMNS)
    assert not table.ok and "Excel" in str(table.errors[0])


def test_a_truncated_workbook_is_a_chinese_row_error():
    data = xlsx([["姓名", "人数"]] + [[f"人{i}", i] for i in range(2000)])
    table = excel.read_table(io.BytesIO(data[: len(data) // 2]), COLUMNS)
    assert not table.ok


def test_empty_optional_cells_take_their_default_without_calling_the_parser():
    table = excel.read_table(io.BytesIO(xlsx([["姓名", "紧急程度", "人数", "在任", "备注"], ["张三", None, None, None, None],
                                              ["李四", "紧急", 3, "否", "无"]])), COLUMNS)
    assert table.ok, [str(e) for e in table.errors]
    assert table.rows[0] == (2, {"name": "张三", "urgency": "", "count": None, "active": True, "note": ""})
    assert table.rows[1] == (3, {"name": "李四", "urgency": "urgent", "count": 3, "active": False, "note": "无"})


def test_xlsx_written_from_text_with_every_control_character_is_readable():
    wb = Workbook()
    excel.write_sheet(wb.active, ["标题" + EVERY_CONTROL, "说明"], [["用电" + EVERY_CONTROL + "不足", "=cmd|'/c calc'!A1"],
                                                                    ["\x00=1+1", 5]])
    again = load_workbook(io.BytesIO(excel.workbook_bytes(wb)))
    rows = list(again.active.iter_rows(values_only=True))
    assert rows[1][0] == "用电\t\n\r\x7f不足"
    assert rows[1][1].startswith("'=") and rows[2][0] == "'=1+1"


def test_an_import_template_with_control_characters_in_its_notes_is_readable():
    wb = excel.template_workbook([Column("名称\x00", "name", help="说明\x01")], title="模板", notes=["注意\x02"])
    assert load_workbook(io.BytesIO(excel.workbook_bytes(wb))).worksheets[1]["A1"].value == "列"


def test_docx_written_from_text_with_every_control_character_is_readable():
    doc = d.new_document()
    d.masthead(doc, "北碚区人大常委会" + EVERY_CONTROL)
    d.title(doc, "督办通知" + EVERY_CONTROL)
    d.paragraph(doc, "用电" + EVERY_CONTROL + "不足", bold_lead="一、\x00")
    d.table(doc, [["诉求" + EVERY_CONTROL, "内容\x0b"]], header=True)
    d.kv_table(doc, [("企业\x00", "重庆\x1f公司")])
    d.note(doc, "联系人\x00")
    again = Document(io.BytesIO(d.docx_bytes(doc)))
    text = "\n".join(p.text for p in again.paragraphs)
    assert "用电" in text and "不足" in text and "\x00" not in text
    assert again.tables[1].cell(0, 1).text == "重庆公司"
