"""Two staff editing the same record: the second save is refused with "已被他人修改", nothing of the
first is lost, and the second user's input is kept in the form (carrying the current version, so
saving again after checking is a deliberate choice)."""

import threading

import pytest
from django.db import connection

from shuanglian.chains import services
from shuanglian.chains.models import ChainMetric, ChainNode, Lead
from shuanglian.chains.tests.test_edit_chain import chain_post
from shuanglian.core.errors import ConcurrentUpdate
from shuanglian.core.models import AuditEvent


def test_second_chain_edit_is_refused_and_keeps_the_input(client_for, chain_data):
    chain = chain_data["chain"]
    opened = chain.version
    a, b = client_for("staff"), client_for("admin")
    assert a.post(f"/chains/{chain.pk}/edit/", chain_post(chain, chief_name="甲的链长", version=opened)).status_code == 302
    r = b.post(f"/chains/{chain.pk}/edit/", chain_post(chain, chief_post="乙填写的职务", version=opened))
    html = r.content.decode()
    assert r.status_code == 200 and "已被他人修改" in html and "您填写的内容已保留" in html
    assert 'value="乙填写的职务"' in html  # the input is kept
    chain.refresh_from_db()
    assert chain.chief_name == "甲的链长" and chain.chief_post == "区人大常委会主任"
    assert f'name="version" value="{chain.version}"' in html
    # saving again after checking goes through, on purpose
    again = chain_post(chain, chief_post="乙填写的职务", version=chain.version)
    assert b.post(f"/chains/{chain.pk}/edit/", again).status_code == 302
    chain.refresh_from_db()
    assert (chain.chief_name, chain.chief_post) == ("甲的链长", "乙填写的职务")


def test_htmx_rating_conflict_keeps_the_choice(client_for, chain_data):
    chain, gear = chain_data["chain"], chain_data["gear"]
    services.node_rate(actor=None, node=gear, strength="weak", note="他人先评")
    r = client_for("staff").post(f"/chains/{chain.pk}/nodes/{gear.pk}/rate/", {
        f"n{gear.pk}-strength": "broken", f"n{gear.pk}-strength_note": "我的判断", f"n{gear.pk}-version": gear.version},
        HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "已被他人修改" in html and 'value="我的判断"' in html and '<option value="broken" selected>' in html
    gear.refresh_from_db()
    assert (gear.strength, gear.strength_note) == ("weak", "他人先评")


def test_new_period_entered_twice_does_not_overwrite(client_for, chain_data):
    chain = chain_data["chain"]
    post = {"period_kind": "year", "year": 2025, "output": "180.00", "version": 0}
    assert client_for("staff").post(f"/chains/{chain.pk}/metrics/", post).status_code == 302
    r = client_for("admin").post(f"/chains/{chain.pk}/metrics/", {**post, "output": "999.00"})
    assert "已被他人修改" in r.content.decode() and 'value="999.00"' in r.content.decode()
    assert ChainMetric.objects.get(chain=chain).output == 180


@pytest.mark.parametrize("save", [
    lambda d, v: services.project_save(actor=None, chain=d["chain"], project=d["p1"], values={"note": "x"}, expected_version=v),
    lambda d, v: services.lead_save(actor=None, chain=d["chain"], lead=d["lead"], values={"next_step": "x"}, expected_version=v),
    lambda d, v: services.policy_save(actor=None, region=d["chain"].region, policy=d["policy"], values={"issuer": "x"}, expected_version=v),
    lambda d, v: services.enterprise_save(actor=None, enterprise=d["forge"], values={"address": "x"}, expected_version=v),
    lambda d, v: services.node_save(actor=None, chain=d["chain"], node=d["cell"], values={"description": "x"}, expected_version=v),
    lambda d, v: services.project_advance(actor=None, project=d["p1"], expected_version=v),
    lambda d, v: services.lead_advance(actor=None, lead=d["lead"], expected_version=v),
])
def test_every_versioned_service_refuses_a_stale_version(chain_data, save):
    save(chain_data, 1)  # the version everyone opened
    events = AuditEvent.objects.count()
    with pytest.raises(ConcurrentUpdate, match="已被他人修改"):
        save(chain_data, 1)
    assert AuditEvent.objects.count() == events


def test_a_contact_bumps_the_version_so_an_open_edit_form_is_told(chain_data):
    lead = chain_data["lead"]
    services.lead_record_contact(actor=None, lead=lead, on=lead.last_contact or __import__("datetime").date(2026, 1, 5),
                                 who="张三", what="电话", next_step="面谈")
    with pytest.raises(ConcurrentUpdate):
        services.lead_save(actor=None, chain=lead.chain, lead=lead, values={"next_step": "旧的下一步"}, expected_version=1)
    assert Lead.objects.get(pk=lead.pk).next_step == "面谈"


@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_the_same_version_one_wins(chain_data):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL")
    node = chain_data["cell"]
    barrier, results = threading.Barrier(2), []

    def work(note):
        from django.db import connections

        try:
            barrier.wait()
            services.node_rate(actor=None, node=ChainNode.objects.get(pk=node.pk), strength="broken", note=note,
                               expected_version=1)
            results.append("ok")
        except ConcurrentUpdate:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert ChainNode.objects.get(pk=node.pk).version == 2
