"""/api/v1/ for the chain module: the chains, their nodes and four of the five lists
(filterable by chain and node), the panorama in one response, and the workbook.

Integrators write four lists (POST to create — enterprises: upsert by USCC — and PATCH with the
`version` they read), through the same services as the pages and the imports; who may write a
chain's lists on the pages may write them here (the access_* funnels: unreadable 404, read-only
403). Serializers and their checks: api_serializers.py."""

from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shuanglian.core.api import ERROR_SCHEMA
from shuanglian.core.permissions import require_staff
from shuanglian.lib.excel import xlsx_response

from . import exports, services
from .api_serializers import (
    ChainNodeSerializer,
    ChainSerializer,
    EnterpriseSerializer,
    InvestmentSerializer,
    LeadAdvanceSerializer,
    LeadSerializer,
    PolicySerializer,
    ProjectSerializer,
)
from .filters import EnterpriseFilter, LeadFilter, PolicyFilter, ProjectFilter, with_completed
from .models import ApplicationStatus, Enterprise
from .panorama import build_panorama
from .selectors import (
    access_chain,
    access_enterprise,
    access_lead,
    access_policy,
    access_project,
    chain_list,
    enterprise_list,
    lead_list,
    node_list,
    policy_list,
    project_list,
)


class ChainViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ChainSerializer

    def get_queryset(self):
        return chain_list(self.request.user).order_by("pk")

    def get_object(self):
        return access_chain(self.request.user, self.kwargs["pk"])

    @extend_schema(responses={200: dict}, description="整条产业链的环节树、每个环节的企业/项目/线索/问题/政策数字及指标，一次返回。")
    @action(detail=True)
    def panorama(self, request, pk=None):
        return Response(build_panorama(self.get_object()))

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes})
    @action(detail=True)
    def workbook(self, request, pk=None):
        chain = self.get_object()
        return xlsx_response(exports.chain_workbook(chain, request.user), f"{chain.name}一图五单.xlsx")


class ChainNodeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ChainNodeSerializer
    filterset_fields = ["chain", "stage", "is_target", "parent"]

    def get_queryset(self):
        return node_list(self.request.user).order_by("chain", "stage", "order", "id")


WRITE_ERRORS = {
    400: OpenApiResponse(ERROR_SCHEMA, description="输入有误：errors 按字段给出中文说明，什么也没有改"),
    403: OpenApiResponse(ERROR_SCHEMA, description="只有本区域的人大工作人员可以维护"),
    404: OpenApiResponse(ERROR_SCHEMA, description="记录不存在或无权查看"),
    409: OpenApiResponse(ERROR_SCHEMA, description="version 已过期：他人已修改，什么也没有改"),
}
VERSION_REQUIRED = "请带上读取时的版本号 version（防止覆盖他人的修改）"


def _write_schema(serializer, *, create_summary, update_summary, create_responses=None):
    return extend_schema_view(
        create=extend_schema(summary=create_summary, responses={
            **(create_responses or {201: serializer}), **WRITE_ERRORS}),
        partial_update=extend_schema(summary=update_summary, responses={200: serializer, **WRITE_ERRORS}),
    )


class ListWriteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read in scope; write with POST (create) and PATCH (change, with `version`). No PUT, no DELETE."""

    access = None  # access_<thing>(user, id, write=)

    def get_object(self):
        obj = type(self).access(self.request.user, self.kwargs["pk"], write=self.request.method != "GET")
        return self.fresh(obj.pk) if self.request.method == "GET" else obj  # read: as the list answers it

    def fresh(self, pk):
        """The written record as the list answers it (annotations included)."""
        return self.get_queryset().get(pk=pk)

    def create(self, request, *args, **kwargs):
        require_staff(request.user)  # the service checks the chain's region; this refuses readers at once
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        obj, created = self.write(ser, data, version=data.pop("version", None))
        return Response(self.get_serializer(self.fresh(obj.pk)).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        ser = self.get_serializer(obj, data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        if data.get("version") is None:
            raise ValidationError({"version": [VERSION_REQUIRED]})
        obj, _ = self.write(ser, data, version=data.pop("version"), instance=obj)
        return Response(self.get_serializer(self.fresh(obj.pk)).data)

    def write(self, ser, data, *, version, instance=None):
        """Call the list's service: (record, created)."""
        raise NotImplementedError


@_write_schema(EnterpriseSerializer, create_summary="登记或更新企业（按统一社会信用代码 upsert：已有为 200，新建为 201）",
               update_summary="修改企业（带 version）",
               create_responses={200: EnterpriseSerializer, 201: EnterpriseSerializer})
class EnterpriseViewSet(ListWriteViewSet):
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    access = staticmethod(access_enterprise)

    def get_queryset(self):
        return enterprise_list(self.request.user).prefetch_related("nodes").select_related("specialist_user").order_by("name", "pk")

    def fresh(self, pk):
        from_scope = self.get_queryset().filter(pk=pk).first()
        return from_scope or Enterprise.objects.get(pk=pk)  # a firm of another region, attached to a chain

    def write(self, ser, data, *, version, instance=None):
        nodes = data.pop("nodes", None)
        target = instance if instance is not None else ser.upsert_target
        return services.enterprise_save(actor=self.request.user, values=data, enterprise=target, nodes=nodes,
                                        expected_version=version)


@_write_schema(ProjectSerializer, create_summary="新增项目", update_summary="修改项目（带 version）")
class ProjectViewSet(ListWriteViewSet):
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    access = staticmethod(access_project)

    def get_queryset(self):
        return with_completed(project_list(self.request.user)).order_by("chain", "-total_investment", "pk")

    def write(self, ser, data, *, version, instance=None):
        chain = data.pop("chain", None) or instance.chain
        project = services.project_save(actor=self.request.user, chain=chain, values=data, project=instance,
                                        expected_version=version)
        return project, instance is None

    @extend_schema(summary="月度完成投资（按月份）", responses={200: InvestmentSerializer(many=True), 404: ERROR_SCHEMA},
                   methods=["GET"])
    @extend_schema(summary="填报或更正某月完成投资（新月份 201，更正 200）", request=InvestmentSerializer,
                   responses={200: InvestmentSerializer, 201: InvestmentSerializer, **WRITE_ERRORS}, methods=["POST"])
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def investments(self, request, pk=None):
        if request.method == "GET":
            project = access_project(request.user, pk)
            return Response(InvestmentSerializer(project.investments.order_by("month"), many=True).data)
        project = access_project(request.user, pk, write=True)
        ser = InvestmentSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        month = ser.validated_data["month"].replace(day=1)
        existed = project.investments.filter(month=month).exists()
        row = services.project_record_investment(actor=request.user, project=project, month=month,
                                                 amount=ser.validated_data["amount"])
        return Response(InvestmentSerializer(row).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


@_write_schema(LeadSerializer, create_summary="新增招商线索", update_summary="修改招商线索（含阶段变化，带 version）")
class LeadViewSet(ListWriteViewSet):
    serializer_class = LeadSerializer
    filterset_class = LeadFilter
    access = staticmethod(access_lead)

    def get_queryset(self):
        return lead_list(self.request.user).order_by("chain", "pk")

    def write(self, ser, data, *, version, instance=None):
        chain = data.pop("chain", None) or instance.chain
        lead = services.lead_save(actor=self.request.user, chain=chain, values=data, lead=instance,
                                  expected_version=version)
        return lead, instance is None

    @extend_schema(summary="推进到下一阶段（线索 → 接洽 → … → 投产，带 version）", request=LeadAdvanceSerializer,
                   responses={200: LeadSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"], filterset_class=None)
    def advance(self, request, pk=None):
        lead = access_lead(request.user, pk, write=True)
        ser = LeadAdvanceSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        lead = services.lead_advance(actor=request.user, lead=lead, expected_version=ser.validated_data["version"])
        return Response(self.get_serializer(self.fresh(lead.pk)).data)


@_write_schema(PolicySerializer, create_summary="新增政策（发布区域缺省为调用者所在区域）",
               update_summary="修改政策（带 version）")
class PolicyViewSet(ListWriteViewSet):
    serializer_class = PolicySerializer
    filterset_class = PolicyFilter
    access = staticmethod(access_policy)

    def get_queryset(self):
        return policy_list(self.request.user).annotate(
            n_applied=Count("applications", distinct=True),
            n_granted=Count("applications", filter=Q(applications__status=ApplicationStatus.GRANTED), distinct=True),
        ).prefetch_related("chains", "nodes").order_by("-issued_on", "pk")

    def write(self, ser, data, *, version, instance=None):
        region = data.pop("region", None) or (instance.region if instance is not None else self.request.user.region)
        if region is None:
            raise ValidationError({"region": ["您的账号没有所在区域，请填写发布区域"]})
        chains, nodes = data.pop("chains", None), data.pop("nodes", None)
        if instance is None and chains is None:
            chains = []
        policy = services.policy_save(actor=self.request.user, region=region, values=data, policy=instance,
                                      chains=chains, nodes=nodes, expected_version=version)
        return policy, instance is None


def register(router):
    router.register("chains", ChainViewSet, basename="chain")
    router.register("chain-nodes", ChainNodeViewSet, basename="chain-node")
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("projects", ProjectViewSet, basename="project")
    router.register("leads", LeadViewSet, basename="lead")
    router.register("policies", PolicyViewSet, basename="policy")
