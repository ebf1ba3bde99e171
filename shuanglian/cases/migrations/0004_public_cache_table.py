"""The shared cache's table (DatabaseCache), created by `migrate` so the public side's rate
limits work on a fresh database without a separate `createcachetable` step. A no-op when the
cache is Redis (REDIS_URL)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_rates_case_stat")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
