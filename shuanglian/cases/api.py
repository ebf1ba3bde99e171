"""The cases API: each area registers its own viewsets and endpoints (see urls.py)."""

from importlib import import_module

_MODULES = ["api_workflow", "api_public", "api_rates"]
urlpatterns = []


def _load():
    for name in _MODULES:
        try:
            yield import_module(f"shuanglian.cases.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"shuanglian.cases.{name}":
                raise


def register(router):
    for module in _load():
        if hasattr(module, "register"):
            module.register(router)


for _module in _load():
    urlpatterns += getattr(_module, "urlpatterns", [])
