"""Excel in for the five lists (企业 / 项目 / 招商 / 政策 / 问题), into one chain.

Two phases (lib.excel.import_rows, the one import loop), so an import is all-or-nothing and every
error is reported at once:
1. parse and validate every row (lib.excel.read_table for cells, chains.validation for the same
   rules the forms and API use, the model's own field checks — lengths, digits — and look-ups of
   regions, nodes and departments); progress of this phase is visible to the page;
2. if no row has an error, write everything inside one transaction; a business error there rolls
   everything back and is reported by row.
Enterprises are upserted by USCC in bulk by services.enterprise_bulk_upsert (bulk statements in
batches, node links as bulk inserts/deletes on the through table, ONE audit event for the whole
file with its counts, the same permission rule as a single save);
projects by name, leads by target company, policies by 文号 (or title) within the chain's region,
the chain's own problems by title (the closed loop's demands in an exported problem list are skipped),
through the services row by row (these lists are hundreds of rows, not tens of thousands).

An empty cell (or a column the file leaves out) changes nothing on an existing record — this
includes 所属环节: an existing firm keeps its links to this chain's nodes unless the cell names
nodes, which then replace its links within this chain (links to other chains are never touched).

Progress during the write phase: the transaction's own updates are invisible to the polling page
until commit, so each batch reports through a second database connection in autocommit mode
(PostgreSQL). SQLite has one writer at a time: a second connection would wait for the import's
own lock, so there the page shows the progress reached before the write transaction began and
“导入中” until it commits; the heavy preparation happens before the transaction so that the
database is locked only for the bulk statements themselves (seconds for 50 000 rows).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError

from .. import services
from ..models import ImportJob, ImportKind, ImportStatus
from .columns import COLUMNS, template
from .rows import VALIDATE_SHARE, run_import

__all__ = ["COLUMNS", "INLINE_MAX_BYTES", "VALIDATE_SHARE", "import_job_create", "import_job_run", "run_import",
           "template"]

INLINE_MAX_BYTES = 256 * 1024  # smaller files are imported at once; larger ones in the background


# --- import jobs (background; this package, the job page and tasks.py) -----------------------

def import_job_create(*, actor, chain, kind: str, upload, run_later=None) -> ImportJob:
    """Store the upload and start its import: at once for small files, in the background otherwise
    — through `run_later(job_id)`, called once the transaction commits (the view passes the
    background task's enqueue; this module does not know the task, which imports it). Without
    `run_later` every file is imported at once."""
    services.require_chain_writer(actor, chain.region)
    if kind not in ImportKind.values:
        raise BusinessError("不支持的导入类型", code="invalid_kind")
    job = ImportJob(kind=kind, chain=chain, actor=actor, filename=getattr(upload, "name", "")[:200])
    job.file.save(f"{kind}-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(upload.read()), save=False)
    job.save()
    audit_record(event_type="import_job.create", actor=actor, target=chain, note=f"上传{ImportKind(kind).label}：{job.filename}")
    size = getattr(upload, "size", None) or job.file.size
    if run_later is None or size <= INLINE_MAX_BYTES:
        import_job_run(job.pk)
    else:
        transaction.on_commit(lambda: run_later(job.pk))
    job.refresh_from_db()
    return job


class _JobProgress:
    """Writes a job's progress where the polling page can see it at once.

    Outside the write transaction: an ordinary UPDATE (autocommit). Inside it: through a second
    connection in autocommit mode — only when the import's transaction is the outermost one
    (the background worker; never inside a caller's transaction, whose uncommitted job row a
    second connection would wait for) and not on SQLite (one writer at a time: the second
    connection would wait for the import's own lock). Progress is best-effort: a failure to
    report never fails the import.
    """

    def __init__(self, job_id):
        self.job_id = job_id
        self.side = None
        self.side_ok = not connection.in_atomic_block and connection.vendor != "sqlite"
        self.last = None

    def __call__(self, done, total):
        if (done, total) == self.last:
            return
        self.last = (done, total)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(processed=done, total=total)
        elif self.side_ok:
            try:
                if self.side is None:
                    self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                    if self.side.vendor == "postgresql":
                        with self.side.cursor() as cursor:  # never wait long for a row lock
                            cursor.execute("SET lock_timeout = '2s'")
                with self.side.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {self.side.ops.quote_name(ImportJob._meta.db_table)} SET processed = %s, total = %s WHERE id = %s",
                        [done, total, self.job_id],
                    )
            except DatabaseError:
                self.side_ok = False

    def close(self):
        if self.side is not None:
            self.side.close()
            self.side = None


def import_job_run(job_id: int) -> ImportJob:
    """Run one import job (the background task body; safe to call directly, idempotent once finished)."""
    job = ImportJob.objects.select_related("chain__region", "actor").get(pk=job_id)
    if job.is_finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    progress = _JobProgress(job.pk)
    with job.file.open("rb") as fh:
        try:
            result = run_import(kind=job.kind, chain=job.chain, file=fh, actor=job.actor, progress=progress,
                                filename=job.filename)
        except Exception as exc:  # an unexpected failure must not leave the job "running" forever
            result = {"created": 0, "updated": 0, "errors": [f"导入失败：{exc}"], "total": 0}
        finally:
            progress.close()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED if result["errors"] else ImportStatus.DONE,
        total=result["total"], processed=result["total"], created=result["created"], updated=result["updated"],
        errors=result["errors"][:1000], finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
