"""Staff correct the lexicon and duties on a page; the next suggestion follows the correction."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/cases/routing/settings/"


def test_staff_correct_a_departments_duties_and_the_suggestion_follows(units, client_for, api_for):
    staff = client_for("staff")
    page = staff.get(URL).content.decode()
    assert "区供电公司" in page and "受理用电报装" in page  # the shipped duties, shown until changed
    body = {"title": "光伏发电并网", "description": "厂房屋顶光伏项目建成，申请并网验收。"}
    before = api_for("staff").post("/api/v1/cases/suggest/", body, format="json").json()
    assert before["departments"][0]["name"] != "区发改委"
    r = staff.post(URL, {"kind": "department", "department": units["区发改委"].pk,
                         "duties": "负责能源发展和新能源项目。", "keywords": "光伏 并网 新能源"})
    assert r.status_code == 302
    from shuanglian.intelligence import scoring

    scoring._MEMO.clear()  # another process would see it within RECHECK_SECONDS
    after = api_for("staff").post("/api/v1/cases/suggest/", body, format="json").json()
    assert after["departments"][0]["name"] == "区发改委"
    assert "光伏" in after["departments"][0]["reason"]
    assert "（已修改）" in staff.get(URL).content.decode()


def test_bad_input_and_other_roles_are_refused(units, client_for):
    r = client_for("staff").post(URL, {"kind": "category", "code": "energy", "keywords": "  "})
    assert r.status_code == 400 and "请至少填写一个关键词" in r.content.decode()
    r = client_for("staff").post(URL, {"kind": "department", "department": units["璧山区经济信息委"].pk,
                                       "duties": "x", "keywords": "y"})
    assert r.status_code == 400 and "不在您的工作范围内" in r.content.decode()
    assert client_for("handler").get(URL).status_code == 403
