"""HTML forms of the case page (one per workflow action) and of staff/deputy entry.

An action form renders the action's fields and shows the errors; its input is validated by the
action's typed input (api/actions.py, the same as the API's) and written by the service, so the
page and the API refuse the same input with the same Chinese message. Every action form carries
the case `version`, so a concurrent change is detected, not lost. The entry form validates
itself; intake.case_submit writes."""

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict

from shuanglian.core import form_fields
from shuanglian.core.permissions import is_staff_role
from shuanglian.deputies.selectors import deputy_list, station_list
from shuanglian.regions.selectors import department_list, region_list

from .models import VISITOR_RATING_CHOICES, Category, ReplyResult, Source, Urgency
from .selectors import departments_by_use, deputy_of
from .workflow import ACTIONS

ENTRY_SOURCES = [Source.VISIT, Source.RECEPTION_DAY, Source.INSPECTION, Source.MONITORING_POINT, Source.HOTLINE]


def _textarea(rows=3, placeholder=""):
    return forms.Textarea(attrs={"rows": rows, "placeholder": placeholder})


class ActionForm(forms.Form):
    version = form_fields.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=_textarea(2))

    def __init__(self, *args, action: str, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.action, self.case, self.user = action, case, user
        self.spec = ACTIONS[action]
        self.prefix = action
        if not self.is_bound:
            self.initial.setdefault("version", case.version)
        if self.spec.needs_note:
            self.fields["note"].required = True
            self.fields["note"].label = f"{self.spec.label}理由"
            self.fields["note"].error_messages["required"] = f"请填写{self.spec.label}的理由。"

    def submitted(self) -> QueryDict:
        """The posted fields without the form's prefix, for the action's typed input."""
        data = QueryDict(mutable=True)
        start = f"{self.prefix}-"
        for key in self.data:
            if key.startswith(start):
                data.setlist(key[len(start):], self.data.getlist(key))
        return data

    def show_errors(self, errors: dict) -> None:
        """Put the typed input's or the service's refusal on the form (field or whole form)."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)


class AssignForm(ActionForm):
    # both lists get a search box (fields.html, app.js): twenty departments are found by typing
    department = form_fields.ModelChoiceField(label="主办部门", queryset=None, empty_label="请选择主办部门",
                                              widget=forms.Select(attrs={"data-filterable": "1"}),
                                              help_text="常用部门在前（按近半年交办次数），其余按名称",
                                              error_messages={"required": "请选择主办部门。"})
    co_departments = form_fields.ModelMultipleChoiceField(label="协办部门", queryset=None, required=False,
                                                          widget=forms.CheckboxSelectMultiple(attrs={"data-filterable": "1"}))
    due_workdays = form_fields.IntegerField(label="办理时限（工作日）", required=False, min_value=1, max_value=25,
                                            help_text="不填则按类别和紧急程度：一般7、紧急2、复杂15个工作日；含延期最多25个工作日")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = departments_by_use(self.user)
        self.fields["department"].queryset = departments
        self.fields["co_departments"].queryset = departments
        if not self.is_bound and self.case.lead_department_id:
            self.initial["department"] = self.case.lead_department_id


class AcceptForm(AssignForm):
    """受理, and — if staff choose a department now — 交办 in the same step."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].required = False
        self.fields["department"].label = "同时交办给（可选）"
        self.fields["department"].empty_label = "只受理，稍后交办"


class ResolveOnSpotForm(ActionForm):
    content = forms.CharField(label="处理情况", max_length=5000, widget=_textarea(3, "当场如何解决的"),
                              error_messages={"required": "请填写当场办结的处理情况。"})


class ReplyForm(ActionForm):
    result = forms.ChoiceField(label="办理结果", choices=ReplyResult.choices, widget=forms.RadioSelect,
                               error_messages={"required": "请选择办理结果。"})
    content = forms.CharField(label="答复内容", max_length=5000, widget=_textarea(4),
                              error_messages={"required": "请填写答复内容。"})
    commitment = forms.CharField(label="承诺事项", required=False, max_length=300,
                                 help_text="部分解决或暂不具备解决条件的必填：做什么")
    commitment_due = form_fields.DateField(label="承诺完成日期", required=False,
                                           widget=forms.DateInput(attrs={"type": "date"}), help_text="何时完成")


class RevisitForm(ActionForm):
    # The note is the rating comment; staff record a phone revisit (the typed input's defaults).
    rating = forms.ChoiceField(label="企业评价（电话回访）", choices=VISITOR_RATING_CHOICES, widget=forms.RadioSelect,
                               error_messages={"required": "请选择评价。"})


class RequestExtensionForm(ActionForm):
    days = form_fields.IntegerField(label="申请延期（工作日）", min_value=1, max_value=24,
                                    error_messages={"required": "请填写延期天数。"})


class DecideExtensionForm(ActionForm):
    approve = forms.TypedChoiceField(label="审批", choices=[("1", "批准"), ("0", "不予批准")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                     error_messages={"required": "请选择批准或不予批准。"})


class MergeForm(ActionForm):
    into = forms.CharField(label="并入诉求（编号）", max_length=20, help_text="如 SQ2025-000123 或数据编号 123",
                           error_messages={"required": "请填写要并入的诉求编号。"})


class CoReportForm(ActionForm):
    report = forms.CharField(label="协办意见", max_length=5000, widget=_textarea(3),
                             error_messages={"required": "请填写协办意见。"})


class WaiveCoReportForm(ActionForm):
    department = form_fields.ModelChoiceField(label="免除哪个协办部门的反馈", queryset=None, empty_label="请选择协办部门",
                                        error_messages={"required": "请选择尚未反馈的协办部门。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        waiting = self.case.co_departments.filter(reported_at__isnull=True, waived_at__isnull=True)
        self.fields["department"].queryset = department_list(self.user).filter(
            pk__in=waiting.values("department_id"))


ACTION_FORMS = {
    "accept": AcceptForm,
    "assign": AssignForm,
    "resolve_on_spot": ResolveOnSpotForm,
    "reply": ReplyForm,
    "revisit": RevisitForm,
    "rate_merged": RevisitForm,
    "request_extension": RequestExtensionForm,
    "decide_extension": DecideExtensionForm,
    "merge": MergeForm,
    "co_report": CoReportForm,
    "waive_co_report": WaiveCoReportForm,
}


def action_form(action, case, user, data=None):
    cls = ACTION_FORMS.get(action, ActionForm)
    return cls(data, action=action, case=case, user=user)


class CaseEntryForm(forms.Form):
    """Staff and deputies enter cases raised on visits, reception days, inspections …"""

    source = forms.ChoiceField(label="来源", choices=[(s.value, s.label) for s in ENTRY_SOURCES])
    title = forms.CharField(label="诉求标题", max_length=120, required=False, help_text="不填则取诉求内容第一行")
    description = forms.CharField(label="诉求内容", max_length=5000, widget=_textarea(5))
    category = form_fields.ModelChoiceField(label="类别", queryset=Category.objects.filter(is_active=True),
                                            empty_label="请选择类别")
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    region = form_fields.ModelChoiceField(label="所属区域", queryset=None, required=False, empty_label="（按履职阵地）")
    station = form_fields.ModelChoiceField(label="履职阵地", queryset=None, required=False, empty_label="（无）")
    collected_by = form_fields.ModelChoiceField(label="收集代表", queryset=None, required=False, empty_label="（无）")
    # typing a name or USCC offers the registry's enterprises (entry.enterprise_lookup, app.js fills both)
    enterprise_name = forms.CharField(label="企业名称", max_length=120, widget=forms.TextInput(attrs={
        "autocomplete": "off", "hx-get": "/cases/new/enterprises/", "hx-trigger": "input changed delay:300ms",
        "hx-target": "#enterprise-hits", "hx-swap": "innerHTML", "aria-describedby": "enterprise-hits"}))
    enterprise_uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=20,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    confidential = forms.BooleanField(label="涉及商业秘密（仅承办部门和工作人员可见详情）", required=False)
    visited_on = form_fields.DateField(label="走访（收集）日期", required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}),
                                       help_text="不填为今天；补录以往走访时填写（仅工作人员）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = region_list(user)
        self.fields["station"].queryset = station_list(user).filter(is_active=True)
        self.fields["collected_by"].queryset = deputy_list(user).filter(is_active=True)
        me = deputy_of(user)
        if me is not None and not self.is_bound:
            self.initial["collected_by"] = me.pk
        # where the look-up's matches appear (fields.html draws the box under the field)
        self.fields["enterprise_name"].lookup_hits_id = "enterprise-hits"
        if not is_staff_role(user):  # back-dating is staff's (intake._check_actor): not offered to others
            del self.fields["visited_on"]
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = f"请填写{field.label}。" if isinstance(field, forms.CharField) \
                    else f"请选择{field.label}。"
