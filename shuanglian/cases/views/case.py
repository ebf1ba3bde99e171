"""The case page: facts, timeline, and only the actions the user may take, each with its form.
A posted action form is validated by the action's typed input and the service writes; a refusal
goes back onto the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from shuanglian.core.audit_labels import event_label
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import deny_read
from shuanglian.lib.phones import phone_mask

from .. import clock, services
from ..api.actions import ActionInvalid
from ..api.actions import case_act as run_action
from ..forms import action_form
from ..models import Case, CaseStatus, ExtensionStatus
from ..selectors import (
    access_case,
    can_see_details,
    can_see_phone,
    case_list,
    case_timeline,
)
from ..supervision import notices
from ..workflow import ACTIONS, actor_roles, allowed_actions
from .queue import LIGHT_LABELS

# Fields shown in the timeline's "what changed" (the rest stay in the audit log).
TIMELINE_FIELDS = [
    "status", "lead_department_name", "co_departments", "due_date", "clock_extension", "pause_reason",
    "reply_result", "reply_content", "commitment", "commitment_due", "rating", "rating_comment",
    "rated_by_phone", "reopen_count", "merged_into_number", "extension_request",
]
EXTRA_LABELS = {"lead_department_name": "主办部门", "co_departments": "协办部门", "merged_into_number": "并入",
                "extension_request": "延期申请"}



def _field_label(name):
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    try:
        return str(Case._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - any unknown key shows as itself
        return name


def _value(name, value):
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        status = {"pending": "待审批", "approved": "已批准", "refused": "不予批准"}.get(value.get("status"), "")
        days = value.get("granted_days", value.get("days"))
        return f"{days}个工作日{('（' + status + '）') if status else ''}"
    try:
        field = Case._meta.get_field(name)
    except Exception:  # noqa: BLE001
        return str(value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return str(value)


def timeline_rows(case, user):
    details = can_see_details(case, user)
    rows = []
    for event in case_timeline(case):
        changes = []
        for name in TIMELINE_FIELDS:
            if name not in event.changes or (not details and name != "status"):
                continue
            old, new = event.changes[name]
            changes.append({"label": _field_label(name), "old": _value(name, old), "new": _value(name, new)})
        rows.append({
            "at": event.at, "label": event_label(event.event_type),
            "event_type": event.event_type, "actor": event.actor_label or "系统",
            "note": event.note if details else "", "changes": changes,
        })
    return rows


# --- the case page ------------------------------------------------------------------------------

def _detail_context(request, case, forms_override=None):
    user = request.user
    names = allowed_actions(case, user)
    forms = {name: (forms_override or {}).get(name) or action_form(name, case, user) for name in names}
    details = can_see_details(case, user)
    phone = ""
    if details:
        phone = case.contact_phone if can_see_phone(case, user) else phone_mask(case.contact_phone)
    roles = _roles(case, user)
    pending = case.extension_requests.filter(status=ExtensionStatus.PENDING).select_related("requested_by").first()
    return {
        "case": case, "details": details, "phone": phone,
        "light": clock.light_of(case), "light_labels": LIGHT_LABELS,
        "reply_limit": clock.reply_limit_of(case) if case.clock_kind == "sign" else None,
        "actions": [{"name": n, "label": ACTIONS[n].label, "form": forms[n],
                     "open": bool(forms_override and n in forms_override)} for n in names],
        "timeline": timeline_rows(case, user),
        "co_departments": case.co_departments.select_related("department"),
        "pending_extension": pending,
        "attachments": list(case.attachments.all()) if details else [],
        "merged_cases": case.merged_cases.all() if details else [],
        "is_staff": "staff" in roles,
        # 督办通知 only where it means something: the case is with a department
        "can_supervise": "staff" in roles and notices.not_supervisable_reason(case) is None,
        # The lead and co-handling departments may print the assignment slip (交办单) too.
        "is_handling": bool(roles & {"lead", "co"}),
        "no_response_from": services.no_response_date(case) if case.status == CaseStatus.REPLIED else None,
        # 转为建议: a demand beyond local competence, by the deputy who collected it (the suggestions
        # app decides the rest and reads the case back; cases never import it: reverse relation only).
        "suggestions": case.suggestions.order_by("pk") if details else [],
        "may_suggest": _collected_by(case, user),
    }


def _collected_by(case, user) -> bool:
    own = getattr(user, "deputy", None)
    return own is not None and case.collected_by_id == own.pk


def _roles(case, user):
    return actor_roles(case, user)


@login_required
def case_detail(request, pk):
    case = access_case(request.user, pk)
    return render(request, "cases/detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_act(request, pk, name):
    if name not in ACTIONS:
        deny_read()
    case = access_case(request.user, pk, write=True)
    form = action_form(name, case, request.user, request.POST)
    status = 400
    try:
        run_action(case=case, action=name, actor=request.user, data=form.submitted())
    except ActionInvalid as exc:
        form.show_errors(exc.errors)
    except ConcurrentUpdate as exc:
        form.show_errors({None: exc.message})
        status = 409
    except BusinessError as exc:
        form.show_errors({None: exc.message})
        status = exc.status
    else:
        messages.success(request, f"已{ACTIONS[name].label}。")
        if case_list(request.user).filter(pk=case.pk).exists():
            return redirect("cases:detail", pk=case.pk)
        return redirect("cases:queue")
    case = access_case(request.user, pk)  # the latest state, with the user's input kept in the form
    context = _detail_context(request, case, forms_override={name: form})
    if name not in allowed_actions(case, request.user):
        context["actions"].append({"name": name, "label": ACTIONS[name].label, "form": form, "open": True,
                                   "stale": True})
    context["form_error"] = form.non_field_errors()[0] if form.non_field_errors() else ""
    return render(request, "cases/detail.html", context, status=status)


urlpatterns = [
    path("cases/<int:pk>/", case_detail, name="detail"),
    path("cases/<int:pk>/act/<str:name>/", case_act, name="act"),
]
