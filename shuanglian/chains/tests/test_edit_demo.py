"""The registry demo links deputies to the chains' expert groups, and a rerun changes nothing.
(The demo's 联系包挂 are the duty chain's: duties/tests/test_contacts_demo.py.)"""

from shuanglian.chains.models import Chain
from shuanglian.core.models import AuditEvent
from shuanglian.deputies.models import Deputy


def test_demo_links_expert_groups_idempotently(db, client):
    from shuanglian.demo import chains, foundation, registry

    foundation.build()
    chains.build()
    registry.build()
    beibei = Chain.objects.get(name=registry.BEIBEI_CHAIN, region__code="500109")
    bishan = Chain.objects.get(name=registry.BISHAN_CHAIN, region__code="500120")
    assert {d.name for d in beibei.expert_deputies.all()} == {"周宗成", "何建平", "唐晓梅", "彭立军", "罗文"}
    assert bishan.expert_deputies.count() == 8
    counts = (AuditEvent.objects.count(), beibei.expert_deputies.count())
    registry.build()
    assert (AuditEvent.objects.count(), beibei.expert_deputies.count()) == counts
    # demo_deputy (周宗成) reads the chain as a member of its expert group and sees it on the page
    zhou = Deputy.objects.get(name="周宗成")
    client.force_login(zhou.user)
    page = client.get(f"/chains/{beibei.pk}/").content.decode()
    assert "代表专业小组" in page and "周宗成" in page
