from .navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = nav_for(user)
    current = request.path
    for item in items:
        item["active"] = item["url"] != "/" and current.startswith(item["url"]) or item["url"] == current
    return {"nav_items": items}
