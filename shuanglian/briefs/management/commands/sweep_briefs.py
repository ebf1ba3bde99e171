"""`manage.py sweep_briefs`: file last month's brief for every region on the first working day of
the month. Run it daily with the other sweeps (cron or a systemd timer); idempotent and safe on
several hosts at once."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from shuanglian.briefs.schedule import briefs_sweep


class Command(BaseCommand):
    help = "月度简报：每月第一个工作日生成上月简报（每天运行；可重复运行，不会重复生成）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期运行（YYYY-MM-DD，默认今天）")
        parser.add_argument("--month", help="补生成指定月份的简报（YYYY-MM），不论今天是否第一个工作日")

    def handle(self, *args, **opts):
        on = month = None
        try:
            if opts["date"]:
                on = dt.date.fromisoformat(opts["date"])
            if opts["month"]:
                month = dt.date.fromisoformat(f"{opts['month']}-01")
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD，月份格式应为 YYYY-MM") from None
        self.stdout.write(briefs_sweep(on=on, month=month))
