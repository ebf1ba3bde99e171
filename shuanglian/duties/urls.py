from django.urls import path

from . import activity_views, code_demands, public_views, views, views_contacts, views_voter_reports

app_name = "duties"
urlpatterns = [
    path("s/<int:pk>/", public_views.public_station, name="public_station"),
    path("duties/", views.home, name="home"),
    path("duties/me/", views.me, name="me"),
    path("duties/me/code-demands/", code_demands.code_demands, name="code_demands"),
    path("duties/me/code-demands/<int:pk>/answer/", code_demands.code_demand_answer, name="code_demand_answer"),
    path("duties/me/code-demands/<int:pk>/forward/", code_demands.code_demand_forward, name="code_demand_forward"),
    path("duties/stations/<int:pk>/", views.station_receptions, name="station"),
    path("duties/stations/<int:pk>/rules/", views.station_rule_add, name="station_rule_add"),
    path("duties/stations/<int:pk>/rules/<int:rule_pk>/end/", views.station_rule_end, name="station_rule_end"),
    path("duties/stations/<int:pk>/schedule/", views.station_schedule, name="station_schedule"),
    path("duties/stations/<int:pk>/page/", views.station_page, name="station_page"),
    path("duties/stations/<int:pk>/activities/new/", activity_views.activity_create, name="activity_create"),
    path("duties/stations/<int:pk>/activities/import/", activity_views.activities_import_view,
         name="activities_import"),
    path("duties/activities/", activity_views.activities, name="activities"),
    path("duties/contacts/", views_contacts.contacts_coverage, name="contacts_coverage"),
    path("duties/stations/<int:pk>/contacts/", views_contacts.station_contacts, name="station_contacts"),
    path("duties/stations/<int:pk>/contacts/import/", views_contacts.station_contacts_import,
         name="station_contacts_import"),
    path("duties/stations/<int:pk>/contacts/add/", views_contacts.station_contact_add, name="station_contact_add"),
    path("duties/stations/<int:pk>/contacts/<int:link_pk>/end/", views_contacts.station_contact_end,
         name="station_contact_end"),
    path("duties/deputies/<int:pk>/voter-reports/", views_voter_reports.deputy_voter_reports, name="voter_reports"),
    path("duties/receptions/<int:pk>/", views.reception_detail, name="reception"),
    path("duties/receptions/<int:pk>/sign-in/", views.reception_sign_in, name="reception_sign_in"),
    path("duties/receptions/<int:pk>/record/", views.reception_record, name="reception_record"),
    path("duties/receptions/<int:pk>/demands/", views.reception_demand, name="reception_demand"),
]
