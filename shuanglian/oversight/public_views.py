"""Published oversight (监督法 art. 17: reports and opinions are made known to the deputies and
published): no login; only opinions staff chose to publish; the opinion, its items, the
government body's reports and the vote results — nothing about who typed what."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render

from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_read
from shuanglian.core.replica import replica_reads
from shuanglian.lib.parse import id_or_none

from .models import OpinionItem
from .selectors import public_opinions

PAGE_SIZE = 30


@replica_reads
def public_opinion_list(request):
    page = Paginator(public_opinions().order_by("-adopted_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oversight/public/opinion_list.html", {"page": page})


@replica_reads
def public_opinion_detail(request, pk):
    key = id_or_none(pk)
    op = (public_opinions().prefetch_related(Prefetch("items", OpinionItem.objects.order_by("category", "number")),
                                       "votes", "submissions").filter(pk=key).first() if key else None)
    if op is None:
        deny_read()
    return render(request, "oversight/public/opinion_detail.html", {"op": op})
