"""/api/v1/ for the chain module: the chains, their nodes and four of the five lists
(filterable by chain and node), the panorama in one response, and the workbook."""

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shuanglian.core import api_fields
from shuanglian.lib.excel import xlsx_response

from . import exports
from .filters import EnterpriseFilter, LeadFilter, PolicyFilter, ProjectFilter, with_completed
from .models import ApplicationStatus, Chain, ChainNode, Enterprise, Lead, Policy, Project
from .panorama import build_panorama
from .selectors import (
    access_chain,
    chain_list,
    enterprise_list,
    lead_list,
    node_list,
    policy_list,
    project_list,
)


class ChainSerializer(api_fields.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    lead_department_name = serializers.CharField(source="lead_department.name", read_only=True, default="")

    class Meta:
        model = Chain
        fields = ["id", "name", "region", "region_name", "tier", "chief_name", "chief_post", "lead_department",
                  "lead_department_name", "description", "target_description"]


class ChainNodeSerializer(api_fields.ModelSerializer):
    class Meta:
        model = ChainNode
        fields = ["id", "chain", "parent", "name", "stage", "order", "strength", "is_target", "description",
                  "sub_chain_leader"]


class EnterpriseSerializer(api_fields.ModelSerializer):
    labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    cultivation = serializers.ListField(child=serializers.CharField(), read_only=True)
    specialist = serializers.CharField(read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "name", "uscc", "region", "scale", "labels", "is_chain_master", "is_sub_chain_leader",
                  "is_specialised", "is_little_giant", "is_high_tech", "nodes", "output", "employees", "address",
                  "specialist", "cultivation", "plan", "cooperating_count", "driven_count"]


class ProjectSerializer(api_fields.ModelSerializer):
    completed = api_fields.DecimalField(max_digits=14, decimal_places=2, read_only=True, default=None,
                                        allow_null=True)

    class Meta:
        model = Project
        fields = ["id", "chain", "node", "name", "kind", "owner", "owner_name", "total_investment", "year",
                  "annual_plan", "completed", "stage", "planned_start", "started_on", "responsible_department"]


class LeadSerializer(api_fields.ModelSerializer):
    class Meta:
        model = Lead
        fields = ["id", "chain", "node", "target_company", "intended_investment", "capital_in_place", "stage",
                  "responsible_department", "responsible_person", "last_contact", "next_step", "is_closed"]


class PolicySerializer(api_fields.ModelSerializer):
    applications = api_fields.IntegerField(source="n_applied", read_only=True)
    granted = api_fields.IntegerField(source="n_granted", read_only=True)

    class Meta:
        model = Policy
        fields = ["id", "region", "title", "issuer", "doc_number", "issued_on", "valid_from", "valid_to", "chains",
                  "nodes", "benefit_summary", "applications", "granted"]


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


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter

    def get_queryset(self):
        return enterprise_list(self.request.user).prefetch_related("nodes").select_related("specialist_user").order_by("name", "pk")


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        return with_completed(project_list(self.request.user)).order_by("chain", "-total_investment", "pk")


class LeadViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LeadSerializer
    filterset_class = LeadFilter

    def get_queryset(self):
        return lead_list(self.request.user).order_by("chain", "pk")


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PolicySerializer
    filterset_class = PolicyFilter

    def get_queryset(self):
        return policy_list(self.request.user).annotate(
            n_applied=Count("applications", distinct=True),
            n_granted=Count("applications", filter=Q(applications__status=ApplicationStatus.GRANTED), distinct=True),
        ).prefetch_related("chains", "nodes").order_by("-issued_on", "pk")


def register(router):
    router.register("chains", ChainViewSet, basename="chain")
    router.register("chain-nodes", ChainNodeViewSet, basename="chain-node")
    router.register("enterprises", EnterpriseViewSet, basename="enterprise")
    router.register("projects", ProjectViewSet, basename="project")
    router.register("leads", LeadViewSet, basename="lead")
    router.register("policies", PolicyViewSet, basename="policy")
