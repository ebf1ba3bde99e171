"""What the pages post, turned into the typed inputs' data (inputs.py), and the create form."""

from __future__ import annotations

from django import forms

from shuanglian.core import form_fields
from shuanglian.core.permissions import is_admin, region_subtree_q
from shuanglian.deputies.models import Deputy
from shuanglian.lib.parse import is_ascii_digits
from shuanglian.regions.models import Department

from .models import Kind

ROWS = range(1, 4)  # commitment and part rows offered on the page


def unit_choices(user):
    """Units a staff member may assign to: the active departments of their region subtree."""
    qs = Department.objects.filter(is_active=True).select_related("region").order_by("region__path", "name")
    return qs if is_admin(user) else qs.filter(region_subtree_q(user))


def action_data(name: str, post) -> dict:
    """A form post as the action's input: lists from repeated fields, rows from numbered fields,
    checkboxes as booleans; an empty date means today."""
    data = {k: v for k, v in post.items() if k != "csrfmiddlewaretoken"}
    if not data.get("on"):
        data.pop("on", None)
    if name == "assign":
        data["co_units"] = [v for v in post.getlist("co_units") if v]
        data["complex"] = post.get("complex") == "on"
    elif name == "answer":
        data["commitments"] = [
            {"content": post.get(f"commitment_content_{k}", ""), "due": post.get(f"commitment_due_{k}", "")}
            for k in ROWS if post.get(f"commitment_content_{k}", "").strip() or post.get(f"commitment_due_{k}", "")]
    elif name == "split":
        data["parts"] = [{"title": post.get(f"title_{k}", ""), "reasons": post.get(f"reasons_{k}", ""),
                          "proposals": post.get(f"proposals_{k}", "")}
                         for k in ROWS if any(post.get(f"{f}_{k}", "").strip() for f in ("title", "reasons", "proposals"))]
    return data


class AsciiChoice(form_fields.ModelChoiceField):
    """A record id in ASCII digits only (Django's int() would read '٣' as 3)."""

    def to_python(self, value):
        if value not in self.empty_values and not is_ascii_digits(str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class AsciiMultipleChoice(form_fields.ModelMultipleChoiceField):
    def clean(self, value):
        if value and any(not is_ascii_digits(str(v)) for v in value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Kind.choices, initial=Kind.SUGGESTION)
    title = forms.CharField(label="标题", max_length=120, help_text="《关于……的建议》，一事一议",
                            error_messages={"required": "请填写标题。"})
    reasons = forms.CharField(label="情况和问题", widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": "请填写情况和问题。"})
    proposals = forms.CharField(label="意见和建议", widget=forms.Textarea(attrs={"rows": 6}),
                                error_messages={"required": "请填写意见和建议。"})
    lead_deputy = AsciiChoice(label="领衔代表", queryset=Deputy.objects.none(), required=False,
                                         error_messages={"invalid_choice": "请选择本区域的代表。"})
    co_signers = AsciiMultipleChoice(label="联名代表", queryset=Deputy.objects.none(), required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                error_messages={"invalid_choice": "请选择本区域的代表。",
                                                                "invalid_pk_value": "请选择本区域的代表。"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = getattr(user, "deputy", None)
        # Deputies of the user's region subtree: whom staff enter a paper suggestion for, whom a deputy
        # asks to co-sign.
        people = Deputy.objects.filter(is_active=True).filter(region_subtree_q(user)).order_by("name")
        self.fields["co_signers"].queryset = people.exclude(pk=own.pk) if own else people
        if own is not None:
            del self.fields["lead_deputy"]
        else:
            self.fields["lead_deputy"].queryset = people
            self.fields["lead_deputy"].required = True
            self.fields["lead_deputy"].error_messages["required"] = "请选择领衔代表。"
