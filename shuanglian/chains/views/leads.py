"""Investment-attraction leads: the lead page with its contact history, the form, advancing a lead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError

from .. import services
from ..forms import (
    ContactForm,
    LeadForm,
)
from ..models import (
    Lead,
    LeadStage,
)
from ..selectors import (
    access_chain,
    access_lead,
    can_write_chain,
)
from .common import (
    _next,
    versioned_form_view,
)


def _lead_context(request, lead, **extra):
    can_write = can_write_chain(request.user, lead.chain)
    contacts = lead.contacts.select_related("recorded_by")[:100]
    ctx = {"lead": lead, "chain": lead.chain, "can_write": can_write, "contacts": contacts,
           "stages": LeadStage.choices, "stage_index": LeadStage.values.index(lead.stage),
           "next_stage": None if lead.is_closed else _next(LeadStage.values, lead.stage),
           "contact_form": ContactForm() if can_write else None}
    ctx.update(extra)
    return ctx


@login_required
def lead_detail(request, pk):
    lead = access_lead(request.user, pk)
    return render(request, "chains/lead_detail.html", _lead_context(request, lead))


def _lead_form_view(request, chain, lead):
    form = LeadForm(request.POST or None, instance=lead or Lead(chain=chain), chain=chain)
    return versioned_form_view(
        request, form, obj=lead,
        save=lambda f: services.lead_save(actor=request.user, chain=chain, lead=lead, values=f.values(),
                                          expected_version=f.cleaned_data.get("version")),
        saved_message=lambda saved: f"招商线索“{saved.target_company}”已保存。", detail_url="chains:lead_detail",
        template="chains/lead_form.html", context={"chain": chain, "lead": lead})


@login_required
def lead_edit(request, pk):
    lead = access_lead(request.user, pk, write=True)
    return _lead_form_view(request, lead.chain, lead)


@login_required
def lead_create(request, chain_pk):
    chain = access_chain(request.user, chain_pk, write=True)
    return _lead_form_view(request, chain, None)


@login_required
@require_POST
def lead_advance(request, pk):
    lead = access_lead(request.user, pk, write=True)
    try:
        lead = services.lead_advance(actor=request.user, lead=lead, expected_version=request.POST.get("version") or None)
        messages.success(request, f"线索已推进到“{lead.get_stage_display()}”。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("chains:lead_detail", pk=lead.pk)


@login_required
@require_POST
def lead_contact(request, pk):
    lead = access_lead(request.user, pk, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.lead_record_contact(actor=request.user, lead=lead, on=d["on"], who=d["who"], what=d["what"],
                                         next_step=d["next_step"])
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "对接情况已记录。")
            return redirect("chains:lead_detail", pk=lead.pk)
    return render(request, "chains/lead_detail.html", _lead_context(request, lead, contact_form=form))
