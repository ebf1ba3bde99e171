"""Excel imports of plan items and opinion items: all or nothing, every error by row and column."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)
from shuanglian.oversight import services
from shuanglian.oversight.models import PlanItem

pytestmark = pytest.mark.django_db


def xlsx(rows, name="f.xlsx"):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = name
    return buf


PLAN_HEADER = ["序号", "监督方式", "监督事项", "牵头工委", "计划月份", "责任单位", "关联产业链"]


@pytest.fixture
def plan(personas, regions):
    return services.plan_create(actor=personas["staff"], region=regions["beibei"], year=2026)


def test_plan_items_import_all_or_nothing(plan, client_for, chain_data):  # noqa: F811
    c = client_for("staff")
    bad = xlsx([PLAN_HEADER,
                [1, "听取审议专项工作报告", "听取现代制造业报告", "财经委", 4, "区经济信息委", "智能网联新能源汽摩产业链"],
                [2, "开会", "事项二", "", 13, "区不存在局", ""],
                [3, "专题调研", "", "", 5, "", ""]])
    r = c.post(f"/oversight/plans/{plan.pk}/import/", {"file": bad})
    text = r.content.decode()
    assert r.status_code == 400
    for message in ("第3行「监督方式」", "第3行「计划月份」：应为 1 至 12 的月份", "第3行「责任单位」：找不到部门“区不存在局”",
                    "第4行「监督事项」：必填，不能为空"):
        assert message in text
    assert not PlanItem.objects.exists()
    good = xlsx([PLAN_HEADER,
                 [1, "听取审议专项工作报告", "听取现代制造业报告", "财经委", 4, "区经济信息委、区发改委",
                  "智能网联新能源汽摩产业链"],
                 [None, "专题调研", "调研民营经济", "", 5, "", ""]])
    r = c.post(f"/oversight/plans/{plan.pk}/import/", {"file": good})
    assert r.status_code == 302
    items = list(PlanItem.objects.order_by("number"))
    assert [(i.number, i.subject, i.departments.count(), i.chains.count()) for i in items] == [
        (1, "听取现代制造业报告", 2, 1), (2, "调研民营经济", 0, 0)]


def test_a_duplicate_number_refuses_the_file_with_its_row(plan, client_for):
    c = client_for("staff")
    r = c.post(f"/oversight/plans/{plan.pk}/import/", {"file": xlsx([PLAN_HEADER, [1, "其他", "甲", "", 3, "", ""],
                                                                      [1, "其他", "乙", "", 4, "", ""]])})
    assert r.status_code == 400 and "第3行：序号 1 已被使用" in r.content.decode()
    assert not PlanItem.objects.exists()


def test_opinion_items_import_and_template(opinion_factory, client_for, personas):
    op = opinion_factory(items=0)
    c = client_for("staff")
    template = c.get(f"/oversight/opinions/{op.pk}/import/?template=1")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [["类别", "分类", "内容", "序号"]] + [["建议", f"第{k % 3}类", f"建议{k}", None] for k in range(6)] + [
        ["问题", "要素保障", "用地紧张", None]]
    r = c.post(f"/oversight/opinions/{op.pk}/import/", {"file": xlsx(rows)})
    assert r.status_code == 302
    page = c.get(f"/oversight/opinions/{op.pk}/").content.decode()
    assert "建议：3类6条" in page and "问题：1类1条" in page
    assert client_for("leader").get(f"/oversight/opinions/{op.pk}/import/").status_code == 403
    adopted = services.opinion_adopt(opinion=op, actor=personas["staff"], adopted_on=dt.date(2026, 11, 2))
    r = c.post(f"/oversight/opinions/{adopted.pk}/import/", {"file": xlsx(rows)})
    assert r.status_code == 400 and "通过后不能再增加条目" in r.content.decode()
