"""Area ledgers: problem lines are live links (a case's light and status are the case's own,
today), the battle map puts each item under its owner and light, owners report progress, and each
ledger exports to Excel with the same lines."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from openpyxl import load_workbook

from shuanglian.cases.tests.conftest import category, make_case, walk  # noqa: F401  (fixtures)
from shuanglian.core.errors import BusinessError
from shuanglian.lib import lights
from shuanglian.oversight import services_ledgers as sl
from shuanglian.oversight.selectors_ledgers import board, problem_lines, task_lines

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def area(personas, regions):
    return sl.ledger_area_create(actor=personas["staff"], region=regions["beibei"], name="人工智能与机器人产业发展")


def test_a_problem_line_follows_its_case(personas, area, make_case, walk):  # noqa: F811
    case = make_case()
    sl.ledger_problem_add(actor=personas["staff"], area=area, case=case)
    assert problem_lines(area, TODAY)[0].owner == "未交办"
    case = walk(case, "assigned")
    line = problem_lines(area, TODAY)[0]
    own = lights.deadline_light(case.due_date, case.warn_date, TODAY)
    assert (line.owner, line.status, line.light, line.due) == ("区经济信息委", "已交办待签收", own, case.due_date)
    walk(case, "closed")
    assert problem_lines(area, TODAY)[0].light == "done"
    with pytest.raises(BusinessError, match="已列入"):
        sl.ledger_problem_add(actor=personas["staff"], area=area, case=case)


def test_a_problem_of_another_region_is_refused(personas, area, make_case, regions):  # noqa: F811
    with pytest.raises(BusinessError, match="范围内"):
        sl.ledger_problem_add(actor=personas["staff"], area=area, case=make_case(region=regions["bishan"]))


def test_tasks_on_the_battle_map_and_owner_progress(personas, area, departments, client_for):
    staff, handler = personas["staff"], personas["handler"]
    late = sl.ledger_task_create(actor=staff, area=area, title="出台机器人产业扶持政策", owner=departments["jxw"],
                                 starts_on=TODAY - dt.timedelta(days=60), due_on=TODAY - dt.timedelta(days=1))
    sl.ledger_task_create(actor=staff, area=area, title="建设人工智能公共算力平台", owner=departments["fgw"],
                          starts_on=TODAY, due_on=TODAY + dt.timedelta(days=90))
    m = board(task_lines(area, TODAY))
    by_owner = {row["owner"]: [len(c) for c in row["cells"]] for row in m["rows"]}
    assert by_owner == {"区经济信息委": [1, 0, 0, 0, 0], "区发改委": [0, 0, 1, 0, 0]}
    assert [c["total"] for c in m["columns"]] == [1, 0, 1, 0, 0]
    sl.ledger_task_progress(actor=handler, task=late, progress=100, note="政策已印发")
    late.refresh_from_db()
    assert (late.status, late.done_on) == ("done", TODAY)
    with pytest.raises(PermissionDenied):  # another department may not report this one's progress
        sl.ledger_task_progress(actor=personas["outsider"], task=late, progress=50)
    # The owner sees its own task only; its page offers no problem ledger.
    page = client_for("handler").get(f"/oversight/ledgers/{area.pk}/").content.decode()
    assert "出台机器人产业扶持政策" in page and "建设人工智能公共算力平台" not in page
    assert 'data-testid="problem-ledger"' not in page


def test_exports_carry_the_lines(personas, area, departments, make_case, client_for):  # noqa: F811
    sl.ledger_problem_add(actor=personas["staff"], area=area, case=make_case(title="算力补贴未兑现"))
    sl.ledger_task_create(actor=personas["staff"], area=area, title="出台机器人产业扶持政策",
                          owner=departments["jxw"], starts_on=TODAY, due_on=TODAY + dt.timedelta(days=30))
    c = client_for("leader")
    wb = load_workbook(io.BytesIO(c.get(f"/oversight/ledgers/{area.pk}/problems.xlsx").content))
    assert [cell.value for cell in wb.active[2]][3] == "算力补贴未兑现"
    wb = load_workbook(io.BytesIO(c.get(f"/oversight/ledgers/{area.pk}/tasks.xlsx").content))
    row = [cell.value for cell in wb.active[2]]
    assert row[1:3] == ["出台机器人产业扶持政策", "区经济信息委"] and row[5] == "0%"
    assert client_for("outsider").get(f"/oversight/ledgers/{area.pk}/").status_code == 404
    assert client_for("bishan_staff").get(f"/oversight/ledgers/{area.pk}/tasks.xlsx").status_code == 404


def test_ledger_api(personas, area, departments, make_case, api_for):  # noqa: F811
    sl.ledger_problem_add(actor=personas["staff"], area=area, case=make_case(title="算力补贴未兑现"))
    sl.ledger_task_create(actor=personas["staff"], area=area, title="出台机器人产业扶持政策",
                          owner=departments["jxw"], starts_on=TODAY, due_on=TODAY + dt.timedelta(days=30))
    body = api_for("leader").get(f"/api/v1/ledgers/{area.pk}/").json()
    assert [p["title"] for p in body["problems"]] == ["算力补贴未兑现"]
    assert body["tasks"][0]["owner"] == "区经济信息委" and body["tasks"][0]["light"] == "green"
    mine = api_for("handler").get(f"/api/v1/ledgers/{area.pk}/").json()
    assert mine["problems"] == [] and len(mine["tasks"]) == 1
    assert api_for("outsider").get(f"/api/v1/ledgers/{area.pk}/").status_code == 404
