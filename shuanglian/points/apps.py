from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "shuanglian.points"
    label = "points"
    verbose_name = "履职积分"
