"""Chinese substring search (燃气 finds 燃气走线) on PostgreSQL: trigram GIN indexes on the
expressions Django's icontains uses (UPPER(col) LIKE UPPER('%q%')), so the case list's `q`
does not scan every row. pg_trgm is a trusted extension (PostgreSQL ≥ 13). On SQLite nothing
happens: icontains scans, which is fine at its scale."""

from django.db import migrations

COLUMNS = ["title", "enterprise_name", "description"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for col in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS cases_case_{col}_trgm ON cases_case USING gin (UPPER("{col}") gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for col in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS cases_case_{col}_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_public_cache_table")]
    operations = [migrations.RunPython(forwards, backwards)]
