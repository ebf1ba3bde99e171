"""Open311 GeoReport v2 under /open311/v2/ (JSON and XML), so any Open311 client can file and
follow cases. Spec: https://wiki.open311.org/GeoReport_v2/

- services.{json,xml}: categories as services (service_code = Category.code)
- services/{service_code}.{json,xml}: the extra attributes we need (enterprise, consent)
- requests.{json,xml} GET (service_request_id, service_code, start_date, end_date, status) and
  POST; requests/{id}.{json,xml}. Both need an integration key (`api_key`): reading lists the
  cases of the key's region subtree only, so nobody walks every case title by sequential id
  without one (an enterprise follows its own case with its tracking code on /t/…).

GET answers carry no personal data: no enterprise contact, no phone, no staff names; the
description is the case title (hidden for confidential cases). Status is open/closed with the
detailed Chinese status in status_notes; the lead department is agency_responsible; the due date
is expected_datetime. Errors are [{"code": <HTTP status>, "description": "<中文>"}].

Integration keys are records (keys.py, IntegrationKey): issued, rotated and revoked by an
administrator on /open311/keys/, every use counted; each keyed request counts against its address
and its key (throttles.py), a wrong key heavily. See docs/open311.md.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from django.conf import settings
from django.http import HttpResponse
from django.urls import re_path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import subtree_q
from shuanglian.lib.parse import BadInput, id_or_none, parse_datetime
from shuanglian.lib.text import xml_safe

from ..models import Case, CaseStatus, Category, Source
from . import keys, throttles
from .services import case_submit
from .validation import CONSENT_NOTICE, IntakeInvalid
from .views import PUBLIC_STATUS

CLOSED = [CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.MERGED]
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
ATTRIBUTES = [
    # (code, datatype, required, description)
    ("enterprise_name", "string", True, "企业名称"),
    ("enterprise_uscc", "string", False, "统一社会信用代码（18位，选填）"),
    ("consent", "singlevaluelist", True, f"企业已同意个人信息保护告知：{CONSENT_NOTICE}"),
    ("title", "string", False, "标题（选填，缺省取描述第一行）"),
]


class Open311Error(Exception):
    def __init__(self, status: int, messages: list[str]):
        super().__init__("；".join(messages))
        self.status = status
        self.messages = messages


# --- keys and limits ---------------------------------------------------------------------------

# Every keyed request counts against its address and its key; a wrong key costs the address
# FAILED_KEY_WEIGHT requests, so guessing is stopped after a few tries a minute (the address is
# then refused before any key is checked), while a busy integration is limited per key.
ADDRESS_LIMIT = (("open311_ip", "ip", None),)
KEY_LIMIT = (("open311_key", "key", None),)
FAILED_KEY_WEIGHT = 10
LIMIT_REFUSAL = "请求过于频繁，请约 {wait} 秒后再试。"


def _limit(request, limits, **idents):
    wait = throttles.check(request, limits, **idents)
    if wait:
        raise Open311Error(429, [LIMIT_REFUSAL.format(wait=wait)])


def integration_for(request, raw_key: str, *, purpose: str = "提交诉求") -> dict:
    """The integration a key belongs to (keys.integration_for), within the address's and the key's
    limits; 403 for a missing or wrong key, 429 past a limit."""
    _limit(request, ADDRESS_LIMIT)
    if not raw_key:
        raise Open311Error(403, [f"缺少 api_key：{purpose}需要集成密钥。"])
    try:
        integration = keys.integration_for(raw_key)
    except keys.KeyRefused:
        for _ in range(FAILED_KEY_WEIGHT - 1):
            throttles.check(request, ADDRESS_LIMIT)
        raise Open311Error(403, ["api_key 无效或已停用。"]) from None
    _limit(request, KEY_LIMIT, key=integration["ident"])
    return integration


# --- rendering ----------------------------------------------------------------------------------

def _iso(moment) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment).isoformat(timespec="seconds")
    # a due date: the end of that working day in Beijing time
    end = dt.datetime.combine(moment, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    return end.isoformat(timespec="seconds")


def _status(case: Case) -> str:
    return "closed" if case.status in CLOSED else "open"


def request_dict(case: Case) -> dict:
    milestones = [case.submitted_at, case.accepted_at, case.assigned_at, case.signed_at, case.replied_at,
                  case.rated_at, case.closed_at]
    notes = PUBLIC_STATUS.get(case.status, case.get_status_display())
    if case.status == CaseStatus.REPLIED and case.reply_result:
        notes += f"（办理结果：{case.get_reply_result_display()}）"
    return {
        "service_request_id": str(case.pk),
        "status": _status(case),
        "status_notes": notes,
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": "（涉及商业秘密，不公开）" if case.confidential else case.title,
        "agency_responsible": case.lead_department.name if case.lead_department_id else "",
        "service_notice": "",
        "requested_datetime": _iso(case.submitted_at),
        "updated_datetime": _iso(max(m for m in milestones if m is not None)),
        "expected_datetime": _iso(case.due_date),
        "address": case.region.name,
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def service_dict(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "企业诉求",
    }


def _xml(root_tag: str, item_tag: str, items: list[dict]) -> bytes:
    root = ET.Element(root_tag)
    for item in items:
        node = ET.SubElement(root, item_tag)
        _fill(node, item)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _fill(node, item: dict):
    for key, value in item.items():
        child = ET.SubElement(node, key)
        if isinstance(value, list):
            for sub in value:
                _fill(ET.SubElement(child, "value" if key == "values" else "attribute"), sub)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = xml_safe(str(value))  # stored text may hold characters XML 1.0 forbids


def _respond(fmt: str, root_tag: str, item_tag: str, items, *, status: int = 200, single: bool = False):
    if fmt == "xml":
        return HttpResponse(_xml(root_tag, item_tag, items), status=status, content_type="text/xml; charset=utf-8")
    payload = items[0] if single else items
    return HttpResponse(json.dumps(payload, ensure_ascii=False), status=status,
                        content_type="application/json; charset=utf-8")


def _error(fmt: str, status: int, messages: list[str]):
    return _respond(fmt, "errors", "error", [{"code": status, "description": m} for m in messages], status=status)


def _handle(view):
    def wrapped(request, fmt, **kwargs):
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.messages)
        except IntakeInvalid as exc:
            return _error(fmt, 400, list(exc.errors.values()))
        except BusinessError as exc:
            return _error(fmt, exc.status, [exc.message])

    wrapped.__name__ = view.__name__
    return csrf_exempt(wrapped)


# --- views --------------------------------------------------------------------------------------

@_handle
def services_list(request, fmt):
    if request.method != "GET":
        raise Open311Error(405, ["只支持 GET。"])
    items = [service_dict(c) for c in Category.objects.filter(is_active=True)]
    return _respond(fmt, "services", "service", items)


@_handle
def service_definition(request, fmt, code):
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, [f"服务代码“{code}”不存在。"])
    attributes = []
    for order, (attr, datatype, required, description) in enumerate(ATTRIBUTES, start=1):
        entry = {"variable": True, "code": attr, "datatype": datatype, "required": required,
                 "datatype_description": "", "order": order, "description": description}
        if attr == "consent":
            entry["values"] = [{"key": "true", "name": "同意"}]
        attributes.append(entry)
    definition = {"service_code": category.code, "attributes": attributes}
    if fmt == "xml":
        root = ET.Element("service_definition")
        _fill(root, definition)
        return HttpResponse(ET.tostring(root, encoding="utf-8", xml_declaration=True),
                            content_type="text/xml; charset=utf-8")
    return HttpResponse(json.dumps(definition, ensure_ascii=False), content_type="application/json; charset=utf-8")


def _parse_moment(value: str, name: str) -> dt.datetime:
    """An ISO 8601 moment (a "+" of the zone arrives as a space in a query string)."""
    try:
        return parse_datetime(value.replace(" ", "+"), name=f"参数 {name} ",
                              default_tz=timezone.get_current_timezone())
    except BadInput as exc:
        raise Open311Error(400, [exc.message]) from None


def _readable(request):
    """The cases an integration key may read: those of its region subtree."""
    integration = integration_for(request, request.GET.get("api_key", ""), purpose="查询服务请求")
    return Case.objects.filter(subtree_q(integration["region"]))


def _query(qs, params) -> list[Case]:
    qs = qs.select_related("category", "lead_department", "region").order_by("-submitted_at", "-id")
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        return list(qs.filter(pk__in=[n for n in map(id_or_none, ids) if n])[:MAX_RESULTS])
    if code := params.get("service_code", "").strip():
        qs = qs.filter(category__code__in=[c.strip() for c in code.split(",")])
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, ["参数 status 只能是 open 或 closed。"])
    if statuses == {"open"}:
        qs = qs.exclude(status__in=CLOSED)
    elif statuses == {"closed"}:
        qs = qs.filter(status__in=CLOSED)
    start = _parse_moment(params["start_date"], "start_date") if params.get("start_date") else None
    end = _parse_moment(params["end_date"], "end_date") if params.get("end_date") else None
    if start is None:
        start = (end or timezone.now()) - dt.timedelta(days=DEFAULT_DAYS)
    qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lte=end)
    return list(qs[:MAX_RESULTS])


@_handle
def requests_view(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        raise Open311Error(405, ["只支持 GET 和 POST。"])
    items = [request_dict(c) for c in _query(_readable(request), request.GET)]
    return _respond(fmt, "service_requests", "request", items)


def _create(request, fmt):
    data = request.POST
    integration = integration_for(request, data.get("api_key", ""))
    contact = f"{data.get('last_name', '').strip()}{data.get('first_name', '').strip()}"
    attr = {key[len("attribute["):-1]: value for key, value in data.items()
            if key.startswith("attribute[") and key.endswith("]")}
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, ["缺少 service_code。"])
    case = case_submit(
        actor=None, source=Source.OPEN311, title=attr.get("title", ""), description=data.get("description", ""),
        category=code, enterprise_name=attr.get("enterprise_name", ""), enterprise_uscc=attr.get("enterprise_uscc", ""),
        contact_name=contact, contact_phone=data.get("phone", ""), consent=attr.get("consent", ""),
        station=integration["station"], region=integration["region"], attachments=request.FILES.getlist("media"),
        dedupe_key=f"open311:{integration['ident']}", actor_label=f"Open311：{integration['name']}"[:100],
    )
    track = f"{settings.SITE_URL}/t/{case.tracking_code}/"
    item = {
        "service_request_id": str(case.pk),
        "service_notice": f"已受理登记。企业可凭查询码 {case.tracking_code} 在 {track} 查看进度并评价。",
        "account_id": None,
        "tracking_code": case.tracking_code,
    }
    return _respond(fmt, "service_requests", "request", [item], status=201)


@_handle
def request_detail(request, fmt, request_id):
    case = _readable(request).select_related("category", "lead_department", "region").filter(pk=int(request_id)).first()
    if case is None:
        raise Open311Error(404, [f"服务请求 {request_id} 不存在。"])
    return _respond(fmt, "service_requests", "request", [request_dict(case)])


FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    re_path(r"^open311/v2/services" + FMT, services_list, name="open311_services"),
    re_path(r"^open311/v2/services/(?P<code>[-\w]+)" + FMT, service_definition, name="open311_service"),
    re_path(r"^open311/v2/requests" + FMT, requests_view, name="open311_requests"),
    re_path(r"^open311/v2/requests/(?P<request_id>\d{1,18})" + FMT, request_detail, name="open311_request"),
]
