"""/api/v1/campaigns/: inspection campaigns with their counted figures; staff create a campaign,
add its groups (POST …/{id}/groups/) and planned sites (POST …/{id}/sites/); the region's staff
or the group's deputies record findings (POST …/{id}/findings/) — every write through the
services, the same as the pages."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shuanglian.core import api_fields
from shuanglian.core.permissions import subtree_q
from shuanglian.deputies.models import Deputy
from shuanglian.regions.models import Region

from . import services_campaigns as cs
from .inputs import ERRORS
from .models import CampaignGroup, CampaignSite, GroupLevel, InspectionCampaign
from .selectors_campaigns import (
    access_campaign,
    campaign_list,
    figures_of,
    site_listed,
    with_figures,
)


class CampaignFiguresSerializer(serializers.Serializer):
    groups = api_fields.IntegerField(help_text="视察组数")
    deputies = api_fields.IntegerField(help_text="参加代表人数（多组参加者计一次）")
    sites = api_fields.IntegerField(help_text="已视察的现场数")
    problems = api_fields.IntegerField(help_text="发现问题数")
    opinions = api_fields.IntegerField(help_text="收集意见建议数")
    problems_solved = api_fields.IntegerField(help_text="已解决的问题数（诉求答复已解决并经企业确认）")


class CampaignSerializer(api_fields.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="类型（中文）")
    figures = serializers.SerializerMethodField(help_text="由记录统计的数字")

    class Meta:
        model = InspectionCampaign
        fields = ["id", "region", "kind", "kind_display", "title", "theme", "starts_on", "ends_on", "figures",
                  "version"]
        read_only_fields = ["region", "version"]

    @extend_schema_field(CampaignFiguresSerializer)
    def get_figures(self, obj) -> dict:
        return figures_of(obj).as_dict()


class FindingInput(serializers.Serializer):
    site = api_fields.IntegerField(help_text="现场编号")
    kind = serializers.ChoiceField(choices=[("problem", "发现问题"), ("opinion", "意见建议")])
    content = serializers.CharField(max_length=5000)


class GroupInput(serializers.Serializer):
    name = serializers.CharField(max_length=80, help_text="组名，如“市级第一组”")
    level = serializers.ChoiceField(choices=GroupLevel.choices, help_text="city（市（区）级）或 town（镇街级）")
    region = api_fields.IntegerField(help_text="区域编号（活动所属区域或其下级）")
    leader = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    members = serializers.ListField(child=api_fields.IntegerField(), required=False, default=list,
                                    help_text="参加代表编号")


class SiteInput(serializers.Serializer):
    group = api_fields.IntegerField(help_text="视察组编号")
    name = serializers.CharField(max_length=120, help_text="企业名称、统一社会信用代码或项目名称；与清单一致的自动关联")
    planned_on = api_fields.DateField(required=False, allow_null=True, default=None,
                                       error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})


def _in_campaign(qs, pk, message):
    found = qs.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({"detail": message})
    return found


def _group_add(request, campaign):
    ser = GroupInput(data=request.data)
    ser.is_valid(raise_exception=True)
    d = ser.validated_data
    region = _in_campaign(Region.objects.filter(subtree_q(campaign.region, "")), d["region"],
                          "视察组的区域须在活动所属区域范围内。")
    members = list(Deputy.objects.filter(pk__in=d["members"], is_active=True))
    if len(members) != len(set(d["members"])):
        raise serializers.ValidationError({"members": "所选代表不存在或已不在任。"})
    group = cs.campaign_group_add(actor=request.user, campaign=campaign, name=d["name"], level=d["level"],
                                  region=region, leader=d["leader"], members=members)
    return {"id": group.pk, "name": group.name, "level": group.level, "members": len(members)}


def _site_add(request, campaign):
    ser = SiteInput(data=request.data)
    ser.is_valid(raise_exception=True)
    d = ser.validated_data
    group = _in_campaign(CampaignGroup.objects.filter(campaign=campaign), d["group"], "视察组不属于该活动。")
    enterprise, project = site_listed(campaign, d["name"])
    listed = enterprise or project
    site = cs.campaign_site_add(actor=request.user, group=group, name=listed.name if listed else d["name"].strip(),
                                enterprise=enterprise, project=project, planned_on=d["planned_on"])
    return {"id": site.pk, "name": site.name, "group": group.pk, "enterprise": site.enterprise_id,
            "project": site.project_id, "planned_on": site.planned_on}


@extend_schema_view(
    list=extend_schema(summary="视察调研活动（含统计数字）", tags=["oversight"]),
    retrieve=extend_schema(summary="一次视察调研活动", tags=["oversight"]),
)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = InspectionCampaign.objects.none()
    serializer_class = CampaignSerializer

    def get_queryset(self):
        return with_figures(campaign_list(self.request.user)).order_by("-starts_on", "-id")

    def get_object(self):
        return self.get_queryset().get(pk=access_campaign(self.request.user, self.kwargs["pk"]).pk)

    @extend_schema(summary="新建视察调研活动（工作人员）", tags=["oversight"], request=CampaignSerializer,
                   responses={201: CampaignSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        ser = CampaignSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        campaign = cs.campaign_create(actor=request.user, region=request.user.region, title=d["title"],
                                      kind=d.get("kind", "inspection"), theme=d.get("theme", ""),
                                      starts_on=d["starts_on"], ends_on=d["ends_on"])
        return Response(self.get_serializer(self.get_queryset().get(pk=campaign.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="记录视察发现（工作人员或本组代表）", tags=["oversight"], request=FindingInput,
                   responses={201: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        campaign = access_campaign(request.user, pk)
        ser = FindingInput(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        site = CampaignSite.objects.filter(pk=d["site"], group__campaign=campaign).first()
        if site is None:
            raise Http404
        finding = cs.finding_record(actor=request.user, site=site, kind=d["kind"], content=d["content"])
        return Response({"id": finding.pk, "kind": finding.kind, "content": finding.content},
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="组建视察组（工作人员）", tags=["oversight"], request=GroupInput,
                   responses={201: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"])
    def groups(self, request, pk=None):
        campaign = access_campaign(request.user, pk, write=True)
        return Response(_group_add(request, campaign), status=status.HTTP_201_CREATED)

    @extend_schema(summary="安排视察现场（工作人员）", tags=["oversight"], request=SiteInput,
                   responses={201: OpenApiTypes.OBJECT, **ERRORS})
    @action(detail=True, methods=["post"])
    def sites(self, request, pk=None):
        campaign = access_campaign(request.user, pk, write=True)
        return Response(_site_add(request, campaign), status=status.HTTP_201_CREATED)


def register(router):
    router.register("campaigns", CampaignViewSet, basename="campaign")
