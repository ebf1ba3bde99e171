"""Signal receivers of the chain module, connected once from ChainsConfig.ready() in every process
(web, worker, management commands): the panorama cache follows every write (chains/cache.py).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from shuanglian.regions.models import Region

from .cache import ALL, chain_touch, chains_of, chains_of_pks
from .models import (
    Chain,
    ChainMetric,
    ChainNode,
    ChainProblem,
    Enterprise,
    Lead,
    Policy,
    PolicyApplication,
    Project,
    ProjectInvestment,
    ScheduleSetting,
)


def _on_change(sender, instance, **kwargs):
    chain_touch(*chains_of(instance))


def _on_global_change(sender, instance, **kwargs):
    chain_touch(ALL)


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    # the instance's chains cover a clear (taken before it) and every add; a removal also
    # concerns the chains of the rows removed
    ids = chains_of(instance)
    if action == "post_remove":
        ids |= chains_of_pks(model, pk_set)
    chain_touch(*ids)


def connect():
    """Connect the receivers (dispatch_uid makes a second call harmless)."""
    for model in (Chain, ChainNode, ChainMetric, ChainProblem, Lead, Project, ProjectInvestment, PolicyApplication):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"chains.signals.save.{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"chains.signals.delete.{model.__name__}")
    for model in (Enterprise, Policy):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"chains.signals.save.{model.__name__}")
        # before the delete: afterwards its links (and so its chains) are gone
        pre_delete.connect(_on_change, sender=model, dispatch_uid=f"chains.signals.delete.{model.__name__}")
    for model in (ScheduleSetting, Region):
        post_save.connect(_on_global_change, sender=model, dispatch_uid=f"chains.signals.save.{model.__name__}")
        post_delete.connect(_on_global_change, sender=model, dispatch_uid=f"chains.signals.delete.{model.__name__}")
    for through in (Enterprise.nodes.through, Policy.chains.through, Policy.nodes.through):
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"chains.signals.m2m.{through.__name__}")
