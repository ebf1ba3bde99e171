"""manage.py retrain_routing [--region CODE] [--enqueue] — retrain the routing models now (or
queue it for the worker). Nightly from cron / a systemd timer; on demand after a large import."""

from django.core.management.base import BaseCommand, CommandError

from shuanglian.intelligence.tasks import retrain_routing
from shuanglian.intelligence.training import routing_regions, routing_retrain
from shuanglian.regions.models import Region


class Command(BaseCommand):
    help = "重新训练智能分办模型（仅当留出检验优于冷启动时采用）"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只训练此区划代码的区域")
        parser.add_argument("--enqueue", action="store_true", help="放入后台任务队列，由 db_worker 执行")

    def handle(self, *args, region=None, enqueue=False, **options):
        if enqueue:
            retrain_routing.enqueue()
            self.stdout.write("已放入后台任务队列。")
            return
        regions = routing_regions()
        if region:
            regions = [r for r in regions if r.code == region] or list(Region.objects.filter(code=region))
            if not regions:
                raise CommandError(f"没有区划代码为 {region} 的区域。")
        for r in regions:
            model = routing_retrain(region=r)
            if model is None:
                self.stdout.write(f"{r.name}：历史诉求不足，继续使用冷启动。")
            else:
                verdict = "已采用" if model.adopted else "未采用（不优于冷启动）"
                self.stdout.write(f"{r.name}：v{model.version}，{model.cases} 件，留出准确率 {model.accuracy:.1%}"
                                  f"（冷启动 {model.cold_accuracy:.1%}），{verdict}")
