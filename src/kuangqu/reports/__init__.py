"""Read-side figures that several outputs share: the monthly report's sections and the year's figures.

Each capability contributes functions registered here as "module:function", imported
only when a report is made:

- MONTHLY_SECTIONS: f(session, month: PartialDate, *, reveal: bool = False) -> list[Report]
  (one table per section; people's ID numbers, and names a section masks, masked unless
  `reveal` — the caller has audited the reveal)
- ANNUAL_FIGURES:   f(session, year: int) -> dict[str, Any]  (snake_case keys → numbers or
  small dicts, e.g. {"relief_person_times": 2236, ...}); merged into `report annual`
- ANNUAL_BY_MONTH:  f(session, year: int) -> Report  (a row per month, for the annual chart)

A section whose data does not exist yet is simply not registered — never faked.
"""

from __future__ import annotations

import importlib
from typing import Any

MONTHLY_SECTIONS: list[str] = [
    "kuangqu.reports.ledger:monthly_changes",
    "kuangqu.reports.relief:monthly_sections",
    "kuangqu.reports.stability:monthly_sections",
]
ANNUAL_FIGURES: list[str] = [
    "kuangqu.reports.ledger:annual_figures",
    "kuangqu.reports.relief:annual_figures",
    "kuangqu.reports.stability:annual_figures",
    "kuangqu.reports.roster:annual_figures",
]
ANNUAL_BY_MONTH: list[str] = [
    "kuangqu.reports.relief:annual_by_month",
    "kuangqu.reports.stability:annual_by_month",
    "kuangqu.reports.roster:annual_by_month",
]


def resolve(dotted: str) -> Any:
    module_name, _, func_name = dotted.partition(":")
    return getattr(importlib.import_module(module_name), func_name)


def monthly_sections(session: Any, month: Any, *, reveal: bool = False) -> list[Any]:
    sections: list[Any] = []
    for dotted in MONTHLY_SECTIONS:
        sections.extend(resolve(dotted)(session, month, reveal=reveal))
    return sections


def annual_figures(session: Any, year: int) -> dict[str, Any]:
    figures: dict[str, Any] = {"year": year}
    for dotted in ANNUAL_FIGURES:
        figures.update(resolve(dotted)(session, year))
    return figures


def annual_by_month(session: Any, year: int) -> list[Any]:
    return [resolve(dotted)(session, year) for dotted in ANNUAL_BY_MONTH]
