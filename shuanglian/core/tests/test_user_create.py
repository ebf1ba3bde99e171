"""Accounts are created by one service: only an admin (or the system), a person's password must
pass the password rules, department roles need a department, and every account is audited."""

import pytest
from django.core.exceptions import PermissionDenied

from shuanglian.core import services
from shuanglian.core.errors import BusinessError
from shuanglian.core.models import AuditEvent, User


def test_admin_creates_a_handler_who_can_log_in(personas, departments, client):
    user = services.user_create(actor=personas["admin"], username="new_handler", role="handler",
                                display_name="新经办人", department=departments["jxw"], password="Gd7#kq2!Lm")
    assert user.region == departments["jxw"].region and not user.is_staff
    resp = client.post("/accounts/login/", {"username": "new_handler", "password": "Gd7#kq2!Lm"})
    assert resp.status_code == 302 and client.get("/").wsgi_request.user == user
    event = AuditEvent.objects.get(event_type="user.create", target_id=str(user.pk))
    assert event.actor == personas["admin"]


def test_the_system_creates_an_admin_and_a_password_less_actor(db):
    admin = services.user_create(actor=None, username="sys_admin", role="admin", display_name="系统管理员",
                                 password="shuanglian")
    assert admin.is_staff and admin.is_superuser and admin.check_password("shuanglian")
    actor = services.user_create(actor=None, username="sys_actor", role="staff")
    assert not actor.has_usable_password()
    assert AuditEvent.objects.filter(event_type="user.create", actor_label="系统").count() == 2


@pytest.mark.parametrize("kwargs, message", [
    ({"username": "p_staff", "role": "staff"}, "已存在"),
    ({"username": "  ", "role": "staff"}, "请填写用户名"),
    ({"username": "x1", "role": "boss"}, "未知的角色"),
    ({"username": "x2", "role": "handler"}, "须指定所属部门"),
    ({"username": "x3", "role": "staff", "password": "shuanglian"}, "密码"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_written(personas, kwargs, message):
    users, events = User.objects.count(), AuditEvent.objects.count()
    with pytest.raises(BusinessError, match=message):
        services.user_create(actor=personas["admin"], **kwargs)
    assert (User.objects.count(), AuditEvent.objects.count()) == (users, events)


def test_only_an_admin_creates_accounts(personas):
    with pytest.raises(PermissionDenied, match="系统管理员"):
        services.user_create(actor=personas["staff"], username="sneaky", role="admin", password="Gd7#kq2!Lm")
    assert not User.objects.filter(username="sneaky").exists()
