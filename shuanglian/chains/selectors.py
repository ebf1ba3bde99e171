"""Reads of the chain module: the access funnels and the querysets every page, the API and the
workbook share.

Who reads what:
- staff, leaders, admins: chains of their region subtree (admins: all); staff of the region write;
- handlers and department leaders: chains whose task force (lead or member department) includes
  their department, read-only;
- deputies: chains of their region subtree, and chains whose expert group they belong to, read-only.
Enterprises, projects, leads, problems and policies are read through the chains they serve;
enterprises and policies of the user's own region are readable too.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from shuanglian.core.permissions import (
    chain_scope_q,
    deny_read,
    deny_write,
    in_region_scope,
    is_department_role,
    is_staff_role,
    region_subtree_q,
)
from shuanglian.lib.parse import id_or_none

from .models import (
    Chain,
    ChainNode,
    ChainProblem,
    Enterprise,
    ImportJob,
    Lead,
    Policy,
    Project,
    ScheduleRule,
    ScheduleSetting,
)


def chain_q(user, prefix: str = "") -> Q:
    """Q over Chain: the rule lives in core.permissions.chain_scope_q."""
    return chain_scope_q(user, prefix)


def chain_list(user):
    ids = Chain.objects.filter(chain_q(user)).values("pk")  # the M2M parts may join several rows
    return Chain.objects.filter(pk__in=ids).select_related("region", "lead_department")


def _count_of(model):
    """Rows of `model` per chain as a correlated subquery: each list is counted on its own, never
    through a join with the others (whose product — nodes × projects × leads — made the chain
    list take seconds, issue 12 item 16)."""
    rows = model.objects.filter(chain=OuterRef("pk")).order_by().values("chain").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def chain_list_with_counts(user):
    """The chain list's rows: readable chains with their node, project and lead counts."""
    return chain_list(user).annotate(n_nodes=_count_of(ChainNode), n_projects=_count_of(Project), n_leads=_count_of(Lead))


def can_write_chain(user, chain: Chain) -> bool:
    return is_staff_role(user) and in_region_scope(user, chain.region)


def access_chain(user, chain_id, *, write: bool = False) -> Chain:
    chain = chain_list(user).filter(pk=id_or_none(chain_id)).first()
    if chain is None:
        deny_read()
    if write and not can_write_chain(user, chain):
        deny_write("只有本区域的人大工作人员可以维护产业链信息。")
    return chain


def readable_chain_ids(user):
    return Chain.objects.filter(chain_q(user)).values("pk")


def node_list(user, chain=None):
    qs = ChainNode.objects.filter(chain__in=readable_chain_ids(user)).select_related("chain")
    return qs.filter(chain=chain) if chain is not None else qs


def access_node(user, node_id) -> ChainNode:
    node = node_list(user).filter(pk=id_or_none(node_id)).first()
    if node is None:
        deny_read()
    return node


def enterprise_list(user):
    """Enterprises the user may read: those serving a readable chain, or (for regional readers)
    those registered in the user's region subtree."""
    serving = Enterprise.objects.filter(nodes__chain__in=readable_chain_ids(user)).values("pk")
    q = Q(pk__in=serving)
    if user.is_authenticated and not is_department_role(user):
        q |= region_subtree_q(user, "region")
    return Enterprise.objects.filter(q).select_related("region")


def enterprise_write_allowed(actor, *, region, serving=(), touched=()) -> str:
    """Who may write an enterprise — the one rule (access_enterprise, enterprise_save and the bulk
    upsert ask it): "" when allowed, else the Chinese reason.

    `region`: the firm's region; `serving`: the regions of the chains it serves (an iterable,
    consumed only when needed); `touched`: the regions of the chains whose links to it change.
    Whoever maintains a chain may attach firms from elsewhere to it (外地配套企业) and edit their
    file; only the maintainers of a chain change which of its nodes a firm serves.
    """
    if actor is None:  # system jobs (demo, a background import already authorised)
        return ""

    def may(r):
        return is_staff_role(actor) and in_region_scope(actor, r)

    if not all(may(r) for r in touched):
        return "只有本区域的人大工作人员可以调整企业在本区域产业链中的环节。"
    if not (may(region) or any(may(r) for r in serving)):
        return "只有本区域的人大工作人员可以维护企业信息。"
    return ""


def serving_regions(enterprise):
    """The regions of the chains an enterprise serves, lazily (one query when first needed)."""
    yield from (c.region for c in Chain.objects.filter(nodes__enterprises=enterprise).select_related("region").distinct())


def access_enterprise(user, enterprise_id, *, write: bool = False) -> Enterprise:
    enterprise = enterprise_list(user).filter(pk=id_or_none(enterprise_id)).first()
    if enterprise is None:
        deny_read()
    if write:
        reason = enterprise_write_allowed(user, region=enterprise.region, serving=serving_regions(enterprise))
        if reason:
            deny_write(reason)
    return enterprise


def project_list(user):
    return Project.objects.filter(chain__in=readable_chain_ids(user)).select_related("chain", "node", "owner", "responsible_department")


def lead_list(user):
    return Lead.objects.filter(chain__in=readable_chain_ids(user)).select_related("chain", "node", "responsible_department")


def problem_list(user):
    return ChainProblem.objects.filter(chain__in=readable_chain_ids(user)).select_related("chain", "node", "responsible_department")


def policy_list(user):
    by_chain = Policy.objects.filter(chains__in=readable_chain_ids(user)).values("pk")
    q = Q(pk__in=by_chain)
    if user.is_authenticated and not is_department_role(user):
        q |= region_subtree_q(user, "region")
    return Policy.objects.filter(q).select_related("region")


def _access(qs, obj_id):
    obj = qs.filter(pk=id_or_none(obj_id)).first()
    if obj is None:
        deny_read()
    return obj


def access_project(user, project_id, *, write: bool = False) -> Project:
    project = _access(project_list(user), project_id)
    if write and not can_write_chain(user, project.chain):
        deny_write("只有本区域的人大工作人员可以维护项目信息。")
    return project


def access_lead(user, lead_id, *, write: bool = False) -> Lead:
    lead = _access(lead_list(user), lead_id)
    if write and not can_write_chain(user, lead.chain):
        deny_write("只有本区域的人大工作人员可以维护招商线索。")
    return lead


def access_problem(user, problem_id, *, write: bool = False) -> ChainProblem:
    problem = _access(problem_list(user), problem_id)
    if write and not can_write_chain(user, problem.chain):
        deny_write("只有本区域的人大工作人员可以维护问题清单。")
    return problem


def access_policy(user, policy_id, *, write: bool = False) -> Policy:
    policy = _access(policy_list(user), policy_id)
    if write and not (is_staff_role(user) and in_region_scope(user, policy.region)):
        deny_write("只有本区域的人大工作人员可以维护政策清单。")
    return policy


def access_import_job(user, job_id) -> ImportJob:
    """An import job and its error report: its submitter and the chain's maintainers read it (the
    errors quote the file); to anyone else it does not exist. Jobs are never changed by hand."""
    job = ImportJob.objects.filter(pk=id_or_none(job_id)).select_related("chain__region").first()
    if job is None or not user.is_authenticated or not (job.actor_id == user.pk or can_write_chain(user, job.chain)):
        deny_read()
    return job


def schedule_rule_for(region) -> str:
    """The pro-rata rule of the nearest region up the tree that set one; gap rule by default."""
    codes = [c for c in region.path.split("/") if c]
    setting = (
        ScheduleSetting.objects.filter(region__code__in=codes).select_related("region")
        .order_by("-region__path").first()
    )
    return setting.rule if setting else ScheduleRule.GAP
