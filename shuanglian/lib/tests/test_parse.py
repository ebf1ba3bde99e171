"""lib.parse: one definition of a valid id, code, date and time — ASCII digits only, real dates,
Chinese messages; and lib.text: the characters no stored text may hold."""

import datetime as dt

import pytest

from shuanglian.lib import parse
from shuanglian.lib.parse import BadInput
from shuanglian.lib.text import forbidden_char, xml_safe


@pytest.mark.parametrize("value", ["³", "①", "٣", "１２", " ", "", "1.0", "-1", "0", "1e3", "99999999999999999999", None, "12a"])
def test_not_an_id(value):
    assert parse.id_or_none(value) is None
    with pytest.raises(BadInput) as info:
        parse.parse_id(value, name="部门编号")
    assert "部门编号" in info.value.message


@pytest.mark.parametrize("value, expected", [("1", 1), (" 42 ", 42), (7, 7), (str(2**63 - 1), 2**63 - 1)])
def test_ids(value, expected):
    assert parse.parse_id(value) == expected


def test_unicode_digits_are_not_digits():
    assert "³".isdigit()  # why this module exists
    assert not parse.is_ascii_digits("³") and not parse.is_ascii_digits("①") and parse.is_ascii_digits("0123")


def test_code_and_int():
    assert parse.parse_code(" 500109 ", name="区划代码", length=6) == "500109"
    for bad in ("50010９", "5001", "³"):
        with pytest.raises(BadInput):
            parse.parse_code(bad, name="区划代码", length=6)
    assert parse.parse_int("-3", name="天数") == -3
    with pytest.raises(BadInput, match="不能大于"):
        parse.parse_int("400", name="天数", maximum=365)
    with pytest.raises(BadInput):
        parse.parse_int("٣", name="天数")
    assert parse.parse_ids("3, 5,8") == [3, 5, 8]


@pytest.mark.parametrize("value", ["2025-13-45", "2025-02-30", "2025-00-10", "abc", "", "２０２５-01-01", "2025-1-1x"])
def test_impossible_dates_are_bad_input(value):
    with pytest.raises(BadInput) as info:
        parse.parse_date(value, name="开始日期")
    assert "开始日期" in info.value.message


def test_dates():
    assert parse.parse_date("2025-04-22") == dt.date(2025, 4, 22)
    assert parse.parse_date("2025/4/2") == dt.date(2025, 4, 2)


@pytest.mark.parametrize("value", ["2025-13-45T00:00:00", "2025-01-01T25:00:00", "2025-01-01T00:00:00+25:00",
                                   "2025-01-01T00:00:00³", "yesterday", "2025-01-01T0:0"])
def test_impossible_datetimes_are_bad_input(value):
    with pytest.raises(BadInput):
        parse.parse_datetime(value, name="start_date")


def test_datetimes():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    assert parse.parse_datetime("2025-04-22T09:30:00+08:00") == dt.datetime(2025, 4, 22, 9, 30, tzinfo=shanghai)
    assert parse.parse_datetime("2025-04-22T01:30:00Z") == dt.datetime(2025, 4, 22, 9, 30, tzinfo=shanghai)
    assert parse.parse_datetime("2025-04-22", default_tz=shanghai) == dt.datetime(2025, 4, 22, tzinfo=shanghai)
    assert parse.parse_datetime("2025-04-22 09:30:15.5").microsecond == 500000


def test_forbidden_characters_and_xml_safe():
    every_control = "".join(chr(i) for i in range(32)) + "\ud800\ufffe\uffff"
    assert forbidden_char("正常\t文本\r\n") is None
    assert forbidden_char("用电\x00不足") == "\x00"
    assert xml_safe("用电" + every_control + "不足") == "用电\t\n\r不足"
    assert xml_safe(5) == 5
