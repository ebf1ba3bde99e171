"""每月一题 handed on (issue 10.3): a common demand staff accepted becomes a deliberation topic of the
committee (oversight) or a deputy's draft suggestion. Written here because this app may import both
oversight and intelligence, which never import each other; each hand-over is one transaction that
writes the new record and marks the topic (intelligence.monthly.monthly_topic_hand_over)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core.errors import BusinessError
from shuanglian.intelligence.monthly import (
    access_monthly_topic,
    monthly_topic_hand_over,
    monthly_topic_lock,
    monthly_topic_summary,
)
from shuanglian.lib.parse import id_or_none
from shuanglian.oversight.services_topics import topic_create

from . import services
from .models import Kind


@transaction.atomic
def monthly_topic_to_oversight(*, actor, monthly_topic, expected_version: int | None = None, year: int | None = None):
    """A deliberation topic of this year, its summary naming the firms' cases."""
    monthly_topic_lock(actor=actor, topic=monthly_topic, expected_version=expected_version, target="oversight_topic")
    topic = topic_create(actor=actor, region=monthly_topic.region, year=year or timezone.localdate().year,
                         title=f"每月一题：{monthly_topic.label}（{monthly_topic.month:%Y年%m月}）",
                         summary=monthly_topic_summary(monthly_topic))
    monthly_topic_hand_over(actor=actor, topic=monthly_topic, oversight_topic=topic)
    return topic


@transaction.atomic
def monthly_topic_to_suggestion(*, actor, monthly_topic, lead_deputy, title: str, reasons: str, proposals: str,
                                kind: str = Kind.SUGGESTION, co_signers=()):
    """A draft suggestion for a deputy of the region, entered by staff; the deputy submits it."""
    monthly_topic_lock(actor=actor, topic=monthly_topic, target="suggestion")
    suggestion = services.suggestion_create(actor=actor, title=title, reasons=reasons, proposals=proposals,
                                            lead_deputy=lead_deputy, kind=kind, co_signers=co_signers)
    monthly_topic_hand_over(actor=actor, topic=monthly_topic, suggestion=suggestion)
    return suggestion


def suggestion_initial(monthly_topic) -> dict:
    return {"title": f"关于解决{monthly_topic.label}问题的建议", "reasons": monthly_topic_summary(monthly_topic)}


@login_required
@require_POST
def monthly_to_topic(request, pk):
    topic = access_monthly_topic(request.user, pk, write=True)
    try:
        made = monthly_topic_to_oversight(actor=request.user, monthly_topic=topic,
                                          expected_version=id_or_none(request.POST.get("version")))
    except BusinessError as exc:
        messages.error(request, exc.message)
        return redirect("intelligence:monthly_topics")
    messages.success(request, f"已转为监督议题「{made.title}」。")
    return redirect("oversight:topic_detail", pk=made.pk)
