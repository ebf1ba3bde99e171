"""Record ids, list filters and page numbers read as typed (issue 13): Django and DRF look
`pk='٣'` up as 3, django-filter's NumberFilter takes '٢٠٢٦' as 2026 and the Paginator reads
`?page=٢` as page 2. Through the real pages and endpoints: such a value is refused (a Chinese
400, nothing written) or is no value at all (a list shows its first page), never a number."""

import pytest
from django.core.paginator import PageNotAnInteger

from shuanglian.chains.tests.conftest import chain_data  # noqa: F401  (fixture)
from shuanglian.core import api_fields, form_fields
from shuanglian.core.pagination import Paginator
from shuanglian.deputies.models import Deputy
from shuanglian.oversight.models import Opinion
from shuanglian.regions.models import Department

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_an_opinion_sent_to_a_department_id_in_foreign_digits_is_refused(api_for, departments):
    r = api_for("staff").post("/api/v1/opinions/", {
        "title": "关于民营经济发展的审议意见", "body": str(departments["jxw"].pk).translate(ARABIC_INDIC)}, format="json")
    assert r.status_code == 400 and "请使用半角数字（0–9）填写编号" in r.json()["detail"]
    assert not Opinion.objects.exists()


def test_api_list_filters_refuse_foreign_digits(api_for, chain_data):  # noqa: F811
    api = api_for("staff")
    year, chain = str(chain_data["p1"].year), str(chain_data["chain"].pk)
    assert api.get(f"/api/v1/projects/?year={year}").json()["count"] == 2
    r = api.get(f"/api/v1/projects/?year={year.translate(ARABIC_INDIC)}")
    assert r.status_code == 400 and "请使用半角数字（0–9）填写数值" in r.json()["detail"]
    # a filter generated from `filterset_fields` (the chain's id)
    assert api.get(f"/api/v1/chain-nodes/?chain={chain}").status_code == 200
    r = api.get(f"/api/v1/chain-nodes/?chain={chain.translate(FULLWIDTH)}")
    assert r.status_code == 400 and "请使用半角数字（0–9）填写编号" in r.json()["detail"]


def test_api_page_numbers_in_foreign_digits_are_not_pages(api_for, regions):
    api = api_for("admin")
    assert api.get("/api/v1/regions/?page=1").status_code == 200
    r = api.get("/api/v1/regions/?page=١")
    assert r.status_code == 404 and r.json()["detail"] == "无效页面。"


def test_a_list_page_reads_a_foreign_page_number_as_no_page(client_for, regions):
    Deputy.objects.bulk_create([Deputy(name=f"代表{k:03d}", level="district", region=regions["beibei"])
                                for k in range(60)])
    c = client_for("staff")
    assert "代表055" in c.get("/deputies/?page=2").content.decode()
    shown = c.get("/deputies/?page=２").content.decode()
    assert "代表000" in shown and "代表055" not in shown  # the first page, as for ?page=abc


def test_the_paginator_and_the_id_fields():
    with pytest.raises(PageNotAnInteger):
        Paginator(list(range(100)), 10).validate_number("٣")
    assert Paginator(list(range(100)), 10).validate_number("3") == 3
    field = api_fields.PrimaryKeyRelatedField(queryset=Department.objects.all())
    with pytest.raises(Exception, match="半角数字"):
        field.run_validation("٣")
    choice = form_fields.ModelChoiceField(queryset=Department.objects.all())
    with pytest.raises(Exception, match="半角数字"):
        choice.clean("３")
    several = form_fields.ModelMultipleChoiceField(queryset=Department.objects.all())
    with pytest.raises(Exception, match="半角数字"):
        several.clean(["1", "٢"])
