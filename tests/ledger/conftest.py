"""Builders for the ledger tests: people with retirement dates, and entries added through the service."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from tests.helpers import make_id

_serial = itertools.count(1)


def unique_id(birth: str | None = None, male: bool = True) -> str:
    """A valid ID that no other test person in this run has (sequence odd for men); born `birth`
    (yyyymmdd) or on a day of March 1950."""
    n = next(_serial)
    seq = (2 * n + (1 if male else 0)) % 1000
    day = 1 + (n // 500) % 28
    return make_id(birth=birth or f"195003{day:02d}", seq=f"{seq:03d}")


@pytest.fixture
def retiree(person: Any) -> Any:
    """A retired man (work from 1968-09, retired 2010-03, born 1950), or whoever the fields describe."""

    def _make(name: str = "王建国", **fields: Any) -> Any:
        values = {"work_start": "1968-09", "retired_on": "2010-03", "sex": "男", **fields}
        if "id_number" not in values:
            birth = str(values["birth_date"]).replace("-", "") if values.get("birth_date") else None
            values["id_number"] = unique_id(birth, male=values["sex"] == "男")
        return person(name, **values)

    return _make


@pytest.fixture
def add(write: Any) -> Any:
    """add(person, "2019-01", "基本养老金", "2350.00", reason=…) → the entry, through the service."""
    from kuangqu.models.registry import Retiree
    from kuangqu.services import ledger

    def _add(
        who: Any, effective: str, component: str, amount: str, reason: str = "测试", **extra: Any
    ) -> Any:
        with write() as s:
            person = s.get(Retiree, who.id)
            return ledger.add(s, person, ledger.add_input(effective, component, amount, reason, **extra))

    return _add
