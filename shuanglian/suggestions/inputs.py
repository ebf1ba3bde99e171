"""One typed input per suggestion action, shared by the HTML action forms and the API
(POST /api/v1/suggestions/{id}/actions/{name}/): the same fields, the same Chinese refusals.
Numbers and ids are read as ASCII digits only ('٣' is refused, not read as 3)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shuanglian.core import api_fields
from shuanglian.deputies.models import Deputy
from shuanglian.lib.parse import is_ascii_digits
from shuanglian.regions.models import Department

from . import services, services_handling
from .models import AnswerCategory, Kind, Rating, RefuseReason

_DATE_ERRORS = {"invalid": "日期格式应为 YYYY-MM-DD。", "required": "请填写日期。", "null": "请填写日期。"}
_INT_ERRORS = {"invalid": "请填写整数。", "required": "请填写此项。"}


def _choice(label, choices, message):
    return serializers.ChoiceField(label=label, choices=choices,
                                   error_messages={"invalid_choice": message, "required": message, "null": message})


def _text(label, limit, *, required=True):
    return serializers.CharField(label=label, max_length=limit, required=required, allow_blank=not required,
                                 error_messages={"required": f"请填写{label}。", "blank": f"请填写{label}。",
                                                 "null": f"请填写{label}。",
                                                 "max_length": f"{label}不能超过 {{max_length}} 个字。",
                                                 "invalid": f"{label}应为文字。"})


@extend_schema_field(OpenApiTypes.INT)  # documented as what clients send: a number (issue 13)
class AsciiInt(serializers.Field):
    """An integer given as a JSON number or a string of ASCII digits."""

    default_error_messages = {"invalid": "请填写整数（阿拉伯数字）。"}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int):
            return data
        if isinstance(data, str) and is_ascii_digits(data.strip()) and len(data.strip()) < 12:
            return int(data.strip())
        self.fail("invalid")

    def to_representation(self, value):
        return value


class RecordRef(AsciiInt):
    """The id of a record of `model` (active, when it has `is_active`), refused in Chinese."""

    def __init__(self, *, model, what, **kwargs):
        self.model, self.what = model, what
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        pk = super().to_internal_value(data)
        obj = self.model.objects.filter(pk=pk).select_related("region").first()
        if obj is None:
            raise serializers.ValidationError(f"{self.what}（编号 {pk}）不存在。")
        return obj


def _refs(model, what, label, **kwargs):
    return serializers.ListField(child=RecordRef(model=model, what=what), label=label, required=False,
                                 max_length=100, error_messages={"not_a_list": f"{label}应为编号列表。",
                                                                 "max_length": f"{label}过多。"}, **kwargs)


class ActionInput(serializers.Serializer):
    version = AsciiInt(required=False, help_text="读取时的版本号；已被他人更新时返回 409")
    on = api_fields.DateField(required=False, label="日期", help_text="办理日期（缺省为今天；补录纸质材料时填写）",
                               error_messages=_DATE_ERRORS)

    def common(self):
        return {"expected_version": self.validated_data.get("version"), "on": self.validated_data.get("on")}

    def run(self, *, suggestion, actor):
        raise NotImplementedError


class SubmitInput(ActionInput):
    def run(self, *, suggestion, actor):
        return services.suggestion_submit(suggestion=suggestion, actor=actor, **self.common())


class WithdrawInput(ActionInput):
    note = _text("撤回说明", 500, required=False)

    def run(self, *, suggestion, actor):
        c = self.common()
        c.pop("on")
        return services.suggestion_withdraw(suggestion=suggestion, actor=actor,
                                            note=self.validated_data.get("note", ""), **c)


class RefuseInput(ActionInput):
    reason = _choice("理由", RefuseReason.choices, "请从规定的理由中选择不作为建议处理的理由。")
    note = _text("说明", 500, required=False)

    def run(self, *, suggestion, actor):
        c = self.common()
        c.pop("on")
        d = self.validated_data
        return services.suggestion_refuse(suggestion=suggestion, actor=actor, reason=d["reason"],
                                          note=d.get("note", ""), **c)


class PartInput(serializers.Serializer):
    title = _text("标题", 120)
    reasons = _text("情况和问题", 20000)
    proposals = _text("意见和建议", 20000)


class SplitInput(ActionInput):
    parts = PartInput(many=True, label="拆分后的建议")

    def run(self, *, suggestion, actor):
        services.suggestion_split(suggestion=suggestion, actor=actor, parts=[dict(p) for p in
                                                                             self.validated_data["parts"]],
                                  **self.common())
        suggestion.refresh_from_db()
        return suggestion


class AssignInput(ActionInput):
    lead_unit = RecordRef(model=Department, what="主办单位", label="主办单位",
                          error_messages={"required": "请选择主办单位。", "null": "请选择主办单位。"})
    co_units = _refs(Department, "协办单位", "协办单位")
    complex = serializers.BooleanField(required=False, default=False, label="经批准的复杂建议（办理期限六个月）",
                                       error_messages={"invalid": "“复杂建议”应为是或否。"})

    def run(self, *, suggestion, actor):
        d = self.validated_data
        return services.suggestion_assign(suggestion=suggestion, actor=actor, lead_unit=d["lead_unit"],
                                          co_units=d.get("co_units", []), complex=d["complex"], **self.common())


class ReturnInput(ActionInput):
    note = _text("退回理由", 500)

    def run(self, *, suggestion, actor):
        return services_handling.suggestion_return(suggestion=suggestion, actor=actor,
                                                   note=self.validated_data["note"], **self.common())


class CoOpinionInput(ActionInput):
    content = _text("协办意见", 10000)

    def run(self, *, suggestion, actor):
        services_handling.suggestion_co_opinion(suggestion=suggestion, actor=actor,
                                                content=self.validated_data["content"], **self.common())
        suggestion.refresh_from_db()
        return suggestion


class AnswerInput(ActionInput):
    category = _choice("答复类别", AnswerCategory.choices, "请选择答复类别（A、B、C、D）。")
    content = _text("答复内容", 50000)
    # Checked item by item by the service, whose messages name the item (第2项承诺的完成期限…).
    commitments = serializers.ListField(
        child=serializers.DictField(error_messages={"not_a_dict": '每项承诺应为 {"content": …, "due": …}。'}),
        required=False, max_length=50, label="承诺事项（B、C 类）",
        help_text='[{"content": "承诺内容", "due": "YYYY-MM-DD"}]',
        error_messages={"not_a_list": "承诺事项应为列表。", "max_length": "承诺事项过多。"})

    def run(self, *, suggestion, actor):
        d = self.validated_data
        return services_handling.suggestion_answer(
            suggestion=suggestion, actor=actor, category=d["category"], content=d["content"],
            commitments=d.get("commitments", []), **self.common())


class RateInput(ActionInput):
    rating = _choice("评价", Rating.choices, "请选择评价（满意、基本满意、不满意）。")
    comment = _text("评价意见", 500, required=False)

    def run(self, *, suggestion, actor):
        d = self.validated_data
        return services_handling.suggestion_rate(suggestion=suggestion, actor=actor, rating=d["rating"],
                                                 comment=d.get("comment", ""), **self.common())


class CloseInput(ActionInput):
    def run(self, *, suggestion, actor):
        return services_handling.suggestion_close(suggestion=suggestion, actor=actor, **self.common())


ACTION_INPUTS: dict[str, type[ActionInput]] = {
    "submit": SubmitInput, "withdraw": WithdrawInput, "refuse": RefuseInput, "split": SplitInput,
    "assign": AssignInput, "return": ReturnInput, "co_opinion": CoOpinionInput, "answer": AnswerInput,
    "rate": RateInput, "close": CloseInput,
}


class DeliverInput(ActionInput):
    note = _text("兑现情况", 10000)

    def run(self, *, commitment, actor):
        return services_handling.commitment_deliver(commitment=commitment, actor=actor,
                                                    note=self.validated_data["note"], **self.common())


class CommitmentRateInput(ActionInput):
    rating = _choice("评价", Rating.choices, "请选择评价（满意、基本满意、不满意）。")

    def run(self, *, commitment, actor):
        return services_handling.commitment_rate(commitment=commitment, actor=actor,
                                                 rating=self.validated_data["rating"], **self.common())


COMMITMENT_INPUTS = {"deliver": DeliverInput, "rate": CommitmentRateInput}


class CreateInput(serializers.Serializer):
    title = _text("标题", 120)
    reasons = _text("情况和问题", 20000)
    proposals = _text("意见和建议", 20000)
    kind = _choice("类型", Kind.choices, "请选择建议类型。")
    lead_deputy = RecordRef(model=Deputy, what="领衔代表", label="领衔代表", required=False,
                            help_text="领衔代表编号（代表本人提出时可省略）")
    co_signers = _refs(Deputy, "联名代表", "联名代表")
    source_case = AsciiInt(required=False, label="来源诉求编号")
    source_activity = AsciiInt(required=False, label="来源履职活动编号")
    source_reception = AsciiInt(required=False, label="来源接待日编号")


def first_error(errors) -> str:
    """The first Chinese message of a serializer's errors, for a form's banner."""
    if isinstance(errors, dict):
        for value in errors.values():
            return first_error(value)
    if isinstance(errors, list) and errors:
        return first_error(errors[0])
    return str(errors)
