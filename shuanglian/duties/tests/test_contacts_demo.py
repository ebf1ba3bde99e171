"""The demo's 联系包挂 (seed 001): the 青杠 points' deputies keep in touch with 20+ key enterprises
of the 璧山 chain, in mixed groups; part of them were visited a month ago, so the coverage shows
both lists; 北碚's deputies with their firms; a rerun changes nothing."""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from shuanglian.chains.models import Chain, Enterprise
from shuanglian.core.models import AuditEvent, User
from shuanglian.demo import duties_contacts
from shuanglian.deputies.models import Station
from shuanglian.duties.models import ContactLink
from shuanglian.duties.selectors import station_deputies


@pytest.mark.django_db
def test_demo_links_twenty_odd_key_enterprises_to_the_qinggang_deputies():
    call_command("demo", "--i-know-this-is-a-demo", "--only", "foundation", "chains", "registry", "cases", "duties",
                 stdout=io.StringIO())
    stations = list(Station.objects.filter(region__code="500120003", kind="activity_point").order_by("pk"))
    deputies = {d.pk for s in stations for d in station_deputies(s)}
    links = ContactLink.objects.filter(deputy_id__in=deputies, ended_on__isnull=True)
    enterprises = Enterprise.objects.filter(pk__in=links.values("enterprise_id"))
    assert enterprises.count() >= 20 and all(e.is_key for e in enterprises)
    assert links.values("deputy_id").distinct().count() == len(deputies) == 8  # 2 heads + 6 enterprise deputies
    qingshan = Enterprise.objects.get(name="重庆青山工业有限责任公司")
    assert {link.deputy.name for link in qingshan.contact_links.all()} == {"刘波", "赵德明"}
    assert ContactLink.objects.get(enterprise__name="重庆千里科技股份有限公司").deputy.name == "周宗成"

    api = APIClient()
    api.force_authenticate(User.objects.get(username="demo_staff_500120"))
    chain = Chain.objects.get(name=duties_contacts.BISHAN_CHAIN, region__code="500120")
    cover = api.get(f"/api/v1/contact-links/coverage/?chain={chain.pk}").json()
    assert cover["with_contact"] == cover["key_enterprises"] >= 20
    assert 0 < cover["visited"] < cover["key_enterprises"] and cover["unvisited_count"] > 0

    before = (ContactLink.objects.count(), AuditEvent.objects.count())
    duties_contacts.build(User.objects.get(username="demo_staff_500120"), stations)
    assert (ContactLink.objects.count(), AuditEvent.objects.count()) == before
