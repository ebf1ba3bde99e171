"""Users, roles, the audit log and the working-day calendar overrides."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "人大工作人员"
    HANDLER = "handler", "部门经办人"
    DEPT_LEADER = "dept_leader", "部门负责人"
    DEPUTY = "deputy", "人大代表"
    LEADER = "leader", "领导（只读）"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    """A person who logs in. Enterprises never log in: they hold a tracking code."""

    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.STAFF)
    # Staff, leaders and deputies act within a region and its sub-regions.
    region = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    # Handlers and department leaders act only on their department's work.
    department = models.ForeignKey(
        "regions.Department", verbose_name="所属部门", null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser


class AuditEvent(models.Model):
    """Who did what, when. Written only by services; never edited or deleted.

    event_type is `<entity>.<verb>` after the service that wrote it (case.assign,
    station.rotate_token, auth.login_failed …).
    """

    event_type = models.CharField("事件", max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_label = models.CharField("操作人（显示）", max_length=100, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    target_type = models.CharField("对象类型", max_length=64, blank=True, db_index=True)
    target_id = models.CharField("对象编号", max_length=64, blank=True)
    target_repr = models.CharField("对象", max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    changes = models.JSONField("变更", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.event_type} {self.target_repr}"


class CalendarYear(models.Model):
    """A year whose holiday arrangement staff have confirmed (国务院办公厅通知 published)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    confirmed = models.BooleanField("已确认", default=False)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}（{'已确认' if self.confirmed else '暂定'}）"


class CalendarOverride(models.Model):
    """One day whose status staff set: a holiday or a swapped working day (调休)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：春节、国庆节调休")

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}"


class StoredFile(models.Model):
    """One uploaded file's bytes, kept in the database when SHUANGLIAN_FILE_STORAGE is "db"
    (core/storage.py): every app host reads the same file, and the file is replicated, backed up
    and restored with the row that names it. Files are small (under the upload limit)."""

    name = models.CharField("文件名", max_length=255, unique=True)
    content = models.BinaryField("内容")
    size = models.BigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "存储的文件"
        verbose_name_plural = "存储的文件"

    def __str__(self):
        return self.name
