"""/api/v1/deputies/ and /api/v1/stations/.

Read in scope (the same funnel as the HTML pages); writes for staff, through services. Phones are
masked unless the reader is staff; a station's `intake_url` (what its QR code opens) is given to
staff only — for other readers it is null (the key stays, so the published schema holds for every
reader).
"""

from django.db.models import Count
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shuanglian.chains.models import Chain
from shuanglian.chains.selectors import chain_list
from shuanglian.core import api_fields
from shuanglian.core.permissions import is_staff_role, require_staff
from shuanglian.lib.phones import phone_mask
from shuanglian.regions.api import ScopedRegionField

from . import services
from .filters import DeputyFilter, StationFilter
from .models import Deputy, MemberKind, Station, StationMember
from .selectors import (
    access_deputy,
    access_member,
    access_station,
    deputy_choices,
    deputy_list,
    member_prefetch,
    station_list,
)

SAFE = ("GET", "HEAD", "OPTIONS")


def _viewer_is_staff(context) -> bool:
    request = context.get("request")
    return request is not None and is_staff_role(request.user)


class ScopedDeputyField(api_fields.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return deputy_choices(request.user) if request else Deputy.objects.all()


class ScopedChainField(api_fields.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return chain_list(request.user) if request else Chain.objects.none()


class DeputySerializer(api_fields.ModelSerializer):
    region = ScopedRegionField(help_text="选区所属区域编号")
    region_name = serializers.CharField(source="region.name", read_only=True, help_text="选区所属区域名称")
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="层级（中文）")
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=20,
        help_text="手机号。工作人员看到完整号码，其他角色看到脱敏号码，如 138****5678",
    )

    class Meta:
        model = Deputy
        fields = ["id", "name", "level", "level_display", "region", "region_name", "sector", "employer",
                  "phone", "is_active"]
        extra_kwargs = {
            "name": {"help_text": "姓名"},
            "level": {"help_text": "层级：national 全国、provincial 省、city 市、district 区、town 镇"},
            "sector": {"help_text": "界别，如 企业界"},
            "employer": {"help_text": "工作单位及职务"},
            "is_active": {"help_text": "是否在任"},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not _viewer_is_staff(self.context):
            data["phone"] = phone_mask(instance.phone)
        return data


class StationMemberSerializer(api_fields.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="身份（中文）")
    deputy = ScopedDeputyField(required=False, allow_null=True, help_text="代表编号（身份为 deputy 时必填）")
    name = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="姓名（网格员必填）")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                  help_text="网格员手机号；非工作人员看到脱敏号码")

    class Meta:
        model = StationMember
        fields = ["id", "kind", "kind_display", "deputy", "name", "phone"]
        extra_kwargs = {"kind": {"help_text": "身份：deputy 人大代表、grid_worker 网格员"}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.deputy_id:
            data["name"] = instance.deputy.name
            data["phone"] = ""
        elif not _viewer_is_staff(self.context):
            data["phone"] = phone_mask(instance.phone)
        return data


class StationSerializer(api_fields.ModelSerializer):
    region = ScopedRegionField(help_text="所属区域编号")
    region_name = serializers.CharField(source="region.name", read_only=True, help_text="所属区域名称")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, help_text="类型（中文）")
    chain = ScopedChainField(required=False, allow_null=True, help_text="服务产业链编号")
    head = ScopedDeputyField(required=False, allow_null=True, help_text="点长（代表编号）")
    head_name = serializers.CharField(source="head.name", read_only=True, default="", help_text="点长姓名")
    members = StationMemberSerializer(many=True, read_only=True, help_text="进驻代表与网格员")
    intake_url = serializers.SerializerMethodField(
        help_text="“一点一码”二维码打开的公开诉求页地址。仅人大工作人员可见，其他角色为 null",
    )

    class Meta:
        model = Station
        fields = ["id", "kind", "kind_display", "name", "host", "region", "region_name", "chain", "head",
                  "head_name", "address", "reception_day", "is_active", "members", "intake_url"]
        extra_kwargs = {
            "kind": {"help_text": "类型：activity_point 人大代表活动点、industry_liaison 行业人大代表联络站、"
                                  "monitoring_point 营商环境监测点"},
            "name": {"help_text": "名称"},
            "host": {"help_text": "依托园区/企业"},
            "address": {"help_text": "地址"},
            "reception_day": {"help_text": "每月接待日（1–31），如 15"},
            "is_active": {"help_text": "是否启用"},
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_intake_url(self, station):
        request = self.context.get("request")
        return station.intake_url if request is not None and is_staff_role(request.user) else None


class ScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    access = None  # access_<thing>(user, id, write=)

    def get_object(self):
        return type(self).access(self.request.user, self.kwargs["pk"], write=self.request.method not in SAFE)


@extend_schema_view(
    list=extend_schema(summary="代表列表"),
    retrieve=extend_schema(summary="代表详情"),
    create=extend_schema(summary="登记代表（工作人员）"),
    update=extend_schema(summary="修改代表（工作人员）"),
    partial_update=extend_schema(summary="修改代表部分字段（工作人员）"),
)
class DeputyViewSet(ScopedViewSet):
    serializer_class = DeputySerializer
    filterset_class = DeputyFilter
    queryset = Deputy.objects.none()
    access = staticmethod(access_deputy)

    def get_queryset(self):
        return deputy_list(self.request.user)

    def create(self, request, *args, **kwargs):
        require_staff(request.user)
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        deputy = services.deputy_create(actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(deputy).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        deputy = self.get_object()
        ser = self.get_serializer(deputy, data=request.data, partial=partial)
        ser.is_valid(raise_exception=True)
        deputy = services.deputy_update(deputy=deputy, actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(deputy).data)

    @extend_schema(summary="设为离任（工作人员）", request=None, responses=DeputySerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        deputy = services.deputy_deactivate(deputy=self.get_object(), actor=request.user)
        return Response(self.get_serializer(deputy).data)


@extend_schema_view(
    list=extend_schema(summary="履职阵地列表"),
    retrieve=extend_schema(summary="履职阵地详情"),
    create=extend_schema(summary="登记阵地（工作人员）"),
    update=extend_schema(summary="修改阵地（工作人员）"),
    partial_update=extend_schema(summary="修改阵地部分字段（工作人员）"),
)
class StationViewSet(ScopedViewSet):
    serializer_class = StationSerializer
    filterset_class = StationFilter
    queryset = Station.objects.none()
    access = staticmethod(access_station)

    def get_queryset(self):
        return (station_list(self.request.user).prefetch_related(member_prefetch())
                .annotate(member_count=Count("members")).order_by("region__path", "kind", "name"))

    def create(self, request, *args, **kwargs):
        require_staff(request.user)
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        station = services.station_create(actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(access_station(request.user, station.pk)).data,
                        status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        station = self.get_object()
        ser = self.get_serializer(station, data=request.data, partial=partial)
        ser.is_valid(raise_exception=True)
        services.station_update(station=station, actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(access_station(request.user, station.pk)).data)

    @extend_schema(summary="更换扫码令牌（工作人员；旧二维码立即失效）", request=None, responses=StationSerializer)
    @action(detail=True, methods=["post"], url_path="rotate_token")
    def rotate_token(self, request, pk=None):
        station = services.station_rotate_token(station=self.get_object(), actor=request.user)
        return Response(self.get_serializer(access_station(request.user, station.pk)).data)

    @extend_schema(summary="添加成员（工作人员）", request=StationMemberSerializer, responses=StationMemberSerializer)
    @action(detail=True, methods=["post"], url_path="members")
    def add_member(self, request, pk=None):
        station = access_station(request.user, pk, write=True)
        ser = StationMemberSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        member = services.station_member_add(
            station=station, actor=request.user, kind=data["kind"],
            deputy=data.get("deputy") if data["kind"] == MemberKind.DEPUTY else None,
            name=data.get("name", ""), phone=data.get("phone", ""),
        )
        return Response(StationMemberSerializer(member, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="移除成员（工作人员）", request=None, responses={204: OpenApiResponse(description="已移除")})
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<member_pk>\d+)")
    def remove_member(self, request, pk=None, member_pk=None):
        member = access_member(request.user, pk, member_pk)
        services.station_member_remove(member=member, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router):
    router.register("deputies", DeputyViewSet, basename="deputy")
    router.register("stations", StationViewSet, basename="station")
