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
from shuanglian.lib.chartspec import axis, chart, series
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
        ranked_by = ranking.group_ranking(by_rows, by, metric=metric, min_cases=min_cases, groups=groups)
        comparisons.append({"by": by, "title": title, "noun": noun, "min_cases": min_cases, "rows": ranked_by,
                            "below_minimum": ranking.below_minimum(groups, metric, min_cases),
                            "chart": _ranking_chart(f"rates-{by}-chart", f"{title} · {figures.METRICS[metric][0]}",
                                                    noun, ranked_by, metric_label=figures.METRICS[metric][0])})
    dept_chart = {
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
        "chart": dept_chart,
        "dept_table": _ranking_chart("rates-department-chart", "部门三率对比", "部门", ranked, all_rates=True),
        "trend_chart": _trend_chart(figures.monthly(rows)),
        "basically_counts": clock.limits()["basically_counts_as_satisfied"],
        "department_scope": is_department_role(user) and not reads_region(user) and not is_admin(user),
        "routing_agreement": agreement_by_month(user),
    }


def _trend_chart(by_month) -> dict:
    """The period's months (by submission month): demands received and written off, and the three rates."""
    months = list(by_month.items())
    return chart("rates-trend-chart", "按月趋势 · 受理、办结与三率", "月份", [f"{m.year}年{m.month}月" for m, _ in months], [
        series("诉求件数", [r.counts["cases"] for _, r in months], unit="件"),
        series("办结销号", [r.counts["closed"] for _, r in months], unit="件"),
        series("响应率", [r.response.percent for _, r in months], kind="line", axis=1, unit="%"),
        series("解决率", [r.resolution.percent for _, r in months], kind="line", axis=1, unit="%"),
        series("满意率", [r.satisfaction.percent for _, r in months], kind="line", axis=1, unit="%"),
    ], axes=[axis("件"), axis("%", max=100)], note="按诉求提交月份")


def _ranking_chart(chart_id: str, title: str, noun: str, ranked, *, metric_label: str = "",
                   all_rates: bool = False) -> dict:
    """Ranked units (departments, regions, chains) as horizontal bars: the ranking's rate, or all four."""
    if all_rates:
        values = [series(label, [r.rates.rate(key).percent for r in ranked], unit="%")
                  for key, (label, _attr) in figures.METRICS.items()]
    else:
        values = [series(metric_label, [r.rate.percent for r in ranked], unit="%")]
    return chart(chart_id, title, noun, [r.name for r in ranked], values, kind="hbar", axes=[axis("%", max=100)])


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
