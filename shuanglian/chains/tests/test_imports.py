"""Excel import: every error path reports in Chinese by row and column and imports nothing; a clean
file upserts enterprises by USCC; large files go through a background job whose page shows progress."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from shuanglian.chains import imports
from shuanglian.chains.models import Enterprise, ImportJob, Lead, Policy, Project

from .conftest import make_uscc

ENT_HEADERS = ["企业名称", "统一社会信用代码", "所属区域", "规模", "链主", "所属环节", "年产值（亿元）", "从业人数"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def xlsx(headers, rows, name="导入.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = name
    return buf


def upload(client, chain, kind, f):
    resp = client.post(f"/chains/{chain.pk}/import/{kind}/", {"file": f})
    assert resp.status_code == 302
    page = client.get(resp["Location"])
    return ImportJob.objects.latest("id"), page.content.decode()


def good_row(seq=10, **over):
    row = {"企业名称": f"新企业{seq}", "统一社会信用代码": make_uscc(seq), "所属区域": "北碚区", "规模": "规上",
           "链主": "否", "所属环节": "齿轮", "年产值（亿元）": "1.5", "从业人数": 100}
    row.update(over)
    return [row[h] for h in ENT_HEADERS]


def test_clean_file_creates_and_upserts_by_uscc(client_for, chain_data):
    forge = chain_data["forge"]
    rows = [good_row(10), good_row(11, **{"企业名称": "重庆市乾凤锻造有限公司", "统一社会信用代码": forge.uscc,
                                          "所属环节": "原材料、齿轮", "从业人数": 480})]
    job, html = upload(client_for("staff"), chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, rows))
    assert job.status == "done" and (job.created, job.updated) == (1, 1)
    assert "导入完成：新增 1 条，更新 1 条" in html
    forge.refresh_from_db()
    assert forge.employees == 480
    assert Enterprise.objects.get(name="新企业10").nodes.get().name == "齿轮"


ERROR_CASES = [
    ("uscc", good_row(12, **{"统一社会信用代码": "91500109000000001X"}), "第2行「统一社会信用代码」：统一社会信用代码校验位不正确"),
    ("length", good_row(12, **{"统一社会信用代码": "9150010900"}), "第2行「统一社会信用代码」：统一社会信用代码应为18位"),
    ("number", good_row(12, **{"年产值（亿元）": "三亿"}), "第2行「年产值（亿元）」：“三亿”不是有效的数字"),
    ("negative", good_row(12, **{"年产值（亿元）": "-1"}), "第2行「年产值（亿元）」：年产值不能为负数"),
    ("integer", good_row(12, **{"从业人数": "12.5"}), "第2行「从业人数」：“12.5”应为整数"),
    ("choice", good_row(12, **{"规模": "大型"}), "第2行「规模」：“大型”不在可选值中"),
    ("yes_no", good_row(12, **{"链主": "也许"}), "第2行「链主」：“也许”应填“是”或“否”"),
    ("node", good_row(12, **{"所属环节": "火箭发动机"}), "第2行「所属环节」：本产业链没有名为“火箭发动机”的环节"),
    ("region", good_row(12, **{"所属区域": "火星区"}), "第2行「所属区域」：找不到区域“火星区”"),
    ("required", good_row(12, **{"企业名称": None}), "第2行「企业名称」：必填，不能为空"),
]


@pytest.mark.parametrize(("case", "bad_row", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_enterprise_row_errors_import_nothing(client_for, chain_data, case, bad_row, message):
    before = Enterprise.objects.count()
    # the bad row comes first, a good row after: neither is imported
    job, html = upload(client_for("staff"), chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, [bad_row, good_row(13)]))
    assert job.status == "failed"
    assert any(e.startswith(message) for e in job.errors), job.errors
    assert message in html and "未导入任何数据" in html
    assert Enterprise.objects.count() == before


def test_duplicate_uscc_in_the_file(client_for, chain_data):
    row = good_row(14)
    job, _ = upload(client_for("staff"), chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, [row, good_row(15), row]))
    assert "第4行「统一社会信用代码」：与第2行的统一社会信用代码重复" in job.errors
    assert not Enterprise.objects.filter(name="新企业15").exists()


def test_missing_column_not_xlsx_and_empty_file(client_for, chain_data):
    c, chain = client_for("staff"), chain_data["chain"]
    job, _ = upload(c, chain, "enterprises", xlsx(["统一社会信用代码"], [[make_uscc(16)]]))
    assert job.errors == ["第1行「企业名称」：缺少这一列，请使用下载的模板"]
    bogus = io.BytesIO(b"not a workbook")
    bogus.name = "x.xlsx"
    job, _ = upload(c, chain, "enterprises", bogus)
    assert "不是有效的 Excel" in job.errors[0]
    job, _ = upload(c, chain, "enterprises", xlsx(ENT_HEADERS, []))
    assert job.errors == ["第2行：文件中没有数据行"]


def test_an_error_found_while_writing_rolls_back_earlier_rows(client_for, chain_data):
    long_name = "很" * 130  # longer than the 120-character field: only the model check catches it
    job, _ = upload(client_for("staff"), chain_data["chain"], "enterprises",
                    xlsx(ENT_HEADERS, [good_row(17), good_row(18, **{"企业名称": long_name})]))
    assert job.status == "failed" and job.errors[0].startswith("第3行")
    assert not Enterprise.objects.filter(name="新企业17").exists()


PROJECT_HEADERS = ["项目名称", "总投资（亿元）", "计划年度", "年度计划投资（亿元）", "环节", "责任单位", "阶段"]


def test_project_import_and_its_errors(client_for, chain_data):
    c, chain = client_for("staff"), chain_data["chain"]
    job, _ = upload(c, chain, "projects", xlsx(PROJECT_HEADERS, [
        ["甲项目", "10", 2025, "12", "齿轮", "区经济信息委", "建设"],   # plan > total
        ["乙项目", "10", 2025, "2", "齿轮", "区外星委", "建设"],        # unknown department
        ["丙项目", "10", 1900, "2", "齿轮", "", "飞升"],               # bad year and stage
    ]))
    assert "第2行「年度计划投资（亿元）」：年度计划投资不能大于总投资" in job.errors
    assert any(e.startswith("第3行「责任单位」：找不到部门“区外星委”") for e in job.errors)
    assert "第4行「计划年度」：计划年度应在2000–2100之间" in job.errors
    assert any(e.startswith("第4行「阶段」") for e in job.errors)
    assert Project.objects.filter(chain=chain).count() == 2
    job, _ = upload(c, chain, "projects", xlsx(PROJECT_HEADERS, [
        ["乾凤锻造扩能", "6.00", 2025, "2.5", "齿轮", "区经济信息委", "建设"],  # updates by name
        ["丁项目", "3", 2025, "1", "整车", "", ""],
    ]))
    assert job.status == "done" and (job.created, job.updated) == (1, 1)
    assert Project.objects.get(name="乾凤锻造扩能").total_investment == Decimal("6.00")


def test_lead_and_policy_import_errors(client_for, chain_data):
    c, chain = client_for("staff"), chain_data["chain"]
    job, _ = upload(c, chain, "leads", xlsx(["目标企业", "补链环节", "到位资金（亿元）", "阶段"], [
        ["某电芯企业", "电芯", "3", "接洽"]]))
    assert job.errors == ["第2行「到位资金（亿元）」：尚未签约的线索不应有到位资金"]
    assert Lead.objects.filter(chain=chain).count() == 1
    job, _ = upload(c, chain, "policies", xlsx(["政策名称", "发文单位", "施行日期", "有效期至"], [
        ["某政策", "区政府", "2025-03-01", "2024-01-01"]]))
    assert job.errors == ["第2行「有效期至」：有效期至不能早于施行日期"]
    assert Policy.objects.count() == 1


def test_only_staff_of_the_region_may_import(client_for, chain_data):
    f = xlsx(ENT_HEADERS, [good_row(19)])
    assert client_for("leader").post(f"/chains/{chain_data['chain'].pk}/import/enterprises/", {"file": f}).status_code == 403
    assert client_for("bishan_staff").post(f"/chains/{chain_data['chain'].pk}/import/enterprises/", {"file": f}).status_code == 404


def test_large_file_runs_in_the_background_and_the_page_polls(client_for, chain_data, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_MAX_BYTES", 0)
    c = client_for("staff")
    job, html = upload(c, chain_data["chain"], "enterprises", xlsx(ENT_HEADERS, [good_row(20), good_row(21)]))
    assert job.status == "queued" and "排队中" in html and 'hx-trigger="every 2s"' in html
    assert not Enterprise.objects.filter(name="新企业20").exists()
    imports.import_job_run(job.pk)  # what the worker does
    partial = c.get(f"/chains/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "导入完成：新增 2 条" in partial and "every 2s" not in partial
    assert Enterprise.objects.filter(name="新企业20").exists()
    # another region's staff cannot look at the job
    assert client_for("bishan_staff").get(f"/chains/imports/{job.pk}/").status_code == 404


def test_templates_download_with_a_help_sheet(client_for, chain_data):
    from openpyxl import load_workbook

    resp = client_for("staff").get("/chains/templates/enterprises/")
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["企业清单", "说明"]
    assert [c.value for c in wb["企业清单"][1]][:2] == ["企业名称", "统一社会信用代码"]
