"""/api/v1/screens/ (staff: list, create, revoke) and /api/v1/screen/<token>/data/ (the kiosk:
no login, the token is the credential; an unknown or revoked token is a 404 like any missing
record). A thin layer: the funnel in selectors, the writes in services, the figures in data."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shuanglian.core import api_fields
from shuanglian.core.permissions import require_staff
from shuanglian.core.replica import replica_reads
from shuanglian.deputies.models import Station
from shuanglian.deputies.selectors import station_list
from shuanglian.regions.api import ScopedRegionField

from . import services
from .data import screen_data
from .models import Screen
from .selectors import access_screen, screen_by_token, screen_list


class ScopedStationField(api_fields.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return station_list(request.user) if request else Station.objects.none()


class ScreenSerializer(serializers.Serializer):
    id = api_fields.IntegerField(read_only=True, help_text="大屏编号")
    region = ScopedRegionField(help_text="区域编号（本人区域范围内）")
    region_name = serializers.CharField(source="region.name", read_only=True, help_text="区域名称")
    station = ScopedStationField(required=False, allow_null=True, help_text="履职阵地编号（可选，须在该区域内）")
    station_name = serializers.CharField(source="station.name", read_only=True, default=None, help_text="阵地名称")
    name = serializers.CharField(max_length=80, help_text="大屏名称，如“北碚区人大常委会大厅”")
    url = serializers.CharField(read_only=True, help_text="大屏地址 /screen/<令牌>/，无需登录即可打开")
    created_at = api_fields.DateTimeField(read_only=True, help_text="创建时间")
    revoked_at = api_fields.DateTimeField(read_only=True, help_text="停用时间；为空表示在用")


@extend_schema_view(
    list=extend_schema(summary="大屏列表（本区域）"),
    create=extend_schema(summary="创建大屏（工作人员），返回编号和地址"),
    destroy=extend_schema(summary="停用大屏（工作人员；下次刷新即失效）"),
)
class ScreenViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                    viewsets.GenericViewSet):
    serializer_class = ScreenSerializer
    queryset = Screen.objects.none()

    def get_queryset(self):
        return screen_list(self.request.user).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        require_staff(request.user)
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        screen = services.screen_create(actor=request.user, region=data["region"], station=data.get("station"),
                                        name=data["name"])
        return Response({"id": screen.pk, "url": screen.url}, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        screen = access_screen(request.user, kwargs["pk"], write=True)
        services.screen_revoke(screen=screen, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScreenDataView(APIView):
    # The kiosk has no account: the token in the URL is the only credential, so no session or
    # CSRF machinery applies (the endpoint only reads).
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(summary="大屏数据（凭大屏令牌，无需登录）",
                   description="各面板数据及其版本号（内容变化时版本号变化），三率字段名与 /api/v1/rates/ 相同。",
                   responses={200: OpenApiTypes.OBJECT})
    @replica_reads
    def get(self, request, token):
        screen = screen_by_token(token)
        if screen is None or not screen.is_active:  # the API's error shape, saying what the kiosk should show
            response = Response({"detail": "该大屏地址无效或已停用，请联系人大工作人员。", "code": "screen_gone"},
                                status=status.HTTP_404_NOT_FOUND)
        else:
            response = Response(screen_data(screen))
        response["Cache-Control"] = "no-store"
        return response


def register(router):
    router.register("screens", ScreenViewSet, basename="screen")


urlpatterns = [path("screen/<str:token>/data/", ScreenDataView.as_view(), name="api_screen_data")]
