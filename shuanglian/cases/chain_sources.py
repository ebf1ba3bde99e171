"""The closed loop's cases as a problem source of the chain module (一图五单's 问题清单): chains sits
below cases and never imports it, so cases registers this source at start-up (CasesConfig.ready).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from shuanglian.chains.models import ProblemKind
from shuanglian.chains.problems import ProblemSource, register_problem_source
from shuanglian.chains.selectors import readable_chain_ids
from shuanglian.lib import lights

from .models import OPEN_STATUSES, Case
from .selectors import case_list


def case_light(case, on) -> str:
    """An open case's deadline light; an open case whose clock is not running (not yet assigned,
    paused) counts as green; a closed one has none."""
    if case.status not in OPEN_STATUSES:
        return lights.NONE
    return lights.deadline_light(case.due_date, case.warn_date, on) or lights.GREEN


class CaseProblems(ProblemSource):
    label = "企业诉求"
    unit = "件"

    def counts_by_node(self, chain, on):
        is_open = Q(status__in=OPEN_STATUSES)

        def count(*shown):
            q = Q(pk__in=[])
            for light in shown:
                q |= lights.deadline_light_q(light, on)
            return Count("id", filter=is_open & q)

        rows = Case.objects.filter(chain=chain).values("chain_node_id").annotate(
            red=count(lights.RED), yellow=count(lights.YELLOW), green=count(lights.GREEN, lights.NONE),
            resolved=Count("id", filter=~is_open),
        ).order_by()
        return {r["chain_node_id"]: r for r in rows}

    def rows(self, user, *, on, chain_id=None, node_ids=None, kind="", limit=None):
        qs = Case.objects.filter(chain__in=readable_chain_ids(user)).select_related("chain_node", "lead_department")
        if chain_id is not None:
            qs = qs.filter(chain_id=chain_id)
        if node_ids is not None:
            qs = qs.filter(chain_node__in=node_ids)
        if kind:
            qs = qs.filter(problem_kind=kind)
        if limit is not None:
            qs = qs[:limit]
        kinds = dict(ProblemKind.choices)
        cases = list(qs)
        links = _links(user, cases)
        for c in cases:
            c.url = links.get(c.pk, "")  # the row opens the case, for those who may read it
            light = case_light(c, on)
            yield c, light, [
                self.label, "（涉及商业秘密）" if c.confidential else c.title, kinds.get(c.problem_kind, c.problem_kind),
                c.chain_node.name if c.chain_node_id else "", c.enterprise_name,
                c.lead_department.name if c.lead_department_id else "",
                timezone.localdate(c.submitted_at) if c.submitted_at else "",
                c.get_status_display(), lights.LABELS[light] if light else "",
            ]

    def count_on_node(self, node):
        return Case.objects.filter(chain_node=node).count()

    def for_enterprise(self, user, enterprise, *, limit=50):
        cases = list(Case.objects.filter(enterprise=enterprise, chain__in=readable_chain_ids(user))
                     .order_by("-submitted_at")[:limit])
        links = _links(user, cases)
        return [
            {"number": c.number, "title": "（涉及商业秘密）" if c.confidential else c.title,
             "status": c.get_status_display(), "submitted_on": c.submitted_at, "url": links.get(c.pk, "")}
            for c in cases
        ]


def _links(user, cases) -> dict[int, str]:
    """{case id: its page} for the cases `user` may open — the chain's readers see every case of
    the chain in its lists, but a case page only within their own scope (a link must not 404)."""
    readable = case_list(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True)
    return {pk: reverse("cases:detail", kwargs={"pk": pk}) for pk in readable}


def register_with_chains() -> None:
    register_problem_source(CaseProblems())
