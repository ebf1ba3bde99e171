from .navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = nav_for(user)
    current = request.path
    # One tab is current: the entry whose address is the longest prefix of the page's (on
    # /cases/inbox/ that is 督办通知, not also 诉求办理 at /cases/).
    matches = [i for i in items if i["url"] == current or (i["url"] != "/" and current.startswith(i["url"]))]
    best = max(matches, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is best
    return {"nav_items": items}
