"""向选民述职: a deputy's reports to voters, listed for whoever reads the deputy; staff of the
deputy's region record a new one. A refused save shows the form again with the message and what
was typed; nothing is written."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write
from shuanglian.deputies.selectors import access_deputy

from .forms import VoterReportForm
from .models import VoterReport
from .voter_reports import can_record, voter_report_record


@login_required
def deputy_voter_reports(request, pk):
    deputy = access_deputy(request.user, pk)
    may_record = can_record(request.user, deputy)
    form = VoterReportForm(request.POST or None) if may_record else None
    status = 200
    if request.method == "POST":
        if not may_record:
            deny_write("只有代表所在区域的人大工作人员可以登记向选民述职。")
        if form.is_valid():
            try:
                voter_report_record(actor=request.user, deputy=deputy, **form.cleaned_data)
            except BusinessError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已登记{deputy.name}的向选民述职。")
                return redirect("duties:voter_reports", pk=deputy.pk)
        status = 400
    reports = VoterReport.objects.filter(deputy=deputy).order_by("-date", "-pk")[:200]
    return render(request, "duties/voter_reports.html", {"deputy": deputy, "reports": reports, "form": form},
                  status=status)
