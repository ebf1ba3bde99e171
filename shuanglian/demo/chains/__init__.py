"""Demo chains from the seeds, one module per area: beibei (seed 000, with its projects and lists
at seed 002's scale) and bishan (seed 001).

Deterministic (random.Random with a fixed seed), idempotent (a chain that exists is left alone),
and written through the chain services with the system as actor.
"""

from __future__ import annotations

import random

from django.utils import timezone

from shuanglian.chains.models import Chain, ChainNode, ChainProblem, Enterprise, Project

from . import beibei, bishan
from .common import BEIBEI_CHAIN, BISHAN_CHAIN
from .projects import PROJECT_ANNUAL, PROJECT_COUNT, PROJECT_TOTAL

__all__ = ["BEIBEI_CHAIN", "BISHAN_CHAIN", "PROJECT_ANNUAL", "PROJECT_COUNT", "PROJECT_TOTAL", "build"]


def build() -> str:
    today = timezone.localdate()
    built = []
    for name, region_code, builder, seed in ((BEIBEI_CHAIN, "500109", beibei.build, 109),
                                              (BISHAN_CHAIN, "500120", bishan.build, 120)):
        if Chain.objects.filter(name=name, region__code=region_code).exists():
            continue
        builder(random.Random(seed), today)
        built.append(name)
    beibei_chain = Chain.objects.get(name=BEIBEI_CHAIN, region__code="500109")
    projects = Project.objects.filter(chain=beibei_chain)
    return (
        f"{Chain.objects.count()} 条产业链（本次新建 {len(built)}），{ChainNode.objects.count()} 个环节，"
        f"{Enterprise.objects.count()} 家企业，北碚 {projects.count()} 个项目，"
        f"{ChainProblem.objects.filter(chain=beibei_chain, resolved_on__isnull=False).count()} 个已解决问题"
    )
