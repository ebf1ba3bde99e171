"""统一社会信用代码 (USCC), GB 32100-2015: 18 characters, the last a check character."""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_error(value: str) -> str | None:
    """None when `value` is a valid USCC, else a Chinese explanation of what is wrong."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位。"
    bad = [c for c in code if c not in ALPHABET]
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用 I、O、S、V、Z）。"
    if uscc_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对后重新输入。"
    return None


def uscc_normalize(value: str) -> str:
    return (value or "").strip().upper()
