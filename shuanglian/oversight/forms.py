"""Forms of the oversight pages that create records (the action forms are inputs.py)."""

from django import forms

from shuanglian.chains.selectors import chain_list
from shuanglian.core import form_fields
from shuanglian.regions.selectors import department_list

from .clocks import REPORT_MONTHS_CHOICES
from .models import ItemCategory, PlanItemKind, Topic


class OpinionForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "关于……的审议意见"}))
    body = form_fields.ModelChoiceField(label="承办机关", queryset=None, empty_label="请选择")
    report_months = forms.TypedChoiceField(label="报告期限", choices=REPORT_MONTHS_CHOICES, coerce=int, initial=3)
    summary = forms.CharField(label="主要内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    topic = form_fields.ModelChoiceField(label="监督议题", queryset=None, required=False, empty_label="（不关联）",
                                         help_text="该审议意见形成于哪个监督议题")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = department_list(user).order_by("name")
        self.fields["topic"].queryset = Topic.objects.filter(region=user.region).order_by("-year", "-id")


class OpinionItemForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=ItemCategory.choices)
    group = forms.CharField(label="分类", max_length=60, help_text="如：强化要素保障")
    content = forms.CharField(label="内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label="监督方式", choices=PlanItemKind.choices)
    subject = forms.CharField(label="监督事项", max_length=200)
    lead_office = forms.CharField(label="牵头工委", max_length=60, required=False)
    planned_month = forms.TypedChoiceField(label="计划月份", coerce=int,
                                           choices=[(m, f"{m}月") for m in range(1, 13)])
    departments = form_fields.ModelMultipleChoiceField(label="责任单位", queryset=None, required=False)
    chains = form_fields.ModelMultipleChoiceField(label="关联产业链", queryset=None, required=False,
                                                  help_text="关联了产业链的事项计为“服务产业”")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = department_list(user).order_by("name")
        self.fields["chains"].queryset = chain_list(user).order_by("name")
