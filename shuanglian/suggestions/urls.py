from django.urls import path

from . import code_views, handover, views

app_name = "suggestions"
urlpatterns = [
    path("suggestions/", views.suggestion_index, name="list"),
    path("suggestions/mine/", views.suggestion_mine, name="mine"),
    path("suggestions/inbox/", views.suggestion_inbox, name="inbox"),
    path("suggestions/figures/", views.suggestion_figures_view, name="figures"),
    path("suggestions/report-<int:year>.docx", views.yearly_report_docx, name="yearly_report"),
    path("suggestions/<int:pk>/<str:kind>.docx", views.suggestion_docx, name="docx"),
    path("suggestions/new/", views.suggestion_create, name="create"),
    path("suggestions/from-code-demand/<int:pk>/", code_views.suggestion_from_code_demand, name="from_code_demand"),
    path("suggestions/<int:pk>/", views.suggestion_detail_view, name="detail"),
    path("suggestions/<int:pk>/act/<str:name>/", views.suggestion_act, name="act"),
    path("suggestions/monthly-topic/<int:pk>/to-topic/", handover.monthly_to_topic, name="monthly_to_topic"),
    path("suggestions/commitments/<int:pk>/act/<str:name>/", views.commitment_act, name="commitment_act"),
]
