"""Loaded by pytest with `-p` before pytest-django reads settings: test-time environment.

Tests serve plain http to a real browser, so transport security is off; everything else
is as in production (DEBUG stays False).
"""

import os

os.environ.setdefault("DJANGO_SECURE", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used
# synchronously there, which is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
