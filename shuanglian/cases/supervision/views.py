"""Supervision pages: the notice inbox, the formal supervision notice and the assignment slip
(.docx), and the ledger export (.xlsx). Views parse input and call services; reads go through
the permission funnels (access_case, access_notice)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_write, is_staff_role
from shuanglian.core.replica import replica_reads
from shuanglian.lib.docx import docx_response

from .. import clock
from ..models import Notice
from ..selectors import access_case
from ..workflow import CO, LEAD, STAFF, actor_roles
from . import exports, notices

PAGE_SIZE = 50


def _case_page(case) -> str:
    for name in ("cases:detail", "cases:case_detail"):
        try:
            return reverse(name, args=[case.pk])
        except NoReverseMatch:
            continue
    return reverse("cases:inbox")


@login_required
@require_GET
def inbox(request):
    user = request.user
    qs = notices.notice_list(user)
    level = request.GET.get("level", "")
    if level in Notice.Level.values:
        qs = qs.filter(level=level)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for notice in page:
        notice.can_mark = notice.read_at is None and notices.can_mark_read(user, notice)
        notice.case_url = _case_page(notice.case) if notice.case_id else ""
    return render(request, "cases/supervision/inbox.html", {
        "page": page, "levels": Notice.Level.choices, "level": level, "unread_only": unread_only,
        "unread": notices.unread_count(user),
    })


@login_required
@require_POST
def notice_read(request, pk):
    notice = notices.access_notice(request.user, pk)
    notices.notice_mark_read(notice=notice, actor=request.user)
    if request.htmx:
        notice.can_mark = False
        notice.case_url = _case_page(notice.case) if notice.case_id else ""
        return render(request, "cases/supervision/_notice_row.html", {"n": notice})
    return redirect(request.POST.get("next") or reverse("cases:inbox"))


@login_required
@require_POST
def notice_read_all(request):
    count = notices.notice_mark_all_read(actor=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect(reverse("cases:inbox"))


@login_required
def supervision_notice(request, pk):
    """Staff issue a formal supervision notice: GET shows what will be sent (with an optional
    note); POST creates it (audited, delivered to the department) and downloads the .docx."""
    case = access_case(request.user, pk, write=True)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "GET":
        if not (is_staff_role(request.user) and STAFF in actor_roles(case, request.user)):
            deny_write("只有本区域的人大工作人员可以发出督办通知。")
        return render(request, "cases/supervision/notice_confirm.html", {
            "case": case, "case_url": _case_page(case), "days": notices.formal_reply_days(),
            "until": notices.formal_until(case, clock.today()),
            "light": clock.light_of(case), "not_supervisable": notices.not_supervisable_reason(case),
            "issued_today": Notice.objects.filter(case=case, level=Notice.Level.FORMAL,
                                                  created_at__date=clock.today()).exists(),
        })
    try:
        notice = notices.notice_issue_formal(case=case, actor=request.user, note=request.POST.get("note", "").strip())
    except BusinessError as exc:
        messages.error(request, exc.message)
        return redirect(_case_page(case))
    return docx_response(exports.supervision_notice(notice), exports.docx_filename("督办通知", case))


@login_required
@require_GET
def assignment_slip(request, pk):
    """交办单 for staff and the handling departments (it carries the enterprise's contact)."""
    case = access_case(request.user, pk)
    if not (actor_roles(case, request.user) & {STAFF, LEAD, CO}):
        deny_write("只有人大工作人员和承办部门可以下载交办单。")
    if case.lead_department_id is None:
        messages.error(request, "该诉求尚未交办，没有交办单。")
        return redirect(_case_page(case))
    return docx_response(exports.assignment_slip(case), exports.docx_filename("交办单", case))


@login_required
@require_GET
@replica_reads
def ledger_export(request):
    response, _count = exports.ledger_export(actor=request.user, params=request.GET)
    return response


urlpatterns = [
    path("cases/inbox/", inbox, name="inbox"),
    path("cases/inbox/<int:pk>/read/", notice_read, name="notice_read"),
    path("cases/inbox/read-all/", notice_read_all, name="notice_read_all"),
    path("cases/<int:pk>/supervision-notice/", supervision_notice, name="supervision_notice"),
    path("cases/<int:pk>/assignment-slip/", assignment_slip, name="assignment_slip"),
    path("cases/ledger/export/", ledger_export, name="ledger_export"),
]
