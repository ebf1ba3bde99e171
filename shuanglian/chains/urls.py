from django.urls import path

from . import views

app_name = "chains"
urlpatterns = [
    path("chains/", views.chain_index, name="list"),
    path("chains/<int:pk>/", views.chain_detail, name="detail"),
    path("chains/<int:pk>/nodes/<int:node_id>/", views.node_panel, name="node_panel"),
    path("chains/<int:pk>/workbook/", views.chain_workbook, name="workbook"),
    path("chains/<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("chains/<int:pk>/import/<str:kind>/", views.import_upload, name="import_upload"),
    path("chains/enterprises/", views.enterprise_index, name="enterprise_list"),
    path("chains/enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("chains/projects/", views.project_index, name="project_list"),
    path("chains/leads/", views.lead_index, name="lead_list"),
    path("chains/policies/", views.policy_index, name="policy_list"),
    path("chains/problems/", views.problem_index, name="problem_list"),
    path("chains/export/<str:kind>/", views.list_export, name="export"),
    path("chains/templates/<str:kind>/", views.import_template, name="import_template"),
    path("chains/imports/<int:job_id>/", views.import_job, name="import_job"),
]
