"""Builders for the stability tests: people, households (with a place in the grid) and grid leaders."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from tests.helpers import make_id

_SEQ = itertools.count(101, 2)


@pytest.fixture
def someone(person: Any) -> Any:
    """A registered person with a fresh ID (the root `person` fixture reuses one ID)."""

    def _add(name: str = "王建国", **fields: Any) -> Any:
        return person(name, id_number=make_id(seq=f"{next(_SEQ) % 1000:03d}"), **fields)

    return _add


@pytest.fixture
def household(someone: Any, write: Any) -> Any:
    """A household whose head lives in `area`/`building` and belongs to `work_group`."""
    from kuangqu.services import households

    def _add(
        name: str = "王建国",
        *,
        area: str = "一片",
        building: str = "3号楼",
        work_group: str = "第1组",
        key_support: bool = False,
        **fields: Any,
    ) -> Any:
        head = someone(name, area=area, building=building, work_group=work_group, **fields)
        with write() as s:
            return households.create(s, head, key_support=key_support)

    return _add


@pytest.fixture
def leader(write: Any) -> Any:
    from datetime import date

    from kuangqu.services import grid

    def _add(level: str, unit: str, name: str, on: date = date(2020, 1, 1)) -> Any:
        with write() as s:
            return grid.assign(s, level, unit, name, on=on)

    return _add
