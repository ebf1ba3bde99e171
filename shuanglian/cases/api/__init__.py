"""The cases API under /api/v1/: the workflow viewset (workflow.py), the public intake and
tracking endpoints (intake/api.py) and the three rates (rates/api.py). `register(router)` and
`urlpatterns` are what the project's api_urls.py wires in."""

from ..intake import api as intake_api
from ..rates import api as rates_api
from . import workflow


def register(router):
    workflow.register(router)


urlpatterns = [
    *intake_api.urlpatterns,
    *rates_api.urlpatterns,
]
