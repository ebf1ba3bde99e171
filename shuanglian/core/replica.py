"""Reads that may be seconds old go to the streaming replica (DATABASE_REPLICA_URL); everything else
to the primary.

A read is sent to the replica only when the code says it may be stale: inside
`with reads_from_replica():` or a view decorated with `@replica_reads` (the three rates, the
screens, exports, public pages, the monthly brief). A model is never guessed at: the same
`Case` query is fresh on the work queue and may be seconds old on the rates page.

Even then the primary answers when
- the request has written (any of our models; then the rest of the request reads what it wrote),
- the browser wrote within SHUANGLIAN_REPLICA_PIN_SECONDS (`ReplicaPinMiddleware`'s cookie:
  read-your-writes across the redirect after a form and the next few pages),
- a transaction is open on the primary, or
- the replica is down, not streaming, or behind by more than SHUANGLIAN_REPLICA_MAX_LAG seconds
  (`replica_health`, checked at most every few seconds per process; the reason is logged when it
  changes and shown by `manage.py replica_status`).
"""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

log = logging.getLogger("shuanglian.replica")

REPLICA = "replica"
CHECK_SECONDS = 5.0  # how long one process trusts a health check
PIN_COOKIE = "sl_wrote"


@dataclass
class _Scope:
    used: bool = False  # a read went to the replica (a failure then may be the replica's)
    wrote: bool = False


@dataclass
class _RequestState:
    pinned: bool = False  # this browser wrote a moment ago
    wrote: bool = False


@dataclass
class ReplicaHealth:
    usable: bool
    reason: str
    lag: float | None = None
    checked_at: float = field(default_factory=time.monotonic)


_scope: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("replica_scope", default=None)
_request: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar("replica_request", default=None)
_health: ReplicaHealth | None = None


def replica_configured() -> bool:
    return REPLICA in connections.settings


class reads_from_replica:
    """`with reads_from_replica():` — the reads inside may come from the replica."""

    def __enter__(self):
        self.scope = _Scope()
        self.token = _scope.set(self.scope)
        return self

    def __exit__(self, exc_type, exc, tb):
        _scope.reset(self.token)
        if isinstance(exc, OperationalError | InterfaceError) and self.scope.used:
            replica_mark_down(str(exc))
        return False


def replica_reads(view):
    """A view whose GETs may read data seconds old. If the replica fails mid-page (it died after the
    last health check), the view is run again on the primary: a GET only reads, so twice is safe."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        # Only a GET reads stale: a form posted to the same view validates and writes on the primary.
        request = next((a for a in args[:2] if hasattr(a, "method")), None)
        if request is None or request.method not in ("GET", "HEAD"):
            return view(*args, **kwargs)
        cm = reads_from_replica()
        try:
            with cm:
                return view(*args, **kwargs)
        except (OperationalError, InterfaceError):
            if not cm.scope.used:
                raise  # the primary's failure: nothing to fall back to
            return view(*args, **kwargs)

    return wrapped


def _ours(model) -> bool:
    config = getattr(model._meta, "app_config", None)
    return config is not None and config.name.startswith("shuanglian.")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        scope = _scope.get()
        # Sessions, login attempts and the cache table are read where they are written.
        if scope is None or scope.wrote or not _ours(model) or not replica_configured():
            return DEFAULT_DB_ALIAS
        request = _request.get()
        if request is not None and (request.pinned or request.wrote):
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or not replica_health().usable:
            return DEFAULT_DB_ALIAS
        scope.used = True
        return REPLICA

    def db_for_write(self, model, **hints):
        # Sessions, the cache table, login attempts and the task queue are not what a person reads
        # back; a write to one of our models pins the rest of the request (and the browser) to the primary.
        if _ours(model):
            for state in (_scope.get(), _request.get()):
                if state is not None:
                    state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may point at the other's.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


# --- health ----------------------------------------------------------------------------------------

LAG_SQL = """
SELECT pg_is_in_recovery(),
       (SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'),
       CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END
"""


def _measure() -> ReplicaHealth:
    if not replica_configured():
        return ReplicaHealth(False, "未配置只读副本（DATABASE_REPLICA_URL），全部读主库")
    conn = connections[REPLICA]
    try:
        with conn.cursor() as cursor:
            if conn.vendor != "postgresql":
                cursor.execute("SELECT 1")
                return ReplicaHealth(True, "只读副本可用", 0.0)
            cursor.execute(LAG_SQL)
            in_recovery, streaming, lag = cursor.fetchone()
    except DatabaseError as exc:
        conn.close()
        return ReplicaHealth(False, f"只读副本无法连接，改读主库：{str(exc).strip()[:200]}")
    return replica_judge(in_recovery=in_recovery, streaming=bool(streaming), lag=float(lag or 0))


def replica_judge(*, in_recovery: bool, streaming: bool, lag: float) -> ReplicaHealth:
    limit = settings.SHUANGLIAN_REPLICA_MAX_LAG
    if in_recovery and not streaming:
        return ReplicaHealth(False, "只读副本没有在接收主库的日志（复制中断），改读主库", lag)
    if lag > limit:
        return ReplicaHealth(False, f"只读副本落后主库 {lag:.1f} 秒（上限 {limit:g} 秒），改读主库", lag)
    if not in_recovery:
        return ReplicaHealth(True, "只读副本地址指向一个主库（不在恢复模式），按可用处理", 0.0)
    return ReplicaHealth(True, f"只读副本可用，落后主库 {lag:.1f} 秒", lag)


def _remember(health: ReplicaHealth) -> ReplicaHealth:
    global _health
    if _health is None or _health.usable != health.usable:
        (log.info if health.usable else log.warning)("%s", health.reason)
    _health = health
    return health


def replica_health(*, fresh: bool = False) -> ReplicaHealth:
    if not fresh and _health is not None and time.monotonic() - _health.checked_at < CHECK_SECONDS:
        return _health
    return _remember(_measure())


def replica_check(app_configs=None, databases=None, **kwargs):
    """A system check run by `manage.py check --database replica` (monitoring calls it)."""
    if not databases or REPLICA not in databases or not replica_configured():
        return []
    health = replica_health(fresh=True)
    if health.usable:
        return []
    return [checks.Warning(health.reason, hint="可过时的读取（三率、大屏、导出、公开页面、月报）现由主库承担；见运维手册 §15。",
                           id="shuanglian.W001")]


def replica_mark_down(reason: str) -> None:
    _remember(ReplicaHealth(False, f"只读副本读取失败，改读主库：{reason.strip()[:200]}"))


def replica_forget() -> None:
    """Forget the last health check (tests; a process after the replica's address changed)."""
    global _health
    _health = None


# --- read-your-writes across requests ------------------------------------------------------------

class ReplicaPinMiddleware:
    """A browser that wrote reads from the primary for SHUANGLIAN_REPLICA_PIN_SECONDS: the page
    after a form shows what was just saved, whichever host answers (the cookie travels with the
    browser; hosts' clocks are kept by NTP). Without a replica it does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        now = time.time()
        try:
            wrote_at = float(request.COOKIES.get(PIN_COOKIE, ""))
        except ValueError:
            wrote_at = 0.0
        pin = settings.SHUANGLIAN_REPLICA_PIN_SECONDS
        # abs(): another host's clock may be a little ahead of this one's
        state = _RequestState(pinned=abs(now - wrote_at) < pin)
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if state.wrote or request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            response.set_cookie(PIN_COOKIE, f"{now:.3f}", max_age=int(pin) + 1, httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response
