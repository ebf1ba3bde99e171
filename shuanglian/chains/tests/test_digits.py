"""Non-ASCII digits on the chain pages (issue 13): an amount, a year or a date typed with '٣'
(Arabic-Indic) or '３' (fullwidth) was read by Decimal()/int()/strptime as 3. Each is refused
with a Chinese message and nothing is recorded — including the fields a ModelForm generates."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shuanglian.chains import services
from shuanglian.chains.models import Project
from shuanglian.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_an_investment_amount_in_arabic_indic_digits_is_refused(client_for, chain_data):
    last_year = timezone.localdate().year - 1
    project = services.project_save(actor=None, chain=chain_data["chain"], values={
        "name": "电芯项目", "node": chain_data["cell"], "owner_name": "某电池公司", "total_investment": Decimal("20"),
        "year": last_year, "annual_plan": Decimal("8"), "stage": "building"})
    page = client_for("staff")
    events = AuditEvent.objects.count()
    r = page.post(f"/chains/projects/{project.pk}/investment/", {"month": f"{last_year}-12", "amount": "٨.00"},
                  HTTP_HX_REQUEST="true")
    assert "请使用半角数字（0–9）填写数值" in r.content.decode()
    assert project.investments.count() == 0 and AuditEvent.objects.count() == events


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("year", "２０２６", "请使用半角数字（0–9）填写整数"),
    ("total_investment", "１２", "请使用半角数字（0–9）填写数值"),
])
def test_the_new_project_form_refuses_fullwidth_digits(client_for, chain_data, field, typed, message):
    chain = chain_data["chain"]
    data = {"name": "固态电池中试线", "kind": "industrial", "owner_name": "某新能源公司", "total_investment": "12",
            "year": "2026", "annual_plan": "3", "stage": "planning", field: typed}
    r = client_for("staff").post(f"/chains/{chain.pk}/projects/new/", data)
    assert r.status_code != 302 and message in r.content.decode()
    assert not Project.objects.filter(chain=chain, name="固态电池中试线").exists()


def test_a_chain_list_picked_by_a_foreign_id_is_no_chain_not_a_crash(client_for, chain_data):
    chain = str(chain_data["chain"].pk)
    c = client_for("staff")
    picked = c.get(f"/chains/projects/?chain={chain}").content.decode()
    assert reverse("chains:project_create", args=[chain]) in picked  # "新增项目" for the picked chain
    for url in (f"/chains/projects/?chain={chain.translate(ARABIC_INDIC)}",
                f"/chains/enterprises/?chain={chain.translate(FULLWIDTH)}",
                f"/chains/problems/?chain={chain.translate(ARABIC_INDIC)}&node=١"):
        r = c.get(url)
        assert r.status_code == 200, url  # was a 500: the links reversed the chain id as typed
        assert reverse("chains:project_create", args=[chain]) not in r.content.decode()
