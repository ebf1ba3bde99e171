"""/api/v1/: one router; each app registers its viewsets in `<app>/api.py:register(router)` and
may add plain endpoints in `<app>/api.py:urlpatterns`."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

API_APPS = ["core", "regions", "deputies", "chains", "cases", "dashboard"]

router = DefaultRouter()
extra = []
for app in API_APPS:
    try:
        module = import_module(f"shuanglian.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"shuanglian.{app}.api":
            raise
        continue
    if hasattr(module, "register"):
        module.register(router)
    extra += getattr(module, "urlpatterns", [])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *extra,
    path("", include(router.urls)),
]
