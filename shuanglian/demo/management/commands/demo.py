"""Build the demo data from the seed articles. Idempotent: running it twice changes nothing.

It creates accounts with a published password, so it refuses to run on a site that is not in
debug mode unless told explicitly that this is a demo (`make demo` says so)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shuanglian.demo import (
    cases,
    chains,
    duties,
    foundation,
    oversight,
    oversight_campaigns,
    oversight_ledgers,
    oversight_monitoring,
    points,
    registry,
    suggestions,
)

# Order matters: chains need regions and departments; stations serve chains; cases need all;
# oversight links its plan to the chain; campaigns, monitoring and ledgers send findings into the
# cases and the ledgers link them; the duty chain's receptions send demands into the cases; the
# suggestions come from the duty chain's inspections; points (paid along the way) are published last.
BUILDERS = [
    ("foundation", foundation.build),
    ("chains", chains.build),
    ("registry", registry.build),
    ("cases", cases.build),
    ("oversight", oversight.build),
    ("oversight_campaigns", oversight_campaigns.build),
    ("oversight_monitoring", oversight_monitoring.build),
    ("oversight_ledgers", oversight_ledgers.build),
    ("duties", duties.build),
    ("suggestions", suggestions.build),
    ("points", points.build),
]

REFUSAL = ("拒绝运行：演示数据会创建使用公开密码（shuanglian）的账号，只能在演示或开发环境中建立。"
           "当前不是调试模式（DJANGO_DEBUG 未开启）；如确认这是演示站点，请加参数 --i-know-this-is-a-demo。")


class Command(BaseCommand):
    help = "建立演示数据（北碚区、璧山区、东莞市、黔江区；演示账号密码 shuanglian，仅限演示）"

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", default=None, choices=[name for name, _ in BUILDERS],
                            help="只运行这些部分")
        parser.add_argument("--i-know-this-is-a-demo", action="store_true", dest="i_know_this_is_a_demo",
                            help="确认这是演示站点：即使未开启调试模式也建立演示数据和演示账号")

    def handle(self, *args, **opts):
        if not (settings.DEBUG or opts["i_know_this_is_a_demo"]):
            raise CommandError(REFUSAL, returncode=2)
        for name, build in BUILDERS:
            if opts["only"] and name not in opts["only"]:
                continue
            with transaction.atomic():
                summary = build()
            self.stdout.write(f"  {name}: {summary}")
        self.stdout.write(self.style.SUCCESS(
            f"演示数据已就绪。演示账号（密码均为 {foundation.DEMO_PASSWORD}，仅限演示）："))
        for username, label in foundation.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {label}")
        self.stdout.write(f"打开 {settings.SITE_URL}/ 登录。")
