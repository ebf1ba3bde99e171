from django.urls import path

from . import views

app_name = "core"
# No URL edits or deletes an AuditEvent: the audit log is read and exported only.
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/override/", views.calendar_override_set, name="calendar_override_set"),
    path("calendar/override/delete/", views.calendar_override_delete, name="calendar_override_delete"),
    path("calendar/confirm/", views.calendar_year_confirm, name="calendar_year_confirm"),
]
