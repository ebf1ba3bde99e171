"""Build the demo data from the seed articles. Idempotent: running it twice changes nothing."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: chains need regions and departments; stations serve chains; cases need all.
BUILDERS = ["foundation", "chains", "registry", "cases", "oversight", "oversight_campaigns", "oversight_monitoring", "oversight_ledgers", "duties"]


class Command(BaseCommand):
    help = "建立演示数据（北碚区、璧山区、东莞市；演示账号密码 shuanglian）"

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="只运行这些部分", default=None)

    def handle(self, *args, **opts):
        for name in BUILDERS:
            if opts["only"] and name not in opts["only"]:
                continue
            try:
                module = import_module(f"shuanglian.demo.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"shuanglian.demo.{name}":
                    raise
                continue
            with transaction.atomic():
                summary = module.build()
            self.stdout.write(f"  {name}: {summary}")
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号（密码均为 shuanglian，仅限演示）："))
        from shuanglian.demo.foundation import DEMO_ACCOUNTS

        for username, label in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14} {label}")
        self.stdout.write("打开 http://127.0.0.1:8000/ 登录。")
