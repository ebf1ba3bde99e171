"""The deputy's yearly 履职档案: the page and its Word download, for the staff and leaders of the
deputy's region and the deputy themselves (deputies.selectors.access_deputy decides; anyone else
404). `?year=` defaults to this year; anything but a year is a Chinese 400."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from shuanglian.deputies.selectors import access_deputy
from shuanglian.duties.voter_reports import can_record
from shuanglian.lib.docx import docx_response

from .deputy_record import record_year, record_years
from .dossier import dossier, dossier_document


@login_required
def deputy_dossier(request, pk):
    deputy = access_deputy(request.user, pk)
    x = dossier(deputy, record_year(request.GET.get("year")))
    return render(request, "dashboard/dossier.html", {"x": x, "deputy": deputy, "years": record_years(),
                                                      "may_record_voter_report": can_record(request.user, deputy)})


@login_required
def deputy_dossier_docx(request, pk):
    deputy = access_deputy(request.user, pk)
    x = dossier(deputy, record_year(request.GET.get("year")))
    return docx_response(dossier_document(x), f"{deputy.name}{x.year}年度履职档案.docx")
