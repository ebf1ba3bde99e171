"""Shared builders for the public-side tests (intake, tracking, Open311, import). Plain
functions, not fixtures, so each test module states its own fixtures."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def valid_uscc(first17: str = "91500109MA5U5X8X1") -> str:
    from shuanglian.lib.uscc import uscc_check_char

    return first17 + uscc_check_char(first17)


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def file_obj(name: str, content: bytes):
    f = io.BytesIO(content)
    f.name = name
    return f


def make_station(regions, personas, *, chain=None, active=True):
    from shuanglian.deputies.models import Deputy, Station, StationMember

    head = personas["deputy_record"]
    other = Deputy.objects.create(name="吴代表", level="district", region=regions["beibei"], phone="13700001111")
    station = Station.objects.create(
        kind="industry_liaison", name="北碚区先进制造业代表联络站", region=regions["beibei"], chain=chain,
        head=head, is_active=active,
    )
    StationMember.objects.create(station=station, kind="deputy", deputy=other, phone="13700001111")
    StationMember.objects.create(station=station, kind="grid_worker", name="郑网格", phone="13600002222")
    return station


def form_values(**overrides) -> dict:
    values = {
        "enterprise_name": "重庆乾凤锻造有限公司",
        "enterprise_uscc": "",
        "contact_name": "刘经理",
        "contact_phone": "13912345678",
        "category": "energy",
        "title": "",
        "description": "新厂房燃气走线与规划冲突，影响投产，希望协调燃气公司调整走线。",
        "consent": "on",
    }
    values.update(overrides)
    return values
