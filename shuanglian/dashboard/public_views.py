"""Public pages (no login) that read several apps: the deputy's own page behind their 代表码
(/d/<token>/), with the deputy's public duty record (deputy_record.py) and a form to raise a
demand addressed to that deputy — the same public form and write path as a station's code
(cases.intake.views.public_submission → case_submit), recorded as source 代表码 with the deputy as
the collecting deputy, at the deputy's station (or their region when they have none)."""

from django.http import Http404
from django.shortcuts import render

from shuanglian.cases.intake.views import public_submission
from shuanglian.cases.models import Source
from shuanglian.cases.selectors import deputy_code_figures
from shuanglian.core.pagination import Paginator
from shuanglian.core.replica import replica_reads
from shuanglian.deputies.models import Deputy
from shuanglian.deputies.selectors import deputy_for_code
from shuanglian.lib.parse import id_or_none
from shuanglian.lib.phones import personal_data_removed
from shuanglian.suggestions.selectors import public_suggestions

from .deputy_record import public_record, record_year, record_years


@replica_reads
def deputy_code_page(request, token):
    deputy = deputy_for_code(token)
    if deputy is None:
        return render(request, "cases/public/message.html", {
            "title": "二维码已失效",
            "text": "该代表码已失效（已更换、停用或代表已离任）。请扫描代表最新的代表码，或到附近的人大代表履职阵地反映。",
        }, status=404)
    year = record_year(request.GET.get("year"))
    record = public_record(deputy, year)
    station = record.stations[0] if record.stations else None
    outcome = public_submission(request, source=Source.DEPUTY_CODE, dedupe_key=deputy.code_token, station=station,
                                region=None if station else deputy.region, collected_by=deputy)
    if outcome.done is not None:
        return outcome.done
    return render(request, "dashboard/public_deputy.html", {
        "record": record, "deputy": deputy, "years": record_years(), **outcome.context(),
        "code_figures": deputy_code_figures(deputy, year),
    }, status=400 if outcome.errors else 200)


@replica_reads
def public_deputy(request, pk):
    """代表履职公开 (代表法 art. 58): a serving deputy's public duty record by id, linked from the
    station's public page — the same record as behind their 代表码 (deputy_record.public_record):
    receptions attended, activities, suggestions, points only of published quarters, no phone
    or personal data. A deputy no longer serving has no public page (404)."""
    pk = id_or_none(pk)
    deputy = Deputy.objects.select_related("region").filter(pk=pk, is_active=True).first() if pk else None
    if deputy is None:
        raise Http404("没有这位代表。")
    year = record_year(request.GET.get("year"))
    return render(request, "dashboard/public_deputy_record.html", {
        "record": public_record(deputy, year), "deputy": deputy, "years": record_years(),
        "code_figures": deputy_code_figures(deputy, year),
    })


PAGE_SIZE = 30


@replica_reads
def public_suggestion_list(request):
    """代表建议及办理情况公开: each public suggestion, its answer category and the answer text once
    answered, with personal data (phones, ID numbers, e-mail addresses) removed."""
    qs = public_suggestions().select_related("region", "lead_unit").order_by("-submitted_on", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for s in page:
        s.public_answer = personal_data_removed(s.answer_content) if s.answered_on and s.answer_category else ""
    return render(request, "dashboard/public_suggestions.html", {"page": page})
