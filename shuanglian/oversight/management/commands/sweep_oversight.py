"""`manage.py sweep_oversight`: yellow/red notices for opinions and ledger tasks, reminders for
missing monitoring reports. Run it with `sweep_cases` (cron or a systemd timer, every 15 minutes);
idempotent and safe on several hosts at once."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from shuanglian.oversight.sweep import oversight_sweep


class Command(BaseCommand):
    help = "监督工作督办扫描：审议意见、台账任务的黄灯红灯提醒，监测报告未报送提醒（可重复运行，不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期扫描（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **opts):
        on = None
        if opts["date"]:
            try:
                on = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
        self.stdout.write(oversight_sweep(on=on))
