"""Recompute the three rates' roll-up (CaseStat) from the cases.

The roll-up is kept up to date by every case transition; run this after bulk loads (imports that
bypass the services, benchmarks), after deleting a chain (cases' chain is set to NULL without a
transition), or to check the incremental figures: the result must be identical.
"""

import time

from django.core.management.base import BaseCommand

from shuanglian.cases.rates import rollup


class Command(BaseCommand):
    help = "从诉求数据重新计算三率统计汇总表（CaseStat）。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="只比较：重算结果与当前汇总表不一致时以非零状态退出（会重写汇总表）")

    def handle(self, *args, check=False, **options):
        started = time.monotonic()
        before = rollup.snapshot() if check else None
        rows = rollup.rebuild()
        seconds = time.monotonic() - started
        if check:
            after = rollup.snapshot()
            if before != after:
                differing = len(set(before) ^ set(after)) + sum(
                    1 for k in set(before) & set(after) if before[k] != after[k])
                self.stderr.write(f"汇总表与重算结果不一致：{differing} 行不同（已按重算结果重写）。")
                raise SystemExit(1)
        if options.get("verbosity", 1):
            self.stdout.write(f"已重算三率统计汇总：{rows} 行，用时 {seconds:.1f} 秒。")
