"""HTML forms of the duty chain. They parse input and give Chinese field errors; services write."""

from django import forms

from shuanglian.cases.models import Category
from shuanglian.core import form_fields

from .models import ActivityKind, ReceptionKind, Recurrence

REQUIRED = "请填写{label}。"


class ChineseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED.format(label=field.label)
            field.error_messages.setdefault("invalid", f"{field.label}格式不正确。")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class RuleForm(ChineseForm):
    kind = forms.ChoiceField(label="接待类型", choices=ReceptionKind.choices)
    recurrence = forms.ChoiceField(label="周期", choices=Recurrence.choices)
    day = form_fields.IntegerField(label="每月第几日", min_value=1, max_value=31, initial=15,
                                   error_messages={"min_value": "接待日应为 1 至 31 日。", "max_value": "接待日应为 1 至 31 日。"})
    start_time = form_fields.TimeField(label="开始时间", widget=TIME_WIDGET, initial="09:00")
    end_time = form_fields.TimeField(label="结束时间", widget=TIME_WIDGET, initial="11:00")
    valid_from = form_fields.DateField(label="起用日期", widget=DATE_WIDGET)


class ScheduleForm(ChineseForm):
    date = form_fields.DateField(label="接待日期", widget=DATE_WIDGET)
    kind = forms.ChoiceField(label="接待类型", choices=ReceptionKind.choices)
    start_time = form_fields.TimeField(label="开始时间", widget=TIME_WIDGET, required=False,
                                       help_text="按规则排定的日期可留空，取规则的时间")
    end_time = form_fields.TimeField(label="结束时间", widget=TIME_WIDGET, required=False)
    officials = forms.CharField(label="接待领导", max_length=200, required=False,
                                help_text="企业家接待日由领导接待，填写姓名职务")
    deputies = form_fields.ModelMultipleChoiceField(label="值班代表", queryset=None, required=False,
                                                    widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies


class PageForm(ChineseForm):
    is_public = forms.BooleanField(label="公开本阵地的公示页（无需登录即可查看）", required=False)
    procedure = forms.CharField(label="接待流程（每行一步，留空用通用流程）", widget=forms.Textarea(attrs={"rows": 4}),
                                required=False, max_length=5000)
    rules = forms.CharField(label="工作制度（每行一条）", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                            max_length=5000)


class RecordForm(ChineseForm):
    version = form_fields.IntegerField(widget=forms.HiddenInput)
    enterprises = forms.CharField(label="接待企业（每行一家）", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    answered_on_spot = forms.CharField(label="现场解答的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                       max_length=5000)
    notes = forms.CharField(label="接待情况", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)
    officials = forms.CharField(label="接待领导", max_length=200, required=False)

    def enterprise_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["enterprises"].splitlines() if line.strip()]


class DemandForm(ChineseForm):
    enterprise_name = forms.CharField(label="企业名称", max_length=120)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=20,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    category = form_fields.ModelChoiceField(label="诉求类别", queryset=Category.objects.filter(is_active=True),
                                            empty_label="请选择类别")
    title = forms.CharField(label="标题（选填）", max_length=120, required=False)
    description = forms.CharField(label="诉求内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ActivityForm(ChineseForm):
    kind = forms.ChoiceField(label="活动类型", choices=ActivityKind.choices)
    title = forms.CharField(label="活动主题", max_length=120)
    date = form_fields.DateField(label="日期", widget=DATE_WIDGET)
    place = forms.CharField(label="地点", max_length=200, required=False)
    organiser = forms.CharField(label="组织单位", max_length=120, required=False)
    notes = forms.CharField(label="情况记录", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000)
    present = form_fields.ModelMultipleChoiceField(label="出席的代表", queryset=None, required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    absent = form_fields.ModelMultipleChoiceField(label="缺席的代表", queryset=None, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    grid_workers = form_fields.ModelMultipleChoiceField(label="参加的网格员", queryset=None, required=False,
                                                        widget=forms.CheckboxSelectMultiple)
    # compared as text: a non-ASCII digit is no id
    enterprises = forms.MultipleChoiceField(label="走访企业", required=False, widget=forms.CheckboxSelectMultiple,
                                            help_text="走访、视察、调研的企业计为联系包挂的“已走访”")

    def __init__(self, *args, deputies, grid_workers, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = deputies
        self.fields["absent"].queryset = deputies
        self.fields["grid_workers"].queryset = grid_workers
        self.enterprise_objects = {str(e.pk): e for e in enterprises}
        self.fields["enterprises"].choices = [(str(e.pk), f"{e.name}（重点）" if e.is_key else e.name)
                                              for e in enterprises]
        self.fields["enterprises"].error_messages["invalid_choice"] = "所选走访企业不在可选范围内。"

    def chosen_enterprises(self) -> list:
        return [self.enterprise_objects[pk] for pk in self.cleaned_data.get("enterprises") or []]

    def clean(self):
        data = super().clean()
        both = set(data.get("present") or []) & set(data.get("absent") or [])
        if both:
            raise forms.ValidationError(f"{'、'.join(d.name for d in both)}不能同时记为出席和缺席。")
        return data


class VoterReportForm(ChineseForm):
    date = form_fields.DateField(label="述职日期", widget=DATE_WIDGET)
    place = forms.CharField(label="述职地点", max_length=120)
    attendees = form_fields.IntegerField(label="参加选民人数", min_value=1, max_value=100_000,
                                         error_messages={"min_value": "参加选民人数至少为 1。",
                                                         "max_value": "参加选民人数过大。"})
    summary = forms.CharField(label="述职及评议情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="述职内容要点、选民提出的意见和评议结果")
