from django.db import migrations, models


def fill_year(apps, schema_editor):
    ProjectInvestment = apps.get_model("chains", "ProjectInvestment")
    for row in ProjectInvestment.objects.all().only("id", "month"):
        ProjectInvestment.objects.filter(pk=row.pk).update(year=row.month.year)


class Migration(migrations.Migration):

    dependencies = [
        ("chains", "0002_five_lists"),
    ]

    operations = [
        migrations.AddField(
            model_name="projectinvestment",
            name="year",
            field=models.PositiveSmallIntegerField(db_index=True, default=0, editable=False, help_text="取自月份，便于按计划年度汇总", verbose_name="年份"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
    ]
