"""Open311 integration keys as records (issue 13, item 8): an administrator issues a key (the secret
shown once), rotates and revokes it, every use counted and every change audited; a keyed client is
limited per key and per address, and wrong keys stop an address quickly."""

import re

import pytest
from django.test import Client

from shuanglian.cases.intake import keys
from shuanglian.cases.models import Case, IntegrationKey
from shuanglian.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def post_case(client, key, n=0, ip="10.7.0.1"):
    return client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": "energy", "description": f"园区停电频繁，影响生产（{n}）。",
        "last_name": "刘", "first_name": "经理", "phone": "13912345678",
        "attribute[enterprise_name]": "重庆乾凤锻造有限公司", "attribute[consent]": "true"}, REMOTE_ADDR=ip)


@pytest.fixture
def energy(db):
    from shuanglian.cases.models import Category

    return Category.objects.get_or_create(code="energy", defaults={"name": "水电气保障", "order": 3})[0]


def issue_on_the_page(client_for, regions, name="渝快政"):
    page = client_for("admin").post("/open311/keys/", {"name": name, "region": regions["beibei"].pk}).content.decode()
    return re.search(r'data-testid="secret">', page) and re.search(r'value="([^"]+)" size="50"', page).group(1), page


def test_an_administrator_issues_a_key_that_works_and_is_counted(client_for, regions, energy, rate_window):
    secret, page = issue_on_the_page(client_for, regions)
    assert "离开本页后将无法再次查看" in page
    key = IntegrationKey.objects.get()
    assert key.digest == keys.key_hash(secret) and secret not in str(key.__dict__) and key.prefix == secret[:6]
    assert secret not in client_for("admin").get("/open311/keys/").content.decode()  # shown once only
    created = post_case(Client(), secret)
    assert created.status_code == 201
    case = Case.objects.get()
    assert case.region == regions["beibei"] and case.source == "open311"
    assert Client().get("/open311/v2/requests.json", {"api_key": secret}, REMOTE_ADDR="10.7.0.2").json()[0][
        "service_request_id"] == str(case.pk)
    key.refresh_from_db()
    assert key.use_count == 2 and key.last_used_at is not None
    assert AuditEvent.objects.filter(event_type="integration_key.issue").count() == 1


def test_revoking_stops_the_key_at_once_and_rotating_gives_a_new_one(client_for, regions, energy, rate_window):
    secret, _ = issue_on_the_page(client_for, regions)
    key = IntegrationKey.objects.get()
    page = client_for("admin").post(f"/open311/keys/{key.pk}/rotate/").content.decode()
    new_secret = re.search(r'value="([^"]+)" size="50"', page).group(1)
    assert new_secret != secret
    refused = post_case(Client(), secret)
    assert refused.status_code == 403 and "api_key 无效或已停用" in refused.content.decode()
    assert post_case(Client(), new_secret).status_code == 201
    new = IntegrationKey.objects.get(revoked_at__isnull=True)
    client_for("admin").post(f"/open311/keys/{new.pk}/revoke/")
    assert post_case(Client(), new_secret, n=1).status_code == 403
    assert Case.objects.count() == 1
    assert list(AuditEvent.objects.filter(event_type__startswith="integration_key").order_by("pk")
                .values_list("event_type", flat=True)) == [
        "integration_key.issue", "integration_key.revoke", "integration_key.issue", "integration_key.revoke"]


@pytest.mark.parametrize("persona", ["staff", "leader", "handler", "deputy"])
def test_only_an_administrator_manages_keys(client_for, regions, persona):
    assert client_for(persona).get("/open311/keys/").status_code == 403
    assert client_for(persona).post("/open311/keys/", {"name": "某平台", "region": regions["beibei"].pk}).status_code == 403
    assert not IntegrationKey.objects.exists()


def test_a_bad_key_form_is_refused_in_chinese(client_for, regions):
    from shuanglian.deputies.models import Station

    elsewhere = Station.objects.create(kind="activity_point", name="璧山活动点", region=regions["bishan"])
    page = client_for("admin").post("/open311/keys/", {"name": "园区平台", "region": regions["beibei"].pk,
                                                       "station": elsewhere.pk}).content.decode()
    assert "履职阵地须在所属区域范围内" in page and not IntegrationKey.objects.exists()


def test_a_key_is_limited_and_wrong_keys_stop_an_address(settings, client_for, regions, energy, rate_window):
    rf = dict(settings.REST_FRAMEWORK)
    rf["DEFAULT_THROTTLE_RATES"] = {**rf["DEFAULT_THROTTLE_RATES"], "open311_key": "3/min", "open311_ip": "30/min"}
    settings.REST_FRAMEWORK = rf
    secret, _ = issue_on_the_page(client_for, regions)
    statuses = [post_case(Client(), secret, n=k, ip=f"10.8.0.{k}").status_code for k in range(4)]
    assert statuses == [201, 201, 201, 429]  # per key, whichever address it comes from
    assert Case.objects.count() == 3
    # a guesser: each wrong key costs ten requests of the address's allowance of 30 a minute …
    guesses = [Client().get("/open311/v2/requests.json", {"api_key": f"guess{k}"}, REMOTE_ADDR="10.9.9.9").status_code
               for k in range(4)]
    assert guesses == [403, 403, 403, 429]
    # … and then even a right key from that address is refused until the window ends
    assert Client().get("/open311/v2/requests.json", {"api_key": secret}, REMOTE_ADDR="10.9.9.9").status_code == 429
