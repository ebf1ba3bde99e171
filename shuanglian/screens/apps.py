from django.apps import AppConfig


class ScreensConfig(AppConfig):
    name = "shuanglian.screens"
    label = "screens"
    verbose_name = "数字人大大屏"
