"""The site's addresses. Every app's pages are wired here, written out; each app owns its URL
prefixes in its own urls.py (app_name = the app label). A new app adds its line below."""

from django.contrib import admin
from django.urls import include, path

from shuanglian import api_urls
from shuanglian.briefs import urls as briefs_urls
from shuanglian.cases import urls as cases_urls
from shuanglian.chains import urls as chains_urls
from shuanglian.core import auth_views
from shuanglian.core import urls as core_urls
from shuanglian.dashboard import urls as dashboard_urls
from shuanglian.deputies import urls as deputies_urls
from shuanglian.duties import urls as duties_urls
from shuanglian.intelligence import urls as intelligence_urls
from shuanglian.oversight import urls as oversight_urls
from shuanglian.points import urls as points_urls
from shuanglian.regions import urls as regions_urls
from shuanglian.screens import urls as screens_urls
from shuanglian.suggestions import urls as suggestions_urls

# Unknown /api/ addresses answer in the API's JSON error shape, pages in HTML.
handler404 = "shuanglian.core.views.not_found"
# Chinese 400/403/500 answers (JSON under /api/), whatever DEBUG says.
handler400 = "shuanglian.core.error_views.bad_request"
handler403 = "shuanglian.core.error_views.permission_denied"
handler500 = "shuanglian.core.error_views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_urls)),
    path("", include(core_urls)),
    path("", include(regions_urls)),
    path("", include(deputies_urls)),
    path("", include(points_urls)),
    path("", include(chains_urls)),
    path("", include(cases_urls)),
    path("", include(duties_urls)),
    path("", include(oversight_urls)),
    path("", include(intelligence_urls)),
    path("", include(suggestions_urls)),
    path("", include(dashboard_urls)),
    path("", include(screens_urls)),
    path("", include(briefs_urls)),
]
