from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("regions/", views.region_tree, name="region_tree"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
]
