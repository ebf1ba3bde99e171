"""Mainland phone numbers: validation and masking (个人信息最小化)."""

import re

# ASCII digits only ([0-9], not \d: a full-width or Arabic-Indic digit is not dialled).
MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# Mainland area codes are 0 + 2 or 3 digits not starting with 0 (010, 023, 0571); local numbers
# start with 2–9. So 00000000000 or 023-01234567 cannot be dialled and are refused.
LANDLINE = re.compile(r"^0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(-[0-9]{1,6})?$")


def phone_normalize(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value or "").replace("+86", "", 1)


def phone_error(value: str) -> str | None:
    number = phone_normalize(value)
    if MOBILE.match(number) or LANDLINE.match(number):
        return None
    return "请输入有效的手机号（11位）或带区号的固定电话，如 13812345678 或 023-68123456。"


def phone_mask(value: str) -> str:
    """138****5678; landlines keep area code and last four digits."""
    number = phone_normalize(value)
    if not number:
        return ""
    if MOBILE.match(number):
        return f"{number[:3]}****{number[-4:]}"
    if len(number) > 4:
        return f"{number[:4]}****{number[-4:]}" if len(number) > 8 else "****" + number[-4:]
    return "****"


# Personal data inside free text (an answer letter naming a contact): mobiles, landlines with area
# code, ID card numbers and e-mail addresses. Digit runs are bounded so that a longer number (an
# amount, a document number) is not cut in half.
_PERSONAL = re.compile(
    r"(?<![0-9])(?:1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}|[1-9][0-9]{16}[0-9Xx])(?![0-9])"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
)
REDACTED = "〔已隐去〕"


def personal_data_removed(text: str) -> str:
    """`text` for publication: phone numbers, ID card numbers and e-mail addresses replaced."""
    return _PERSONAL.sub(REDACTED, text or "")
