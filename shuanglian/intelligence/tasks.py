"""Background work of 智能分办 (django-tasks, database backend).

`retrain_routing` retrains every routing region's model (training.routing_retrain: adopted only
when it measures better than the cold start). Enqueue it nightly from a scheduler
(`retrain_routing.enqueue()`) or run `manage.py retrain_routing` from cron; safe to repeat (each run
is a new version; only the newest adopted one is used).
"""

from django_tasks import task

from .training import routing_regions, routing_retrain


@task()
def retrain_routing() -> str:
    done = [routing_retrain(region=r) for r in routing_regions()]
    return f"{sum(m is not None for m in done)} 个区域已训练，{sum(bool(m and m.adopted) for m in done)} 个采用"
