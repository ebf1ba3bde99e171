"""Background work for the closed loop (django-tasks, database backend).

`sweep_cases` runs the 红黄绿 supervision sweep. Enqueue it from a scheduler
(`sweep_cases.enqueue()`), or run `manage.py sweep_cases` from cron / a systemd timer every
15 minutes — see docs/supervision.md. The sweep is idempotent and safe on many hosts at once.
"""

from django_tasks import task

from .supervision import supervision_sweep


@task()
def sweep_cases() -> str:
    return str(supervision_sweep())
