"""Chinese names of the audit events core writes (see core.audit_labels)."""

from .audit_labels import register

register(
    nouns={"auth": "登录与令牌", "user": "用户", "calendar": "工作日历", "audit": "审计日志", "storage": "文件存储"},
    labels={
        "auth.login": "登录", "auth.logout": "退出登录", "auth.login_failed": "登录失败",
        "auth.token_issue": "签发接口令牌", "audit.export": "导出审计日志",
        "calendar.override_set": "设置工作日调整", "calendar.override_delete": "删除工作日调整",
        "calendar.year_confirm": "确认全年工作日历", "storage.files_move": "迁移附件文件",
    },
)
