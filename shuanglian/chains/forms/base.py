"""What the chain forms share: widgets, the hidden version of a versioned record, choice helpers."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from shuanglian.core import form_fields
from shuanglian.core.permissions import subtree_q
from shuanglian.regions.models import Department

from ..models import (
    Chain,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d", "%Y/%m", "%Y年%m月"]


MONEY = {"min": "0", "step": "0.01", "inputmode": "decimal"}


def _in_or_selected(qs, selected_pks):
    """A choice queryset that also keeps what is already selected (so saving does not drop it)."""
    selected_pks = [pk for pk in selected_pks if pk]
    return qs.model.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk__in=selected_pks)) if selected_pks else qs


def _months_field(label, required=False, help_text=""):
    return form_fields.DateField(label=label, required=required, widget=MONTH, input_formats=MONTH_FORMATS,
                                 help_text=help_text, error_messages={"invalid": "月份格式应为 2025-03"})


class RefreshVersion:
    def refresh_version(self, version: int) -> None:
        """After a conflict: keep the user's input but carry the current version, so that saving
        again (after checking) is a deliberate overwrite."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        self.data = data


class VersionedForm(RefreshVersion, form_fields.ModelForm):
    """A ModelForm with the hidden version it was rendered with."""

    version = form_fields.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def values(self) -> dict:
        """cleaned_data of the model's concrete fields (M2M and version left out)."""
        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields and k not in m2m}


def _departments(region):
    return Department.objects.filter(subtree_q(region), is_active=True).select_related("region")


def _deputies():
    """Deputies, without importing the deputies app (it sits above chains): the model the
    expert-group field points to."""
    return Chain._meta.get_field("expert_deputies").related_model.objects.filter(is_active=True)
