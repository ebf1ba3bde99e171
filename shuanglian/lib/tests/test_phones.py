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
