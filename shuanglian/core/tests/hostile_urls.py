"""Test-only URLs: views that raise what a parser of user input raises, to pin the exception
boundary (core.middleware for pages, core.api for the API)."""

import zipfile
from xml.etree.ElementTree import ParseError

from django.core.exceptions import PermissionDenied
from django.urls import include, path
from rest_framework.decorators import api_view, authentication_classes, permission_classes

from shuanglian.lib.parse import BadInput, parse_date
from shuanglian.urls import handler400, handler403, handler404, handler500  # noqa: F401 — the site's handlers


def _raiser(exc):
    def view(request):
        raise exc

    return view


@api_view(["GET", "POST"])
@authentication_classes([])
@permission_classes([])
def api_date(request):
    if request.method == "POST":
        request.data  # noqa: B018 — parse the body
    day = parse_date(request.query_params.get("day", ""), name="日期")
    return {"day": day}


@api_view(["GET"])
@authentication_classes([])
@permission_classes([])
def api_raise(request, kind):
    raise {"zip": zipfile.BadZipFile("bad"), "xml": ParseError("undefined entity"),
           "decode": UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")}[kind]


urlpatterns = [
    path("page/bad-input/", _raiser(BadInput("开始日期格式应为 YYYY-MM-DD。", code="invalid_date"))),
    path("page/bad-zip/", _raiser(zipfile.BadZipFile("File is not a zip file"))),
    path("page/xml/", _raiser(ParseError("undefined entity: line 1, column 2"))),
    path("page/denied/", _raiser(PermissionDenied())),
    path("page/crash/", _raiser(RuntimeError("boom"))),
    path("api/v1/test/date/", api_date),
    path("api/v1/test/raise/<str:kind>/", api_raise),
    path("api/v1/test/crash/", _raiser(RuntimeError("boom"))),
    path("open311/v2/test.json", _raiser(BadInput("参数 start_date 不是存在的时间。"))),
    path("open311/v2/test.xml", _raiser(BadInput("参数 start_date 不是存在的时间。"))),
    path("", include("shuanglian.urls")),
]
