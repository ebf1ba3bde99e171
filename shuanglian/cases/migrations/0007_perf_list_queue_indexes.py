"""Indexes for the work queue and the case list at 200 000+ cases (bench/RESULTS.md, "Closed loop").

- The work queue reads the open cases of a region subtree (staff: `region_id IN (…) AND status IN
  (…)`) or of a department (`lead_department_id = … AND status IN (…)`), counts them per light
  (due_date, warn_date) and orders them by light, due date and submission. With due_date,
  warn_date and submitted_at in the index, both the grouped count and the choice of the page's
  ids read the index alone; only the 50 rows shown are fetched from the table.
- The list filtered by chain and status is ordered by (submitted_at, id) descending: an index in
  that order hands over the newest 50 rows without sorting thousands, and with region_id in it
  the (capped) count of a staff member's region reads the index alone.

SQLite appends the rowid (= id) to every index; PostgreSQL gets id as an INCLUDE column (index-
only scans) or as the last key (ordering). Plain SQL, as in 0005, so the model state is unchanged.
"""

from django.db import migrations

INDEXES = {
    # name: (sqlite columns, postgresql columns)
    "cases_case_queue_region": ("region_id, status, due_date, warn_date, submitted_at",
                                "region_id, status, due_date, warn_date, submitted_at) INCLUDE (id"),
    "cases_case_queue_dept": ("lead_department_id, status, due_date, warn_date, submitted_at",
                              "lead_department_id, status, due_date, warn_date, submitted_at) INCLUDE (id"),
    "cases_case_chain_recent": ("chain_id, status, submitted_at, region_id",
                                "chain_id, status, submitted_at, id) INCLUDE (region_id"),
}


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (sqlite_cols, pg_cols) in INDEXES.items():
        cols = pg_cols if postgres else sqlite_cols
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_case ({cols})")
    # Fresh statistics: SQLite without them takes any new index for a very selective one (and then
    # sorts the whole table for the default list instead of walking the submitted_at index).
    schema_editor.execute("ANALYZE cases_case")


def backwards(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_rates_grouping_sets")]
    operations = [migrations.RunPython(forwards, backwards)]
