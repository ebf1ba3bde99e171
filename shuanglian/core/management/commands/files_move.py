from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shuanglian.core.files_move import files_move
from shuanglian.core.storage import storage_named


class Command(BaseCommand):
    help = "把附件和导入文件从一种存储复制到另一种（local：本机 MEDIA_ROOT；db：数据库），逐个校验大小和 SHA-256；可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", choices=["local", "db"], default="local", help="来源存储（默认 local）")
        parser.add_argument("--to", dest="target", choices=["local", "db"], default="db", help="目标存储（默认 db）")

    def handle(self, *args, **opts):
        if opts["source"] == opts["target"]:
            raise CommandError("来源和目标存储相同，无需迁移。")
        report = files_move(source=storage_named(opts["source"]), target=storage_named(opts["target"]))
        self.stdout.write(
            f"共 {report.found} 个文件（{report.bytes} 字节）：复制并校验 {report.copied} 个，目标中已有相同文件 {report.present} 个；"
            f"记录引用的文件 {report.referenced} 个。")
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"{len(report.problems)} 个文件有问题，见上。")
        if opts["target"] != settings.SHUANGLIAN_FILE_STORAGE:
            self.stdout.write(f"提示：当前 SHUANGLIAN_FILE_STORAGE={settings.SHUANGLIAN_FILE_STORAGE}，"
                              f"请改为 {opts['target']} 后重启各主机。")
        else:
            self.stdout.write("全部校验通过。")
