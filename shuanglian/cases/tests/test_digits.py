"""Non-ASCII digits in the cases' typed input (issue 13): ids, working-day counts and dates sent as
'٣' (Arabic-Indic) or '３' (fullwidth) were read by int() as 3. They are refused with a Chinese
message, over the API and on the case page, and the case does not move."""

import pytest
from django.urls import reverse

from shuanglian.cases import services
from shuanglian.cases.models import Case
from shuanglian.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def act(client, case, name, **data):
    return client.post(f"/api/v1/cases/{case.pk}/actions/{name}/", data, format="json")


@pytest.fixture
def accepted(make_case, personas):
    return services.case_accept(case=make_case(), actor=personas["staff"])


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULLWIDTH])
def test_api_assign_refuses_foreign_digits_in_ids_and_counts(accepted, api_for, departments, digits):
    api = api_for("staff")
    events = AuditEvent.objects.count()
    for payload in ({"department": str(departments["jxw"].pk).translate(digits)},
                    {"department": departments["jxw"].pk, "due_workdays": "10".translate(digits)}):
        r = act(api, accepted, "assign", **payload)
        assert r.status_code == 400, r.json()
        assert "请使用半角数字（0–9）填写整数" in r.json()["detail"]
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and accepted.lead_department is None
    assert AuditEvent.objects.count() == events


def test_api_case_creation_refuses_a_region_id_in_foreign_digits(api_for, regions, personas):
    r = api_for("staff").post("/api/v1/cases/", {
        "title": "招工难", "description": "技能工人招不到", "category": "labour", "enterprise_name": "重庆某机械厂",
        "contact_name": "张三", "contact_phone": "13800001111", "source": "visit",
        "region": str(regions["beibei"].pk).translate(ARABIC_INDIC),
    }, format="json")
    assert r.status_code == 400 and "半角数字" in r.json()["detail"]
    assert not Case.objects.exists()


def test_the_case_page_refuses_a_fullwidth_time_limit(accepted, client_for, departments):
    page = client_for("staff")
    events = AuditEvent.objects.count()
    r = page.post(reverse("cases:act", args=[accepted.pk, "assign"]), {
        "assign-version": accepted.version, "assign-department": departments["jxw"].pk, "assign-due_workdays": "１０"})
    assert r.status_code == 400 and "请使用半角数字（0–9）填写整数" in r.content.decode()
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and accepted.assigned_workdays is None
    assert AuditEvent.objects.count() == events


def test_the_case_page_refuses_a_commitment_date_in_arabic_indic_digits(accepted, client_for, walk):
    case = walk(accepted, "in_progress")
    page = client_for("handler")
    r = page.post(reverse("cases:act", args=[case.pk, "reply"]), {
        "reply-version": case.version, "reply-result": "partly_solved", "reply-content": "已部分协调",
        "reply-commitment": "年底前完成改线", "reply-commitment_due": "٢٠٢٦-١٢-٣١"})
    assert r.status_code == 400 and "请使用半角数字（0–9）填写日期" in r.content.decode()
    case.refresh_from_db()
    assert case.status == "in_progress" and case.commitment_due is None
