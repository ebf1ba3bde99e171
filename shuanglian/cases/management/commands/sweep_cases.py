"""`manage.py sweep_cases`: send yellow/red supervision notices (红黄绿三色督办).

Run it every 15 minutes (cron or a systemd timer; docs/supervision.md). Idempotent: a notice is
written once per case, clock, level and due date, guarded by a unique key, so overlapping runs on
several hosts add nothing twice.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from shuanglian.cases.supervision import supervision_sweep
from shuanglian.cases.tasks import sweep_cases


class Command(BaseCommand):
    help = "督办扫描：为黄灯、红灯诉求发送督办提醒（可重复运行，不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期扫描（YYYY-MM-DD，默认今天）")
        parser.add_argument("--enqueue", action="store_true", help="放入后台任务队列，由任务进程执行")

    def handle(self, *args, **opts):
        if opts["enqueue"]:
            result = sweep_cases.enqueue()
            self.stdout.write(f"已加入任务队列：{result.id}")
            return
        on = None
        if opts["date"]:
            try:
                on = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
        self.stdout.write(str(supervision_sweep(on=on)))
