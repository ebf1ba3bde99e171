"""`manage.py sweep_duties`: remind contact deputies of key enterprises they have not visited in
time (联系包挂). Run it with `sweep_cases` and `sweep_oversight` (cron or a systemd timer);
idempotent and safe on several hosts at once."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from shuanglian.duties.sweep import duties_sweep


class Command(BaseCommand):
    help = "代表履职扫描：联系包挂企业超期未走访时提醒包挂代表（可重复运行，不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期扫描（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **opts):
        on = None
        if opts["date"]:
            try:
                on = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
        self.stdout.write(duties_sweep(on=on))
