from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shuanglian.core.replica import replica_configured, replica_health


class Command(BaseCommand):
    help = "检查只读副本：能否连接、是否在复制、落后主库多少秒；不可用时说明原因（此时所有读取改走主库）"

    def handle(self, *args, **opts):
        health = replica_health(fresh=True)
        self.stdout.write(health.reason)
        if replica_configured():
            self.stdout.write(f"落后上限 {settings.SHUANGLIAN_REPLICA_MAX_LAG:g} 秒；写后读主库 "
                              f"{settings.SHUANGLIAN_REPLICA_PIN_SECONDS:g} 秒。")
            if not health.usable:
                raise CommandError("只读副本不可用：可过时的读取（三率、大屏、导出、公开页面、月报）现由主库承担。")
