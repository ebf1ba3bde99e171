"""The forms of versioned records: chain, node, enterprise, project, lead, policy."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from shuanglian.core.models import User
from shuanglian.core.permissions import subtree_q
from shuanglian.lib.uscc import uscc_error, uscc_normalize
from shuanglian.regions.selectors import region_list

from .. import validation
from ..filters import node_and_descendants
from ..models import (
    Chain,
    ChainNode,
    Enterprise,
    Lead,
    Policy,
    Project,
    Strength,
)
from .base import (
    DATE,
    MONEY,
    VersionedForm,
    _departments,
    _deputies,
    _in_or_selected,
    _months_field,
)


class ChainForm(VersionedForm):
    class Meta:
        model = Chain
        fields = ["chief_name", "chief_post", "chief_user", "tier", "lead_department", "member_departments",
                  "expert_deputies", "description", "target_description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "target_description": forms.Textarea(attrs={"rows": 4}),
                   "member_departments": forms.CheckboxSelectMultiple, "expert_deputies": forms.CheckboxSelectMultiple}
        labels = {"chief_name": "链长姓名", "chief_user": "链长登录账号（可查看本链）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chain = self.instance
        region = chain.region
        departments = _departments(region)
        self.fields["lead_department"].queryset = _in_or_selected(departments, [chain.lead_department_id])
        self.fields["lead_department"].empty_label = "（未指定）"
        self.fields["member_departments"].queryset = _in_or_selected(
            departments, list(chain.member_departments.values_list("pk", flat=True)) if chain.pk else [])
        deputies = _deputies().filter(subtree_q(region))
        self.fields["expert_deputies"].queryset = _in_or_selected(
            deputies, list(chain.expert_deputies.values_list("pk", flat=True)) if chain.pk else [])
        users = User.objects.filter(subtree_q(region), is_active=True)
        self.fields["chief_user"].queryset = _in_or_selected(users, [chain.chief_user_id]).order_by("username")
        self.fields["chief_user"].empty_label = "（不关联账号）"
        self.fields["chief_user"].label_from_instance = lambda u: f"{u}（{u.username}）"
        self.fields["tier"].error_messages["required"] = "请选择产业类别。"


class NodeForm(VersionedForm):
    class Meta:
        model = ChainNode
        fields = ["name", "parent", "stage", "order", "is_target", "description", "sub_chain_leader",
                  "strength", "strength_note"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, chain: Chain, **kwargs):
        super().__init__(*args, **kwargs)
        node = self.instance
        parents = ChainNode.objects.filter(chain=chain).order_by("stage", "order", "id")
        if node.pk:

            parents = parents.exclude(pk__in=node_and_descendants(node.pk))
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "（无，直接挂在上/中/下游之下）"
        self.fields["parent"].label_from_instance = lambda n: f"{n.get_stage_display()} · {n.name}"
        self.fields["parent"].help_text = "选了上级环节时，位置随上级环节。"
        leaders = Enterprise.objects.filter(nodes=node) if node.pk else Enterprise.objects.none()
        self.fields["sub_chain_leader"].queryset = _in_or_selected(leaders, [node.sub_chain_leader_id])
        self.fields["sub_chain_leader"].empty_label = "（无）"
        self.fields["sub_chain_leader"].help_text = "从本环节的企业中选择。"
        self.fields["strength"].choices = [("", "自动测算（按本地企业）"), *Strength.choices]
        self.fields["name"].error_messages["required"] = "请填写环节名称。"
        self.fields["stage"].error_messages["required"] = "请选择上游、中游或下游。"
        self.fields["stage"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("parent") and not data.get("stage"):
            self.add_error("stage", "请选择上游、中游或下游（或选择上级环节）。")
        if data.get("parent"):
            data["stage"] = data["parent"].stage
        return data


class EnterpriseForm(VersionedForm):
    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "region", "scale", "is_chain_master", "is_sub_chain_leader", "is_specialised",
                  "is_little_giant", "is_high_tech", "nodes", "output", "employees", "address",
                  "specialist_user", "specialist_name", "cultivate_scale_up", "cultivate_specialised",
                  "cultivate_listing", "plan", "cooperating_count", "driven_count"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 6}), "nodes": forms.CheckboxSelectMultiple,
                   "output": forms.NumberInput(attrs=MONEY)}

    def __init__(self, *args, user, writable_chains, **kwargs):
        super().__init__(*args, **kwargs)

        e = self.instance
        self.fields["region"].queryset = _in_or_selected(region_list(user), [e.region_id])
        self.fields["region"].empty_label = "请选择区域"
        self.fields["nodes"].queryset = (ChainNode.objects.filter(chain__in=writable_chains)
                                         .select_related("chain").order_by("chain", "stage", "order", "id"))
        self.fields["nodes"].label_from_instance = lambda n: f"{n.chain.name} · {n.get_stage_display()} · {n.name}"
        self.fields["nodes"].help_text = "只列出您可维护的产业链的环节；其他产业链的环节保持不变。"
        regions = region_list(user).values("pk")  # the editor's own region subtree
        users = User.objects.filter(is_active=True, region__in=regions)
        self.fields["specialist_user"].queryset = _in_or_selected(users, [e.specialist_user_id]).order_by("username")
        self.fields["specialist_user"].empty_label = "（不关联账号）"
        self.fields["specialist_user"].label_from_instance = lambda u: f"{u}（{u.username}）"
        self.fields["uscc"].help_text = "18位，含校验位（GB 32100-2015）；没有可留空。"
        self.fields["name"].error_messages["required"] = "请填写企业名称。"

    def clean_uscc(self):
        raw = self.cleaned_data.get("uscc") or ""
        uscc = uscc_normalize(raw)
        if not uscc:
            return None
        error = uscc_error(uscc)
        if error:
            raise forms.ValidationError(error)
        clash = Enterprise.objects.filter(uscc=uscc).exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(f"统一社会信用代码已被“{clash.name}”使用。")
        return uscc

    def validate_unique(self):
        # clean_uscc reports a clash in Chinese; the service checks again inside its transaction.
        pass


class ProjectForm(VersionedForm):
    planned_start = _months_field("计划开工月份")

    class Meta:
        model = Project
        fields = ["name", "kind", "node", "owner", "owner_name", "total_investment", "year", "annual_plan", "stage",
                  "planned_start", "started_on", "responsible_department", "note"]
        widgets = {"started_on": DATE, "note": forms.Textarea(attrs={"rows": 3}),
                   "total_investment": forms.NumberInput(attrs=MONEY), "annual_plan": forms.NumberInput(attrs=MONEY)}

    def __init__(self, *args, chain: Chain, **kwargs):
        super().__init__(*args, **kwargs)
        p = self.instance
        self.fields["node"].queryset = ChainNode.objects.filter(chain=chain).order_by("stage", "order", "id")
        self.fields["node"].empty_label = "（未指定）"
        owners = Enterprise.objects.filter(pk__in=Enterprise.objects.filter(nodes__chain=chain).values("pk"))
        self.fields["owner"].queryset = _in_or_selected(owners, [p.owner_id]).order_by("name")
        self.fields["owner"].empty_label = "（不在企业清单中，填写下一项）"
        self.fields["responsible_department"].queryset = _in_or_selected(_departments(chain.region),
                                                                         [p.responsible_department_id])
        self.fields["responsible_department"].empty_label = "（未指定）"
        self.fields["started_on"].input_formats = ["%Y-%m-%d"]
        self.fields["name"].error_messages["required"] = "请填写项目名称。"
        self.fields["total_investment"].error_messages["required"] = "请填写总投资。"
        self.fields["year"].error_messages["required"] = "请填写计划年度。"
        if not p.pk and not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)

    def clean(self):
        data = super().clean()
        total, plan = data.get("total_investment"), data.get("annual_plan")
        if total is not None and plan is not None and plan > total:
            self.add_error("annual_plan", "年度计划投资不能大于总投资。")
        for field, message in validation.project_owner_errors(data):
            self.add_error(field, f"{message}。")
        return data


class LeadForm(VersionedForm):
    class Meta:
        model = Lead
        fields = ["target_company", "node", "intended_investment", "capital_in_place", "stage",
                  "responsible_department", "responsible_person", "next_step", "is_closed"]
        widgets = {"intended_investment": forms.NumberInput(attrs=MONEY), "capital_in_place": forms.NumberInput(attrs=MONEY)}

    def __init__(self, *args, chain: Chain, **kwargs):
        super().__init__(*args, **kwargs)
        lead = self.instance
        self.fields["node"].queryset = ChainNode.objects.filter(chain=chain).order_by("stage", "order", "id")
        self.fields["node"].empty_label = "（未指定）"
        self.fields["node"].label_from_instance = lambda n: f"{n.name}{'（规划）' if n.is_target else ''}"
        self.fields["responsible_department"].queryset = _in_or_selected(_departments(chain.region),
                                                                         [lead.responsible_department_id])
        self.fields["responsible_department"].empty_label = "（未指定）"
        self.fields["target_company"].error_messages["required"] = "请填写目标企业。"


class PolicyForm(VersionedForm):
    class Meta:
        model = Policy
        fields = ["title", "issuer", "doc_number", "issued_on", "valid_from", "valid_to", "chains", "nodes",
                  "benefit_summary"]
        widgets = {"issued_on": DATE, "valid_from": DATE, "valid_to": DATE,
                   "benefit_summary": forms.Textarea(attrs={"rows": 4}),
                   "chains": forms.CheckboxSelectMultiple, "nodes": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, readable_chains, **kwargs):
        super().__init__(*args, **kwargs)
        p = self.instance
        for f in ("issued_on", "valid_from", "valid_to"):
            self.fields[f].input_formats = ["%Y-%m-%d"]
        self.fields["chains"].queryset = _in_or_selected(
            readable_chains, list(p.chains.values_list("pk", flat=True)) if p.pk else [])
        self.fields["nodes"].queryset = _in_or_selected(
            ChainNode.objects.filter(chain__in=readable_chains), list(p.nodes.values_list("pk", flat=True)) if p.pk else [],
        ).select_related("chain").order_by("chain", "stage", "order", "id")
        self.fields["nodes"].label_from_instance = lambda n: f"{n.chain.name} · {n.name}"
        self.fields["nodes"].help_text = "按住 Ctrl（手机上直接点选）可多选；环节须属于所选产业链。"
        self.fields["title"].error_messages["required"] = "请填写政策名称。"
        self.fields["issuer"].error_messages["required"] = "请填写发文单位。"

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "有效期至不能早于施行日期。")
        chains = {c.pk for c in data.get("chains") or []}
        stray = [n.name for n in data.get("nodes") or [] if n.chain_id not in chains]
        if stray:
            self.add_error("nodes", f"环节“{stray[0]}”不属于所选的适用产业链。")
        return data
