"""One typed input per opinion action, shared by the HTML action forms and the API
(POST /api/v1/opinions/{id}/actions/{name}/): the same fields, the same Chinese refusals."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from shuanglian.core import api_fields
from shuanglian.core.api import ERROR_SCHEMA

from . import services

# The refusals every oversight endpoint documents in OpenAPI.
ERRORS = {
    400: OpenApiResponse(ERROR_SCHEMA, description="输入有误"),
    403: OpenApiResponse(ERROR_SCHEMA, description="无权执行"),
    404: OpenApiResponse(ERROR_SCHEMA, description="不存在或无权查看；或没有该操作"),
    409: OpenApiResponse(ERROR_SCHEMA, description="当前状态不允许该操作，或已被他人更新"),
}

_DATE_ERRORS = {"invalid": "日期格式应为 YYYY-MM-DD。", "required": "请填写日期。", "null": "请填写日期。"}
_INT_ERRORS = {"invalid": "请填写整数。", "required": "请填写此项。", "min_value": "不能小于 {min_value}。",
               "max_value": "不能大于 {max_value}。", "max_string_length": "数字太大。"}


def _date(label, help_text):
    return api_fields.DateField(label=label, help_text=help_text, error_messages=_DATE_ERRORS)


def _count(label, help_text):
    return api_fields.IntegerField(label=label, min_value=0, max_value=100000, help_text=help_text,
                                   error_messages=_INT_ERRORS)


class ActionInput(serializers.Serializer):
    version = api_fields.IntegerField(required=False, help_text="读取时的版本号；已被他人更新时返回 409",
                                      error_messages=_INT_ERRORS)

    def run(self, *, opinion, actor):
        raise NotImplementedError


class AdoptInput(ActionInput):
    adopted_on = _date("通过日期", "常委会会议通过审议意见的日期")

    def run(self, *, opinion, actor):
        d = self.validated_data
        return services.opinion_adopt(opinion=opinion, actor=actor, adopted_on=d["adopted_on"],
                                      expected_version=d.get("version"))


class TransferInput(ActionInput):
    transferred_on = _date("交办日期", "送交承办机关的日期")

    def run(self, *, opinion, actor):
        d = self.validated_data
        return services.opinion_transfer(opinion=opinion, actor=actor, transferred_on=d["transferred_on"],
                                         expected_version=d.get("version"))


class SubmissionInput(ActionInput):
    received_on = _date("报送日期", "承办机关报送的日期")
    content = serializers.CharField(label="内容", max_length=50000, help_text="办理方案或办理情况报告的内容",
                                    error_messages={"required": "请填写报送内容。", "blank": "请填写报送内容。",
                                                    "max_length": "内容不能超过 {max_length} 个字。"})


class PlanInput(SubmissionInput):
    def run(self, *, opinion, actor):
        d = self.validated_data
        return services.opinion_submit_plan(opinion=opinion, actor=actor, received_on=d["received_on"],
                                            content=d["content"], expected_version=d.get("version"))


class ReportInput(SubmissionInput):
    def run(self, *, opinion, actor):
        d = self.validated_data
        return services.opinion_report(opinion=opinion, actor=actor, received_on=d["received_on"],
                                       content=d["content"], expected_version=d.get("version"))


class VoteInput(ActionInput):
    held_on = _date("测评日期", "常委会会议测评的日期")
    members = _count("组成人员总数", "常委会组成人员总数")
    present = _count("出席人数", "出席会议的组成人员人数")
    satisfied = _count("满意", "满意票数")
    basically_satisfied = _count("基本满意", "基本满意票数")
    unsatisfied = _count("不满意", "不满意票数")

    def run(self, *, opinion, actor):
        d = dict(self.validated_data)
        version = d.pop("version", None)
        services.opinion_vote(opinion=opinion, actor=actor, expected_version=version, **d)
        opinion.refresh_from_db()
        return opinion


class ReviewInput(serializers.Serializer):
    """A 回头看's date and summary (the findings per item come beside it)."""

    held_on = _date("检查日期", "回头看的日期")
    summary = serializers.CharField(label="总体情况", max_length=5000,
                                    error_messages={"required": "请填写总体情况。", "blank": "请填写总体情况。"})


ACTION_INPUTS: dict[str, type[ActionInput]] = {
    "adopt": AdoptInput, "transfer": TransferInput, "submit_plan": PlanInput, "report": ReportInput,
    "vote": VoteInput,
}


def first_error(errors) -> str:
    """The first Chinese message of a serializer's errors, for a form's banner."""
    if isinstance(errors, dict):
        for value in errors.values():
            return first_error(value)
    if isinstance(errors, list) and errors:
        return first_error(errors[0])
    return str(errors)


def form_error(form) -> str:
    """The first error of a Django form for a banner, naming its field: 「组名」该字段是必填项。"""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        return f"「{field.label}」{errors[0]}" if field is not None else str(errors[0])
    return "提交的内容有误。"
