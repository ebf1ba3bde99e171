from django.urls import path

from . import cockpit, views

app_name = "screens"
urlpatterns = [
    path("cockpit/", cockpit.cockpit, name="cockpit"),
    path("screens/", views.screen_admin, name="admin"),
    path("screens/<int:pk>/revoke/", views.screen_revoke, name="revoke"),
    path("screen/<str:token>/", views.screen_page, name="screen"),
]
