"""The open-data feed (OParl 1.1-style, no login) under /api/v1/oparl/: the builders are in
oparl.py; these views only wire them. Read-only, paged, `modified_since` on every list."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.core.api import ERROR_SCHEMA

from . import oparl, oparl_opinions

LIST_PARAMS = [
    OpenApiParameter("page", int, description="页码，从 1 开始，每页 100 条"),
    OpenApiParameter("modified_since", str, description="只返回此时间以后变更的对象（ISO 8601，如 2026-10-01T00:00:00+08:00）"),
]
DOC = "公开数据（OParl 1.1 格式，无需登录）：只含公开信息，不含电话、工作单位、涉密诉求和未亮分的积分。"


def _view(name, build, *, summary, params=None):
    """A read-only public view of one builder, with its own OpenAPI description."""

    def get(self, request, **kwargs):
        return Response(build(oparl.Feed(request), **kwargs))

    schema = extend_schema(operation_id=f"oparl_{name}", summary=summary, description=DOC, tags=["public"],
                           parameters=params or [], responses={200: dict, 400: ERROR_SCHEMA, 404: ERROR_SCHEMA})
    return type(f"OParl{name.title()}View", (APIView,), {
        "authentication_classes": [], "permission_classes": [AllowAny], "get": schema(get)}).as_view()


def _body_list(build):
    return lambda feed, pk: build(feed, oparl.body_get(pk))


urlpatterns = [
    path("oparl/", _view("system", lambda feed: oparl.system(feed), summary="公开数据入口（System）"),
         name="api-oparl-system"),
    path("oparl/bodies/", _view("bodies", oparl.bodies, summary="机构列表（Body）", params=LIST_PARAMS),
         name="api-oparl-bodies"),
    path("oparl/bodies/<str:pk>/", _view("body", lambda feed, pk: oparl.body(feed, oparl.body_get(pk)),
                                         summary="机构（Body）"), name="api-oparl-body"),
    path("oparl/bodies/<str:pk>/people/", _view("people", _body_list(oparl.people), summary="代表列表（Person）",
                                                params=LIST_PARAMS), name="api-oparl-people"),
    path("oparl/bodies/<str:pk>/papers/", _view("papers", _body_list(oparl.papers), summary="代表建议列表（Paper）",
                                                params=LIST_PARAMS), name="api-oparl-papers"),
    path("oparl/bodies/<str:pk>/meetings/", _view("meetings", _body_list(oparl.meetings),
                                                  summary="履职活动和接待日列表（Meeting）", params=LIST_PARAMS),
         name="api-oparl-meetings"),
    path("oparl/bodies/<str:pk>/opinions/", _view("opinion_papers", _body_list(oparl_opinions.opinion_papers),
                                                  summary="公开的审议意见及其办理报告列表（Paper）", params=LIST_PARAMS),
         name="api-oparl-opinion_papers"),
    path("oparl/opinions/<str:pk>/", _view("opinion_paper", oparl_opinions.opinion_paper_detail,
                                           summary="公开的审议意见、条目和满意度测评结果（Paper）"),
         name="api-oparl-opinion_paper"),
    path("oparl/opinion-reports/<str:pk>/", _view("opinion_report", oparl_opinions.opinion_report_detail,
                                                  summary="政府对公开审议意见的办理方案或办理情况报告（Paper）"),
         name="api-oparl-opinion_report"),
    path("oparl/people/<str:pk>/", _view("person", oparl.person_detail, summary="代表及其公开履职记录（Person）",
                                         params=[OpenApiParameter("year", int, description="履职记录年度，默认今年")]),
         name="api-oparl-person"),
    path("oparl/papers/<str:pk>/", _view("paper", oparl.paper_detail, summary="代表建议及答复（Paper）"),
         name="api-oparl-paper"),
    path("oparl/meetings/<str:kind>-<str:pk>/", _view("meeting", oparl.meeting_detail, summary="履职活动或接待日（Meeting）"),
         name="api-oparl-meeting"),
]
