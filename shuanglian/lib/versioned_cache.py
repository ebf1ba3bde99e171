"""Version tokens in the shared cache: the one way a change anywhere invalidates a value that
every process and host memoizes.

A value is cached together with the tokens of everything it depends on; a writer replaces a token
(`bump`), so every reader everywhere sees a different token at its next read and recomputes.
Tokens never expire (a lost token only costs one recomputation), and bumping is safe to repeat.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction


def _new() -> str:
    return secrets.token_hex(6)


def tokens(keys: list[str], found: dict | None = None) -> list[str]:
    """The current token of each key, created when missing (the first writer wins a race).
    `found` may carry tokens already read in the same cache round trip."""
    found = cache.get_many(keys) if found is None else found
    out = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = _new()
            if not cache.add(key, token, None):
                token = cache.get(key) or token
        out.append(token)
    return out


def token(key: str) -> str:
    return tokens([key])[0]


def bump_now(*keys: str) -> None:
    """Replace the tokens at once."""
    if keys:
        cache.set_many({key: _new() for key in keys}, None)


def bump(*keys: str) -> None:
    """Replace the tokens now (this transaction's own reads see the change) and again when the
    transaction commits (readers that saw the old rows in between recompute once more)."""
    bump_now(*keys)
    transaction.on_commit(lambda: bump_now(*keys))
