from django.db import migrations

CATEGORIES = [
    ("land", "用地与厂房", "扩产用地、厂房、规划调整"),
    ("finance", "融资与资金", "贷款、担保、资金周转"),
    ("labour", "用工与人才", "招工、技能人才、人才政策"),
    ("energy", "水电气保障", "用电、用气、燃气走线、供水"),
    ("approval", "审批与证照", "项目审批、证照办理、验收"),
    ("logistics", "交通与物流", "道路、交通秩序、物流"),
    ("policy", "政策兑现", "惠企政策申报与兑现"),
    ("market", "市场与配套", "本地配套、订单、市场开拓"),
    ("environment", "环保与安全", "环评、安全生产"),
    ("other", "其他", ""),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    for order, (code, name, description) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "description": description, "order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
