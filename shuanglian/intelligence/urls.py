"""The intelligence app's pages: the suggestion fragments and staff's settings."""

from . import common_views, settings_views, views

app_name = "intelligence"
urlpatterns = [*views.urlpatterns, *common_views.urlpatterns, *settings_views.urlpatterns]
