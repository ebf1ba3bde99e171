"""共性诉求: one problem from several firms is one common demand; one firm's problem is not."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_the_months_common_demands_page_and_export(units, submit, client_for):
    for firm in ("甲公司", "乙公司", "丙公司"):
        submit("厂区电力增容", f"{firm}新增冲压设备后用电负荷不足，申请专线增容。", enterprise=firm)
    submit("扩产用地指标", "订单增长需要落实30亩扩产用地指标。", category="land", enterprise="甲公司")
    submit("扩产用地指标", "订单增长需要落实30亩扩产用地指标，请加快。", category="land", enterprise="甲公司")
    month = timezone.localdate().strftime("%Y-%m")
    staff = client_for("staff")
    html = staff.get(f"/cases/common/?month={month}").content.decode()
    table = html.split('data-testid="common-demands"')[1]
    assert table.count("<tr>") == 2  # the header and one cluster: the power demand of three firms
    assert '<td data-label="企业数">3</td>' in table and "增容" in table  # labelled by its key words
    assert "用地" not in table  # one firm twice is not a common demand
    book = load_workbook(io.BytesIO(b"".join(staff.get(f"/cases/common/?month={month}&format=xlsx").streaming_content)))
    rows = list(book.active.values)
    assert rows[0][0] == "关键词" and rows[1][1] == 3
    r = staff.get("/cases/common/?month=2026-13")
    assert r.status_code == 400 and "月份格式" in r.content.decode()
    assert client_for("handler").get("/cases/common/").status_code == 403
