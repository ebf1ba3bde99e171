"""Issue 12.11: no dead ends — a case shown in the enterprise file, on a chain node's panel, in the
problem list or on its station's page opens the case for whoever may read it (and is plain text,
never a link to a refusal, for whoever may not); the case list filters by station."""

from shuanglian.chains.tests.conftest import chain_data  # noqa: F401 - the shared chain fixture

from .test_intake_helpers import make_station


def test_enterprise_file_node_panel_and_problem_list_open_the_case(chain_data, make_case, client_for):  # noqa: F811
    chain, gear, forge = chain_data["chain"], chain_data["gear"], chain_data["forge"]
    case = make_case(title="锻造线用电增容", chain=chain, chain_node=gear, enterprise=forge)
    link = f'href="/cases/{case.pk}/"'
    staff = client_for("staff")
    assert link in staff.get(f"/chains/enterprises/{forge.pk}/").content.decode()
    assert link in staff.get(f"/chains/{chain.pk}/nodes/{gear.pk}/").content.decode()
    assert link in staff.get("/chains/problems/", {"chain": chain.pk}).content.decode()
    # a handler of the chain's lead department reads the chain but not this unassigned case
    handler_page = client_for("handler").get(f"/chains/enterprises/{forge.pk}/").content.decode()
    assert case.number in handler_page and link not in handler_page
    assert client_for("handler").get(f"/cases/{case.pk}/").status_code == 404


def test_station_page_lists_its_cases_and_the_list_filters_by_station(regions, personas, make_case, client_for):
    station = make_station(regions, personas)
    mine = make_case(title="联络站收集的诉求", station=station)
    other = make_case(title="别处的诉求")
    staff = client_for("staff")
    page = staff.get(f"/duties/stations/{station.pk}/").content.decode()
    assert f'href="/cases/{mine.pk}/"' in page and "本阵地收集的诉求（1）" in page
    assert other.title not in page
    listed = staff.get("/cases/", {"station": station.pk}).content.decode()
    assert mine.title in listed and other.title not in listed
    assert staff.get("/cases/", {"station": "abc"}).status_code in (200, 400)  # a bad id never 500s
