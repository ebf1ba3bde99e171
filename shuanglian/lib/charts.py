"""Charts as PNG images, drawn on the server without a browser (matplotlib, Agg backend), for
documents such as the monthly brief. Chinese labels need a CJK font: Noto Sans CJK SC, which
Debian's fonts-noto-cjk installs (.ci/run installs it). Without it matplotlib would draw empty
boxes (tofu) silently, so `cjk_font()` refuses instead.

Matplotlib's global pyplot state is not thread-safe; every chart here uses its own Figure object
(no pyplot), so gunicorn threads and workers can draw at once."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

import matplotlib

matplotlib.use("Agg")  # no display: a server has none

from matplotlib import font_manager  # noqa: E402  (after the backend is chosen)
from matplotlib.figure import Figure  # noqa: E402

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
PALETTE = ["#c23531", "#2f4554", "#61a0a8", "#d48265", "#91c7ae", "#749f83"]  # ECharts' classic colours
DPI = 150


class ChartFontMissing(RuntimeError):
    pass


@cache
def cjk_font() -> str:
    """The first installed CJK family (the brief's charts would otherwise show tofu boxes)."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise ChartFontMissing("服务器未安装中文字体（Debian 软件包 fonts-noto-cjk），无法绘制图表。")


def _figure(width_cm: float, height_cm: float) -> Figure:
    fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI)
    fig.set_layout_engine("constrained")
    return fig


def _style(ax, family: str):
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontfamily(family)


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def trend_chart(*, title: str, labels: Sequence[str], bars: dict[str, Sequence[int]],
                lines: dict[str, Sequence[float | None]], bar_unit: str = "件", line_unit: str = "%",
                width_cm: float = 16, height_cm: float = 8) -> bytes:
    """Counts as grouped bars (left axis) and rates as lines (right axis, 0–100), by month."""
    family = cjk_font()
    fig = _figure(width_cm, height_cm)
    ax = fig.add_subplot()
    n = max(1, len(bars))
    width = 0.8 / n
    xs = list(range(len(labels)))
    for i, (name, values) in enumerate(bars.items()):
        ax.bar([x - 0.4 + width * (i + 0.5) for x in xs], values, width, label=name, color=PALETTE[i % len(PALETTE)])
    ax.set_ylabel(bar_unit, fontfamily=family)
    ax.set_xticks(xs, labels)
    right = ax.twinx()
    for i, (name, values) in enumerate(lines.items(), start=len(bars)):
        pts = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
        right.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=3, linewidth=1.4,
                   label=name, color=PALETTE[i % len(PALETTE)])
    right.set_ylim(0, 105)
    right.set_ylabel(line_unit, fontfamily=family)
    right.spines[["top"]].set_visible(False)
    _style(ax, family)
    for label in right.get_yticklabels():
        label.set_fontfamily(family)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    names = ax.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
    fig.legend(handles, names, loc="outside lower center", ncols=min(5, len(names)), prop={"family": family, "size": 8},
               frameon=False)
    ax.set_title(title, fontfamily=family, fontsize=11)
    return _png(fig)


def hbar_chart(*, title: str, labels: Sequence[str], values: Sequence[float | None], unit: str = "%",
               xmax: float | None = 100, width_cm: float = 16, height_cm: float | None = None) -> bytes:
    """One horizontal bar per label, the first label on top, its value written at the bar's end."""
    family = cjk_font()
    fig = _figure(width_cm, height_cm or max(4.0, 1.6 + 0.7 * len(labels)))
    ax = fig.add_subplot()
    ys = list(range(len(labels)))
    shown = [v or 0 for v in values]
    ax.barh(ys, shown, color=PALETTE[0], height=0.6)
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    if xmax is not None:
        ax.set_xlim(0, xmax * 1.12)
    for y, v in zip(ys, values, strict=True):
        ax.text((v or 0), y, f" {'—' if v is None else v}{unit if v is not None else ''}", va="center",
                fontfamily=family, fontsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    _style(ax, family)
    ax.grid(axis="y", visible=False)
    ax.set_title(title, fontfamily=family, fontsize=11)
    return _png(fig)
