"""联系包挂 pages: a station's contact links with its coverage (staff link and unlink there), and
the coverage of a chain or a region. A refused save shows the form again with the message and
what was typed; nothing is written."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shuanglian.chains.models import Enterprise
from shuanglian.chains.selectors import chain_list
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_read, deny_write, reads_region, region_subtree_q
from shuanglian.lib.excel import xlsx_response
from shuanglian.regions.models import Region

from .contacts import contact_link_create, contact_link_end
from .excel_contacts import contacts_import, contacts_template
from .forms_contacts import ContactEndForm, ContactLinkForm
from .selectors import access_station_receptions, can_manage, station_deputies
from .selectors_contacts import (
    coverage,
    coverage_for,
    station_links,
    station_scope_label,
    station_scope_q,
)

MAX_CHOICES = 500  # enterprises offered in the form's list
PAGE_LISTED = 100  # rows of each coverage list on a page (the API gives 200; the counts are complete)


def _station(request, pk, *, write=False):
    if not reads_region(request.user):
        deny_write("只有人大工作人员和领导可以查看阵地的联系包挂。")
    return access_station_receptions(request.user, pk, write=write)


def _choices(station):
    deputies = [d for d in station_deputies(station) if d.is_active]
    enterprises = (Enterprise.objects.filter(station_scope_q(station))
                   .only("id", "name", "scale", "is_chain_master", "is_specialised", "is_little_giant")
                   .order_by("name", "id")[:MAX_CHOICES])
    return {"deputies": deputies, "enterprises": list(enterprises)}


def _context(request, station, *, form=None):
    manage = can_manage(request.user, station)
    links = list(station_links(station))
    return {
        "station": station, "manage": manage,
        "cover": coverage(station_scope_q(station), scope=station_scope_label(station), listed=PAGE_LISTED),
        "current": [link for link in links if link.is_current], "ended": [link for link in links if not link.is_current][:50],
        "form": (form or ContactLinkForm(**_choices(station))) if manage else None,
    }


@login_required
def station_contacts(request, pk):
    station = _station(request, pk)
    return render(request, "duties/contacts_station.html", _context(request, station))


@login_required
@require_POST
def station_contact_add(request, pk):
    station = _station(request, pk, write=True)
    choices = _choices(station)
    form = ContactLinkForm(request.POST, **choices)
    if form.is_valid():
        data = form.cleaned_data
        deputy = next(d for d in choices["deputies"] if str(d.pk) == data["deputy"])
        enterprise = next(e for e in choices["enterprises"] if str(e.pk) == data["enterprise"])
        try:
            link, created = contact_link_create(actor=request.user, deputy=deputy, enterprise=enterprise,
                                                started_on=data["started_on"])
        except BusinessError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记{deputy.name}联系包挂“{enterprise.name}”。" if created
                             else f"{deputy.name}已在联系包挂“{enterprise.name}”（自{link.started_on:%Y年%-m月%-d日}起），未重复登记。")
            return redirect("duties:station_contacts", pk=station.pk)
    return render(request, "duties/contacts_station.html", _context(request, station, form=form), status=400)


@login_required
@require_POST
def station_contact_end(request, pk, link_pk):
    station = _station(request, pk, write=True)
    link = station_links(station).filter(pk=link_pk).first()
    if link is None:
        deny_read()
    form = ContactEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("duties:station_contacts", pk=station.pk)
    try:
        contact_link_end(actor=request.user, link=link, ended_on=form.cleaned_data["ended_on"],
                         version=form.cleaned_data["version"])
        messages.success(request, f"{link.deputy.name}对“{link.enterprise.name}”的联系包挂已结束。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("duties:station_contacts", pk=station.pk)


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


@login_required
def station_contacts_import(request, pk):
    station = _station(request, pk, write=True)
    if request.GET.get("template"):
        return xlsx_response(contacts_template(), "联系包挂导入模板.xlsx")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        created, existing, errors = contacts_import(file=form.cleaned_data["file"], actor=request.user, station=station)
        if not errors:
            messages.success(request, f"导入成功：新登记联系包挂 {created} 条，已在包挂 {existing} 条。")
            return redirect("duties:station_contacts", pk=station.pk)
    return render(request, "duties/contacts_import.html", {"form": form, "errors": errors, "station": station},
                  status=400 if errors or form.errors else 200)


@login_required
def contacts_coverage(request):
    """Coverage of a region (default: the user's own) or a chain, chosen in the page's form."""
    user = request.user
    cover = coverage_for(user, chain_id=request.GET.get("chain") or None, region_id=request.GET.get("region") or None,
                         listed=PAGE_LISTED)
    regions = Region.objects.filter(region_subtree_q(user, "")).order_by("path")[:300]
    chains = chain_list(user).order_by("name")[:300]
    return render(request, "duties/contacts_coverage.html", {
        "cover": cover, "regions": regions, "chains": chains,
        "chosen_region": request.GET.get("region", ""), "chosen_chain": request.GET.get("chain", ""),
    })

