"""The registry demo links deputies to the chains' expert groups and to enterprises they keep in
touch with (联系包挂), and a rerun changes nothing."""

from shuanglian.chains.models import Chain, Enterprise
from shuanglian.core.models import AuditEvent


def test_demo_links_expert_groups_and_contact_deputies_idempotently(db, client):
    from shuanglian.demo import chains, foundation, registry

    foundation.build()
    chains.build()
    registry.build()
    beibei = Chain.objects.get(name=registry.BEIBEI_CHAIN, region__code="500109")
    bishan = Chain.objects.get(name=registry.BISHAN_CHAIN, region__code="500120")
    assert {d.name for d in beibei.expert_deputies.all()} == {"周宗成", "何建平", "唐晓梅", "彭立军", "罗文"}
    assert bishan.expert_deputies.count() == 8
    qianli = Enterprise.objects.get(name="重庆千里科技股份有限公司")
    assert [d.name for d in qianli.contact_deputies.all()] == ["周宗成"]
    assert {d.name for d in Enterprise.objects.get(name="重庆青山工业有限责任公司").contact_deputies.all()} == {"刘波", "赵德明"}
    counts = (AuditEvent.objects.count(), beibei.expert_deputies.count(), qianli.contact_deputies.count())
    registry.build()
    assert (AuditEvent.objects.count(), beibei.expert_deputies.count(), qianli.contact_deputies.count()) == counts
    # demo_deputy (周宗成) reads the chain as a member of its expert group and sees it on the page
    zhou = qianli.contact_deputies.get()
    client.force_login(zhou.user)
    page = client.get(f"/chains/{beibei.pk}/").content.decode()
    assert "代表专业小组" in page and "周宗成" in page
    assert "周宗成" in client.get(f"/chains/enterprises/{qianli.pk}/").content.decode()
