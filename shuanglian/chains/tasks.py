"""Background work of the chain module (django-tasks, database backend: `manage.py db_worker`)."""

from django_tasks import task

from .imports import import_job_run


@task()
def run_import_job(job_id: int) -> int:
    """Run a large Excel import; the page polls the ImportJob row for progress."""
    return import_job_run(job_id).pk
