"""代表码: every deputy gets an unguessable token of their own (a unique value per row, so the
column is added empty, filled row by row, then given its default)."""

import secrets

from django.db import migrations, models

import shuanglian.deputies.models


def fill(apps, schema_editor):
    Deputy = apps.get_model("deputies", "Deputy")
    for deputy in Deputy.objects.filter(code_token__isnull=True).only("pk").iterator():
        Deputy.objects.filter(pk=deputy.pk).update(code_token=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [("deputies", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="deputy", name="code_token",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, verbose_name="代表码令牌"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deputy", name="code_token",
            field=models.CharField(blank=True, default=shuanglian.deputies.models.new_intake_token, editable=False,
                                   max_length=64, null=True, unique=True, verbose_name="代表码令牌"),
        ),
    ]
