"""A chart for the browser (ECharts, static/js/charts.js) and its numbers as a table, from one
plain dict: the page embeds it with json_script and templates/partials/chart.html draws the
accessible table from the same dict, so the picture and the table cannot disagree.

    chart("rates-trend", "按月趋势", "月份", ["1月", "2月"],
          [series("受理诉求", [3, 4]), series("满意率", [98.5, None], kind="line", axis=1, unit="%")],
          axes=[axis("件"), axis("%", max=100)])
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)  # JSON for the chart; the table shows `display`
    return value


def series(name: str, values: Sequence, *, kind: str = "bar", axis: int = 0, unit: str = "") -> dict:
    return {"name": name, "type": kind, "axis": axis, "unit": unit,
            "values": [_number(v) for v in values],
            "display": ["—" if v is None else f"{v}{unit}" for v in values]}


def axis(unit: str = "", *, max: float | None = None) -> dict:  # noqa: A002  (ECharts' own word)
    return {"unit": unit, "max": max}


def chart(chart_id: str, title: str, label_name: str, labels: Sequence[str], all_series: Sequence[dict], *,
          kind: str = "bar", axes: Sequence[dict] | None = None, note: str = "") -> dict:
    """kind: "bar" (categories along the bottom) or "hbar" (one row per category, for long names)."""
    labels = [str(x) for x in labels]
    return {
        "id": chart_id, "data_id": f"{chart_id}-data", "title": title, "label_name": label_name,
        "labels": labels, "series": list(all_series), "kind": kind, "axes": list(axes or [axis()]), "note": note,
        "rows": [{"label": label, "cells": [{"name": s["name"], "value": s["display"][i]} for s in all_series]}
                 for i, label in enumerate(labels)],
    }
