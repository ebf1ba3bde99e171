"""Enterprise names on screens anyone in the room can read (大屏): the trade name (字号), the part
that identifies the firm, is masked; the place and the legal form stay, so a reader still knows
what kind of firm it is. The one definition of that mask."""

# Longest first: "股份有限公司" must win over "有限公司".
LEGAL_FORMS = (
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "合作社", "研究院", "工作室",
    "商行", "工厂", "厂", "店",
)
MASK = "**"


def enterprise_mask(name: str) -> str:
    """重庆乾凤锻造有限公司 → 重庆**有限公司; 千里科技 → 千**; an empty name stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    suffix = next((form for form in LEGAL_FORMS if name.endswith(form) and len(name) > len(form)), "")
    head = name[: len(name) - len(suffix)]
    keep = 2 if len(head) > 4 else 1  # a place name (重庆, 北碚) leads most registered names
    return f"{head[:keep]}{MASK}{suffix}"
