"""The intelligence app's pages: the suggestion fragments and staff's settings."""

from . import views

app_name = "intelligence"
urlpatterns = [*views.urlpatterns]
