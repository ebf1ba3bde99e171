"""The default indicator tree (seed 003: 政策宣传是否到位、审批是否快捷、执法是否规范、涉企服务是否高效),
four dimensions each with its indicators; staff edit it in admin."""

from django.db import migrations

TREE = [
    ("政策宣传兑现", [
        ("惠企政策宣传", "惠企政策宣传是否到位、企业是否知晓", "score"),
        ("政策兑现时效", "已申报的政策是否按时兑现", "score"),
        ("免申即享", "是否实现政策“免申即享”或简化申报", "yes_no"),
    ]),
    ("政务服务与审批", [
        ("审批效率", "审批是否快捷、时限是否压缩", "score"),
        ("一网通办", "事项是否可网上办、一次办", "yes_no"),
        ("窗口服务", "窗口服务态度和专业水平", "score"),
    ]),
    ("监管执法与涉企检查", [
        ("执法规范", "执法是否规范、文明、公正", "score"),
        ("检查统筹", "涉企检查是否统筹、无重复检查", "yes_no"),
        ("收费罚款", "是否存在乱收费、乱罚款、乱摊派（无为“是”）", "yes_no"),
    ]),
    ("涉企服务与要素保障", [
        ("涉企服务效率", "企业诉求是否及时响应、高效办理", "score"),
        ("用地用电用工", "用地、用电、用工等要素是否得到保障", "score"),
        ("融资服务", "融资对接和金融服务是否到位", "score"),
    ]),
]


def forwards(apps, schema_editor):
    Indicator = apps.get_model("oversight", "Indicator")
    if Indicator.objects.exists():
        return
    for order, (dimension, children) in enumerate(TREE, start=1):
        parent = Indicator.objects.create(name=dimension, order=order)
        for k, (name, question, scale) in enumerate(children, start=1):
            Indicator.objects.create(parent=parent, name=name, question=question, scale=scale, order=k)


class Migration(migrations.Migration):
    dependencies = [("oversight", "0003_monitoring")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
