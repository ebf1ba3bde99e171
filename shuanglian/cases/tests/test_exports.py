"""Exports: the 交办单 and 督办通知 as Word documents, the 台账 as xlsx (formula-safe, masked
phones for non-staff, scoped to the exporter, audited)."""

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from shuanglian.cases import services
from shuanglian.cases.models import Notice
from shuanglian.core.models import AuditEvent
from shuanglian.lib.docx import cn_date


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def assigned(make_case, personas, departments):
    """Accepted by staff and assigned to 区经济信息委 through the services."""

    def make(department="jxw", sign=False, **fields):
        case = make_case(**fields)
        case = services.case_accept(case=case, actor=personas["staff"])
        case = services.case_assign(case=case, department=departments[department], actor=personas["staff"])
        if sign:
            handler = personas["handler"] if department == "jxw" else personas["outsider"]
            case = services.case_sign(case=case, actor=handler)
        return case

    return make


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def east_asian_fonts(content: bytes) -> set[str]:
    doc = Document(io.BytesIO(content))
    return {
        fonts.get(qn("w:eastAsia"))
        for fonts in doc.element.body.iter(qn("w:rFonts"))
        if fonts.get(qn("w:eastAsia"))
    }


# --- 交办单 -----------------------------------------------------------------------------------------

def test_assignment_slip_is_a_word_document_with_the_facts(assigned, client_for):
    case = assigned(sign=True)
    response = client_for("staff").get(reverse("cases:assignment_slip", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "企业诉求交办单" in text
    assert "区经济信息委：" in text  # 主送
    assert case.number in text
    assert cn_date(case.due_date) in text  # the reply deadline as a date …
    assert f"{case.clock_limit}个工作日内" in text  # … and in working days
    assert "北碚区人大常委会办公室" in text  # 落款
    assert "北碚人大交〔" in text  # 文号
    assert "13912345678" in text  # the department needs the contact
    assert {"仿宋_GB2312", "黑体", "方正小标宋简体"} <= east_asian_fonts(response.content)


def test_assignment_slip_before_signing_shows_the_reply_limit(assigned, client_for):
    case = assigned()
    text = docx_text(client_for("handler").get(reverse("cases:assignment_slip", args=[case.pk])).content)
    assert "7个工作日内" in text and "1个工作日内" in text



def test_assignment_slip_shows_the_limit_staff_chose(make_case, client_for, personas, departments):
    case = services.case_accept(case=make_case(), actor=personas["staff"])
    case = services.case_assign(case=case, department=departments["jxw"], due_workdays=12, actor=personas["staff"])
    AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk)).delete()
    text = docx_text(client_for("handler").get(reverse("cases:assignment_slip", args=[case.pk])).content)
    assert "自交办之日起12个工作日内" in text


@pytest.mark.parametrize("persona, status", [("outsider", 404), ("bishan_staff", 404), ("leader", 403)])
def test_assignment_slip_is_for_staff_and_the_handling_department_only(assigned, client_for, persona, status):
    case = assigned()
    assert client_for(persona).get(reverse("cases:assignment_slip", args=[case.pk])).status_code == status


def test_unassigned_case_has_no_slip(make_case, client_for):
    case = make_case()
    response = client_for("staff").get(reverse("cases:assignment_slip", args=[case.pk]), follow=True)
    assert "尚未交办" in response.content.decode()


# --- 督办通知 ---------------------------------------------------------------------------------------

def test_staff_issue_a_formal_supervision_notice(assigned, client_for, personas):
    case = assigned(sign=True)
    url = reverse("cases:supervision_notice", args=[case.pk])
    response = client_for("staff").post(url, {"note": "企业多次反映"})
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "关于督促办理企业诉求的通知" in text
    assert "区经济信息委：" in text
    assert case.number in text
    assert f"请于{cn_date(case.due_date)}前办结" in text  # not late: its own reply deadline stands
    assert "北碚人大督〔" in text and "北碚区人大常委会办公室" in text
    assert "13912345678" not in text  # the notice carries no personal data
    notice = Notice.objects.get(case=case, level="formal")
    assert notice.department.name == "区经济信息委"
    event = AuditEvent.objects.get(event_type="case.supervise", target_id=str(case.pk))
    assert event.actor == personas["staff"] and event.note == "企业多次反映"
    # The lead department finds it in its inbox.
    inbox = client_for("handler").get(reverse("cases:inbox")).content.decode()
    assert "督办通知书" in inbox and case.number in inbox

    # A double submit the same day is one notice with the same number.
    again = client_for("staff").post(url)
    assert again.status_code == 200
    assert Notice.objects.filter(case=case, level="formal").count() == 1
    assert AuditEvent.objects.filter(event_type="case.supervise").count() == 1


def test_departments_cannot_issue_supervision_notices(assigned, client_for):
    case = assigned()
    url = reverse("cases:supervision_notice", args=[case.pk])
    assert client_for("handler").post(url).status_code == 403
    assert client_for("outsider").post(url).status_code == 404
    assert client_for("handler").get(url).status_code == 403
    assert client_for("staff").put(url).status_code == 405
    assert not Notice.objects.exists()


def test_the_case_pages_link_opens_a_confirmation_that_changes_nothing(assigned, client_for):
    case = assigned(sign=True)
    page = client_for("staff").get(reverse("cases:supervision_notice", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and case.number in html and "区经济信息委" in html
    assert "发出督办通知并下载" in html and 'method="post"' in html
    assert not Notice.objects.exists()


def test_no_notice_for_a_case_not_yet_assigned(make_case, client_for):
    case = make_case()
    response = client_for("staff").post(reverse("cases:supervision_notice", args=[case.pk]), follow=True)
    assert "尚未交办" in response.content.decode()
    assert not Notice.objects.exists()


# --- 台账 -------------------------------------------------------------------------------------------

def ledger(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, row, strict=True)) for row in body], ws


def test_ledger_has_every_milestone_and_is_formula_safe(assigned, make_case, client_for, personas):
    case = assigned(sign=True, title="=1+1")
    services.case_reply(case=case, actor=personas["handler"], result="solved", content="已协调燃气公司调整走线")
    make_case(title="未受理的诉求")
    rows, ws = ledger(client_for("staff").get(reverse("cases:ledger_export")))
    assert len(rows) == 2
    row = next(r for r in rows if r["诉求编号"] == case.number)
    for column in ("提交时间", "受理时间", "交办时间", "签收时间", "答复时间"):
        assert row[column] is not None, column
    assert row["评价时间"] is None and row["销号时间"] is None
    assert row["主办部门"] == "区经济信息委" and row["状态"] == "已答复待回访"
    assert row["办理结果"] == "已解决" and row["三色灯"] == "绿灯"
    assert row["联系电话"] == "13912345678"  # staff see the full number
    title_cell = next(c for c in ws[2 if rows[0] is row else 3] if c.value and "1+1" in str(c.value))
    assert title_cell.data_type == "s" and not str(title_cell.value).startswith("=")


def test_ledger_for_a_handler_is_their_departments_with_masked_phones(assigned, client_for):
    mine = assigned()
    assigned(department="fgw", title="发改委的诉求")
    rows, _ = ledger(client_for("handler").get(reverse("cases:ledger_export")))
    assert [r["诉求编号"] for r in rows] == [mine.number]
    assert rows[0]["联系电话"] == "139****5678"


def test_ledger_follows_the_list_filters_and_is_audited(assigned, make_case, client_for, personas):
    case = assigned()
    make_case(title="另一条")
    rows, _ = ledger(client_for("staff").get(reverse("cases:ledger_export"), {"status": "assigned"}))
    assert [r["诉求编号"] for r in rows] == [case.number]
    event = AuditEvent.objects.get(event_type="case.export")
    assert event.actor == personas["staff"]
    assert event.changes["rows"] == [None, 1]
    assert event.changes["filters"][1] == {"status": ["assigned"]}


def test_confidential_details_are_hidden_from_readers_without_a_role(assigned, client_for):
    assigned(confidential=True, description="核心工艺参数")
    rows, _ = ledger(client_for("leader").get(reverse("cases:ledger_export")))
    assert rows[0]["诉求内容"] == "（涉及商业秘密，已隐藏）"
    assert rows[0]["联系电话"] == "（涉及商业秘密，已隐藏）"


def test_ledger_export_query_count_does_not_grow_with_rows(assigned, client_for, django_assert_max_num_queries):
    for i in range(12):
        assigned(title=f"诉求{i}")
    client = client_for("staff")
    with django_assert_max_num_queries(20):
        rows, _ = ledger(client.get(reverse("cases:ledger_export")))
    assert len(rows) == 12
