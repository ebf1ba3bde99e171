"""/api/v1/: one router. Every app's API is wired here, written out: its viewsets through
`<app>/api.py:register(router)`, its plain endpoints through `<app>/api.py:urlpatterns`.
A new app adds its lines below (docs/architecture.md, "Wiring an app")."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from shuanglian.cases import api as cases_api
from shuanglian.chains import api as chains_api
from shuanglian.core import api as core_api
from shuanglian.dashboard import api as dashboard_api
from shuanglian.deputies import api as deputies_api
from shuanglian.duties import api as duties_api
from shuanglian.duties import api_contacts as duties_contacts_api
from shuanglian.intelligence import api as intelligence_api
from shuanglian.oversight import api as oversight_api
from shuanglian.points import api as points_api
from shuanglian.regions import api as regions_api
from shuanglian.screens import api as screens_api
from shuanglian.suggestions import api as suggestions_api

router = DefaultRouter()
regions_api.register(router)
deputies_api.register(router)
chains_api.register(router)
cases_api.register(router)
oversight_api.register(router)
suggestions_api.register(router)
screens_api.register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a script file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *core_api.urlpatterns,
    *intelligence_api.urlpatterns,  # before the router: cases/suggest/ is not a case id
    *cases_api.urlpatterns,
    *duties_api.urlpatterns,
    *duties_contacts_api.urlpatterns,
    *points_api.urlpatterns,
    *dashboard_api.urlpatterns,
    *screens_api.urlpatterns,
    path("", include(router.urls)),
]
