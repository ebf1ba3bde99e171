"""/api/v1/regions/ and /api/v1/departments/: read in scope, write for staff through services."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from shuanglian.core import api_fields
from shuanglian.core.permissions import deny_write, require_staff

from . import services
from .filters import DepartmentFilter, RegionFilter
from .models import Department, Region
from .selectors import (
    access_department,
    access_region,
    can_write_department,
    department_list,
    region_list,
)


class ScopedRegionField(api_fields.PrimaryKeyRelatedField):
    """A region id the requesting user may see; others are reported as not existing."""

    def get_queryset(self):
        request = self.context.get("request")
        return region_list(request.user) if request else Region.objects.all()


class RegionSerializer(api_fields.ModelSerializer):
    parent = ScopedRegionField(allow_null=True, required=False, help_text="上级区域编号；新建须在本人区域范围内")
    level_display = serializers.CharField(source="get_level_display", read_only=True, help_text="层级（中文）")
    path = serializers.CharField(read_only=True, help_text="区划代码路径，如 500000/500109/，用于按前缀汇总下级")

    class Meta:
        model = Region
        fields = ["id", "name", "code", "level", "level_display", "parent", "path"]
        extra_kwargs = {
            "name": {"help_text": "区域名称"},
            "code": {"help_text": "行政区划代码", "validators": []},
            "level": {"help_text": "层级：city 市、district 区/县、town 镇、subdistrict 街道"},
        }


class DepartmentSerializer(api_fields.ModelSerializer):
    region = ScopedRegionField(help_text="所属区域编号")
    region_name = serializers.CharField(source="region.name", read_only=True, help_text="所属区域名称")

    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "region", "region_name", "email", "webhook_url", "is_active"]
        validators = []  # duplicates are reported by the service, in Chinese
        extra_kwargs = {
            "name": {"help_text": "部门名称，如 区经济信息委"},
            "short_name": {"help_text": "简称"},
            "email": {"help_text": "接收交办通知的邮箱"},
            "webhook_url": {"help_text": "通知推送地址（如渝快政）"},
            "is_active": {"help_text": "是否启用"},
        }


@extend_schema_view(
    list=extend_schema(summary="区域列表（本人区域及下辖）"),
    retrieve=extend_schema(summary="区域详情"),
    create=extend_schema(summary="新建下级区域（工作人员）"),
)
class RegionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    queryset = Region.objects.none()

    def get_queryset(self):
        return region_list(self.request.user).select_related("parent")

    def get_object(self):
        return access_region(self.request.user, self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        require_staff(request.user)
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        region = services.region_create(actor=request.user, name=data["name"], code=data["code"],
                                        level=data["level"], parent=data.get("parent"))
        return Response(self.get_serializer(region).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="部门列表"),
    retrieve=extend_schema(summary="部门详情"),
    create=extend_schema(summary="新增部门（工作人员）"),
    update=extend_schema(summary="修改部门（工作人员）"),
    partial_update=extend_schema(summary="修改部门部分字段（工作人员）"),
)
class DepartmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    queryset = Department.objects.none()

    def get_queryset(self):
        return department_list(self.request.user)

    def get_object(self):
        dept = access_department(self.request.user, self.kwargs["pk"])
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and not can_write_department(self.request.user, dept):
            deny_write("只有本区域的人大工作人员可以修改该部门。")
        return dept

    def create(self, request, *args, **kwargs):
        require_staff(request.user)
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data.pop("is_active", None)
        dept = services.department_create(actor=request.user, **data)
        return Response(self.get_serializer(dept).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        dept = self.get_object()
        ser = self.get_serializer(dept, data=request.data, partial=partial)
        ser.is_valid(raise_exception=True)
        dept = services.department_update(department=dept, actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(dept).data)


def register(router):
    router.register("regions", RegionViewSet, basename="region")
    router.register("departments", DepartmentViewSet, basename="department")
