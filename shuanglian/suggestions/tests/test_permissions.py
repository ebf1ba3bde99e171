"""The permission matrix: a deputy sees only the suggestions they lead or co-sign; a unit only those
assigned to it; another region's staff nothing (404, like a missing id); a leader reads but may
not act (403); each move only by its actor."""

import pytest

from shuanglian.suggestions import services
from shuanglian.suggestions.selectors import suggestion_list

pytestmark = pytest.mark.django_db
URL = "/api/v1/suggestions/"


def _ids(client):
    return sorted(row["id"] for row in client.get(URL).json()["results"])


def test_who_reads_which_suggestion(api_for, people, departments, make_suggestion, walk):
    draft = make_suggestion()
    submitted = walk(make_suggestion(), "submitted")
    assigned = walk(make_suggestion(), "assigned")  # lead 区经济信息委, co-unit 区发改委
    other = services.suggestion_create(
        actor=people["other_deputy"], title="关于推进渝西片区交通互联互通一体化发展的建议", reasons="x", proposals="y",
        lead_deputy=people["other_deputy_record"])
    all_ids = sorted([draft.pk, submitted.pk, assigned.pk, other.pk])

    assert _ids(api_for("staff")) == all_ids
    assert _ids(api_for("leader")) == all_ids
    assert _ids(api_for("deputy")) == sorted([draft.pk, submitted.pk, assigned.pk])
    assert _ids(api_for("cosigner")) == sorted([draft.pk, submitted.pk, assigned.pk])
    assert _ids(api_for("other_deputy")) == [other.pk]
    assert _ids(api_for("handler")) == [assigned.pk]  # lead unit: only once assigned
    assert _ids(api_for("outsider")) == [assigned.pk]  # co-unit
    assert _ids(api_for("bishan_staff")) == []
    assert _ids(api_for("town_staff")) == []  # a town's staff: not the district's suggestions

    for who, sid in [("bishan_staff", assigned.pk), ("other_deputy", assigned.pk), ("handler", submitted.pk),
                     ("deputy", other.pk)]:
        r = api_for(who).get(f"{URL}{sid}/")
        assert r.status_code == 404 and r.json()["detail"] == "未找到该记录，或您无权查看。", who
        # acting on an unreadable suggestion is 404 too, and changes nothing
        assert api_for(who).post(f"{URL}{sid}/actions/withdraw/", {}, format="json").status_code == 404


def test_readers_without_the_role_get_403(api_for, people, departments, make_suggestion, walk):
    s = walk(make_suggestion(), "submitted")
    r = api_for("leader").post(f"{URL}{s.pk}/actions/assign/", {"lead_unit": departments["jxw"].pk}, format="json")
    assert r.status_code == 403 and "无权" in r.json()["detail"]
    r = api_for("cosigner").post(f"{URL}{s.pk}/actions/withdraw/", {}, format="json")
    assert r.status_code == 403  # only the lead deputy withdraws
    assert api_for("leader").get(f"{URL}{s.pk}/").json()["allowed_actions"] == []
    s = walk(s, "assigned")
    r = api_for("outsider").post(f"{URL}{s.pk}/actions/answer/", {"category": "A", "content": "x"}, format="json")
    assert r.status_code == 403  # a co-unit does not answer
    r = api_for("deputy").post(f"{URL}{s.pk}/actions/answer/", {"category": "A", "content": "x"}, format="json")
    assert r.status_code == 403
    s.refresh_from_db()
    assert s.status == "assigned"


def test_a_deputy_cannot_file_for_another_deputy(api_for, people):
    r = api_for("deputy").post(URL, {"title": "关于优化惠企平台的建议", "reasons": "x", "proposals": "y",
                                     "kind": "suggestion", "lead_deputy": people["other_deputy_record"].pk},
                               format="json")
    assert r.status_code == 403
    # staff enter a paper suggestion of a deputy of their region
    r = api_for("staff").post(URL, {"title": "关于优化惠企平台的建议", "reasons": "x", "proposals": "y",
                                    "kind": "suggestion", "lead_deputy": people["other_deputy_record"].pk},
                              format="json")
    assert r.status_code == 201 and r.json()["lead_deputy_name"] == "郑代表"
    r = api_for("bishan_staff").post(URL, {"title": "关于优化惠企平台的建议", "reasons": "x", "proposals": "y",
                                           "kind": "suggestion", "lead_deputy": people["other_deputy_record"].pk},
                                     format="json")
    assert r.status_code == 403


def test_a_unit_loses_sight_of_a_suggestion_it_returned(api_for, make_suggestion, walk, people):
    s = walk(make_suggestion(), "assigned")
    r = api_for("handler").post(f"{URL}{s.pk}/actions/return/", {"note": ""}, format="json")
    assert r.status_code == 400 and "退回理由" in r.json()["detail"]
    r = api_for("handler").post(f"{URL}{s.pk}/actions/return/", {"note": "属于区发改委职责"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert not suggestion_list(people["handler"]).filter(pk=s.pk).exists()
    assert api_for("staff").get(f"{URL}{s.pk}/").json()["allowed_actions"] == ["refuse", "split", "assign"]
