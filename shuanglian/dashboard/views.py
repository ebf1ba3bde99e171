"""The dashboard's pages: the work bench (home: my items by light, this year's three rates) and
the three-rates page (三率统计: filters, KPI tiles, the department ranking with 95 % Wilson
intervals, an ECharts bar chart and the seed-style headline figures).

Everything on the rates page comes from the CaseStat roll-up (cases.rates), never from a scan of
the cases, so it stays as fast at 200 000 cases as at 200. The dashboard reads every app; no app
below it imports it.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from shuanglian.cases import clock, selectors
from shuanglian.cases.models import Category
from shuanglian.cases.rates import figures, ranking
from shuanglian.chains.models import Chain
from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import is_admin, is_department_role, reads_region
from shuanglian.core.replica import replica_reads
from shuanglian.intelligence.selectors import agreement_by_month
from shuanglian.regions.models import Region

MONTH_RE = r"^\d{4}-\d{2}$"


class RatesFilterForm(forms.Form):
    period = forms.ChoiceField(label="统计期间", required=False)
    start = forms.RegexField(label="自（月）", regex=MONTH_RE, required=False,
                             widget=forms.DateInput(attrs={"type": "month"}),
                             error_messages={"invalid": "月份格式应为 2025-01"})
    end = forms.RegexField(label="至（月）", regex=MONTH_RE, required=False,
                           widget=forms.DateInput(attrs={"type": "month"}),
                           error_messages={"invalid": "月份格式应为 2025-06"})
    region = form_fields.ModelChoiceField(label="区域", queryset=Region.objects.none(), required=False, empty_label="全部区域")
    chain = form_fields.ModelChoiceField(label="产业链", queryset=Chain.objects.none(), required=False, empty_label="全部产业链")
    category = form_fields.ModelChoiceField(label="类别", queryset=Category.objects.none(), required=False, empty_label="全部类别")
    metric = forms.ChoiceField(label="排名依据", required=False,
                               choices=[(k, v[0]) for k, v in figures.METRICS.items()])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = figures.period_choices()
        self.fields["region"].queryset = figures.region_choices(user)
        self.fields["chain"].queryset = figures.chain_choices(user)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            raise forms.ValidationError("按月份区间统计时，请同时填写开始和结束月份。")
        value = f"{start}..{end}" if start else data.get("period")
        try:
            data["parsed_period"] = figures.parse_period(value)
        except BusinessError as exc:
            raise forms.ValidationError(exc.message) from None
        return data


def rates_context(user, params) -> dict:
    figures.scope_q(user)  # refuses readers without a scope (deputies, handlers of no department …)
    form = RatesFilterForm(params or None, user=user)
    if params and form.is_valid():
        data = form.cleaned_data
    else:
        data = {"parsed_period": figures.parse_period(None)}
    period = data["parsed_period"]
    chain = data.get("chain")
    metric = data.get("metric") or "satisfaction"
    rows = figures.stat_rows(user, period, region=data.get("region"), chain=chain, category=data.get("category"))
    by_department = figures.grouped(rows, "department")  # the one scan of the roll-up
    totals = figures.total_of(by_department)
    min_cases = clock.limits()["ranking_min_cases"]
    ranked = ranking.department_ranking(rows, metric=metric, min_cases=min_cases, groups=by_department)
    # 区镇两级 and chain by chain, with the same minimum sample and interval rule (issue 12.13)
    comparisons = []
    filters = {"region": data.get("region"), "chain": chain, "category": data.get("category")}
    for by, title, noun in (("region", "区镇对比", "区域"), ("chain", "产业链对比", "产业链")):
        by_rows = rows if by == "region" else figures.stat_rows(user, period, group_by=by, **filters)
        groups = figures.grouped(by_rows, by)
        comparisons.append({"by": by, "title": title, "noun": noun, "min_cases": min_cases,
                            "rows": ranking.group_ranking(by_rows, by, metric=metric, min_cases=min_cases, groups=groups),
                            "below_minimum": ranking.below_minimum(groups, metric, min_cases)})
    chart = {
        "labels": [r.name for r in ranked],
        "series": [
            {"name": label, "values": [
                None if r.rates.rate(key).percent is None else float(r.rates.rate(key).percent) for r in ranked
            ]}
            for key, (label, _attr) in figures.METRICS.items()
        ],
    }
    return {
        "form": form,
        "period": period,
        "totals": totals,
        "ranking": ranked,
        "metric": metric,
        "metric_label": figures.METRICS[metric][0],
        "min_cases": min_cases,
        "below_minimum": ranking.below_minimum(by_department, metric, min_cases),
        "comparisons": comparisons,
        "headlines": ranking.headlines(totals, chain=chain),
        "chart": chart,
        "basically_counts": clock.limits()["basically_counts_as_satisfied"],
        "department_scope": is_department_role(user) and not reads_region(user) and not is_admin(user),
        "routing_agreement": agreement_by_month(user),
    }


@login_required
def home(request):
    """The work bench: my items by traffic light, and this year's three rates for those who may
    read them — the figures a leader asks for first."""
    return render(request, "dashboard/home.html", home_figures(request.user))


def home_figures(user) -> dict:
    counts = selectors.work_queue_counts(selectors.work_queue(user))
    context = {"queue": counts, "queue_total": sum(counts.values()), "queue_untimed": counts[""]}
    try:
        period = figures.parse_period(str(timezone.localdate().year))
        context["rates"] = figures.summarize(figures.stat_rows(user, period))
        context["rates_period"] = period
    except PermissionDenied:  # deputies and others without the rates
        pass
    return context


@login_required
@replica_reads
def rates(request):
    context = rates_context(request.user, request.GET)
    template = "dashboard/partials/rates_body.html" if getattr(request, "htmx", False) else "dashboard/rates.html"
    return render(request, template, context)
