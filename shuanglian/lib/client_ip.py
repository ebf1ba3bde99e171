"""The client's address, which a client cannot forge.

`X-Forwarded-For` is written by whoever sent the request: believed by default, one forged header
lets a client pass every per-address limit under any address it likes. So the socket address
(REMOTE_ADDR) is the client, unless it is one of the proxies the operator declared in
SHUANGLIAN_TRUSTED_PROXIES (addresses or CIDR ranges). Only then is X-Forwarded-For read — from
the right, skipping declared proxies: the first address that is not one is the client (everything
to its left was written by the client and proves nothing).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(declared: tuple[str, ...]) -> tuple[Network, ...]:
    """The declared proxies as networks (settings.py refuses to start with a malformed one)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in declared if entry.strip())


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.9:51234
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request, trusted: tuple[str, ...] | list[str] | None = None) -> str:
    """The address per-address limits, the audit log and the lockout should use."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    declared = tuple(trusted if trusted is not None else settings.SHUANGLIAN_TRUSTED_PROXIES)
    networks = trusted_networks(declared) if declared else ()
    if not _is_trusted(_address(peer), networks):
        return peer
    client = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage to the left of a trusted proxy: the last proxy is all we know
        client = str(address)
        if not _is_trusted(address, networks):
            break
    return client
