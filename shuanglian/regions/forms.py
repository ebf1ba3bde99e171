from django import forms

from shuanglian.core import form_fields

from .models import Department
from .selectors import region_list


class DepartmentForm(form_fields.ModelForm):
    webhook_url = forms.URLField(label="通知推送地址", required=False, assume_scheme="https",
                                 help_text="如渝快政等平台的接收地址")
    class Meta:
        model = Department
        fields = ["name", "short_name", "region", "email", "webhook_url", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_list(user)
        self.fields["region"].empty_label = "请选择区域"
        self.fields["name"].error_messages["required"] = "请填写部门名称。"
        self.fields["region"].error_messages["required"] = "请选择部门所属区域。"
        self.fields["email"].error_messages["invalid"] = "请输入有效的邮箱地址，如 jxw@beibei.gov.cn。"
        self.fields["webhook_url"].error_messages["invalid"] = "请输入以 http:// 或 https:// 开头的完整地址。"

    def clean(self):
        data = super().clean()
        name, region = data.get("name"), data.get("region")
        if name and region:
            taken = Department.objects.filter(region=region, name=name.strip())
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                # A field error also keeps the model's generic unique-constraint message away.
                self.add_error("name", f"{region.name}已有名为「{name}」的部门。")
        return data
