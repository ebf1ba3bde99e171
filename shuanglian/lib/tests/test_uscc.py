from shuanglian.lib.uscc import uscc_check_char, uscc_error


def test_valid_uscc_passes_including_lower_case_and_spaces():
    body = "91500109MA5U3X2K0"
    code = body + uscc_check_char(body)
    assert uscc_error(code) is None
    assert uscc_error(f" {code.lower()} ") is None


def test_known_real_format_code_is_accepted():
    assert uscc_error("91350100M000100Y43") is None


def test_wrong_length_forbidden_letter_and_bad_check_character():
    assert "18位" in uscc_error("9150010912345")
    assert "I、O、S、V、Z" in uscc_error("91500109MA5U3X2KOB")
    body = "91500109MA5U3X2K0"
    wrong = "0" if uscc_check_char(body) != "0" else "1"
    assert "校验位" in uscc_error(body + wrong)
