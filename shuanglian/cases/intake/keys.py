"""Integration keys for Open311 as records: an administrator issues one (the secret is shown once),
rotates it (a new secret, the old one stops at once) or revokes it; each use is counted. Keys in
settings.SHUANGLIAN_OPEN311_KEYS (hashes from the environment, the earlier way) still work, read
after the records, so existing integrations keep running until they are re-issued here."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shuanglian.core.audit import audit_record
from shuanglian.core.errors import BusinessError
from shuanglian.core.permissions import deny_write, is_admin, region_within
from shuanglian.deputies.models import Station
from shuanglian.regions.models import Region

from ..models import IntegrationKey


class KeyRefused(Exception):
    """No key, or a key that is not (or no longer) valid."""


def key_hash(raw: str) -> str:
    return hashlib.sha256((raw or "").encode()).hexdigest()


def _require_admin(actor):
    if not is_admin(actor):
        deny_write("只有系统管理员可以签发或停用集成密钥。")


def _check(name: str, region, station) -> str:
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise BusinessError("请填写名称（不超过 60 个字）。", code="invalid_name")
    if region is None:
        raise BusinessError("请选择所属区域。", code="invalid_region")
    if station is not None and not region_within(station.region, region):
        raise BusinessError("履职阵地须在所属区域范围内。", code="invalid_station")
    return name


@transaction.atomic
def integration_key_issue(*, actor, name: str, region, station=None) -> tuple[IntegrationKey, str]:
    """A new key; returns the record and the secret, which is never stored and never shown again."""
    _require_admin(actor)
    name = _check(name, region, station)
    secret = secrets.token_urlsafe(32)
    key = IntegrationKey.objects.create(name=name, region=region, station=station, digest=key_hash(secret),
                                        prefix=secret[:6], created_by=actor)
    audit_record(event_type="integration_key.issue", actor=actor, target=key, region=region,
                 changes={"name": [None, name], "prefix": [None, key.prefix]})
    return key, secret


@transaction.atomic
def integration_key_revoke(*, actor, key: IntegrationKey, note: str = "") -> IntegrationKey:
    _require_admin(actor)
    key = IntegrationKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise BusinessError("该密钥已停用。", code="already_revoked")
    key.revoked_at, key.revoked_by = timezone.now(), actor
    key.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(event_type="integration_key.revoke", actor=actor, target=key, region=key.region,
                 changes={"revoked": [False, True]}, note=note)
    return key


@transaction.atomic
def integration_key_rotate(*, actor, key: IntegrationKey) -> tuple[IntegrationKey, str]:
    """Replace a key by a new one for the same integration: the old secret stops working at once."""
    old = integration_key_revoke(actor=actor, key=key, note="更换密钥")
    return integration_key_issue(actor=actor, name=old.name, region=old.region, station=old.station)


def integration_for(raw_key: str) -> dict:
    """The integration a key belongs to — {"name", "region", "station", "ident"} — counting the use;
    KeyRefused when there is no valid key."""
    if not raw_key:
        raise KeyRefused
    digest = key_hash(raw_key)
    key = IntegrationKey.objects.select_related("region", "station__region").filter(
        digest=digest, revoked_at__isnull=True).first()
    if key is not None:
        IntegrationKey.objects.filter(pk=key.pk).update(use_count=F("use_count") + 1, last_used_at=timezone.now())
        return {"name": key.name, "region": key.region, "station": key.station, "ident": digest[:16]}
    entry = (settings.SHUANGLIAN_OPEN311_KEYS or {}).get(digest)
    if not entry:
        raise KeyRefused
    region = Region.objects.filter(code=str(entry.get("region", ""))).first()
    station = (Station.objects.filter(pk=entry["station"]).select_related("region", "chain", "head").first()
               if entry.get("station") else None)
    if region is None and station is None:
        raise KeyRefused
    return {"name": entry.get("name") or "Open311", "region": region or station.region, "station": station,
            "ident": digest[:16]}
