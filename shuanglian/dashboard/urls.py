from django.urls import path

from . import public_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/rates/", views.rates, name="rates"),
    path("d/<str:token>/", public_views.deputy_code_page, name="deputy_code"),
    path("public/suggestions/", public_views.public_suggestion_list, name="public_suggestions"),
]
