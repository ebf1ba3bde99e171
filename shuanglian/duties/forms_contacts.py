"""Forms of 联系包挂: choices are compared as text (a non-ASCII digit such as '٣' is no id), dates
are read by lib.parse (YYYY-MM-DD, ASCII digits only)."""

from django import forms

from shuanglian.lib.parse import BadInput, is_ascii_digits, parse_date

from .forms import DATE_WIDGET, ChineseForm


class AsciiDateField(forms.CharField):
    widget = DATE_WIDGET

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_date(value, name=self.label)
        except BadInput as exc:
            raise forms.ValidationError(exc.message) from None


class ContactLinkForm(ChineseForm):
    deputy = forms.ChoiceField(label="代表")
    enterprise = forms.ChoiceField(label="企业", help_text="本阵地所在区域（及所在产业链）的企业；重点企业标“重点”")
    started_on = AsciiDateField(label="包挂起始日期", required=False, help_text="留空为今天")

    def __init__(self, *args, deputies, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].choices = [("", "请选择代表")] + [(str(d.pk), d.name) for d in deputies]
        self.fields["enterprise"].choices = [("", "请选择企业")] + [
            (str(e.pk), f"{e.name}（重点）" if e.is_key else e.name) for e in enterprises]
        for name in ("deputy", "enterprise"):
            self.fields[name].error_messages["invalid_choice"] = f"所选{self.fields[name].label}不在可选范围内。"


class ContactEndForm(ChineseForm):
    ended_on = AsciiDateField(label="包挂结束日期", required=False, help_text="留空为今天")
    version = forms.CharField(widget=forms.HiddenInput)

    def clean_version(self):
        raw = self.cleaned_data["version"]
        if not is_ascii_digits(raw):
            raise forms.ValidationError("版本号无效，请刷新页面后重试。")
        return int(raw)
