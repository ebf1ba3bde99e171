"""QR codes (segno): the station's "一点一码". Pure functions, no models."""

import io

import segno

# Error correction M survives a scuffed or partly covered poster; a 4-module quiet zone is the
# standard's minimum and what phone scanners expect.
ERROR = "m"
BORDER = 4


def qr_make(url: str) -> segno.QRCode:
    if not url:
        raise ValueError("二维码内容不能为空")
    return segno.make(url, error=ERROR, micro=False)


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buf = io.BytesIO()
    qr_make(url).save(buf, kind="png", scale=scale, border=BORDER)
    return buf.getvalue()


def qr_svg(url: str, *, scale: int = 10, title: str = "") -> bytes:
    """A standalone SVG document (sharp on an A4 poster at any size)."""
    buf = io.BytesIO()
    options = {"kind": "svg", "scale": scale, "border": BORDER, "xmldecl": True, "svgns": True}
    if title:
        options["title"] = title
    qr_make(url).save(buf, **options)
    return buf.getvalue()


def qr_svg_inline(url: str, *, scale: int = 8) -> str:
    """SVG markup to embed in a page (no XML declaration), sized by CSS."""
    buf = io.BytesIO()
    qr_make(url).save(buf, kind="svg", scale=scale, border=BORDER, xmldecl=False, svgns=True,
                      svgclass="qr", omitsize=True)
    return buf.getvalue().decode("utf-8")
