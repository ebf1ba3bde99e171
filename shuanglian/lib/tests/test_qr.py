import re
import struct
import zlib

import pytest
import segno

from shuanglian.lib.qr import qr_make, qr_png, qr_svg, qr_svg_inline

URL = "https://shuanglian.example.cn/i/AbCdEf0123456789_-xyzXYZ0123456789ab/"


def _png_chunks(data: bytes):
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def test_png_is_a_real_png_of_the_expected_size():
    data = qr_png(URL, scale=10)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks = dict(_png_chunks(data))
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    modules = qr_make(URL).symbol_size(scale=1, border=4)[0]
    assert width == height == modules * 10
    # The pixel data decompresses: a scanner app would be able to read the file.
    idat = b"".join(body for kind, body in _png_chunks(data) if kind == b"IDAT")
    assert len(zlib.decompress(idat)) > 0


def test_encoded_content_is_exactly_the_url():
    qr = qr_make(URL)
    reference = segno.make(URL, error="m", micro=False)
    assert qr.designator == reference.designator
    assert list(qr.matrix) == list(reference.matrix)
    other = segno.make(URL.replace("AbC", "XbC"), error="m", micro=False)
    assert list(qr.matrix) != list(other.matrix)


def test_svg_contains_path_data():
    svg = qr_svg(URL, title="一点一码").decode("utf-8")
    assert svg.startswith("<?xml")
    assert re.search(r'<path[^>]+d="M[^"]+"', svg)
    assert "一点一码" in svg
    inline = qr_svg_inline(URL)
    assert inline.startswith("<svg") and 'class="qr"' in inline


def test_empty_url_is_refused():
    with pytest.raises(ValueError):
        qr_png("")
