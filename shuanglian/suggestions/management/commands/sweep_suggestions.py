"""`manage.py sweep_suggestions`: yellow/red notices for suggestions' answers, ratings and
commitments. Run it with `sweep_cases` (cron or a systemd timer, every 15 minutes); idempotent and
safe on several hosts at once."""

from django.core.management.base import BaseCommand, CommandError

from shuanglian.lib.parse import BadInput, parse_date
from shuanglian.suggestions.sweep import suggestion_sweep


class Command(BaseCommand):
    help = "代表建议督办扫描：答复、评价和承诺事项的黄灯红灯提醒（可重复运行，不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期扫描（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **opts):
        on = None
        if opts["date"]:
            try:
                on = parse_date(opts["date"], name="扫描日期")
            except BadInput as exc:
                raise CommandError(exc.message) from None
        self.stdout.write(suggestion_sweep(on=on))
