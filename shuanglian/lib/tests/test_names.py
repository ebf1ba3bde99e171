from shuanglian.lib.names import enterprise_mask


def test_the_trade_name_is_hidden_and_the_legal_form_kept():
    assert enterprise_mask("重庆乾凤锻造有限公司") == "重庆**有限公司"
    assert enterprise_mask("重庆长安汽车股份有限公司") == "重庆**股份有限公司"
    assert enterprise_mask("千里科技") == "千**"
    assert enterprise_mask("公司") == "公**"
    assert enterprise_mask("") == ""


def test_no_masked_name_contains_the_trade_name():
    for name, trade in [("重庆乾凤锻造有限公司", "乾凤"), ("北碚区宏达毛织厂", "宏达"), ("赛力斯集团", "力斯")]:
        assert trade not in enterprise_mask(name)
