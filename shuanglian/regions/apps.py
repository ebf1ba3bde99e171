from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "shuanglian.regions"
    label = "regions"
    verbose_name = "区域与部门"
