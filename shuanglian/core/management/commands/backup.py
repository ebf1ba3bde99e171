from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shuanglian.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库（pg_dump）和附件文件（MEDIA_ROOT）到一个空目录，并写下每张表的行数和每个文件的 SHA-256"

    def add_arguments(self, parser):
        parser.add_argument("out", help="备份目录，如 /backup/shuanglian-2026-12-01（须为空或不存在）")

    def handle(self, *args, **opts):
        try:
            manifest = backup_create(Path(opts["out"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"已备份：{len(manifest['tables'])} 张表共 {rows} 行，{len(manifest['files'])} 个附件文件 → {opts['out']}")
