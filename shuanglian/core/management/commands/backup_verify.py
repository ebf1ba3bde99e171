from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shuanglian.core.backup import BackupError, backup_verify


class Command(BaseCommand):
    help = "把备份恢复到临时数据库和临时目录，核对每张表的行数和每个附件文件的 SHA-256（不触碰正在使用的数据库）"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="manage.py backup 写出的备份目录")
        parser.add_argument("--scratch", default=None, help="临时数据库名（默认 <数据库名>_restore_check，检查后删除）")

    def handle(self, *args, **opts):
        try:
            problems = backup_verify(Path(opts["folder"]), scratch=opts["scratch"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if problems:
            raise CommandError("恢复检查未通过：\n" + "\n".join(problems))
        self.stdout.write("恢复检查通过：每张表的行数和每个附件文件都与备份时一致。")
