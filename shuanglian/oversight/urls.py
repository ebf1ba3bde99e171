from django.urls import path

from . import public_views, views, views_campaigns, views_ledgers, views_monitoring

app_name = "oversight"
urlpatterns = [
    path("oversight/opinions/", views.opinion_index, name="opinion_list"),
    path("oversight/opinions/new/", views.opinion_create, name="opinion_create"),
    path("oversight/opinions/<int:pk>/", views.opinion_detail_view, name="opinion_detail"),
    path("oversight/opinions/<int:pk>/act/<str:name>/", views.opinion_act, name="opinion_act"),
    path("oversight/opinions/<int:pk>/items/", views.opinion_item_add, name="opinion_item_add"),
    path("oversight/opinions/<int:pk>/review/", views.opinion_review, name="opinion_review"),
    path("oversight/opinions/<int:pk>/publish/", views.opinion_publish, name="opinion_publish"),
    path("oversight/opinions/<int:pk>/<str:kind>.docx", views.opinion_docx, name="opinion_docx"),
    path("oversight/opinions/<int:pk>/votes/<int:round>.docx", views.vote_docx, name="vote_docx"),
    path("oversight/items/<int:item_pk>/respond/", views.opinion_item_respond, name="opinion_item_respond"),
    path("oversight/plans/", views.plan_index, name="plan_list"),
    path("oversight/plans/<int:pk>/", views.plan_board, name="plan_board"),
    path("oversight/plans/<int:pk>/items/", views.plan_item_create, name="plan_item_create"),
    path("oversight/campaigns/", views_campaigns.campaign_index, name="campaign_list"),
    path("oversight/campaigns/<int:pk>/", views_campaigns.campaign_detail, name="campaign_detail"),
    path("oversight/campaigns/<int:pk>/<str:what>/", views_campaigns.campaign_record, name="campaign_record"),
    path("oversight/findings/<int:finding_pk>/to-<str:to>/", views_campaigns.finding_move, name="finding_move"),
    path("oversight/monitoring/", views_monitoring.monitoring_index, name="monitoring"),
    path("oversight/monitoring/reports/new/", views_monitoring.monitoring_report_new, name="monitoring_report_new"),
    path("oversight/monitoring/reports/<int:pk>/", views_monitoring.monitoring_report, name="monitoring_report"),
    path("oversight/monitoring/findings/<int:finding_pk>/to-case/", views_monitoring.monitoring_finding_to_case,
         name="monitoring_finding_to_case"),
    path("oversight/monitoring/brief.docx", views_monitoring.monitoring_brief, name="monitoring_brief"),
    path("oversight/ledgers/", views_ledgers.ledger_index, name="ledgers"),
    path("oversight/ledgers/<int:pk>/", views_ledgers.ledger_area, name="ledger_area"),
    path("oversight/ledgers/<int:pk>/add/<str:what>/", views_ledgers.ledger_add, name="ledger_add"),
    path("oversight/ledgers/<int:pk>/<str:which>.xlsx", views_ledgers.ledger_export, name="ledger_export"),
    path("oversight/ledger-tasks/<int:task_pk>/progress/", views_ledgers.ledger_task_progress,
         name="ledger_task_progress"),
    path("public/opinions/", public_views.public_opinion_list, name="public_opinions"),
    path("public/opinions/<str:pk>/", public_views.public_opinion_detail, name="public_opinion"),
]
