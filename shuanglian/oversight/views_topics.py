"""Oversight topic pages: the year's topics with what each produced (materials, campaigns,
opinions), a topic's page gathering them, and staff's forms to open a topic, record a material
and put an existing opinion or campaign under it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shuanglian.core import form_fields
from shuanglian.core.errors import BusinessError
from shuanglian.core.list_filters import year_param
from shuanglian.core.pagination import Paginator
from shuanglian.core.permissions import deny_write, is_staff_role
from shuanglian.core.widgets import QuickSelect

from . import material_files, services_topics
from .inputs import form_error
from .models import InspectionCampaign, MaterialFile, MaterialKind, Opinion, PlanItem
from .selectors import can_write
from .selectors_topics import access_topic, topic_list, topic_totals, with_counts

# What the file chooser offers (the server checks the content whatever the browser sends).
ACCEPT = (".docx,.doc,.pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp,"
          "application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class TopicForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int)
    title = forms.CharField(label="议题", max_length=200)
    plan_item = form_fields.ModelChoiceField(label="来源监督事项", queryset=PlanItem.objects.none(), required=False,
                                             empty_label="（不关联）", widget=QuickSelect)
    summary = forms.CharField(label="简要说明", max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year + 1, this_year - 5, -1)]
        self.fields["year"].initial = this_year
        self.fields["plan_item"].queryset = (PlanItem.objects.filter(plan__region=user.region)
                                             .select_related("plan").order_by("-plan__year", "number"))


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=MaterialKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    received_on = form_fields.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}),
                                        error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})
    content = forms.CharField(label="主要内容", max_length=20000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(forms.Form):
    opinion = form_fields.ModelChoiceField(label="审议意见", queryset=Opinion.objects.none(), required=False,
                                           empty_label="请选择", widget=QuickSelect)
    campaign = form_fields.ModelChoiceField(label="视察调研活动", queryset=InspectionCampaign.objects.none(),
                                            required=False, empty_label="请选择", widget=QuickSelect)

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].queryset = Opinion.objects.filter(region=topic.region, topic__isnull=True).order_by("-id")
        self.fields["campaign"].queryset = InspectionCampaign.objects.filter(
            region=topic.region, topic__isnull=True).order_by("-starts_on", "-id")


@login_required
def topic_index(request):
    user = request.user
    topics = topic_list(user)
    year = year_param(request.GET.get("year")) or ""
    if year:
        topics = topics.filter(year=year)
    staff = is_staff_role(user)
    form = TopicForm(request.POST or None, user=user) if staff else None
    if request.method == "POST":
        if form is None:
            deny_write("只有人大工作人员可以新建监督议题。")
        if not form.is_valid():
            messages.error(request, form_error(form))
        else:
            try:
                topic = services_topics.topic_create(actor=user, region=user.region, **form.cleaned_data)
            except BusinessError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已新建议题“{topic.title}”。")
                return redirect("oversight:topic_detail", pk=topic.pk)
    years = sorted(set(topic_list(user).values_list("year", flat=True)), reverse=True)
    return render(request, "oversight/topic_list.html", {
        "page": Paginator(with_counts(topics).order_by("-year", "-id"), 50).get_page(request.GET.get("page")),
        "totals": topic_totals(topics),
        "years": years, "year": year, "form": form})


@login_required
def topic_detail(request, pk):
    user = request.user
    topic = access_topic(user, pk)
    staff = can_write(user, topic.region)
    return render(request, "oversight/topic_detail.html", {
        "topic": topic, "materials": topic.materials.prefetch_related("files").order_by("received_on", "id"),
        "allowed_files": material_files.ALLOWED_LABEL, "accept_files": ACCEPT,
        "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        "campaigns": topic.campaigns.order_by("starts_on", "id"),
        "opinions": topic.opinions.select_related("body").order_by("adopted_on", "id"), "staff": staff,
        "material_form": MaterialForm() if staff else None, "link_form": LinkForm(topic=topic) if staff else None})


@login_required
@require_POST
def topic_add(request, pk, what):
    """Record a material (what=material) or put an opinion or campaign under the topic (what=link)."""
    if what not in ("material", "link"):
        raise Http404
    topic = access_topic(request.user, pk, write=True)
    form = MaterialForm(request.POST) if what == "material" else LinkForm(request.POST, topic=topic)
    if not form.is_valid():
        messages.error(request, form_error(form))
        return redirect("oversight:topic_detail", pk=topic.pk)
    d = form.cleaned_data
    try:
        if what == "material":
            files = request.FILES.getlist("files")
            services_topics.topic_material_add(actor=request.user, topic=topic, files=files, **d)
            messages.success(request, f"材料已登记（附件 {len(files)} 个）。" if files else "材料已登记。")
        else:
            services_topics.topic_link(actor=request.user, topic=topic, opinion=d["opinion"], campaign=d["campaign"])
            messages.success(request, "已关联到本议题。")
    except BusinessError as exc:
        messages.error(request, exc.message)
    return redirect("oversight:topic_detail", pk=topic.pk)


@login_required
@require_POST
def material_attach(request, pk, material_pk):
    """Upload files to a material already recorded on the topic."""
    topic = access_topic(request.user, pk, write=True)
    material = topic.materials.filter(pk=material_pk).first()
    if material is None:
        raise Http404
    try:
        stored = services_topics.topic_material_attach(actor=request.user, material=material,
                                                       files=request.FILES.getlist("files"))
    except BusinessError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已为“{material.title}”上传附件 {len(stored)} 个。")
    return redirect("oversight:topic_detail", pk=topic.pk)


@login_required
def material_file(request, pk):
    """A material's file, for whoever may read its topic (the same funnel: another region's staff,
    a department, a stranger get a 404 as for a missing file)."""
    row = MaterialFile.objects.filter(pk=pk).values_list("material__topic_id", flat=True).first()
    if row is None:
        raise Http404
    topic = access_topic(request.user, row)
    return material_files.serve(MaterialFile.objects.get(pk=pk, material__topic=topic))
