"""One FilterSet per list serves the HTML list, the API list and the Excel export."""

import django_filters as df
from django.db.models import F, Q, Sum

from shuanglian.core import list_filters

from .models import (
    ENTERPRISE_LABELS,
    ChainNode,
    ChainProblem,
    Enterprise,
    Lead,
    LeadStage,
    Policy,
    ProblemKind,
    Project,
    ProjectKind,
    ProjectStage,
    Scale,
    Stage,
)


def node_and_descendants(node_id) -> list[int]:
    """The node's id and all its descendants' (one query over the node's chain)."""
    node = ChainNode.objects.filter(pk=node_id).values("chain_id").first()
    if node is None:
        return []
    kids: dict = {}
    for pk, parent in ChainNode.objects.filter(chain_id=node["chain_id"]).values_list("pk", "parent_id"):
        kids.setdefault(parent, []).append(pk)
    out, todo = [], [int(node_id)]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(kids.get(current, []))
    return out


class _ChainNodeFilter(list_filters.FilterSet):
    chain = list_filters.NumberFilter(field_name="chain", label="产业链")
    node = list_filters.NumberFilter(method="filter_node", label="环节（含下级）")
    node_field = "node"

    def filter_node(self, qs, name, value):
        return qs.filter(**{f"{self.node_field}__in": node_and_descendants(value)})


class EnterpriseFilter(_ChainNodeFilter):
    chain = list_filters.NumberFilter(method="filter_chain", label="产业链")
    q = df.CharFilter(method="filter_q", label="名称/信用代码")
    scale = df.ChoiceFilter(choices=Scale.choices, label="规模")
    label = df.ChoiceFilter(choices=[(f, lbl) for f, lbl in ENTERPRISE_LABELS], method="filter_label", label="标签")
    stage = df.ChoiceFilter(choices=Stage.choices, method="filter_stage", label="上中下游")
    node_field = "nodes"

    class Meta:
        model = Enterprise
        fields = ["chain", "node", "scale", "label", "stage", "q"]

    def filter_chain(self, qs, name, value):
        return qs.filter(pk__in=Enterprise.objects.filter(nodes__chain=value).values("pk"))

    def filter_node(self, qs, name, value):
        return qs.filter(pk__in=Enterprise.objects.filter(nodes__in=node_and_descendants(value)).values("pk"))

    def filter_stage(self, qs, name, value):
        return qs.filter(pk__in=Enterprise.objects.filter(nodes__stage=value).values("pk"))

    def filter_label(self, qs, name, value):
        return qs.filter(**{value: True})

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(uscc__iexact=value.strip()))


class ProjectFilter(_ChainNodeFilter):
    q = df.CharFilter(field_name="name", lookup_expr="icontains", label="项目名称")
    stage = df.ChoiceFilter(choices=ProjectStage.choices, label="阶段")
    kind = df.ChoiceFilter(choices=ProjectKind.choices, label="类别")
    year = list_filters.NumberFilter(field_name="year", label="年度")
    owner = list_filters.NumberFilter(field_name="owner", label="业主企业")

    class Meta:
        model = Project
        fields = ["chain", "node", "stage", "kind", "year", "owner", "q"]


class LeadFilter(_ChainNodeFilter):
    q = df.CharFilter(field_name="target_company", lookup_expr="icontains", label="目标企业")
    stage = df.ChoiceFilter(choices=LeadStage.choices, label="阶段")
    live = df.BooleanFilter(method="filter_live", label="在谈")

    class Meta:
        model = Lead
        fields = ["chain", "node", "stage", "live", "q"]

    def filter_live(self, qs, name, value):
        live = Q(is_closed=False) & ~Q(stage=LeadStage.PRODUCING)
        return qs.filter(live) if value else qs.exclude(live)


class PolicyFilter(_ChainNodeFilter):
    chain = list_filters.NumberFilter(method="filter_chain", label="产业链")
    q = df.CharFilter(method="filter_q", label="名称/文号")
    node_field = "nodes"

    class Meta:
        model = Policy
        fields = ["chain", "node", "q"]

    def filter_chain(self, qs, name, value):
        return qs.filter(pk__in=Policy.objects.filter(chains=value).values("pk"))

    def filter_node(self, qs, name, value):
        return qs.filter(pk__in=Policy.objects.filter(nodes__in=node_and_descendants(value)).values("pk"))

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(doc_number__icontains=value))


class ProblemFilter(_ChainNodeFilter):
    kind = df.ChoiceFilter(choices=ProblemKind.choices, label="类别")
    open = df.BooleanFilter(field_name="resolved_on", lookup_expr="isnull", label="未解决")

    class Meta:
        model = ChainProblem
        fields = ["chain", "node", "kind", "open"]


def with_completed(qs):
    """Annotate projects with the investment completed in their plan year."""
    return qs.annotate(completed=Sum("investments__amount", filter=Q(investments__year=F("year"))))
