"""Writes of enterprises: one firm (enterprise_save) and a whole file (enterprise_bulk_upsert), under
one permission rule (selectors.enterprise_write_allowed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError, ConcurrentUpdate
from shuanglian.core.permissions import deny_write
from shuanglian.lib.excel import RowError
from shuanglian.lib.uscc import uscc_normalize

from .. import validation
from ..cache import chain_touch, chains_of_enterprises
from ..models import Chain, Enterprise
from ..selectors import enterprise_write_allowed
from .base import _lock_current, _raise_first, _save_with_m2m, require_chain_writer

BATCH = 900  # rows per bulk statement / ids per IN (…) list (SQLite's variable limit in mind)


def _chain_regions(chain_ids) -> dict:
    return {c.pk: c.region for c in Chain.objects.filter(pk__in=chain_ids).select_related("region")}


@transaction.atomic
def enterprise_save(*, actor, values: dict, enterprise: Enterprise | None = None, nodes=None,
                    expected_version=None) -> tuple[Enterprise, bool]:
    """Create or update an enterprise; without `enterprise`, an existing one with the same USCC
    is updated (upsert). Returns (enterprise, created)."""
    values = dict(values)
    if "uscc" in values:
        values["uscc"] = uscc_normalize(values["uscc"]) or None
    _raise_first(validation.enterprise_errors({**({"name": enterprise.name} if enterprise else {}), **values}))
    if enterprise is None and values.get("uscc"):
        enterprise = Enterprise.objects.select_for_update().filter(uscc=values["uscc"]).first()
    elif enterprise is not None and values.get("uscc"):
        clash = Enterprise.objects.filter(uscc=values["uscc"]).exclude(pk=enterprise.pk).first()
        if clash:
            raise BusinessError(f"统一社会信用代码已被“{clash.name}”使用", code="duplicate_uscc")
    created = enterprise is None
    region = values.get("region") or (enterprise.region if enterprise else None)
    if region is None:
        raise BusinessError("企业所属区域必填", code="invalid_region")
    enterprise = _lock_current(enterprise, expected_version)
    if actor is not None:
        old_nodes = set(enterprise.nodes.values_list("pk", "chain_id")) if enterprise is not None else set()
        new_nodes = {(n.pk, n.chain_id) for n in nodes} if nodes is not None else old_nodes
        touched = {chain_id for _, chain_id in old_nodes ^ new_nodes}
        serving = {chain_id for _, chain_id in new_nodes}
        regions = _chain_regions(touched | serving)
        reason = enterprise_write_allowed(actor, region=region, serving=[regions[c] for c in serving],
                                          touched=[regions[c] for c in touched])
        if reason:
            deny_write(reason)
    try:
        with transaction.atomic():  # a savepoint: the unique USCC may be taken meanwhile
            enterprise = _save_with_m2m(enterprise or Enterprise(), values, {"nodes": nodes},
                                        actor=actor, event="enterprise")
    except IntegrityError:
        # two upserts of one new USCC at once (no row to lock yet): one wins, the other is told
        raise ConcurrentUpdate(f"统一社会信用代码 {values.get('uscc')} 的企业刚由他人登记，您的内容未保存；"
                               "请重新提交（将更新该企业）。", code="concurrent_update") from None
    return enterprise, created


# --- a whole file at once ---------------------------------------------------------------------

@dataclass
class BulkRow:
    """One checked row of an enterprise file: its Excel row number, field values (uscc
    normalised, None when absent), the ids of this chain's nodes it names (empty: links unchanged)
    and whether the region was defaulted to the chain's (then an existing firm keeps its own)."""

    number: int
    values: dict
    node_ids: set = field(default_factory=set)
    region_default: bool = False


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # RowError; when any, nothing was written


def _chunks(items, size=None):
    size = size or BATCH  # read at call time (tests make batches tiny)
    for i in range(0, len(items), size):
        yield items[i:i + size]


class _Plan:
    """What a file will write, worked out with reads only (before the write transaction): new
    firms, changed fields of existing ones (matched by USCC), link changes within this chain, and
    the rows the actor may not write (enterprise_write_allowed, as for enterprise_save)."""

    def __init__(self, chain, actor, rows: list[BulkRow], progress=None):
        through = Enterprise.nodes.through
        self.creates = []  # (field values, {node ids}): instances are made batch by batch when written
        self.updates = {}  # (changed fields) → [Enterprise]
        self.unchanged = 0
        self.link_add = []  # (enterprise id, node id)
        self.link_remove = []  # through row ids
        self.errors = []
        existing = {}
        for batch in _chunks([r.values["uscc"] for r in rows if r.values["uscc"]]):
            existing.update({e.uscc: e for e in Enterprise.objects.filter(uscc__in=batch).select_related("region")})
        links = {}  # enterprise id → {node id: through row id} within this chain
        serving = {}  # enterprise id → {chain id}, every chain (the permission rule looks at them)
        for batch in _chunks([e.pk for e in existing.values()]):
            for row_id, ent_id, node_id, chain_id in through.objects.filter(enterprise_id__in=batch).values_list(
                    "id", "enterprise_id", "chainnode_id", "chainnode__chain_id"):
                serving.setdefault(ent_id, set()).add(chain_id)
                if chain_id == chain.pk:
                    links.setdefault(ent_id, {})[node_id] = row_id
        regions = _chain_regions({c for ids in serving.values() for c in ids} | {chain.pk})
        now = timezone.now()
        for i, row in enumerate(rows, start=1):
            if progress and i % 1000 == 0:
                progress(i)
            values, node_ids = row.values, row.node_ids
            firm = existing.get(values["uscc"]) if values["uscc"] else None
            if firm is not None and row.region_default:
                values = {k: v for k, v in values.items() if k != "region"}  # an empty cell changes nothing
            chains = set(serving.get(firm.pk, ())) if firm is not None else set()
            if node_ids:  # the row names nodes of this chain: its links within this chain change
                chains.add(chain.pk)
            reason = enterprise_write_allowed(
                actor, region=values.get("region") or firm.region, serving=[regions[c] for c in chains],
                touched=[chain.region] if node_ids else [])
            if reason:
                self.errors.append(RowError(row.number, "", reason))
                continue
            if firm is None:
                self.creates.append((values, node_ids))
                continue
            changed = tuple(sorted(k for k, v in values.items() if getattr(firm, k) != v))
            if changed:
                for k in changed:
                    setattr(firm, k, values[k])
                firm.updated_at = now
                self.updates.setdefault(changed, []).append(firm)
            else:
                self.unchanged += 1
            if node_ids:  # the cell names nodes: they replace the firm's links within this chain
                current = links.get(firm.pk, {})
                self.link_add += [(firm.pk, n) for n in node_ids - current.keys()]
                self.link_remove += [row_id for n, row_id in current.items() if n not in node_ids]

    @property
    def n_updated(self):
        return sum(len(v) for v in self.updates.values())

    def write(self, *, chain, actor, filename, progress=None) -> None:
        """Bulk statements in batches and one audit event. Call inside a transaction."""
        through = Enterprise.nodes.through
        total = len(self.creates) + self.n_updated or 1
        done = 0
        for batch in _chunks(self.creates):
            firms = Enterprise.objects.bulk_create([Enterprise(**values) for values, _ in batch])
            self.link_add += [(e.pk, n) for e, (_, nodes) in zip(firms, batch, strict=True) for n in nodes]
            done += len(batch)
            if progress:
                progress(done / total)
        for names, firms in self.updates.items():
            for batch in _chunks(firms):
                _update_many(batch, names)
                done += len(batch)
                if progress:
                    progress(done / total)
        for batch in _chunks(self.link_remove):
            through.objects.filter(pk__in=batch).delete()
        qn = connection.ops.quote_name
        link_sql = (f"INSERT INTO {qn(through._meta.db_table)} ({qn('enterprise_id')}, {qn('chainnode_id')}) "
                    "VALUES (%s, %s) ON CONFLICT DO NOTHING")
        with connection.cursor() as cursor:
            for batch in _chunks(self.link_add, 10 * BATCH):
                cursor.executemany(link_sql, batch)
        created = len(self.creates)
        audit_record(
            event_type="enterprises.import", actor=actor, target=chain,
            changes={"file": filename, "created": created, "updated": self.n_updated, "unchanged": self.unchanged,
                     "links_added": len(self.link_add), "links_removed": len(self.link_remove)},
            note=f"导入企业清单《{filename}》：新增{created}，更新{self.n_updated}，未变{self.unchanged}",
        )
        # bulk statements send no signals: the panoramas of this chain and of every chain an
        # updated firm serves are refreshed here
        touched = {chain.pk}
        for batch in _chunks([f.pk for firms in self.updates.values() for f in firms]):
            touched |= chains_of_enterprises(batch)
        chain_touch(*touched)


def _update_many(firms, names) -> None:
    """One prepared UPDATE for a set of changed columns, executed for many rows (Django's
    bulk_update builds a CASE … WHEN per row and column, which costs far more than it runs)."""
    qn = connection.ops.quote_name
    fields = [Enterprise._meta.get_field(name) for name in (*names, "updated_at")]
    sql = (f"UPDATE {qn(Enterprise._meta.db_table)} SET "
           + ", ".join(f"{qn(f.column)} = %s" for f in fields) + f" WHERE {qn('id')} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [
            [f.get_db_prep_save(getattr(firm, f.attname), connection) for f in fields] + [firm.pk] for firm in firms
        ])


def enterprise_bulk_upsert(*, actor, chain, rows: list[BulkRow], filename: str = "", plan_progress=None,
                           write_progress=None) -> BulkResult:
    """Upsert a file's firms by USCC into `chain`, all or nothing, in bulk statements (tens of
    thousands of rows in seconds): new firms created, changed fields of existing ones updated,
    the named nodes replacing a firm's links within this chain (links to other chains are never
    touched), ONE audit event with the counts. Rows must have passed the same checks as
    enterprise_save's (validation.enterprise_errors and the model's field limits).

    The plan is read before the write transaction, so the database is locked only for the bulk
    statements. Returns the counts, or the rows the actor may not write (then nothing is written).
    `plan_progress(rows planned)` and `write_progress(share written)` report as it goes."""
    require_chain_writer(actor, chain.region)
    plan = _Plan(chain, actor, rows, progress=plan_progress)
    if plan.errors:
        return BulkResult(errors=plan.errors)
    try:
        with transaction.atomic():
            plan.write(chain=chain, actor=actor, filename=filename, progress=write_progress)
    except IntegrityError:  # someone else created one of these USCCs (or deleted a firm) meanwhile
        raise BusinessError("导入期间企业数据被他人修改（如新增了相同统一社会信用代码的企业），未导入任何数据，请重新上传。",
                            code="concurrent_import") from None
    return BulkResult(created=len(plan.creates), updated=plan.n_updated + plan.unchanged, unchanged=plan.unchanged)
