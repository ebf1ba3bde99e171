"""lib.phones: numbers that cannot be dialled on the mainland are refused (issue 13, item 12)."""

import pytest

from shuanglian.lib.phones import phone_error, phone_mask


@pytest.mark.parametrize("number", ["00000000000", "0000-0000000", "023-01234567", "12345678901", "１３８１２３４５６７８",
                                    "13812345６78", "٠٢٣٦٨١٢٣٤٥٦", "10086", ""])
def test_impossible_numbers_are_refused_in_chinese(number):
    assert "有效的手机号" in phone_error(number)


@pytest.mark.parametrize("number", ["13812345678", "+86 138 1234 5678", "023-68123456", "02368123456", "010-62345678",
                                    "0571-87654321", "023-68123456-801", "(023)68123456"])
def test_real_numbers_are_accepted(number):
    assert phone_error(number) is None


def test_mask():
    assert phone_mask("13812345678") == "138****5678"


def test_personal_data_is_removed_from_published_text_and_amounts_stay():
    from shuanglian.lib.phones import personal_data_removed

    text = ("联系人张三，电话13812345678，座机023-68123456，身份证50010119800101123X，邮箱zs@example.com；"
            "投资12345678901234元，文号渝经信〔2026〕12号。")
    out = personal_data_removed(text)
    for secret in ("13812345678", "023-68123456", "50010119800101123X", "zs@example.com"):
        assert secret not in out
    assert out.count("〔已隐去〕") == 4 and "12345678901234元" in out and "〔2026〕12号" in out
