from django.urls import path

from . import code_views, views

app_name = "deputies"
urlpatterns = [
    path("deputies/", views.deputy_list, name="deputy_list"),
    path("deputies/new/", views.deputy_create, name="deputy_create"),
    path("deputies/export.xlsx", views.deputy_export, name="deputy_export"),
    path("deputies/import/", views.deputy_import, name="deputy_import"),
    path("deputies/import/template.xlsx", views.deputy_template, name="deputy_template"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("deputies/<int:pk>/edit/", views.deputy_edit, name="deputy_edit"),
    path("deputies/<int:pk>/deactivate/", views.deputy_deactivate, name="deputy_deactivate"),
    path("deputies/<int:pk>/code.png", code_views.deputy_code_png, name="deputy_code_png"),
    path("deputies/<int:pk>/code.svg", code_views.deputy_code_svg, name="deputy_code_svg"),
    path("deputies/<int:pk>/code/rotate/", code_views.deputy_code_rotate, name="deputy_code_rotate"),
    path("deputies/<int:pk>/code/revoke/", code_views.deputy_code_revoke, name="deputy_code_revoke"),
    path("stations/", views.station_list, name="station_list"),
    path("stations/new/", views.station_create, name="station_create"),
    path("stations/export.xlsx", views.station_export, name="station_export"),
    path("stations/import/", views.station_import, name="station_import"),
    path("stations/import/template.xlsx", views.station_template, name="station_template"),
    path("stations/<int:pk>/", views.station_detail, name="station_detail"),
    path("stations/<int:pk>/edit/", views.station_edit, name="station_edit"),
    path("stations/<int:pk>/members/", views.station_member_add, name="station_member_add"),
    path("stations/<int:pk>/members/<int:member_pk>/remove/", views.station_member_remove, name="station_member_remove"),
    path("stations/<int:pk>/rotate/", views.station_rotate, name="station_rotate"),
    path("stations/<int:pk>/qr.png", views.station_qr_png, name="station_qr_png"),
    path("stations/<int:pk>/qr.svg", views.station_qr_svg, name="station_qr_svg"),
    path("stations/<int:pk>/poster/", views.station_poster, name="station_poster"),
]
