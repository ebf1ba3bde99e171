from django.urls import path

from . import dossier_views, public_views, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/rates/", views.rates, name="rates"),
    path("d/<str:token>/", public_views.deputy_code_page, name="deputy_code"),
    path("deputies/<int:pk>/dossier/", dossier_views.deputy_dossier, name="deputy_dossier"),
    path("deputies/<int:pk>/dossier.docx", dossier_views.deputy_dossier_docx, name="deputy_dossier_docx"),
    path("public/deputies/<int:pk>/", public_views.public_deputy, name="public_deputy"),
    path("public/suggestions/", public_views.public_suggestion_list, name="public_suggestions"),
]
