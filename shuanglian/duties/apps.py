from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "shuanglian.duties"
    label = "duties"
    verbose_name = "代表履职"
