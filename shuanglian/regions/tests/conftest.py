import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed nine times per test; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
