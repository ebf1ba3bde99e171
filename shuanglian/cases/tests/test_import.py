"""Ledger (台账) import: template, per-row validation with the intake rules, all-or-nothing,
Chinese errors by row and column, source=import."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from shuanglian.cases.models import Case
from shuanglian.core.models import AuditEvent

from .test_intake_helpers import make_station, valid_uscc

HEADERS = ["企业名称", "统一社会信用代码", "联系人", "联系电话", "诉求标题", "诉求内容", "类别", "来源", "提交日期",
           "收集代表", "所属区域", "履职阵地", "紧急程度"]


def ledger(rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "台账.xlsx"
    return buf


def good_row(**over):
    row = dict(zip(HEADERS, [
        "重庆乾凤锻造有限公司", valid_uscc(), "刘经理", 13912345678, "燃气走线需要调整", "新厂房燃气走线与规划冲突。",
        "水电气保障", "走访", "2025-04-22", "周代表", "蔡家岗街道", "", "一般",
    ], strict=True))
    row.update(over)
    return [row[h] for h in HEADERS]


def upload(client, rows, **kw):
    return client.post(reverse("cases:import"), {"file": ledger(rows, **kw)})


def test_template_download(client_for):
    response = client_for("staff").get(reverse("cases:import_template"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[:7] == HEADERS[:7] and "说明" in wb.sheetnames


def test_import_creates_cases(client_for, personas, regions):
    station = make_station(regions, personas)
    rows = [good_row(), good_row(**{"诉求内容": "融资难。", "类别": "finance", "所属区域": "", "履职阵地": station.name,
                                    "收集代表": "", "统一社会信用代码": "", "提交日期": None, "来源": ""})]
    staff = client_for("staff")
    response = upload(staff, rows)
    assert response.status_code == 302
    first, second = Case.objects.order_by("pk")
    assert first.source == second.source == "import"
    assert first.status == "submitted" and first.region == regions["caijia"]
    assert first.contact_phone == "13912345678" and first.collected_by == personas["deputy_record"]
    assert first.enterprise is not None and first.enterprise.uscc == valid_uscc()
    assert timezone.localtime(first.submitted_at).date().isoformat() == "2025-04-22"
    assert second.station == station and second.region == station.region and second.category.code == "finance"
    assert AuditEvent.objects.filter(event_type="case.submit").count() == 2
    assert AuditEvent.objects.filter(event_type="case.import").count() == 1
    page = staff.get(response["Location"]).content.decode()
    assert "已导入2条诉求" in page


def test_any_bad_row_imports_nothing_and_lists_every_error(client_for, personas):
    rows = [
        good_row(),
        good_row(**{"联系电话": "12345"}),
        good_row(**{"统一社会信用代码": "91500109MA5U5X8X1", "类别": "不存在的类别"}),
        good_row(**{"收集代表": "查无此人", "提交日期": "2999-01-01"}),
        good_row(**{"企业名称": None}),
        good_row(**{"所属区域": "璧山区"}),
        good_row(**{"紧急程度": "特急"}),
    ]
    response = upload(client_for("staff"), rows)
    assert response.status_code == 400
    html = response.content.decode()
    assert "第3行「联系电话」：请输入有效的手机号" in html
    assert "第4行「统一社会信用代码」" in html and "第4行「类别」" in html
    assert "第5行「收集代表」：找不到代表“查无此人”" in html and "第5行「提交日期」：提交日期不能晚于今天" in html
    assert "第6行「企业名称」：必填" in html
    assert "第7行「所属区域」" in html
    assert "第8行「紧急程度」" in html
    assert Case.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type__startswith="case.").exists()


def test_missing_column_and_bad_file(client_for, db):
    staff = client_for("staff")
    response = upload(staff, [["x"]], headers=["企业名称"])
    assert response.status_code == 400 and "第1行「联系人」：缺少这一列" in response.content.decode()
    bad = staff.post(reverse("cases:import"), {"file": io.BytesIO(b"not excel")})
    assert bad.status_code == 400 and "不是有效的 Excel" in bad.content.decode()
    assert Case.objects.count() == 0


def test_only_staff_may_import(client_for, db):
    assert upload(client_for("handler"), [good_row()]).status_code == 403
    assert upload(client_for("deputy"), [good_row()]).status_code == 403
    assert client_for("leader").get(reverse("cases:import_template")).status_code == 403
    assert Case.objects.count() == 0


def test_failure_midway_rolls_back_everything(client_for, monkeypatch, personas):
    from shuanglian.cases.intake import ledger as imports

    real = imports.case_submit
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(imports, "case_submit", flaky)
    with pytest.raises(RuntimeError):
        imports.ledger_import(actor=personas["staff"], file=ledger([good_row(), good_row(**{"诉求内容": "第二条。"})]))
    assert Case.objects.count() == 0
