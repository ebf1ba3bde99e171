"""The closed loop's staff pages: work queue, case list, case page (timeline and only the actions
the user may take), action forms, and staff/deputy entry. Views parse input and call services;
reads go through the selectors' permission funnel."""

from django import forms as dj_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.forms.utils import flatatt
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.models import Role
from shuanglian.core.permissions import deny_read, deny_write, is_staff_role
from shuanglian.lib.phones import phone_mask

from . import clock, services
from .filters import CaseFilter
from .forms import CaseEntryForm, action_form
from .models import Case, CaseStatus, ExtensionStatus
from .selectors import (
    access_case,
    can_see_details,
    can_see_phone,
    case_list,
    case_timeline,
    deputy_of,
    list_rows,
    with_light,
    work_queue,
    work_queue_counts,
    work_queue_page,
)
from .workflow import ACTIONS, allowed_actions

PAGE_SIZE = 50
COUNT_CAP = 10_000  # the list counts at most this many rows (shown as "超过 10000 条"): narrow the filter
SEARCH_COUNT_CAP = 1_000  # … and with a search text, whose LIKE reads every row it counts
LIGHT_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "": "未计时"}
EVENT_LABELS = {f"case.{name}": spec.label for name, spec in ACTIONS.items()}
EVENT_LABELS.update({"case.submit": "提交诉求", "case.recompute_deadlines": "按日历重算期限"})
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
            "at": event.at, "label": EVENT_LABELS.get(event.event_type, event.event_type),
            "event_type": event.event_type, "actor": event.actor_label or "系统",
            "note": event.note if details else "", "changes": changes,
        })
    return rows


# --- lists --------------------------------------------------------------------------------------

class CappedPaginator(Paginator):
    """A paginator for long lists that never counts more than it must.

    The page's rows are read first, one row more than the page holds: when that extra row is
    missing, the total is known without any COUNT. Otherwise the count stops at `cap` + 1 rows
    (an exact COUNT(*) over 200 000 rows costs more than the page itself, and nobody pages past
    the 200th page — they narrow the filter); `capped` tells the pager to say "more than cap"."""

    cap = COUNT_CAP
    capped = False

    def __init__(self, object_list, per_page, *, count_qs=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_qs = object_list if count_qs is None else count_qs

    @cached_property
    def count(self):
        n = self.count_qs.order_by().values("pk")[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)

    def get_page(self, number):
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        offset = (number - 1) * self.per_page
        rows = list(self.object_list[offset: offset + self.per_page + 1])
        if len(rows) <= self.per_page and (rows or number == 1):
            self.count = offset + len(rows)  # the last page: the total is exact, no COUNT
            return self._get_page(rows, number, self)
        if not rows:  # past the end: the last page
            return self.page(self.num_pages)
        self.count = max(self.count, offset + len(rows))
        return self._get_page(rows[: self.per_page], number, self)


@login_required
def case_queue(request):
    user = request.user
    queue = work_queue(user)
    counts = work_queue_counts(queue)
    paginator = Paginator(queue, PAGE_SIZE)
    paginator.count = sum(counts.values())  # the grouped count is the total: no second COUNT(*)
    try:
        number = paginator.validate_number(request.GET.get("page") or 1)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    rows = list(work_queue_page(queue, (number - 1) * PAGE_SIZE, PAGE_SIZE))
    page = paginator._get_page(rows, number, paginator)
    lights = [{"light": light, "label": LIGHT_LABELS[light], "n": counts[light]} for light in ("red", "yellow", "green", "")]
    return render(request, "cases/queue.html", {
        "page": page, "light_labels": LIGHT_LABELS, "can_create": _can_create(user), "lights": lights,
    })


def filter_controls(form) -> list[dict]:
    """The filter form's controls, built in Python. Django renders every widget — and every
    <option> of the department, region, category and chain menus — through the template engine,
    which took a third of the list page's time; the same HTML from format_html costs almost
    nothing. Names, ids and attributes are those Django would render."""
    controls = []
    for bf in form:
        widget = bf.field.widget
        value = bf.value()
        attrs = {**widget.attrs, "id": bf.auto_id}
        if bf.help_text:
            attrs["title"] = str(bf.help_text)
        if isinstance(widget, dj_forms.Select):
            chosen = "" if value is None else str(value)
            options = format_html_join("", '<option value="{}"{}>{}</option>', (
                (str(v), " selected" if str(v) == chosen else "", label) for v, label in bf.field.choices))
            html = format_html('<select name="{}"{}>{}</select>', bf.html_name, flatatt(attrs), options)
        elif isinstance(widget, dj_forms.widgets.Input):
            shown = widget.format_value(value)
            attrs = {"type": widget.input_type, **attrs}
            if shown not in (None, ""):
                attrs["value"] = shown
            html = format_html('<input name="{}"{}>', bf.html_name, flatatt(attrs))
        else:  # pragma: no cover - every filter is a menu or an input today
            html = str(bf)
        controls.append({"label": bf.label, "html": html})
    return controls


@login_required
def case_list_view(request):
    user = request.user
    qs = with_light(case_list(user)).order_by("-submitted_at", "-id")
    filterset = CaseFilter(request.GET or None, queryset=qs, request=request)
    # Rows with only the shown columns; the count (when one is needed) runs on the bare filter.
    paginator = CappedPaginator(list_rows(filterset.qs), PAGE_SIZE, count_qs=filterset.qs)
    if request.GET.get("q", "").strip():
        paginator.cap = SEARCH_COUNT_CAP
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "cases/list.html", {
        "filter": filterset, "controls": filter_controls(filterset.form), "page": page,
        "light_labels": LIGHT_LABELS, "can_create": _can_create(user), "can_import": is_staff_role(user),
    })


def _can_create(user) -> bool:
    return is_staff_role(user) or (user.role == Role.DEPUTY and deputy_of(user) is not None)


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
        "actions": [{"name": n, "label": ACTIONS[n].label, "form": forms[n],
                     "open": bool(forms_override and n in forms_override)} for n in names],
        "timeline": timeline_rows(case, user),
        "co_departments": case.co_departments.select_related("department"),
        "pending_extension": pending,
        "attachments": list(case.attachments.all()) if details else [],
        "merged_cases": case.merged_cases.all() if details else [],
        "is_staff": "staff" in roles,
        # The lead and co-handling departments may print the assignment slip (交办单) too.
        "is_handling": bool(roles & {"lead", "co"}),
        "no_response_from": services.no_response_date(case) if case.status == CaseStatus.REPLIED else None,
    }


def _roles(case, user):
    from .workflow import actor_roles

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
    if form.is_valid():
        try:
            services.case_act(case=case, action=name, actor=request.user, data=form.data_for_service())
        except ConcurrentUpdate as exc:
            form.add_error(None, exc.message)
            status = 409
        except BusinessError as exc:
            form.add_error(None, exc.message)
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


# --- entry by staff and deputies ----------------------------------------------------------------

@login_required
def case_create(request):
    user = request.user
    if not _can_create(user):
        deny_write("只有人大工作人员和人大代表可以录入诉求。")
    form = CaseEntryForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_create(actor=user, **data)
        except BusinessError as exc:
            for field, message in getattr(exc, "errors", {}).items():
                if field in form.fields:
                    form.add_error(field, message)
            if not getattr(exc, "errors", None):
                form.add_error(None, exc.message)
        else:
            messages.success(request, f"诉求已录入，编号 {case.number}，查询码 {case.tracking_code}。")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/create.html", {"form": form, "intake_ready": services.intake_available()})


urlpatterns = [
    path("cases/", case_list_view, name="list"),
    path("cases/queue/", case_queue, name="queue"),
    path("cases/new/", case_create, name="create"),
    path("cases/<int:pk>/", case_detail, name="detail"),
    path("cases/<int:pk>/act/<str:name>/", case_act, name="act"),
]
