"""The serializers of /api/v1/ for the chain module: what the lists answer, and what an integrator
may write (enterprises, projects, leads, policies).

One serializer per list serves both directions. Writes are checked here with the same rules the
pages and the imports use (chains.validation; the house's typed fields from core.api_fields), and
reported per field in Chinese; the services check again inside their transaction and write.
Related records are looked up in the caller's scope: a chain, node, region or enterprise the
caller cannot read is reported as not existing.
"""

from __future__ import annotations

from rest_framework import serializers

from shuanglian.core import api_fields
from shuanglian.core.permissions import subtree_q
from shuanglian.lib.uscc import uscc_error, uscc_normalize
from shuanglian.regions.api import ScopedRegionField
from shuanglian.regions.models import Department

from . import validation
from .models import Chain, ChainNode, Enterprise, Lead, Policy, Project
from .selectors import chain_list, enterprise_list, node_list

VERSION_HELP = ("版本号：读取时得到的 version。修改时原样带回；期间他人已修改则返回 409，什么也不改。"
                "每次实际修改后加一。")


def _user(context):
    request = context.get("request")
    return request.user if request is not None else None


class _Scoped(api_fields.PrimaryKeyRelatedField):
    selector = None

    def get_queryset(self):
        user = _user(self.context)
        return type(self).selector(user) if user is not None else self.model.objects.none()


class ScopedChainField(_Scoped):
    selector = staticmethod(chain_list)
    model = Chain


class ScopedNodeField(_Scoped):
    selector = staticmethod(node_list)
    model = ChainNode


class ScopedEnterpriseField(_Scoped):
    selector = staticmethod(enterprise_list)
    model = Enterprise


def _raise(errors):
    if errors:
        fields: dict = {}
        for field, message in errors:
            fields.setdefault(field, []).append(message)
        raise serializers.ValidationError(fields)


def _merged(instance, attrs, fields):
    """The record as it would be after this write: stored values, then the request's."""
    return {**({f: getattr(instance, f) for f in fields} if instance is not None else {}), **attrs}


def _department_errors(chain, department, field="responsible_department"):
    """A chain's list names a department of the chain's region (the pages offer only those)."""
    if department is None or chain is None:
        return []
    if not Department.objects.filter(subtree_q(chain.region), pk=department.pk).exists():
        return [(field, f"责任单位应为{chain.region.name}的部门")]
    return []


class VersionedSerializer(api_fields.ModelSerializer):
    version = api_fields.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


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


ENTERPRISE_KEEP = ("name", "uscc", "output", "employees")


class EnterpriseSerializer(VersionedSerializer):
    uscc = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=40,
                                 help_text="统一社会信用代码（18位，含校验位）。POST 时按它更新已有企业（upsert）")
    name = serializers.CharField(required=False, max_length=120, help_text="企业名称（新企业必填）")
    region = ScopedRegionField(required=False, help_text="所属区域编号（新企业必填）")
    nodes = ScopedNodeField(many=True, required=False,
                            help_text="所属环节编号（给出时替换本企业在这些环节所属产业链中的环节）")
    labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    cultivation = serializers.ListField(child=serializers.CharField(), read_only=True)
    specialist = serializers.CharField(read_only=True)
    specialist_name = serializers.CharField(required=False, allow_blank=True, max_length=50, write_only=True,
                                            help_text="服务专员姓名（一企一专员）")

    class Meta:
        model = Enterprise
        fields = ["id", "name", "uscc", "region", "scale", "labels", "is_chain_master", "is_sub_chain_leader",
                  "is_specialised", "is_little_giant", "is_high_tech", "nodes", "output", "employees", "address",
                  "specialist", "specialist_name", "cultivation", "plan", "cooperating_count", "driven_count",
                  "version"]

    def validate_uscc(self, value):
        uscc = uscc_normalize(value or "")
        if not uscc:
            return None
        error = uscc_error(uscc)
        if error:
            raise serializers.ValidationError(error)
        return uscc

    def validate(self, attrs):
        current = self.instance
        if current is None and attrs.get("uscc"):  # POST is an upsert by USCC
            current = Enterprise.objects.filter(uscc=attrs["uscc"]).first()
        errors = validation.enterprise_errors(_merged(current, attrs, ENTERPRISE_KEEP))
        if current is None and attrs.get("region") is None:
            errors.append(("region", "新企业须填写所属区域"))
        if self.instance is not None and attrs.get("uscc"):
            clash = Enterprise.objects.filter(uscc=attrs["uscc"]).exclude(pk=self.instance.pk).first()
            if clash:
                errors.append(("uscc", f"统一社会信用代码已被“{clash.name}”使用"))
        _raise(errors)
        self.upsert_target = current
        return attrs


PROJECT_KEEP = ("name", "total_investment", "annual_plan", "year", "owner", "owner_name")


class ProjectSerializer(VersionedSerializer):
    chain = ScopedChainField(help_text="产业链编号（创建后不能更改）")
    node = ScopedNodeField(required=False, allow_null=True, help_text="环节编号（须属于本产业链）")
    owner = ScopedEnterpriseField(required=False, allow_null=True, help_text="业主企业编号（企业清单中的企业）")
    completed = api_fields.DecimalField(max_digits=14, decimal_places=2, read_only=True, default=None,
                                        allow_null=True, help_text="本年完成投资（亿元，月度完成投资之和）")

    class Meta:
        model = Project
        fields = ["id", "chain", "node", "name", "kind", "owner", "owner_name", "total_investment", "year",
                  "annual_plan", "completed", "stage", "planned_start", "started_on", "responsible_department",
                  "note", "version"]

    def validate(self, attrs):
        chain = _chain_of(self.instance, attrs)
        merged = _merged(self.instance, attrs, PROJECT_KEEP)
        errors = validation.project_errors(merged) + validation.project_owner_errors(merged)
        errors += _node_errors(chain, attrs.get("node"))
        errors += _department_errors(chain, attrs.get("responsible_department"))
        _raise(errors)
        return attrs


def _chain_of(instance, attrs):
    if instance is not None and "chain" in attrs and attrs["chain"].pk != instance.chain_id:
        raise serializers.ValidationError({"chain": ["已有记录不能改到其他产业链"]})
    return instance.chain if instance is not None else attrs.get("chain")


def _node_errors(chain, node, field="node"):
    if node is not None and chain is not None and node.chain_id != chain.pk:
        return [(field, "环节必须属于本产业链")]
    return []


LEAD_KEEP = ("target_company", "stage", "capital_in_place")


class LeadSerializer(VersionedSerializer):
    chain = ScopedChainField(help_text="产业链编号（创建后不能更改）")
    node = ScopedNodeField(required=False, allow_null=True, help_text="补链环节编号（须属于本产业链）")

    class Meta:
        model = Lead
        fields = ["id", "chain", "node", "target_company", "intended_investment", "capital_in_place", "stage",
                  "responsible_department", "responsible_person", "last_contact", "next_step", "is_closed",
                  "version"]
        read_only_fields = ["last_contact"]  # the latest contact's date: set by the contact records

    def validate(self, attrs):
        chain = _chain_of(self.instance, attrs)
        errors = validation.lead_errors(_merged(self.instance, attrs, LEAD_KEEP))
        errors += _node_errors(chain, attrs.get("node"))
        errors += _department_errors(chain, attrs.get("responsible_department"))
        _raise(errors)
        return attrs


POLICY_KEEP = ("title", "issuer", "valid_from", "valid_to")


class PolicySerializer(VersionedSerializer):
    region = ScopedRegionField(required=False, help_text="发布区域编号（创建时可省略：调用者所在区域；创建后不能更改）")
    chains = ScopedChainField(many=True, required=False, help_text="适用产业链编号（给出时整体替换）")
    nodes = ScopedNodeField(many=True, required=False, help_text="适用环节编号（须属于适用产业链；给出时整体替换）")
    applications = api_fields.IntegerField(source="n_applied", read_only=True)
    granted = api_fields.IntegerField(source="n_granted", read_only=True)

    class Meta:
        model = Policy
        fields = ["id", "region", "title", "issuer", "doc_number", "issued_on", "valid_from", "valid_to", "chains",
                  "nodes", "benefit_summary", "applications", "granted", "version"]

    def validate(self, attrs):
        errors = validation.policy_errors(_merged(self.instance, attrs, POLICY_KEEP))
        if self.instance is not None and "region" in attrs and attrs["region"].pk != self.instance.region_id:
            errors.append(("region", "已有政策不能改到其他区域"))
        if attrs.get("nodes"):
            chains = attrs.get("chains")
            allowed = {c.pk for c in chains} if chains is not None else (
                set(self.instance.chains.values_list("pk", flat=True)) if self.instance is not None else set())
            stray = [n.name for n in attrs["nodes"] if n.chain_id not in allowed]
            if stray:
                errors.append(("nodes", f"适用环节“{stray[0]}”不属于所选的适用产业链"))
        _raise(errors)
        return attrs


class InvestmentSerializer(serializers.Serializer):
    month = api_fields.DateField(input_formats=["%Y-%m", "%Y-%m-%d"],
                                 help_text="月份：2025-03 或该月任一天（按该月第一天记）")
    amount = api_fields.DecimalField(max_digits=14, decimal_places=2,
                                     help_text="该月完成投资（亿元，两位小数）；同一月份再次提交为更正")


class LeadAdvanceSerializer(serializers.Serializer):
    version = api_fields.IntegerField(min_value=1, help_text=VERSION_HELP)
