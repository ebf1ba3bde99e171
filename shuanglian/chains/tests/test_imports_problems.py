"""Issue 12.15: the problem list (问题清单) imports from Excel like the other four lists — all or
nothing, every error as 第N行「列」 in Chinese, a template, reachable from the problem list page —
and a file exported from the problem list imports back unchanged."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from shuanglian.chains import services
from shuanglian.chains.models import ChainProblem, ImportJob
from shuanglian.core.models import AuditEvent

HEADERS = ["来源", "问题", "类别", "环节", "责任单位", "提出日期", "状态", "计划解决日期", "解决情况"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(rows, headers=HEADERS):
    wb = Workbook()
    wb.active.append(headers)
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "问题清单.xlsx"
    return buf


def upload(client, chain, f):
    resp = client.post(f"/chains/{chain.pk}/import/problems/", {"file": f})
    assert resp.status_code == 302
    return ImportJob.objects.latest("id"), client.get(resp["Location"]).content.decode()


def snapshot(chain):
    return sorted(ChainProblem.objects.filter(chain=chain).values_list(
        "title", "kind", "node_id", "responsible_department_id", "raised_on", "due_on", "resolved_on", "resolution"))


def test_the_problem_list_page_leads_to_the_import_and_its_template(client_for, chain_data):
    chain = chain_data["chain"]
    page = client_for("staff").get("/chains/problems/", {"chain": chain.pk}).content.decode()
    assert f"/chains/{chain.pk}/import/problems/" in page
    form = client_for("staff").get(f"/chains/{chain.pk}/import/problems/").content.decode()
    assert "导入问题清单" in form and "/chains/templates/problems/" in form and "企业诉求" in form
    # readers see no import button
    assert "/import/problems/" not in client_for("leader").get("/chains/problems/", {"chain": chain.pk}).content.decode()
    wb = load_workbook(io.BytesIO(client_for("staff").get("/chains/templates/problems/").content))
    assert wb.sheetnames == ["问题清单", "说明"]
    assert [c.value for c in wb["问题清单"][1]][:3] == ["来源", "问题", "类别"]


def test_a_clean_file_raises_updates_and_resolves_problems(client_for, chain_data, personas):
    chain, c = chain_data["chain"], client_for("staff")
    today = timezone.localdate()
    job, html = upload(c, chain, xlsx([
        ["", "本地无电芯配套", "断点", "电芯", "区经济信息委", "", "未解决", today + dt.timedelta(days=90), ""],
        ["产业链问题", "齿轮热处理产能不足", "堵点", "齿轮", "", today - dt.timedelta(days=3), "", "", ""],
        ["", "天然气管网未接入园区", "要素·能源", "", "区发改委", today - dt.timedelta(days=10),
         f"已解决（{today:%Y-%m-%d}）", "", "燃气公司已完成接入"],
    ]))
    assert job.status == "done" and (job.created, job.updated) == (2, 1), job.errors
    assert "导入完成：新增 2 条，更新 1 条" in html
    old = ChainProblem.objects.get(pk=chain_data["problem"].pk)
    assert old.responsible_department.name == "区经济信息委" and old.due_on == today + dt.timedelta(days=90)
    assert old.kind == "break" and old.node == chain_data["cell"]  # unchanged where the file says the same
    gear = ChainProblem.objects.get(title="齿轮热处理产能不足")
    assert gear.node == chain_data["gear"] and gear.raised_on == today - dt.timedelta(days=3) and gear.is_open
    gas = ChainProblem.objects.get(title="天然气管网未接入园区")
    assert gas.resolved_on == today and gas.resolution == "燃气公司已完成接入"
    assert AuditEvent.objects.filter(event_type="problems.import", actor=personas["staff"]).count() == 1
    # the same file again changes nothing
    job, _ = upload(c, chain, xlsx([["", "齿轮热处理产能不足", "堵点", "齿轮", "", today - dt.timedelta(days=3), "", "", ""]]))
    assert job.status == "done" and (job.created, job.updated) == (0, 1)
    assert ChainProblem.objects.filter(title="齿轮热处理产能不足").count() == 1


def test_an_exported_problem_list_imports_back_unchanged(client_for, chain_data, personas):
    chain, c = chain_data["chain"], client_for("staff")
    today = timezone.localdate()
    staff = personas["staff"]
    done = services.problem_raise(actor=staff, chain=chain, title="用工招聘难", kind="labour", node=chain_data["gear"],
                                  raised_on=today - dt.timedelta(days=20), due_on=today + dt.timedelta(days=5))
    services.problem_resolve(actor=staff, problem=done, resolution="已组织专场招聘", resolved_on=today - dt.timedelta(days=1))
    before = snapshot(chain)
    exported = load_workbook(io.BytesIO(c.get("/chains/export/problems/", {"chain": chain.pk}).content))
    # a demand of the closed loop as the export lists it beside the chain's own problems
    exported.active.append(["企业诉求", "燃气走线需要调整", "要素·能源", "齿轮", "重庆某企业", "区经济信息委", today, "已受理", "绿灯"])
    buf = io.BytesIO()
    exported.save(buf)
    buf.seek(0)
    buf.name = "问题清单导出.xlsx"
    job, _ = upload(c, chain, buf)
    assert job.status == "done" and (job.created, job.updated) == (0, 2), job.errors
    assert snapshot(chain) == before
    assert not AuditEvent.objects.filter(event_type__startswith="chain_problem.", at__gte=job.created_at).exists()


GOOD = ["", "园区物流配送成本高", "要素·物流", "整车", "", "", "", "", ""]
ERROR_CASES = [
    ("required", ["", None, "断点", "", "", "", "", "", ""], "第2行「问题」：必填，不能为空"),
    ("kind", ["", "甲问题", "大问题", "", "", "", "", "", ""], "第2行「类别」：“大问题”不在可选值中"),
    ("node", ["", "甲问题", "断点", "火箭发动机", "", "", "", "", ""], "第2行「环节」：本产业链没有名为“火箭发动机”的环节"),
    ("department", ["", "甲问题", "断点", "", "区外星委", "", "", "", ""], "第2行「责任单位」：找不到部门“区外星委”"),
    ("date", ["", "甲问题", "断点", "", "", "上个月", "", "", ""], "第2行「提出日期」：“上个月”不是有效日期"),
    ("due", ["", "甲问题", "断点", "", "", "2025-05-01", "", "2025-04-01", ""], "第2行「计划解决日期」：计划解决日期不能早于提出日期"),
    ("future", ["", "甲问题", "断点", "", "", "2999-01-01", "", "", ""], "第2行「提出日期」：提出日期不能晚于今天"),
    ("status", ["", "甲问题", "断点", "", "", "", "差不多了", "", ""], "第2行「状态」：“差不多了”应填“未解决”“已解决”"),
    ("source", ["网上传言", "甲问题", "断点", "", "", "", "", "", ""], "第2行「来源」：“网上传言”不是问题来源"),
    ("resolution", ["", "甲问题", "断点", "", "", "", "已解决", "", ""], "第2行「解决情况」：状态为已解决时，请填写解决情况"),
    ("reopen", ["", "已解决的老问题", "断点", "", "", "", "未解决", "", ""], "第2行「状态」：该问题已解决销号，不能改回未解决"),
    ("same_title", ["", "重名问题", "断点", "", "", "", "", "", ""], "第2行「问题」：本产业链有2条同名问题"),
]


@pytest.mark.parametrize(("case", "bad_row", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_every_error_imports_nothing(client_for, chain_data, personas, case, bad_row, message):
    chain, staff = chain_data["chain"], personas["staff"]
    old = services.problem_raise(actor=staff, chain=chain, title="已解决的老问题", kind="break")
    services.problem_resolve(actor=staff, problem=old, resolution="已解决")
    for _ in range(2):
        services.problem_raise(actor=staff, chain=chain, title="重名问题", kind="other")
    c = client_for("staff")
    before, events = snapshot(chain), AuditEvent.objects.count()
    # the bad row first, good rows after (one new, one update): none of them is written
    good_update = ["", "本地无电芯配套", "断点", "电芯", "区发改委", "", "", "", ""]
    job, html = upload(c, chain, xlsx([bad_row, GOOD, good_update]))
    assert job.status == "failed"
    assert any(e.startswith(message) for e in job.errors), job.errors
    assert message.split("：")[0] in html and "未导入任何数据" in html
    assert snapshot(chain) == before
    assert AuditEvent.objects.exclude(event_type="import_job.create").count() == events


def test_a_title_twice_in_the_file_is_refused(client_for, chain_data):
    chain = chain_data["chain"]
    before = snapshot(chain)
    job, _ = upload(client_for("staff"), chain, xlsx([GOOD, ["", "乙问题", "", "", "", "", "", "", ""], GOOD]))
    assert "第4行「问题」：与第2行的问题重复" in job.errors
    assert snapshot(chain) == before


def test_only_staff_of_the_region_may_import_problems(client_for, chain_data):
    chain = chain_data["chain"]
    for persona, code in [("leader", 403), ("handler", 403), ("deputy", 403), ("bishan_staff", 404)]:
        assert client_for(persona).post(f"/chains/{chain.pk}/import/problems/", {"file": xlsx([GOOD])}).status_code == code, persona
    assert not ChainProblem.objects.filter(title=GOOD[1]).exists()
