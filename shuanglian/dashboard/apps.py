from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "shuanglian.dashboard"
    label = "dashboard"
