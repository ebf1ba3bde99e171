from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shuanglian.cases"
    label = "cases"
