"""Word documents in the layout of Chinese official documents (党政机关公文格式, GB/T 9704-2012),
with python-docx.

East Asian text takes its font from the run's `w:eastAsia` attribute, not from `font.name`
(which only sets the Latin font), so every helper sets both. Fonts: 方正小标宋简体 for the title,
黑体 for first-level headings, 楷体 for second-level, 仿宋_GB2312 for body text at 三号 (16 pt);
A4 with margins 37/35/28/26 mm. WPS and Word fall back to installed fonts with the same names.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .text import xml_safe

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(14)  # 四号
RED = "FF0000"


def _run(paragraph, text):
    """A run of `text` with the characters XML cannot hold removed (lxml refuses them, and one
    stored control character would otherwise make the whole document fail)."""
    return paragraph.add_run(xml_safe(str(text)))


def set_font(run, name: str = BODY_FONT, size=SIZE_BODY, *, bold: bool = False, color: str | None = None):
    """Set a run's Latin *and* East Asian font (w:rFonts w:eastAsia)."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if color:
        from docx.shared import RGBColor

        run.font.color.rgb = RGBColor.from_string(color)
    return run


def new_document() -> Document:
    """An empty A4 document with official-document margins and 仿宋 三号 as the default."""
    doc = Document()
    for section in doc.sections:
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_BODY
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.line_spacing = Pt(28)  # fixed 28 pt: about 22 lines per page
    normal.paragraph_format.space_after = Pt(0)
    return doc


def _para(doc, align=None, *, indent: bool = False, before: int = 0, after: int = 0):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)  # two characters at 三号
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    return p


def masthead(doc, issuer: str):
    """The red issuing-body line (版头) with a red rule below."""
    p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER)
    set_font(_run(p, issuer), TITLE_FONT, Pt(26), color=RED)
    rule = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, after=6)
    ppr = rule._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", RED)):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)
    return p


def doc_number(doc, text: str):
    """The document number (发文字号), e.g. 北碚人大督〔2025〕3号, centred under the masthead."""
    p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, after=12)
    set_font(_run(p, text))
    return p


def title(doc, text: str):
    p = _para(doc, WD_ALIGN_PARAGRAPH.CENTER, before=12, after=12)
    set_font(_run(p, text), TITLE_FONT, SIZE_TITLE)
    return p


def addressee(doc, text: str):
    """主送机关: flush left, followed by a full-width colon."""
    p = _para(doc)
    set_font(_run(p, f"{text}："))
    return p


def heading(doc, text: str, level: int = 1):
    """一、… in 黑体 (level 1) or （一）… in 楷体 (level 2), indented two characters."""
    p = _para(doc, indent=True)
    set_font(_run(p, text), HEADING_FONT if level == 1 else SUBHEADING_FONT)
    return p


def paragraph(doc, text: str = "", *, indent: bool = True, bold_lead: str = "", font: str = BODY_FONT, align=None):
    """A body paragraph in 仿宋 三号; `bold_lead` is an optional lead-in in 黑体."""
    p = _para(doc, align, indent=indent)
    if bold_lead:
        set_font(_run(p, bold_lead), HEADING_FONT)
    if text:
        set_font(_run(p, text), font)
    return p


def table(doc, rows: Sequence[Sequence[str]], *, widths_mm: Sequence[float] | None = None, header: bool = False):
    """A bordered table in 仿宋 四号; with header=True the first row is 黑体."""
    ncols = max(len(r) for r in rows)
    t = doc.add_table(rows=len(rows), cols=ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(rows):
        for j in range(ncols):
            value = row[j] if j < len(row) else ""
            cell = t.cell(i, j)
            cell.text = ""
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = Pt(22)
            first = (header and i == 0) or (not header and j % 2 == 0 and ncols > 2)
            set_font(_run(p, str(value)), HEADING_FONT if first else BODY_FONT, SIZE_TABLE)
            if widths_mm:
                cell.width = Mm(widths_mm[j])
    return t


def kv_table(doc, pairs: Sequence[tuple[str, str]], *, widths_mm=(40, 116)):
    """A two-column label/value table (诉求基本情况)."""
    t = doc.add_table(rows=len(pairs), cols=2)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (label, value) in enumerate(pairs):
        for j, text in enumerate((label, value)):
            cell = t.cell(i, j)
            cell.width = Mm(widths_mm[j])
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing = Pt(22)
            set_font(_run(p, str(text)), HEADING_FONT if j == 0 else BODY_FONT, SIZE_TABLE)
    return t


def cn_date(day: dt.date) -> str:
    """2025年4月22日 (GB/T 9704-2012 uses Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def signature(doc, issuer: str, day: dt.date):
    """落款: issuing body and date, right-aligned with four characters' right indent."""
    _para(doc)
    for text in (issuer, cn_date(day)):
        p = _para(doc, WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(64)
        set_font(_run(p, text))


def note(doc, text: str):
    """A small closing remark (附注 / 联系人), 仿宋 四号, indented."""
    p = _para(doc, indent=True, before=12)
    set_font(_run(p, text), BODY_FONT, SIZE_TABLE)
    return p


def docx_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_response(doc, filename: str) -> HttpResponse:
    response = HttpResponse(docx_bytes(doc), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
