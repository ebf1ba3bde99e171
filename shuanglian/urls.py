from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from shuanglian.core import auth_views

# Unknown /api/ addresses answer in the API's JSON error shape, pages in HTML.
handler404 = "shuanglian.core.views.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("shuanglian.api_urls")),
]

# Each app owns its URL prefixes in its own urls.py (app_name = the app label).
for app in ["core", "regions", "deputies", "chains", "cases", "dashboard"]:
    try:
        import_module(f"shuanglian.{app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"shuanglian.{app}.urls":
            raise
        continue
    urlpatterns.append(path("", include(f"shuanglian.{app}.urls")))
