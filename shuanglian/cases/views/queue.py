"""The closed loop's lists: the work queue (what needs the user's action, by light) and the case
list (one CaseFilter for list, API and export). Reads go through the selectors' permission funnel."""

from django import forms as dj_forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.forms.utils import flatatt
from django.shortcuts import render
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from shuanglian.core.models import Role
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import is_staff_role
from shuanglian.lib import lights
from shuanglian.lib.parse import is_ascii_digits

from ..filters import CaseFilter
from ..selectors import (
    case_list,
    deputy_of,
    list_rows,
    with_light,
    work_queue,
    work_queue_counts,
    work_queue_page,
)

PAGE_SIZE = 50
COUNT_CAP = 10_000  # the list counts at most this many rows (shown as "超过 10000 条"): narrow the filter
SEARCH_COUNT_CAP = 1_000  # … and with a search text, whose LIKE reads every row it counts
LIGHT_LABELS = lights.LABELS


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
        # ASCII digits only (int() would read '٣' as 3); anything else is the first page.
        text = number.strip() if isinstance(number, str) else str(number or "")
        number = max(1, int(text)) if is_ascii_digits(text) and len(text) <= 9 else 1
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
    tally = [{"light": light, "label": LIGHT_LABELS[light], "n": counts[light]} for light in lights.ORDER]
    return render(request, "cases/queue.html", {
        "page": page, "light_labels": LIGHT_LABELS, "can_create": can_create(user), "lights": tally,
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
        "light_labels": LIGHT_LABELS, "can_create": can_create(user), "can_import": is_staff_role(user),
    })


def can_create(user) -> bool:
    """Staff, and deputies with a deputy record, enter cases."""
    return is_staff_role(user) or (user.role == Role.DEPUTY and deputy_of(user) is not None)


urlpatterns = [
    path("cases/", case_list_view, name="list"),
    path("cases/queue/", case_queue, name="queue"),
]
