"""Relief figures for reports: the month's payments by tier with the sign-off sheet (签领表), the
year's figures of the office's annual report (人次, daily / festival / temporary totals, households
by tier, pairs) and the same month by month. Shared by `relief stats` and the report commands.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.i18n import t
from kuangqu.models.registry import Household, Retiree
from kuangqu.models.relief import ReliefPayment
from kuangqu.render import Column, Report
from kuangqu.rules.money import format_fen
from kuangqu.rules.relief import PaymentKind


@dataclass
class YearStats:
    person_times: int
    totals_fen: dict[str, int]  # by payment kind
    households_by_tier: dict[str, int]
    active_pairs: int

    def as_dict(self) -> dict[str, Any]:
        """The keys of `relief stats --format json`, money as yuan strings."""
        return {
            "person_times": self.person_times,
            "daily_relief_total": format_fen(self.totals_fen.get(PaymentKind.DAILY.value, 0)),
            "festival_relief_total": format_fen(self.totals_fen.get(PaymentKind.FESTIVAL.value, 0)),
            "temporary_relief_total": format_fen(self.totals_fen.get(PaymentKind.TEMPORARY.value, 0)),
            "households_by_tier": dict(self.households_by_tier),
            "active_pairs": self.active_pairs,
        }


def _payments(session: Session, first: date, last: date) -> tuple[list[ReliefPayment], set[int]]:
    rows = list(
        session.scalars(
            select(ReliefPayment)
            .where(ReliefPayment.paid_on >= first, ReliefPayment.paid_on <= last)
            .order_by(ReliefPayment.paid_on, ReliefPayment.id)
        )
    )
    reversed_ids = set(
        session.scalars(select(ReliefPayment.reversal_of).where(ReliefPayment.reversal_of.is_not(None)))
    )  # type: ignore[union-attr]
    return rows, reversed_ids


def _payment_rows(session: Session, first: date, last: date) -> tuple[list[Any], set[int]]:
    """As `_payments`, as plain rows of the columns the monthly section reads (no ORM objects: a
    festival month pays most households twice)."""
    c = ReliefPayment.__table__.c  # type: ignore[attr-defined]
    rows = list(
        session.execute(
            select(c.id, c.household_id, c.kind, c.amount_fen, c.tier, c.reversal_of)
            .where(c.paid_on >= first, c.paid_on <= last)
            .order_by(c.paid_on, c.id)
        )
    )
    reversed_ids = set(session.scalars(select(c.reversal_of).where(c.reversal_of.is_not(None))))
    return rows, reversed_ids


def _person_times(rows: Sequence[Any], reversed_ids: set[int]) -> int:
    """人次: one per payment that stands (neither a reversal nor reversed)."""
    return sum(1 for p in rows if p.reversal_of is None and p.id not in reversed_ids)


def year_stats(session: Session, year: int) -> YearStats:
    """Payments by the day they were paid; totals are net of reversals; tiers and pairs during the year."""
    from kuangqu.services.relief import pairs, tiers

    first, last = date(year, 1, 1), date(year, 12, 31)
    rows, reversed_ids = _payments(session, first, last)
    totals: dict[str, int] = defaultdict(int)
    for p in rows:
        totals[p.kind] += p.amount_fen
    tiers = Counter(d.tier or "?" for d in tiers.holdings_during(session, first, last).values())
    return YearStats(
        _person_times(rows, reversed_ids),
        dict(totals),
        dict(sorted(tiers.items())),
        pairs.active_during(session, first, last),
    )


def annual_figures(session: Session, year: int) -> dict[str, Any]:
    stats = year_stats(session, year).as_dict()
    return {
        "relief_person_times": stats["person_times"],
        "daily_relief_total": stats["daily_relief_total"],
        "festival_relief_total": stats["festival_relief_total"],
        "temporary_relief_total": stats["temporary_relief_total"],
        "households_by_tier": stats["households_by_tier"],
        "active_pairs": stats["active_pairs"],
    }


def annual_by_month(session: Session, year: int) -> Report:
    """A row per month: person-times and the amounts paid, by kind."""
    rows_, reversed_ids = _payments(session, date(year, 1, 1), date(year, 12, 31))
    rows = []
    for month in range(1, 13):
        in_month = [p for p in rows_ if p.paid_on.month == month]
        by_kind: dict[str, int] = defaultdict(int)
        for p in in_month:
            by_kind[p.kind] += p.amount_fen
        rows.append(
            {
                "month": f"{year:04d}-{month:02d}",
                "person_times": _person_times(in_month, reversed_ids),
                "daily_relief": format_fen(by_kind[PaymentKind.DAILY.value]),
                "festival_relief": format_fen(by_kind[PaymentKind.FESTIVAL.value]),
                "temporary_relief": format_fen(by_kind[PaymentKind.TEMPORARY.value]),
                "total": format_fen(sum(by_kind.values())),
            }
        )
    columns = [
        Column("month"),
        Column("person_times", justify="right"),
        Column("daily_relief", justify="right"),
        Column("festival_relief", justify="right"),
        Column("temporary_relief", justify="right"),
        Column("total", label_key="relief.col.total", justify="right"),
    ]
    return Report(t("relief.report.by_month_title", year=year), columns, rows, json_key="relief_by_month")


def monthly_sections(session: Session, month: Any, *, reveal: bool = False) -> list[Report]:
    """The month's relief payments by tier and kind with totals, and the sign-off sheet (签领表) with
    each head's ID number: masked, or in full when `reveal` (the clerk pays by it; audited by the caller)."""
    from kuangqu.rules.masking import mask_id

    first = date(month.year, month.month or 1, 1)
    last = month.last_day() if month.month else date(month.year, 1, 31)
    rows_, reversed_ids = _payment_rows(session, first, last)
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for p in rows_:
        groups[(p.tier or "—", p.kind)].append(p)
    summary = [
        {
            "tier": tier,
            "kind": PaymentKind(kind).label if kind in PaymentKind._value2member_map_ else kind,
            "person_times": _person_times(items, reversed_ids),
            "amount": format_fen(sum(p.amount_fen for p in items)),
        }
        for (tier, kind), items in sorted(groups.items())
    ]
    summary.append(
        {
            "tier": t("relief.report.total"),
            "kind": "",
            "person_times": _person_times(rows_, reversed_ids),
            "amount": format_fen(sum(p.amount_fen for p in rows_)),
        }
    )
    # Only the households paid this month: one query per 500 of them, the head's ID masked unless revealed.
    heads: dict[int, str] = {}
    names: dict[int, tuple[str, str]] = {}
    paid = sorted({p.household_id for p in rows_})
    for i in range(0, len(paid), 500):
        query = (
            select(Household.id, Household.household_no, Retiree.name, Retiree.id_number)
            .outerjoin(Retiree, Retiree.id == Household.head_id)
            .where(Household.id.in_(paid[i : i + 500]))  # type: ignore[union-attr]
        )
        for household_id, household_no, name, id_number in session.execute(query):
            heads[household_id] = household_no
            if name is not None:
                names[household_id] = (name, id_number if reveal else mask_id(id_number))
    signoff = [
        {
            "household_no": heads.get(p.household_id) or f"#{p.household_id}",
            "head_name": names[p.household_id][0] if p.household_id in names else None,
            "id_number": names[p.household_id][1] if p.household_id in names else None,
            "tier": p.tier,
            "kind": PaymentKind(p.kind).label,
            "amount": format_fen(p.amount_fen),
            "signature": "",
        }
        for p in rows_
        if p.reversal_of is None and p.id not in reversed_ids
    ]
    label = f"{month.year:04d}-{(month.month or 1):02d}"
    return [
        Report(
            t("relief.report.month_title", month=label),
            [
                Column("tier"),
                Column("kind"),
                Column("person_times", justify="right"),
                Column("amount", justify="right"),
            ],
            summary,
            json_key="relief_by_tier",
        ),
        Report(
            t("relief.report.signoff_title", month=label),
            [
                Column("household_no"),
                Column("head_name"),
                Column("id_number"),
                Column("tier"),
                Column("kind"),
                Column("amount", justify="right"),
                Column("signature"),
            ],
            signoff,
            json_key="relief_signoff",
        ),
    ]
