from django.urls import path

from . import views

app_name = "briefs"
urlpatterns = [
    path("briefs/", views.brief_archive, name="list"),
    path("briefs/generate/", views.brief_generate, name="generate"),
    path("briefs/<int:pk>/download/", views.brief_download, name="download"),
]
