"""Issue 12.12: assignment that works — departments most used first then by name, a search box over
both lists, co-handlers as a labelled group (not a label around twenty boxes), and 受理并交办 as one
step for staff who decide at once (through the page and the API alike, all or nothing)."""

import re

from shuanglian.cases import services
from shuanglian.cases.models import Case
from shuanglian.core.models import AuditEvent
from shuanglian.regions.models import Department


def _accept_form(html):
    return re.search(r'<details class="case-action" data-action="accept".*?</details>', html, flags=re.S).group(0)


def test_most_used_departments_first_then_by_name(make_case, walk, client_for, personas, departments, regions):
    Department.objects.create(name="区规划自然资源局", region=regions["beibei"])
    for _ in range(2):
        case = walk(make_case(), "accepted")
        services.case_assign(case=case, department=departments["fgw"], actor=personas["staff"])
    case = walk(make_case(), "accepted")
    html = client_for("staff").get(f"/cases/{case.pk}/").content.decode()
    form = re.search(r'<details class="case-action" data-action="assign".*?</details>', html, flags=re.S).group(0)
    lead = re.search(r'<select name="assign-department".*?</select>', form, flags=re.S).group(0)
    names = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', lead)
    assert names[0] == "区发改委"  # assigned to twice this half year
    assert names[1:] == sorted(names[1:])  # the rest by name
    # co-handlers: one legend for the group, each box with its own label, and a search box
    assert '<fieldset class="check-list">' in form and "<legend>协办部门</legend>" in form
    assert not re.search(r'<label class="check">\s*<div', form)
    assert form.count('data-filter-for="') == 2


def test_accept_and_assign_in_one_step(make_case, client_for, departments):
    case = make_case()
    staff = client_for("staff")
    form = _accept_form(staff.get(f"/cases/{case.pk}/").content.decode())
    assert "同时交办给（可选）" in form and "只受理，稍后交办" in form
    staff.post(f"/cases/{case.pk}/act/accept/", {"accept-version": case.version, "accept-department": departments["jxw"].pk,
                                                 "accept-due_workdays": 5})
    case.refresh_from_db()
    assert case.status == "assigned" and case.lead_department == departments["jxw"] and case.assigned_workdays == 5
    kinds = list(AuditEvent.objects.filter(target_id=str(case.pk)).order_by("pk").values_list("event_type", flat=True))
    assert kinds[-2:] == ["case.accept", "case.assign"]


def test_accept_alone_still_works_and_a_refused_assignment_changes_nothing(make_case, client_for, api_for, departments):
    case = make_case()
    resp = api_for("staff").post(f"/api/v1/cases/{case.pk}/actions/accept/",
                                 {"version": case.version, "department": departments["bishan_jxw"].pk}, format="json")
    assert resp.status_code in (400, 403, 409) and "工作范围" in resp.json()["detail"]
    case.refresh_from_db()
    assert case.status == "submitted" and not AuditEvent.objects.filter(target_id=str(case.pk), event_type="case.accept").exists()
    ok = api_for("staff").post(f"/api/v1/cases/{case.pk}/actions/accept/", {"version": case.version}, format="json")
    assert ok.status_code == 200
    assert Case.objects.get(pk=case.pk).status == "accepted"
