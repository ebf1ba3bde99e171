from django.apps import AppConfig


class ChainsConfig(AppConfig):
    name = "shuanglian.chains"
    label = "chains"
    verbose_name = "产业链（一图五单）"
