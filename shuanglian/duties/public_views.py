"""The station's public page (公示, no login): /s/<station id>/. The same wall as the public API,
with the QR code of the station's intake form and an A4 print stylesheet."""

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control

from shuanglian.core.replica import replica_reads
from shuanglian.lib.qr import qr_svg_inline

from .public import public_wall


@cache_control(public=True, max_age=60)
@replica_reads
def public_station(request, pk):
    wall = public_wall(pk)
    return render(request, "duties/public_station.html", {
        "wall": wall, "station": wall.station, "qr": mark_safe(qr_svg_inline(wall.station.intake_url, scale=6)),  # noqa: S308 - markup made by segno
    })
