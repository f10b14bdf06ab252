"""Relief payments: the monthly daily-relief run, festival relief, temporary relief, reversals.

Payments are append-only. A run skips every household already paid for the period, so running
it twice pays nothing twice; the database's unique key refuses the rare race between two runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kuangqu.db import IMPORT_LOCK, advisory_lock
from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.enums import HouseholdKind, Status
from kuangqu.models.registry import Household, Retiree
from kuangqu.models.relief import ReliefApplication, ReliefPayment, ReliefStandard
from kuangqu.rules.money import format_fen
from kuangqu.rules.relief import (
    ApplicationKind,
    ApplicationStatus,
    Decision,
    PaymentKind,
    daily_period,
    festival_period,
    month_reference_day,
    temporary_period,
)
from kuangqu.services import audit
from kuangqu.services.relief import standards, tiers


@dataclass
class Skipped:
    household_id: int
    reason: str  # message key


@dataclass
class RunResult:
    kind: str
    period: str
    reference_day: date
    paid: list[ReliefPayment] = field(default_factory=list)
    already_paid: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    dry_run: bool = False

    @property
    def total_fen(self) -> int:
        return sum(p.amount_fen for p in self.paid)


def head_dead_on(head: Retiree, household: Household, day: date) -> bool:
    """Relief stops when the head may have died by `day` — unless the household is a survivor household."""
    if household.kind == HouseholdKind.SURVIVOR.value or head.status != Status.DECEASED.value:
        return False
    return head.died_on is None or head.died_on.first_day() <= day


def _keys_paid(session: Session, kind: str, period: str) -> dict[int, tuple[int, int]]:
    """household → (payments of this key, how many of them were reversed)."""
    originals = session.execute(
        select(ReliefPayment.household_id, ReliefPayment.id).where(
            ReliefPayment.kind == kind, ReliefPayment.period == period, ReliefPayment.reversal_of.is_(None)
        )  # type: ignore[union-attr]
    ).all()
    reversed_ids = set(
        session.scalars(
            select(ReliefPayment.reversal_of).where(
                ReliefPayment.kind == kind,
                ReliefPayment.period == period,
                ReliefPayment.reversal_of.is_not(None),
            )  # type: ignore[union-attr]
        )
    )
    counts: dict[int, tuple[int, int]] = {}
    for household_id, payment_id in originals:
        n, rev = counts.get(household_id, (0, 0))
        counts[household_id] = (n + 1, rev + (payment_id in reversed_ids))
    return counts


def insert_payments(session: Session, payments: list[ReliefPayment]) -> None:
    """Write payments, or refuse them all (Conflict) when one of their keys is paid already."""
    session.add_all(payments)
    try:
        session.flush()
    except IntegrityError as exc:
        # Another run paid the same household for the same period a moment ago.
        raise Conflict("relief.payment_duplicate") from exc


def _run(
    session: Session,
    *,
    kind: str,
    period: str,
    reference_day: date,
    paid_on: date,
    dry_run: bool,
    repay_reversed: bool,
    amount_of: str,
) -> RunResult:
    result = RunResult(kind, period, reference_day, dry_run=dry_run)
    if not dry_run:
        # Before the first read: an import (exclusive) must not commit between this run's reads
        # (READ COMMITTED takes a snapshot per statement); pay runs share it (the unique key
        # keeps two of them from paying twice). No-op on SQLite (BEGIN IMMEDIATE).
        advisory_lock(session, IMPORT_LOCK, shared=True)
    held = tiers.holdings(session, reference_day)
    paid = _keys_paid(session, kind, period)
    apps = {
        a.id: a
        for a in session.scalars(
            select(ReliefApplication).where(
                ReliefApplication.id.in_([d.application_id for d in held.values()])
            )
        )
    }  # type: ignore[union-attr]
    std_rows = {s.id: s for s in session.scalars(select(ReliefStandard))}
    heads = dict(
        session.execute(select(Household.id, Retiree).join(Retiree, Retiree.id == Household.head_id)).all()
    )
    homes = {h.id: h for h in session.scalars(select(Household).where(Household.id.in_(list(held))))}  # type: ignore[union-attr]
    new: list[ReliefPayment] = []
    for household_id in sorted(held):
        decision: Decision = held[household_id]
        app = apps[decision.application_id]
        count, reversed_count = paid.get(household_id, (0, 0))
        if count and not (repay_reversed and reversed_count == count):
            if reversed_count == count:
                result.skipped.append(Skipped(household_id, "relief.skip_reversed"))
            else:
                result.already_paid += 1
            continue
        tier = standards.parsed(std_rows[app.standard_id]).tier(app.tier) if app.standard_id else None
        if tier is None:
            result.skipped.append(Skipped(household_id, "relief.skip_tier_unknown"))
            continue
        amount = tier.monthly_relief_fen if amount_of == "monthly" else tier.festival_relief_fen
        if amount <= 0:
            result.skipped.append(Skipped(household_id, "relief.skip_no_amount"))
            continue
        if head_dead_on(heads[household_id], homes[household_id], paid_on):
            result.skipped.append(Skipped(household_id, "relief.skip_head_deceased"))
            continue
        new.append(
            ReliefPayment(
                household_id=household_id,
                kind=kind,
                period=period,
                attempt=count,
                amount_fen=amount,
                tier=tier.code,
                application_id=app.id,
                standard_id=app.standard_id,
                paid_on=paid_on,
            )
        )
    result.paid = new
    if dry_run or not new:
        return result
    insert_payments(session, new)
    audit.record(
        session,
        f"relief.pay_{kind}",
        "relief_payment",
        None,
        new={
            "period": period,
            "paid_on": paid_on,
            "payments": len(new),
            "total": format_fen(result.total_fen),
            "first_id": new[0].id,
            "last_id": new[-1].id,
        },
    )
    return result


def pay_month(
    session: Session,
    year: int,
    month: int,
    *,
    paid_on: date,
    dry_run: bool = False,
    repay_reversed: bool = False,
) -> RunResult:
    """Pay a month's daily relief to every household whose tier holds then and has a monthly amount."""
    reference = month_reference_day(year, month, paid_on)
    return _run(
        session,
        kind=PaymentKind.DAILY.value,
        period=daily_period(year, month),
        reference_day=reference,
        paid_on=paid_on,
        dry_run=dry_run,
        repay_reversed=repay_reversed,
        amount_of="monthly",
    )


def pay_festival(
    session: Session,
    year: int,
    festival: str,
    *,
    paid_on: date,
    dry_run: bool = False,
    repay_reversed: bool = False,
) -> RunResult:
    """Pay each household tiered on the payment day its festival amount, once per festival and year."""
    if abs(paid_on.year - year) > 1:
        raise RuleViolation("relief.festival_year_far", year=year, paid_on=paid_on.isoformat())
    return _run(
        session,
        kind=PaymentKind.FESTIVAL.value,
        period=festival_period(year, festival),
        reference_day=paid_on,
        paid_on=paid_on,
        dry_run=dry_run,
        repay_reversed=repay_reversed,
        amount_of="festival",
    )


def pay_temporary(session: Session, app: ReliefApplication, *, paid_on: date) -> ReliefPayment:
    """Pay an approved temporary application its approved amount, once."""
    # Like a pay run, wait for an import in progress: it may be recording the head's death.
    advisory_lock(session, IMPORT_LOCK, shared=True)
    if app.kind != ApplicationKind.TEMPORARY.value:
        raise Conflict("relief.pay_not_temporary", id=app.id)
    if app.status != ApplicationStatus.APPROVED.value:
        raise Conflict("relief.pay_not_approved", id=app.id, status=ApplicationStatus(app.status).label)
    assert app.decided_on is not None and app.approved_amount_fen is not None
    if paid_on < app.decided_on:
        raise Conflict(
            "relief.date_before_previous",
            on=paid_on.isoformat(),
            previous=app.decided_on.isoformat(),
            step="pay",
        )
    period = temporary_period(app.id or 0)
    count, reversed_count = _keys_paid(session, PaymentKind.TEMPORARY.value, period).get(
        app.household_id, (0, 0)
    )
    if count and reversed_count < count:
        raise Conflict("relief.temporary_already_paid", id=app.id)
    household = session.get(Household, app.household_id)
    assert household is not None
    head = session.get(Retiree, household.head_id)
    assert head is not None
    if head_dead_on(head, household, paid_on):
        raise Conflict("relief.head_deceased", household=household.id)
    payment = ReliefPayment(
        household_id=app.household_id,
        kind=PaymentKind.TEMPORARY.value,
        period=period,
        attempt=count,
        amount_fen=app.approved_amount_fen,
        application_id=app.id,
        paid_on=paid_on,
        reason=app.reason,
    )
    insert_payments(session, [payment])
    audit.record(
        session,
        "relief.pay_temporary",
        "relief_payment",
        payment.id,
        new={
            "application_id": app.id,
            "household_id": app.household_id,
            "amount": format_fen(payment.amount_fen),
            "paid_on": paid_on,
        },
    )
    return payment


def get(session: Session, ref: int | str) -> ReliefPayment:
    text = str(ref).strip().lstrip("#")
    payment = session.get(ReliefPayment, int(text)) if text.isdigit() else None
    if payment is None:
        raise NotFound("relief.payment_not_found", ref=str(ref))
    return payment


def reverse(session: Session, payment: ReliefPayment, *, on: date, reason: str) -> ReliefPayment:
    """Take a payment back with a new negative entry pointing at it; the original is never changed."""
    text = (reason or "").strip()
    if not text:
        raise RuleViolation("relief.reverse_needs_reason")
    if payment.reversal_of is not None:
        raise Conflict("relief.reverse_a_reversal", id=payment.id)
    if (
        session.scalars(select(ReliefPayment).where(ReliefPayment.reversal_of == payment.id)).first()
        is not None
    ):
        raise Conflict("relief.already_reversed", id=payment.id)
    if on < payment.paid_on:
        raise Conflict(
            "relief.date_before_previous",
            on=on.isoformat(),
            previous=payment.paid_on.isoformat(),
            step="reverse",
        )
    reversal = ReliefPayment(
        household_id=payment.household_id,
        kind=payment.kind,
        period=payment.period,
        attempt=payment.attempt,
        amount_fen=-payment.amount_fen,
        tier=payment.tier,
        application_id=payment.application_id,
        standard_id=payment.standard_id,
        paid_on=on,
        reversal_of=payment.id,
        reason=text,
    )
    insert_payments(session, [reversal])
    audit.record(
        session,
        "relief.reverse",
        "relief_payment",
        reversal.id,
        new={"reversal_of": payment.id, "amount": format_fen(reversal.amount_fen), "paid_on": on},
        reason=text,
    )
    return reversal


@dataclass
class PaymentRow:
    payment: ReliefPayment
    household: Household
    head: Retiree
    reversed_by: int | None


def list_payments(
    session: Session,
    *,
    month: tuple[int, int] | None = None,
    year: int | None = None,
    household_id: int | None = None,
    kind: str | None = None,
) -> list[PaymentRow]:
    """Payments by the day they were paid (a month or a year), household and kind, oldest first."""
    query = (
        select(ReliefPayment, Household, Retiree)
        .join(Household, Household.id == ReliefPayment.household_id)
        .join(Retiree, Retiree.id == Household.head_id)
    )
    if month is not None:
        first = date(month[0], month[1], 1)
        after = date(month[0] + (month[1] == 12), month[1] % 12 + 1, 1)
        query = query.where(ReliefPayment.paid_on >= first, ReliefPayment.paid_on < after)
    if year is not None:
        query = query.where(
            ReliefPayment.paid_on >= date(year, 1, 1), ReliefPayment.paid_on <= date(year, 12, 31)
        )
    if household_id is not None:
        query = query.where(ReliefPayment.household_id == household_id)
    if kind:
        query = query.where(ReliefPayment.kind == kind)
    rows = session.execute(query.order_by(ReliefPayment.paid_on, ReliefPayment.id)).all()
    reversed_by = dict(
        session.execute(
            select(ReliefPayment.reversal_of, ReliefPayment.id).where(ReliefPayment.reversal_of.is_not(None))
        ).all()
    )  # type: ignore[union-attr]
    return [PaymentRow(p, h, r, reversed_by.get(p.id)) for p, h, r in rows]
