"""HTML forms. They parse input and give Chinese field errors; services do the writing."""

from django import forms

from shuanglian.chains.selectors import chain_list
from shuanglian.core import form_fields
from shuanglian.lib.phones import phone_error, phone_normalize
from shuanglian.regions.selectors import region_list

from .models import Deputy, MemberKind, Station
from .selectors import deputy_choices


def _writable_regions(user):
    return region_list(user)


class DeputyForm(form_fields.ModelForm):
    class Meta:
        model = Deputy
        fields = ["name", "level", "region", "sector", "employer", "phone", "is_active"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _writable_regions(user)
        self.fields["region"].empty_label = "请选择区域"
        self.fields["level"].choices = [("", "请选择层级"), *self.fields["level"].choices[1:]]
        self.fields["sector"].widget.attrs["list"] = "sector-options"
        self.fields["name"].error_messages["required"] = "请填写代表姓名。"
        self.fields["level"].error_messages["required"] = "请选择代表层级。"
        self.fields["region"].error_messages["required"] = "请选择选区所属区域。"

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone:
            error = phone_error(phone)
            if error:
                raise forms.ValidationError(error)
            phone = phone_normalize(phone)
        return phone


class StationForm(form_fields.ModelForm):
    class Meta:
        model = Station
        fields = ["kind", "name", "host", "region", "chain", "head", "address", "reception_day", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _writable_regions(user)
        self.fields["region"].empty_label = "请选择区域"
        self.fields["chain"].queryset = chain_list(user)
        self.fields["chain"].empty_label = "（不限产业链）"
        self.fields["head"].queryset = deputy_choices(user)
        self.fields["head"].empty_label = "（暂未明确点长）"
        self.fields["kind"].choices = [("", "请选择类型"), *self.fields["kind"].choices[1:]]
        self.fields["reception_day"].widget.attrs.update({"min": 1, "max": 31})
        self.fields["reception_day"].help_text = "如每月15日接待，填 15；不设固定接待日可留空。"
        self.fields["name"].error_messages["required"] = "请填写阵地名称。"
        self.fields["kind"].error_messages["required"] = "请选择阵地类型。"
        self.fields["region"].error_messages["required"] = "请选择所属区域。"

    def clean_reception_day(self):
        day = self.cleaned_data.get("reception_day")
        if day is not None and not 1 <= day <= 31:
            raise forms.ValidationError("每月接待日应为 1 至 31 之间的日期。")
        return day


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label="身份", choices=MemberKind.choices)
    deputy = form_fields.ModelChoiceField(label="代表", queryset=Deputy.objects.none(), required=False,
                                          empty_label="请选择代表")
    name = forms.CharField(label="网格员姓名", max_length=50, required=False)
    phone = forms.CharField(label="网格员手机号", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))

    def __init__(self, *args, user, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = deputy_choices(user)
        if station is not None:
            qs = qs.exclude(memberships__station=station)
        self.fields["deputy"].queryset = qs

    def clean(self):
        data = super().clean()
        if data.get("kind") == MemberKind.DEPUTY and not data.get("deputy"):
            self.add_error("deputy", "请选择要加入的代表。")
        if data.get("kind") == MemberKind.GRID_WORKER:
            if not (data.get("name") or "").strip():
                self.add_error("name", "请填写网格员姓名。")
            phone = (data.get("phone") or "").strip()
            if phone and phone_error(phone):
                self.add_error("phone", phone_error(phone))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", error_messages={"required": "请选择要导入的 Excel 文件。"})

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。")
        return f
