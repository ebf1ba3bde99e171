from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import AuditEvent
from .permissions import is_admin, require_staff


@login_required
def home(request):
    return render(request, "core/home.html")


@login_required
def audit_list(request):
    """Staff browse the audit log of their region; admins see everything. Read-only by design."""
    require_staff(request.user)
    qs = AuditEvent.objects.select_related("actor")
    if not is_admin(request.user):
        qs = qs.filter(region__path__startswith=request.user.region.path) if request.user.region else qs.none()
    params = request.GET
    if params.get("event_type"):
        qs = qs.filter(event_type__startswith=params["event_type"])
    if params.get("actor"):
        qs = qs.filter(actor_label__icontains=params["actor"])
    if params.get("target_type"):
        qs = qs.filter(target_type=params["target_type"])
    if params.get("target_id"):
        qs = qs.filter(target_id=params["target_id"])
    if params.get("date_from"):
        qs = qs.filter(at__date__gte=params["date_from"])
    if params.get("date_to"):
        qs = qs.filter(at__date__lte=params["date_to"])
    page = Paginator(qs, 50).get_page(params.get("page"))
    return render(request, "core/audit_list.html", {"page": page, "params": params})
