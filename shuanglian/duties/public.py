"""A station's wall (公示), for the public page and the public API: one builder, so the two can
never disagree. Only what is meant for the wall: names, levels and sectors of the deputies, the
counted figures, the reception dates; never a phone number or a contact. A fixed, small number of
queries whatever the station's size (pinned in tests/test_public.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from shuanglian.deputies.models import Station

from .schedule import ReceptionDate
from .selectors import (
    announced,
    area_stations,
    figures_with_focus,
    next_receptions,
    public_station,
    station_deputies,
)

DEFAULT_PROCEDURE = [
    "企业扫码或到点反映诉求（码上说 马上办，24小时可扫码）",
    "接待代表当场登记，能当场解答的当场解答",
    "当场不能解决的，录入诉求闭环，交有关部门办理（企业点单、代表服务、部门接单）",
    "部门在时限内办理答复，超期亮灯督办",
    "回访企业，满意后销号；办理结果在本点公示",
]

FIGURE_LABELS = {
    "members": "进点代表和网格员", "inspections": "集中视察", "demands_collected": "收集企业诉求",
    "demands_solved": "推动解决问题", "suggestions": "提出意见建议",
}
FIGURE_UNITS = {"members": "名", "inspections": "次", "demands_collected": "条", "demands_solved": "个",
                "suggestions": "条"}


@dataclass
class Wall:
    station: Station
    deputies: list[dict]
    figures: dict[str, int]
    next_receptions: list[ReceptionDate]
    notices: list[ReceptionDate]
    area_name: str = ""
    area_count: int = 0
    area_figures: dict[str, int] = field(default_factory=dict)

    @property
    def procedure(self) -> list[str]:
        text = self.station.public_page.procedure.strip()
        return [line.strip() for line in text.splitlines() if line.strip()] if text else DEFAULT_PROCEDURE

    @property
    def rules(self) -> list[str]:
        return [line.strip() for line in self.station.public_page.rules.splitlines() if line.strip()]

    def figure_rows(self, figures=None) -> list[dict]:
        figures = self.figures if figures is None else figures
        return [{"key": k, "label": FIGURE_LABELS[k], "value": v, "unit": FIGURE_UNITS[k]} for k, v in figures.items()]

    def area_rows(self) -> list[dict]:
        return self.figure_rows(self.area_figures)

    def as_json(self) -> dict:
        data = {
            "name": self.station.name, "kind": self.station.get_kind_display(),
            "host": self.station.host, "address": self.station.address,
            # the id links the wall's names to each deputy's public duty record; the feed keeps its shape
            "deputies": [{k: v for k, v in d.items() if k != "id"} for d in self.deputies], "figures": self.figures,
            "next_receptions": [d.as_json() for d in self.next_receptions],
        }
        if self.area_count > 1:
            data["area"] = {"name": self.area_name, "stations": self.area_count, "figures": self.area_figures}
        return data


def public_wall(station_id) -> Wall:
    station = public_station(station_id)
    deputies = [{"name": d.name, "level": d.get_level_display(), "sector": d.sector,
                 "head": d.pk == station.head_id, "id": d.pk if d.is_active else None}
                for d in station_deputies(station)]
    upcoming = next_receptions(station)
    # The published stations of the region (e.g. a 街道工委's points): their total is what the
    # 工委 reports; the station's own figures come out of the same queries.
    area = area_stations(station)
    area_figures, own = figures_with_focus(area, station)
    wall = Wall(station=station, deputies=deputies, figures=own, next_receptions=upcoming,
                notices=announced(upcoming))
    if len(area) > 1:
        wall.area_name, wall.area_count, wall.area_figures = station.region.name, len(area), area_figures
    return wall
