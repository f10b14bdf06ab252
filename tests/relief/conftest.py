"""Builders for the relief tests: the issue's standard, households with the facts relief needs,
and a household taken through the whole review to an approved tier."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import make_id

# The standard exactly as issue 3 gives it (sample_data/relief-standard.toml adds three exclusions).
ISSUE_STANDARD = """\
name = "十矿困难职工家庭救济标准"
version = "2020"
effective_from = "2020-01-01"
dibao_monthly = "520.00"          # local minimum living standard, yuan per person per month

[[exclusion]]                       # any exclusion that applies makes a household ineligible
code = "two_homes"                  # codes used by households' facts: two_homes, business_owner, private_car, private_school
label = "拥有两套及以上住房"

[[tier]]                            # tiers are tried in order; the first whose tests all pass wins
code = "A"
label = "一档（深度困难）"
max_income_ratio = "1.0"            # per-capita monthly income must be below ratio × dibao_monthly
causes = []                         # empty: no cause needed; else the household must have at least one
monthly_relief = "300.00"           # daily relief paid each month while the tier holds
festival_relief = "1500.00"         # paid once per festival and year

[[tier]]
code = "B"
label = "二档（相对困难）"
max_income_ratio = "1.5"
causes = ["serious_illness", "disability", "school_children", "single_parent", "no_work_capacity"]
monthly_relief = "200.00"
festival_relief = "1000.00"

[[tier]]
code = "C"
label = "三档（意外致困）"
max_income_ratio = "3.0"
causes = ["accident", "disaster", "work_death", "serious_illness"]
monthly_relief = "0.00"
festival_relief = "800.00"
"""

_SEQ = itertools.count(101, 2)


@pytest.fixture
def standard_file(tmp_path: Path) -> Path:
    path = tmp_path / "relief-standard.toml"
    path.write_text(ISSUE_STANDARD, encoding="utf-8")
    return path


@pytest.fixture
def standard(write: Any) -> Any:
    """The issue's standard, loaded."""
    from kuangqu.services.relief import standards

    with write() as s:
        row, _ = standards.load(s, ISSUE_STANDARD, source_name="issue.toml")
    return row


@pytest.fixture
def family(person: Any, write: Any) -> Any:
    """A household: the head's income and each other member's income (None: not recorded), rigid expenses,
    causes and exclusions. Returns the household."""
    from kuangqu.services import households
    from kuangqu.validate import member_input

    def _add(
        head_income: str | None = "1000.00",
        *others: str | None,
        rigid: str | None = "0",
        causes: tuple[str, ...] = (),
        exclusions: tuple[str, ...] = (),
        name: str = "王建国",
        children: tuple[tuple[str, date], ...] = (),
        **head_fields: Any,
    ) -> Any:
        from kuangqu.rules.money import parse_yuan

        head = person(name, id_number=make_id(seq=f"{next(_SEQ) % 1000:03d}"), **head_fields)
        with write() as s:
            household = households.create(s, head)
            members = households.members(s, household)
            if head_income is not None:
                households.edit_member(
                    s, household, members[0], {"monthly_income_fen": parse_yuan(head_income)}
                )
            for index, income in enumerate(others):
                raw = {
                    "name": "成员" + "甲乙丙丁戊己庚辛"[index],
                    "relation": "配偶" if index == 0 else "子女",
                }
                if income is not None:
                    raw["monthly_income"] = income
                result = member_input(raw)
                assert result.ok, [p.message() for p in result.problems]
                households.add_member(s, household, result.value)
            for child_name, birth in children:
                result = member_input(
                    {
                        "name": child_name,
                        "relation": "子女",
                        "birth_date": birth.isoformat(),
                        "monthly_income": "0",
                    }
                )
                assert result.ok, [p.message() for p in result.problems]
                households.add_member(s, household, result.value)
            households.set_facts(
                s,
                household,
                households.FactsUpdate(
                    annual_rigid_expenses_fen=parse_yuan(rigid) if rigid is not None else None,
                    add_causes=causes,
                    add_exclusions=exclusions,
                ),
            )
        return household

    return _add


@pytest.fixture
def approved(write: Any, standard: Any) -> Any:
    """Take a household through apply → review next day → 7-day notice → approval 9 days after applying."""
    from kuangqu.services.relief import applications

    def _approve(
        household: Any,
        *,
        applied: date = date(2020, 1, 2),
        kind: str = "daily",
        amount_fen: int | None = None,
        reason: str | None = None,
    ) -> Any:
        day = applied.toordinal()
        with write() as s:
            app = applications.apply(s, household, kind, on=applied, reason=reason, amount_fen=amount_fen)
            applications.review(s, app, on=date.fromordinal(day + 1), visit_ref="家访#1", visit_on=applied)
            applications.notice(s, app, start=date.fromordinal(day + 2), days=7)
            applications.approve(s, app, on=date.fromordinal(day + 9))  # the day after the notice ends
        return app

    return _approve
