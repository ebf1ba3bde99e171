"""The enterprise's side of the loop: the station's QR form (码上说 马上办), the tracking page
with its progress stepper and rating form, and attachment downloads that check access.

No login. The tracking page shows status, dates, the department's name and reply — never a
phone number, a contact name or a staff member's name, and nothing of any other case.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from shuanglian.core.errors import BusinessError

from .. import services
from ..models import (
    VISITOR_RATING_CHOICES,
    Attachment,
    Case,
    CaseStatus,
    Category,
    DeputyStep,
    Source,
    tracking_code_normalize,
)
from ..selectors import access_case, can_see_details
from ..workflow import merged_rating_guard
from . import throttles
from .services import case_submit
from .stations import one_lookup, station_for_token
from .validation import (
    ALLOWED_TYPES_LABEL,
    CONSENT_NOTICE,
    MAX_ATTACHMENTS,
    IntakeInvalid,
)

PUBLIC_STATUS = {
    CaseStatus.SUBMITTED: "已提交，等待受理",
    CaseStatus.ACCEPTED: "已受理，正在交办承办部门",
    CaseStatus.REJECTED: "不予受理",
    CaseStatus.ASSIGNED: "已交办承办部门，等待签收",
    CaseStatus.IN_PROGRESS: "承办部门正在办理",
    CaseStatus.REPLIED: "承办部门已答复，请您评价",
    CaseStatus.REVISITED: "您已评价，等待销号",
    CaseStatus.CLOSED: "已办结销号",
    CaseStatus.MERGED: "已与同类诉求合并办理",
}
STEPS = [
    ("submit", "提交", "submitted_at"),
    ("accept", "受理", "accepted_at"),
    ("assign", "交办", "assigned_at"),
    ("handle", "办理", "signed_at"),
    ("reply", "答复", "replied_at"),
    ("revisit", "回访", "rated_at"),
    ("close", "销号", "closed_at"),
]
REACHED = {
    CaseStatus.SUBMITTED: 0, CaseStatus.REJECTED: 0, CaseStatus.ACCEPTED: 1, CaseStatus.ASSIGNED: 2,
    CaseStatus.IN_PROGRESS: 3, CaseStatus.REPLIED: 4, CaseStatus.REVISITED: 5, CaseStatus.CLOSED: 6,
}
def case_by_code(code: str) -> Case | None:
    code = tracking_code_normalize(code)
    if code is None:
        return None
    return (Case.objects.select_related("category", "lead_department", "merged_into__lead_department")
            .filter(tracking_code=code).first())


def _local(moment):
    return timezone.localtime(moment) if moment else None


def tracking_info(case: Case) -> dict:
    """What the holder of a tracking code may see: no personal data, nothing of other cases.
    A merged case follows the case it was merged into (its own code keeps working)."""
    followed = case.merged_into if case.status == CaseStatus.MERGED and case.merged_into_id else case
    reached = REACHED.get(followed.status, 0)
    steps = []
    for i, (key, label, field) in enumerate(STEPS):
        moment = _local(getattr(followed, field)) if i <= reached else None
        steps.append({
            "key": key, "label": label, "done": i <= reached and followed.status != CaseStatus.REJECTED or i == 0,
            "current": i == reached, "at": moment,
        })
    replied = reached >= 4 and bool(followed.reply_content)
    department = followed.lead_department.name if followed.lead_department_id else ""
    return {
        "tracking_code": case.tracking_code,
        "title": case.title,
        "category": case.category.name,
        "status": case.status,
        "status_label": PUBLIC_STATUS.get(case.status, case.get_status_display()),
        "followed_status": followed.status,
        "followed_status_label": PUBLIC_STATUS.get(followed.status, followed.get_status_display()),
        "submitted_at": _local(case.submitted_at),
        "steps": steps,
        "department": department,
        # the one deadline the enterprise waits for: the department's reply, known from the
        # assignment (never the sign or revisit clock, which are not the enterprise's business)
        "reply_by": followed.reply_due if followed.status in (CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS) else None,
        "reply": {
            "result": followed.reply_result,
            "result_label": followed.get_reply_result_display() if followed.reply_result else "",
            "content": followed.reply_content,
            "commitment": followed.commitment,
            "commitment_due": followed.commitment_due,
            "replied_at": _local(followed.replied_at),
            # who answered: a deputy answering a demand sent to their 代表码 on the spot, or a department
            "heading": "代表当场答复" if followed.deputy_step == DeputyStep.ANSWERED else "部门答复",
        } if replied else None,
        "rating": case.rating,
        "rating_label": case.get_rating_display() if case.rating else "",
        "can_rate": case.status == CaseStatus.REPLIED or (case.status == CaseStatus.MERGED
                                                           and merged_rating_guard(case) is None),
        "rejected": case.status == CaseStatus.REJECTED,
    }


def _message(request, title, text, *, status=200):
    return render(request, "cases/public/message.html", {"title": title, "text": text}, status=status)


def _station_or_404(request, token):
    station = station_for_token(token)
    if station is None:
        return None, _message(
            request, "二维码已失效",
            "该二维码已失效（阵地已停用或二维码已更换）。请扫描阵地现场张贴的最新二维码，或直接联系当地人大代表。",
            status=404,
        )
    return station, None


# --- the QR form ---------------------------------------------------------------------------------

FORM_FIELDS = ["enterprise_name", "enterprise_uscc", "contact_name", "contact_phone", "category",
               "title", "description"]


def intake(request, token):
    with one_lookup():
        return _intake(request, token)


def _intake(request, token):
    station, refusal = _station_or_404(request, token)
    if refusal:
        return refusal
    outcome = public_submission(request, source=Source.QR, station=station, dedupe_key=station.intake_token)
    if outcome.done is not None:
        return outcome.done
    return render(request, "cases/public/intake_form.html", {
        "station": station, "deputies": [name for _, name in station.following], **outcome.context(),
    }, status=400 if outcome.errors else 200)


class PublicSubmission:
    """The public demand form's POST, for a station's code and a deputy's (代表码) alike: throttled
    per code, written by case_submit (the one write path). `done` is the response to send when the
    request is settled (submitted, or refused for speed); otherwise the form is shown again with
    `context()` (the input kept, the errors in Chinese)."""

    def __init__(self, request):
        self.request = request
        self.values = {name: request.POST.get(name, "") for name in FORM_FIELDS} if request.method == "POST" else {}
        self.errors: dict = {}
        self.done = None

    def context(self) -> dict:
        return {
            "categories": Category.objects.filter(is_active=True), "values": self.values, "errors": self.errors,
            "consent_notice": CONSENT_NOTICE, "max_files": MAX_ATTACHMENTS,
            "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024), "types_label": ALLOWED_TYPES_LABEL,
            "consent_checked": self.request.method == "POST" and self.request.POST.get("consent") == "on",
        }


def public_submission(request, *, source, dedupe_key, station=None, region=None, collected_by=None):
    outcome = PublicSubmission(request)
    if request.method != "POST":
        return outcome
    wait = throttles.check(request, throttles.INTAKE_THROTTLES, token=dedupe_key)
    if wait is not None:
        outcome.done = _message(request, "提交过于频繁", throttles.REFUSAL.format(wait=wait), status=429)
        return outcome
    try:
        case = case_submit(
            actor=None, source=source, station=station, region=region, collected_by=collected_by,
            dedupe_key=dedupe_key, consent=request.POST.get("consent") == "on",
            attachments=request.FILES.getlist("attachments"), **outcome.values,
        )
    except IntakeInvalid as exc:
        outcome.errors = exc.errors
    except BusinessError as exc:
        outcome.errors = {"__all__": exc.message}
    else:
        outcome.done = redirect("cases:intake_done", code=case.tracking_code)
    return outcome


def intake_done(request, code):
    refusal = _track_refusal(request)
    if refusal:
        return refusal
    case = case_by_code(code)
    if case is None:
        raise Http404
    track_url = request.build_absolute_uri(reverse("cases:track", kwargs={"code": case.tracking_code}))
    return render(request, "cases/public/intake_done.html", {"code": case.tracking_code, "track_url": track_url})


# --- tracking ------------------------------------------------------------------------------------

def _track_refusal(request):
    wait = throttles.check(request, throttles.TRACK_THROTTLES)
    if wait is None:
        return None
    return _message(request, "查询过于频繁", throttles.TRACK_REFUSAL.format(wait=wait), status=429)


def track_lookup(request):
    raw = request.GET.get("code", "")
    error = ""
    if raw:
        refusal = _track_refusal(request)
        if refusal:
            return refusal
        case = case_by_code(raw)
        if case is not None:
            return redirect("cases:track", code=case.tracking_code)
        error = "未找到该查询码，请核对后重新输入（查询码为12位字母和数字，如 ABCD-EFGH-JKMN）。"
    return render(request, "cases/public/track_lookup.html", {"code": raw, "error": error},
                  status=404 if error else 200)


def track(request, code):
    refusal = _track_refusal(request)
    if refusal:
        return refusal
    case = case_by_code(code)
    if case is None:
        return _message(request, "未找到该查询码", "未找到该查询码，请核对后重新输入。", status=404)
    error = ""
    if request.method == "POST":
        try:
            services.case_revisit(case=case, actor=None, rating=request.POST.get("rating", ""),
                                  comment=request.POST.get("comment", "")[:1000])
        except BusinessError as exc:
            error = exc.message
        else:
            return redirect(reverse("cases:track", kwargs={"code": case.tracking_code}) + "?rated=1")
    info = tracking_info(case)
    attachments = [
        {"url": reverse("cases:track_attachment", kwargs={"code": case.tracking_code, "pk": a.pk}),
         "label": f"附件{i}（{'PDF' if a.content_type == 'application/pdf' else '图片'}）"}
        for i, a in enumerate(case.attachments.order_by("pk"), start=1)
    ]
    return render(request, "cases/public/track.html", {
        "info": info, "attachments": attachments, "error": error,
        "ratings": VISITOR_RATING_CHOICES, "rated": request.GET.get("rated") == "1",
    }, status=400 if error else 200)


# --- attachments: never served from the web root ---------------------------------------------------

def _serve(attachment: Attachment):
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type)
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}.get(
        attachment.content_type, "bin")
    disposition = "inline" if attachment.content_type.startswith("image/") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="attachment-{attachment.pk}.{ext}"'
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def track_attachment(request, code, pk):
    refusal = _track_refusal(request)
    if refusal:
        return refusal
    case = case_by_code(code)
    if case is None:
        raise Http404
    attachment = case.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return _serve(attachment)


def attachment(request, pk):
    """Staff and the handling departments (the case funnel decides); confidential cases' files
    only for staff and the handling departments."""
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL}?next={request.path}")
    found = Attachment.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if found is None:
        raise Http404
    case = access_case(request.user, found)
    if not can_see_details(case, request.user):
        raise Http404
    return _serve(case.attachments.get(pk=pk))


urlpatterns = [
    path("i/<str:token>/", intake, name="intake"),
    path("t/", track_lookup, name="track_lookup"),
    path("t/<str:code>/", track, name="track"),
    path("t/<str:code>/done/", intake_done, name="intake_done"),
    path("t/<str:code>/attachments/<int:pk>/", track_attachment, name="track_attachment"),
    path("attachments/<int:pk>/", attachment, name="attachment"),
]
