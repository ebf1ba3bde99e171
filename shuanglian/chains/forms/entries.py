"""Small entry forms: a node's rating, period figures, monthly investment, milestones, lead
contacts, policy applications, the schedule rule."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from shuanglian.core import form_fields
from shuanglian.lib.uscc import uscc_normalize
from shuanglian.regions.models import Region

from ..models import (
    ApplicationStatus,
    PeriodKind,
    ScheduleRule,
    Strength,
)
from .base import (
    DATE,
    MONEY,
    RefreshVersion,
    _months_field,
)


class NodeRateForm(RefreshVersion, forms.Form):
    strength = forms.ChoiceField(label="强弱评估", required=False, choices=[("", "自动测算"), *Strength.choices])
    strength_note = forms.CharField(label="说明", max_length=200, required=False,
                                    widget=forms.TextInput(attrs={"placeholder": "如：唯一供应商停产"}))
    version = form_fields.IntegerField(widget=forms.HiddenInput, required=False)


class MetricForm(RefreshVersion, forms.Form):
    period_kind = forms.ChoiceField(label="周期", choices=PeriodKind.choices, initial=PeriodKind.QUARTER)
    year = form_fields.IntegerField(label="年份", min_value=2000, max_value=2100,
                                    error_messages={"min_value": "年份应在2000–2100之间", "max_value": "年份应在2000–2100之间",
                                                    "required": "请填写年份。"})
    quarter = forms.TypedChoiceField(label="季度", required=False, coerce=int, empty_value=None,
                                     choices=[("", "（年度数据）"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")])
    output = form_fields.DecimalField(label="规上产值（亿元）", min_value=0, max_digits=14, decimal_places=2,
                                      widget=forms.NumberInput(attrs=MONEY), error_messages={"required": "请填写本期产值。"})
    last_output = form_fields.DecimalField(label="上年同期产值（亿元）", required=False, min_value=0, max_digits=14, decimal_places=2,
                                           widget=forms.NumberInput(attrs=MONEY), help_text="用于计算同比增长")
    region_output = form_fields.DecimalField(label="全区工业总产值（亿元）", required=False, min_value=0, max_digits=14,
                                             decimal_places=2, widget=forms.NumberInput(attrs=MONEY), help_text="用于计算占比")
    above_scale_count = form_fields.IntegerField(label="规上企业数", required=False, min_value=0)
    note = forms.CharField(label="来源说明", max_length=200, required=False)
    version = form_fields.IntegerField(widget=forms.HiddenInput, required=False, initial=0)

    def clean(self):
        data = super().clean()
        if data.get("period_kind") == PeriodKind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", "季度数据请选择第几季度。")
        if data.get("period_kind") == PeriodKind.YEAR:
            data["quarter"] = None
        output, region = data.get("output"), data.get("region_output")
        if output is not None and region is not None and region < output:
            self.add_error("region_output", "全区工业总产值不能小于本产业链产值。")
        return data


class InvestmentForm(forms.Form):
    month = _months_field("月份", required=True)
    amount = form_fields.DecimalField(label="当月完成投资（亿元）", min_value=0, max_digits=14, decimal_places=2,
                                      widget=forms.NumberInput(attrs=MONEY), error_messages={"required": "请填写完成投资。"})

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate().replace(day=1):
            raise forms.ValidationError("不能填报未来月份的完成投资。")
        return month


class MilestoneForm(forms.Form):
    name = forms.CharField(label="里程碑", max_length=80, error_messages={"required": "请填写里程碑名称。"})
    planned_on = form_fields.DateField(label="计划日期", widget=DATE, error_messages={"required": "请填写计划日期。"})
    done_on = form_fields.DateField(label="完成日期", widget=DATE, required=False)


class ContactForm(forms.Form):
    on = form_fields.DateField(label="对接日期", widget=DATE, initial=dt.date.today,
                               error_messages={"required": "请填写对接日期。", "invalid": "日期格式应为 2025-03-15"})
    who = forms.CharField(label="对接人", max_length=100, error_messages={"required": "请填写对接人。"},
                          widget=forms.TextInput(attrs={"placeholder": "如：区经济信息委 张三；对方 李总"}))
    what = forms.CharField(label="对接内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "请填写对接内容。"})
    next_step = forms.CharField(label="下一步", max_length=200, required=False)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("对接日期不能晚于今天。")
        return on


class ApplicationForm(forms.Form):
    enterprise = forms.CharField(label="企业（统一社会信用代码或全称）", max_length=120,
                                 error_messages={"required": "请填写企业的统一社会信用代码或全称。"})
    status = forms.ChoiceField(label="状态", choices=ApplicationStatus.choices, initial=ApplicationStatus.APPLIED)
    applied_on = form_fields.DateField(label="申报日期", widget=DATE, required=False)
    granted_on = form_fields.DateField(label="兑现日期", widget=DATE, required=False, help_text="状态为“已兑现”时填写，留空为今天")
    amount = form_fields.DecimalField(label="兑现金额（万元）", required=False, min_value=0, max_digits=14, decimal_places=2,
                                      widget=forms.NumberInput(attrs=MONEY))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises

    def clean_enterprise(self):
        raw = self.cleaned_data["enterprise"].strip()
        uscc = uscc_normalize(raw)
        found = list(self.enterprises.filter(uscc=uscc)[:1]) if uscc and len(uscc) == 18 else []
        if not found:
            found = list(self.enterprises.filter(name=raw)[:2])
        if not found:
            raise forms.ValidationError(f"企业清单中没有“{raw}”，请核对统一社会信用代码或全称（可先在企业清单中登记）。")
        if len(found) > 1:
            raise forms.ValidationError(f"有多家企业叫“{raw}”，请改填统一社会信用代码。")
        return found[0]

    def clean(self):
        data = super().clean()
        if data.get("status") != ApplicationStatus.GRANTED and data.get("granted_on"):
            self.add_error("granted_on", "只有“已兑现”的申报才填写兑现日期。")
        applied, granted = data.get("applied_on"), data.get("granted_on")
        if applied and granted and granted < applied:
            self.add_error("granted_on", "兑现日期不能早于申报日期。")
        return data


class ScheduleForm(forms.Form):
    region = form_fields.ModelChoiceField(label="区域", queryset=Region.objects.none(), empty_label=None)
    rule = forms.ChoiceField(label="序时进度规则", choices=ScheduleRule.choices, widget=forms.RadioSelect)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
