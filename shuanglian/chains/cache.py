"""The panorama cache's invalidation: a version token per chain (plus one for all chains) in the
shared cache (Redis, or the database cache table), replaced whenever the chain's data changes.

Every process reads the same tokens, so a change made by any web process or the import worker
invalidates every process's view at once. The cached panorama (panorama.build_panorama) stores the
tokens it was computed under and is used only while they are still current.

How changes reach the tokens:
- every save/delete of the chain models, and every change of their many-to-many links, fires a
  Django signal connected in chains/signals.py at app start — whatever wrote it (the services, the admin, the demo, a shell);
  the handler finds the chains concerned (an enterprise: the chains of the nodes it serves or
  leads; a policy: its chains and its nodes' chains; a schedule setting or a region: all chains);
- bulk writes that bypass signals (the enterprise bulk upsert) call `chain_touch`.
Tokens are replaced when the transaction commits (readers in other connections only see the new
data then); inside the writing transaction itself the chain is marked dirty, so a panorama built
in the same transaction (a test, a service that reads back) is computed fresh and not stored.
The closed loop's cases are not cached: the panorama counts them live on every request.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q

from shuanglian.lib import versioned_cache

from .models import (
    Chain,
    ChainNode,
    Enterprise,
    Policy,
    PolicyApplication,
    Project,
    ProjectInvestment,
)

ALL = "all"
VERSION_KEY = "chains:v:{}"  # {chain id} or {"all"}


def _dirty() -> set:
    conn = connection
    dirty = getattr(conn, "_chains_dirty", None)
    if dirty is None:
        dirty = conn._chains_dirty = set()
    return dirty


def _flush() -> None:
    dirty = _dirty()
    if not dirty:
        return
    ids = set(dirty)
    dirty.clear()
    versioned_cache.bump_now(*(VERSION_KEY.format(i) for i in ids))


def chain_touch(*chain_ids) -> None:
    """Invalidate the cached panorama of these chains (chain_touch("all") for every chain) once
    the current transaction commits (at once outside a transaction)."""
    ids = {ALL if i == ALL else int(i) for i in chain_ids if i is not None}
    if not ids:
        return
    _dirty().update(ids)
    transaction.on_commit(_flush)


def is_dirty(chain_id) -> bool:
    """Changed by this connection's open transaction (not yet visible to other processes)."""
    if not connection.in_atomic_block:
        return False
    dirty = getattr(connection, "_chains_dirty", None) or ()
    return chain_id in dirty or ALL in dirty


def versions(chain_id, found: dict | None = None) -> tuple[str, str]:
    """(all-chains token, chain token), created when missing (lib.versioned_cache)."""
    all_token, chain_token = versioned_cache.tokens([VERSION_KEY.format(ALL), VERSION_KEY.format(chain_id)], found)
    return all_token, chain_token


# --- which chains a changed row concerns ----------------------------------------------------

def _chains_of_nodes(node_ids) -> set:
    return set(ChainNode.objects.filter(pk__in=list(node_ids)).values_list("chain_id", flat=True).distinct())


def chains_of_enterprises(enterprise_ids) -> set:
    ids = list(enterprise_ids)
    return set(
        ChainNode.objects.filter(Q(enterprises__in=ids) | Q(sub_chain_leader__in=ids))
        .values_list("chain_id", flat=True).distinct()
    )


def _chains_of_policies(policy_ids) -> set:
    ids = list(policy_ids)
    return set(Chain.objects.filter(policies__in=ids).values_list("pk", flat=True)) | set(
        ChainNode.objects.filter(policies__in=ids).values_list("chain_id", flat=True))


def chains_of(obj) -> set:
    if isinstance(obj, Chain):
        return {obj.pk}
    if isinstance(obj, Enterprise):
        return chains_of_enterprises([obj.pk]) if obj.pk else set()
    if isinstance(obj, Policy):
        return _chains_of_policies([obj.pk]) if obj.pk else set()
    if isinstance(obj, PolicyApplication):
        return _chains_of_policies([obj.policy_id])
    if isinstance(obj, ProjectInvestment):
        # (when a deleted project takes its investments with it, the project's own signal covers it)
        return set(Project.objects.filter(pk=obj.project_id).values_list("chain_id", flat=True))
    chain_id = getattr(obj, "chain_id", None)
    return {chain_id} if chain_id else set()


def chains_of_pks(model, pks) -> set:
    if not pks:
        return set()
    if model is Chain:
        return set(pks)
    if model is ChainNode:
        return _chains_of_nodes(pks)
    if model is Enterprise:
        return chains_of_enterprises(pks)
    if model is Policy:
        return _chains_of_policies(pks)
    return set()  # departments, deputies: not part of the panorama


# --- the cached value ---------------------------------------------------------------------------

PANORAMA_KEY = "chains:panorama:{}"
PANORAMA_SECONDS = 600  # a backstop only: changes invalidate at once through the tokens
PANORAMA_FORMAT = 1  # bump when the cached dict's shape changes (a deploy then ignores old entries)


def panorama_cached(chain_id, as_of_iso: str, compute):
    """compute() once per chain, day and version: one cache read on a hit."""
    if is_dirty(chain_id):
        return compute()
    gkey, ckey, pkey = VERSION_KEY.format(ALL), VERSION_KEY.format(chain_id), PANORAMA_KEY.format(chain_id)
    found = cache.get_many([gkey, ckey, pkey])  # tokens and value in one round trip
    stamp = (*versions(chain_id, found), as_of_iso, PANORAMA_FORMAT)
    hit = found.get(pkey)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    value = compute()
    cache.set(pkey, (stamp, value), PANORAMA_SECONDS)
    return value
