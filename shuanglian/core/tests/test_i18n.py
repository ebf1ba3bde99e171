"""Chinese first, English on request: /i18n/setlang/ switches the shell to English."""

from django.test import Client

from conftest import DEMO_PASSWORD


def test_default_interface_is_chinese(client, personas):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "用户名" in page and "Username" not in page


def test_switching_to_english_shows_login_and_navigation_in_english(personas):
    c = Client()
    resp = c.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    page = resp.content.decode()
    assert resp.status_code == 200
    assert '<html lang="en">' in page
    assert "Username" in page and "Password" in page and "Log in" in page
    assert "用户名" not in page
    resp = c.post("/accounts/login/", {"username": "p_staff", "password": "wrong"})
    assert "Wrong username or password" in resp.content.decode()
    c.post("/accounts/login/", {"username": "p_staff", "password": DEMO_PASSWORD})
    home = c.get("/").content.decode()
    for label in ("Home", "Calendar", "Audit log", "Log out", "Hello, 王工作."):
        assert label in home, label
    assert "审计日志" not in home and "工作台" not in home
    audit = c.get("/audit/").content.decode()
    assert "Export CSV" in audit and "Request ID" in audit
    # And back to Chinese.
    c.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "审计日志" in c.get("/").content.decode()


def test_locked_out_page_in_english(personas):
    c = Client()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for _ in range(5):
        c.post("/accounts/login/", {"username": "p_staff", "password": "wrong"})
    resp = c.post("/accounts/login/", {"username": "p_staff", "password": DEMO_PASSWORD})
    assert resp.status_code == 429
    assert "locked for 30 minutes" in resp.content.decode()
