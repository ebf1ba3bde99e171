"""The cases app's pages. Each area owns its module and its `urlpatterns`; they are listed here."""

from .intake import key_views, ledger, open311
from .intake import views as intake_views
from .supervision import views as supervision_views
from .views import case, entry, queue

app_name = "cases"
urlpatterns = [
    *queue.urlpatterns,
    *entry.urlpatterns,
    *case.urlpatterns,
    *intake_views.urlpatterns,
    *ledger.urlpatterns,
    *open311.urlpatterns,
    *key_views.urlpatterns,
    *supervision_views.urlpatterns,
]
