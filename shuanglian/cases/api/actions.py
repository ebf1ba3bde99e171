"""One typed input per workflow action (DRF serializers), used by the API's action endpoint and by
the case page's HTML action forms alike, so the same input is refused the same way, in the same
Chinese words, through both.

`case_act(case=, action=, actor=, data=)` validates `data` (JSON or a form's fields) with the
action's input and calls the action's service. Bad input raises `ActionInvalid` (a BusinessError
whose `errors` map each field to its message) and changes nothing; the services keep the
business rules (limits, scope, commitments) and their own messages.
"""

from __future__ import annotations

from rest_framework import serializers

from shuanglian.core import api_fields
from shuanglian.core.errors import BusinessError
from shuanglian.lib.parse import id_or_none
from shuanglian.regions.models import Department

from .. import services
from ..selectors import NUMBER_RE, case_list
from ..workflow import ACTIONS


class ActionInvalid(BusinessError):
    """Bad input for an action: `errors` maps each field (or None) to its Chinese message."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(next(iter(errors.values())), code="invalid")


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, allow_null=True, default="", **kwargs)


def _integer(label: str, help_text: str = ""):
    return api_fields.IntegerField(required=False, allow_null=True, default=None, help_text=help_text,
                                   error_messages={"invalid": f"{label}须为整数。", "max_string_length": f"{label}过长。"})


class ActionInput(serializers.Serializer):
    """What every action takes: a note (the reason, where the action needs one) and the version
    the user read (a concurrent change is then refused, not lost)."""

    note = _text(max_length=2000, help_text="说明；reject、return、pause、reopen、request_extension 必填（理由）")
    version = _integer("版本号", "读取时的版本号；已被他人更新时返回 409")

    def perform(self, *, case, actor, note, expected_version):
        service = getattr(services, f"case_{self.context['action']}")
        return service(case=case, actor=actor, note=note, expected_version=expected_version)


def _department(pk, label):
    if pk is None:
        return None
    department = Department.objects.filter(pk=pk).select_related("region").first()
    if department is None:
        raise serializers.ValidationError(f"{label}不存在。")
    return department


class AssignInput(ActionInput):
    department = _integer("承办部门", "主办部门编号")
    co_departments = serializers.ListField(child=_integer("协办部门"), required=False, default=list,
                                           help_text="协办部门编号列表")
    due_workdays = _integer("办理时限", "办理时限（工作日），缺省按类别和紧急程度，最多25")

    def validate_department(self, value):
        return _department(value, "承办部门")

    def validate_co_departments(self, value):
        return [_department(pk, "协办部门") for pk in value if pk is not None]

    def perform(self, *, case, actor, note, expected_version):
        data = self.validated_data
        return services.case_assign(case=case, actor=actor, note=note, expected_version=expected_version,
                                    department=data["department"], co_departments=data["co_departments"],
                                    due_workdays=data["due_workdays"])


class AcceptInput(AssignInput):
    """受理; with a department, 受理并交办 in one step."""

    def perform(self, *, case, actor, note, expected_version):
        data = self.validated_data
        if data["department"] is None:
            return services.case_accept(case=case, actor=actor, note=note, expected_version=expected_version)
        return services.case_accept_and_assign(case=case, actor=actor, note=note, expected_version=expected_version,
                                               department=data["department"], co_departments=data["co_departments"],
                                               due_workdays=data["due_workdays"])


class ResolveOnSpotInput(ActionInput):
    content = _text(help_text="处理情况")

    def perform(self, **common):
        return services.case_resolve_on_spot(content=self.validated_data["content"] or "", **common)


class ReplyInput(ActionInput):
    result = _text(help_text="solved 已解决 / partly_solved 部分解决 / not_solvable_now 暂不具备解决条件")
    content = _text(help_text="答复内容")
    commitment = _text(help_text="承诺事项（非已解决时必填）")
    commitment_due = api_fields.DateField(required=False, allow_null=True, default=None, help_text="承诺完成日期",
                                          error_messages={"invalid": "承诺完成日期不是有效日期（格式 YYYY-MM-DD）。"})

    def perform(self, **common):
        data = self.validated_data
        return services.case_reply(result=data["result"] or "", content=data["content"] or "",
                                   commitment=data["commitment"] or "", commitment_due=data["commitment_due"],
                                   **common)


class RevisitInput(ActionInput):
    rating = _text(help_text="评价：satisfied / basically_satisfied / unsatisfied")
    comment = _text(help_text="评价意见（缺省取 note）")
    by_phone = serializers.BooleanField(required=False, allow_null=True, default=None,
                                        help_text="电话回访（工作人员操作时缺省为是）")

    def perform(self, *, case, actor, note, expected_version):
        data = self.validated_data
        by_phone = actor is not None if data["by_phone"] is None else data["by_phone"]
        return services.case_revisit(case=case, actor=actor, rating=data["rating"] or "",
                                     comment=data["comment"] or note, by_phone=by_phone,
                                     expected_version=expected_version)


class RequestExtensionInput(ActionInput):
    days = _integer("延期天数", "申请延期的工作日天数")

    def perform(self, **common):
        return services.case_request_extension(days=self.validated_data["days"], **common)


class DecideExtensionInput(ActionInput):
    approve = serializers.BooleanField(help_text="true 批准 / false 不予批准", error_messages={
        "required": "请选择批准或不予批准。", "invalid": "请选择批准或不予批准。", "null": "请选择批准或不予批准。"})

    def perform(self, **common):
        return services.case_decide_extension(approve=self.validated_data["approve"], **common)


class MergeInput(ActionInput):
    into = _text(max_length=20, help_text="并入的主诉求：编号 SQ2025-000123 或数据编号 123")

    def validate_into(self, value):
        raw = str(value or "").strip()
        if not raw:
            return None
        match = NUMBER_RE.match(raw)
        pk = int(match.group(1)) if match else id_or_none(raw)
        if pk is None:
            raise serializers.ValidationError("诉求编号格式不对，如 SQ2025-000123。")
        into = case_list(self.context["actor"]).filter(pk=pk).first()
        if into is None:
            raise serializers.ValidationError("要并入的诉求不存在，或您无权查看。")
        return into

    def perform(self, **common):
        return services.case_merge(into=self.validated_data["into"], **common)


class CoReportInput(ActionInput):
    report = _text(help_text="协办意见（缺省取 note）")

    def perform(self, *, case, actor, note, expected_version):
        return services.case_co_report(case=case, actor=actor, report=self.validated_data["report"] or note,
                                       expected_version=expected_version)


class WaiveCoReportInput(ActionInput):
    department = _integer("协办部门", "免除反馈的协办部门编号")

    def validate_department(self, value):
        return _department(value, "协办部门")

    def perform(self, **common):
        return services.case_waive_co_report(department=self.validated_data["department"], **common)


ACTION_INPUTS: dict[str, type[ActionInput]] = {name: ActionInput for name in ACTIONS} | {
    "accept": AcceptInput,
    "assign": AssignInput,
    "resolve_on_spot": ResolveOnSpotInput,
    "reply": ReplyInput,
    "revisit": RevisitInput,
    "rate_merged": RevisitInput,
    "request_extension": RequestExtensionInput,
    "decide_extension": DecideExtensionInput,
    "merge": MergeInput,
    "co_report": CoReportInput,
    "waive_co_report": WaiveCoReportInput,
}


def _errors(detail) -> dict:
    out = {}
    for field, messages in detail.items():
        while isinstance(messages, list | dict):  # a list field's errors are per item
            messages = next(iter(messages.values() if isinstance(messages, dict) else messages))
        out[None if field == "non_field_errors" else field] = str(messages)
    return out


def case_act(*, case, action, actor, data) -> object:
    """Validate `data` with the action's typed input and run the action's service."""
    if action not in ACTION_INPUTS:
        raise BusinessError("没有这个操作。", code="unknown_action")
    typed = ACTION_INPUTS[action](data=data if data is not None else {}, context={"action": action, "actor": actor})
    if not typed.is_valid():
        raise ActionInvalid(_errors(typed.errors))
    note = (typed.validated_data["note"] or "").strip()
    return typed.perform(case=case, actor=actor, note=note, expected_version=typed.validated_data["version"])
