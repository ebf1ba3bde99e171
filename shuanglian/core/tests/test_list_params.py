"""Every HTML page without an id in its address, asked with nonsense in its list parameters
(`?year=abc`, `?page=٣`, `?page=-1`, a huge page, `?month=2025-13`, a NUL-free but unknown
status…), answers as a page — the list unfiltered or the parameter refused in Chinese — never a
500 and never Django's English (issue 13, item 13's sweep of the list views)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .test_hostile_input import chinese

pytestmark = pytest.mark.django_db

BAD = {
    "year": ["abc", "٢٠٢٥", "99999999999"],
    "page": ["٣", "-1", "99999999999999999999"],
    "month": ["2025-13", "２０２５-01"],
    "period": ["2025Q9"],
    "status": ["nope"],
    "region": ["٣"],
    "department": ["abc"],
    "chain": ["٣"],
    "date": ["2025-02-30"],
    "to": ["abc"],
    "light": ["purple"],
    "sort": ["-nope"],
}
ENGLISH = ("Select a valid choice", "Enter a valid", "Enter a number", "That page number", "Traceback",
           "is not a valid", "This field is required")


def page_urls():
    """The addresses of every page without a path parameter (API, admin and files aside)."""
    def walk(patterns, prefix=""):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and "<" not in route and "(?P" not in route:
                yield "/" + (prefix + route).lstrip("^").rstrip("$").replace("^", "")

    skip = ("/api/", "/admin/", "/open311/", "/static/", "/media/", "/accounts/logout", "/i18n/", "/__")
    return sorted({u for u in walk(get_resolver().url_patterns) if not u.startswith(skip)})


@pytest.mark.parametrize("persona", ["staff", "handler"])
def test_bad_list_parameters_never_give_a_500_nor_english(client_for, persona):
    client = client_for(persona)
    client.raise_request_exception = False  # a 500 is a finding, reported with the others
    failures = []
    for url in page_urls():
        for name, values in BAD.items():
            for value in values:
                response = client.get(url, {name: value})
                body = response.content.decode("utf-8", "replace") if response.get("Content-Type", "").startswith("text/html") else ""
                if response.status_code >= 500:
                    failures.append(f"{url}?{name}={value}: {response.status_code}")
                elif any(e in body for e in ENGLISH):
                    failures.append(f"{url}?{name}={value}: English ({[e for e in ENGLISH if e in body]})")
                elif response.status_code >= 400 and body and not chinese(body):
                    failures.append(f"{url}?{name}={value}: {response.status_code} without Chinese")
    assert not failures, "\n".join(failures[:40])
