"""Fixtures for the closed loop. `make_case` creates a submitted case the way intake would
leave it; tests then move it only through services."""

import pytest

from shuanglian.cases.models import Case, Category


@pytest.fixture
def category(db):
    return Category.objects.get(code="energy")


@pytest.fixture
def make_case(personas, regions, category):
    def make(**fields):
        values = {
            "title": "燃气走线需要调整",
            "description": "新厂房燃气走线与规划冲突，影响投产。",
            "category": category,
            "source": "qr",
            "enterprise_name": "重庆乾凤锻造有限公司",
            "contact_name": "刘经理",
            "contact_phone": "13912345678",
            "region": regions["beibei"],
        }
        values.update(fields)
        return Case.objects.create(**values)

    return make
