"""The cases app's pages. Each area owns its module and its `urlpatterns`:
views (work queue, list, case page, staff entry), public_views (QR intake, tracking, rating),
open311 (GeoReport v2), rates_views (three rates, headline figures), supervision_views
(notices, ledger and Word exports, imports)."""

from importlib import import_module

app_name = "cases"
urlpatterns = []
for _module in ["views", "public_views", "open311", "rates_views", "supervision_views"]:
    try:
        urlpatterns += import_module(f"shuanglian.cases.{_module}").urlpatterns
    except ModuleNotFoundError as exc:
        if exc.name != f"shuanglian.cases.{_module}":
            raise
