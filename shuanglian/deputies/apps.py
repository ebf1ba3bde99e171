from django.apps import AppConfig


class DeputiesConfig(AppConfig):
    name = "shuanglian.deputies"
    label = "deputies"
    verbose_name = "代表与阵地"
