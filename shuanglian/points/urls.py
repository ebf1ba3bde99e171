from django.urls import path

from . import views

app_name = "points"
urlpatterns = [
    path("points/", views.home, name="home"),
    path("points/ranking/", views.ranking_page, name="ranking"),
    path("points/publish/", views.publish, name="publish"),
    path("points/me/", views.me, name="me"),
    path("points/me/object/", views.object_entry, name="object"),
    path("points/deputies/<int:pk>/", views.deputy_page, name="deputy"),
    path("points/deputies/<int:pk>/manual/", views.manual, name="manual"),
    path("points/objections/", views.objection_queue, name="objections"),
    path("points/objections/<int:pk>/<str:name>/", views.objection_act, name="objection_act"),
    path("points/rules/", views.rules_page, name="rules"),
    path("points/rules/<int:pk>/", views.rule_edit, name="rule_edit"),
]
