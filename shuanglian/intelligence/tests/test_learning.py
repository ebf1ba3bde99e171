"""Learning from the region's history: adopted only when measured better; the choice is recorded."""

import pytest

from shuanglian.intelligence.models import RoutingModel, RoutingSuggestion
from shuanglian.intelligence.training import routing_retrain

pytestmark = pytest.mark.django_db

# texts whose cold-start answer is clear; the department the region actually uses may differ
ENERGY = [f"{n}号车间用电负荷不足，申请专线增容，变压器容量不够" for n in range(40)]
LABOUR = [f"缺少焊工和数控操作工{n}人，希望协调招聘会" for n in range(40)]


@pytest.fixture
def trust_small_history(monkeypatch):
    """The learned model's weight grows with its history (scoring.learned_weight); these histories
    are tiny, so let 80 cases weigh as much as thousands would."""
    from shuanglian.intelligence import scoring

    monkeypatch.setattr(scoring, "LEARNED_HALF", 10)


def test_a_retrain_that_measures_worse_is_not_adopted(units, regions, api_for, trust_small_history):
    jxw, hr = units["区经济信息委"].pk, units["区人力社保局"].pk
    # the older history was filed wrongly (energy under labour and back); the newest slice is right
    wrong = [(t, "labour", hr) for t in ENERGY[:32]] + [(t, "energy", jxw) for t in LABOUR[:32]]
    right = [(t, "energy", units["区供电公司"].pk) for t in ENERGY[32:]] + [(t, "labour", hr) for t in LABOUR[32:]]
    model = routing_retrain(region=regions["beibei"], rows=wrong + right)
    assert model is not None and model.adopted is False
    assert model.accuracy < model.cold_accuracy
    body = api_for("staff").post("/api/v1/cases/suggest/", {"title": "电力增容", "description": ENERGY[0]},
                                 format="json").json()
    assert body["model"]["kind"] == "cold_start"  # still the lexicon speaking
    assert body["categories"][0]["code"] == "energy"


def test_a_retrain_that_measures_better_is_adopted_and_used(units, regions, api_for, trust_small_history):
    # this region files its power demands under 区经济信息委, which the shipped duties cannot know
    jxw, hr = units["区经济信息委"].pk, units["区人力社保局"].pk
    history = [x for pair in zip([(t, "energy", jxw) for t in ENERGY], [(t, "labour", hr) for t in LABOUR],
                                  strict=True) for x in pair]
    model = routing_retrain(region=regions["beibei"], rows=history)
    assert model.adopted is True and model.accuracy > model.cold_accuracy
    assert model.cases == 80 and model.holdout_cases == 16
    body = api_for("staff").post("/api/v1/cases/suggest/", {"title": "电力增容", "description": ENERGY[1]},
                                 format="json").json()
    assert body["model"]["kind"] == "learned" and body["model"]["cases"] == 80
    assert body["departments"][0]["name"] == "区经济信息委"
    assert RoutingModel.objects.filter(region=regions["beibei"]).count() == 1


def test_too_little_history_keeps_the_cold_start(units, regions):
    assert routing_retrain(region=regions["beibei"], rows=[("用电增容", "energy", units["区供电公司"].pk)] * 5) is None


def test_retrain_reads_the_regions_assigned_cases(units, regions, submit, personas):
    from shuanglian.cases import services

    for n in range(36):
        case = submit(f"用电增容{n}", ENERGY[n % 40], enterprise=f"企业{n}")
        services.case_accept(case=case, actor=personas["staff"])
        services.case_assign(case=case, department=units["区供电公司"], actor=personas["staff"])
    model = routing_retrain(region=regions["beibei"])
    assert model.cases == 36


def test_the_suggestion_staff_saw_and_the_final_choice_are_recorded(units, submit, personas, client_for,
                                                                    django_capture_on_commit_callbacks):
    from shuanglian.cases import services

    case = submit("厂区电力增容", "新增设备后用电负荷不足，申请专线增容。")
    assert not RoutingSuggestion.objects.filter(case=case).exists()  # not scored in the intake request
    client_for("staff").get(f"/cases/{case.pk}/routing/")  # the panel on the case page
    row = RoutingSuggestion.objects.get(case=case)
    assert row.categories[0] == "energy" and row.departments[0] == units["区供电公司"].pk
    assert row.chosen_department is None
    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(case=case, actor=personas["staff"])
        services.case_assign(case=case, department=units["区经济信息委"], actor=personas["staff"])
    row.refresh_from_db()
    assert row.chosen_department == units["区经济信息委"] and row.chosen_category.code == "energy"


def test_a_case_assigned_unseen_still_has_its_suggestion_and_choice(units, submit, personas,
                                                                   django_capture_on_commit_callbacks):
    from shuanglian.cases import services

    case = submit("厂区电力增容", "新增设备后用电负荷不足，申请专线增容。")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_accept(case=case, actor=personas["staff"])
        services.case_assign(case=case, department=units["区供电公司"], actor=personas["staff"])
    row = RoutingSuggestion.objects.get(case=case)
    assert row.departments[0] == units["区供电公司"].pk and row.chosen_department == units["区供电公司"]


def test_the_rates_page_shows_agreement_by_month(units, submit, personas, client_for, django_capture_on_commit_callbacks):
    from shuanglian.cases import services

    for dept in ("区供电公司", "区经济信息委"):
        case = submit("厂区电力增容", f"新增设备后用电负荷不足，申请专线增容（{dept}）。", enterprise=dept)
        with django_capture_on_commit_callbacks(execute=True):
            services.case_accept(case=case, actor=personas["staff"])
            services.case_assign(case=case, department=units[dept], actor=personas["staff"])
    html = client_for("staff").get("/cases/rates/").content.decode()
    assert "智能分办建议与最终选择一致率" in html
    row = html.split('data-testid="routing-agreement"')[1]
    assert "<td data-label=\"交办件数\">2</td>" in row
    assert "50.0%" in row  # one of the two went to the suggested 区供电公司
