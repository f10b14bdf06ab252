"""Relief checks (`kuangqu relief check`, and `kuangqu check` through REGISTERED_CHECKS): this
year's Spring Festival relief reached every tiered household; no payment went to a household
without an approved tier or after its head's death; school-age children of tiered households
are flagged for schooling help (助学)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Problem, RuleViolation
from kuangqu.models.enums import HouseholdKind, Relation, Status
from kuangqu.models.registry import Household, Retiree
from kuangqu.models.relief import ReliefApplication, ReliefPayment
from kuangqu.rules.money import format_fen
from kuangqu.rules.relief import (
    ApplicationStatus,
    PaymentKind,
    festival_period,
    holding_on,
    month_reference_day,
    school_age,
)
from kuangqu.services.relief import tiers
from kuangqu.services.relief.assessment import members_on

SPRING_FESTIVAL = "春节"
# The Spring Festival falls between 21 January and 20 February: by 1 March its relief is surely due.
FESTIVAL_DUE = (3, 1)


def _label(household: Household, head: Retiree) -> str:
    return f"{household.household_no or '#' + str(household.id)} {head.name}"


def _households(session: Session) -> dict[int, tuple[Household, Retiree]]:
    rows = session.execute(select(Household, Retiree).join(Retiree, Retiree.id == Household.head_id)).all()
    return {h.id: (h, r) for h, r in rows}


def _reversed_ids(session: Session) -> set[int]:
    return set(
        session.scalars(select(ReliefPayment.reversal_of).where(ReliefPayment.reversal_of.is_not(None)))
    )  # type: ignore[union-attr]


def festival_missing(session: Session, as_of: date) -> list[Problem]:
    """Every household tiered when this year's Spring Festival relief was paid received it."""
    year = as_of.year
    period = festival_period(year, SPRING_FESTIVAL)
    payments = list(
        session.scalars(
            select(ReliefPayment).where(
                ReliefPayment.kind == PaymentKind.FESTIVAL.value,
                ReliefPayment.period == period,
                ReliefPayment.reversal_of.is_(None),
                ReliefPayment.paid_on <= as_of,
            )
        )
    )  # type: ignore[union-attr]
    if not payments:
        tiered = tiers.holdings(session, as_of)
        if tiered and as_of >= date(year, *FESTIVAL_DUE):
            return [Problem("relief.check.festival_not_paid", {"year": year, "count": len(tiered)})]
        return []
    run_day = min(p.paid_on for p in payments)
    reversed_ids = _reversed_ids(session)
    received = {p.household_id for p in payments if p.id not in reversed_ids}
    homes = _households(session)
    problems = []
    for household_id, decision in sorted(tiers.holdings(session, run_day).items()):
        if household_id not in received:
            household, head = homes[household_id]
            problems.append(
                Problem(
                    "relief.check.festival_missing",
                    {"household": _label(household, head), "tier": decision.tier, "year": year},
                )
            )
    return problems


def payments_without_tier(session: Session) -> list[Problem]:
    """Daily and festival payments need an approved tier held on their day; temporary ones an approval."""
    reversed_ids = _reversed_ids(session)
    apps = {a.id: a for a in session.scalars(select(ReliefApplication))}
    decided = tiers.decisions(session)
    homes = _households(session)
    problems = []
    for p in session.scalars(
        select(ReliefPayment)
        .where(ReliefPayment.reversal_of.is_(None))  # type: ignore[union-attr]
        .order_by(ReliefPayment.id)
    ):
        if p.id in reversed_ids:
            continue
        app = apps.get(p.application_id) if p.application_id else None
        if p.kind == PaymentKind.TEMPORARY.value:
            ok = (
                app is not None
                and app.status == ApplicationStatus.APPROVED.value
                and app.household_id == p.household_id
            )
        else:
            ref = p.paid_on
            if p.kind == PaymentKind.DAILY.value:
                try:
                    ref = month_reference_day(int(p.period[:4]), int(p.period[5:7]), p.paid_on)
                except (ValueError, RuleViolation):
                    ref = p.paid_on  # a malformed period: judge the payment by its own day
            current = holding_on(decided.get(p.household_id, []), ref)
            ok = current is not None
        if not ok:
            household, head = homes[p.household_id]
            problems.append(
                Problem(
                    "relief.check.payment_without_tier",
                    {
                        "id": p.id,
                        "household": _label(household, head),
                        "kind": p.kind,
                        "period": p.period,
                        "amount": format_fen(p.amount_fen),
                    },
                )
            )
    return problems


def payments_after_death(session: Session) -> list[Problem]:
    """No payment dated after the head's death, unless the household is a survivor household (遗属户)."""
    reversed_ids = _reversed_ids(session)
    homes = _households(session)
    problems = []
    for p in session.scalars(
        select(ReliefPayment)
        .where(ReliefPayment.reversal_of.is_(None))  # type: ignore[union-attr]
        .order_by(ReliefPayment.id)
    ):
        household, head = homes[p.household_id]
        if p.id in reversed_ids or household.kind == HouseholdKind.SURVIVOR.value:
            continue
        if (
            head.status == Status.DECEASED.value
            and head.died_on is not None
            and p.paid_on > head.died_on.last_day()
        ):
            problems.append(
                Problem(
                    "relief.check.paid_after_death",
                    {
                        "id": p.id,
                        "household": _label(household, head),
                        "paid_on": p.paid_on.isoformat(),
                        "died_on": str(head.died_on),
                        "amount": format_fen(p.amount_fen),
                    },
                )
            )
    return problems


def school_age_children(session: Session, as_of: date) -> list[Problem]:
    """Children and grandchildren aged 6–17 in households holding a tier: flagged for schooling help."""
    held = tiers.holdings(session, as_of)
    if not held:
        return []
    homes = _households(session)
    problems = []
    for household_id, members in sorted(members_on(session, list(held), as_of).items()):
        for m in members:
            if m.relation not in (Relation.CHILD.value, Relation.GRANDCHILD.value):
                continue
            age = school_age(m.birth_date, as_of)
            if age is not None:
                household, head = homes[household_id]
                problems.append(
                    Problem(
                        "relief.check.school_age_child",
                        {
                            "household": _label(household, head),
                            "tier": held[household_id].tier,
                            "name": m.name,
                            "age": age,
                            "schooling": m.schooling or "—",
                        },
                    )
                )
    return problems


def run(session: Session, as_of: date | None = None) -> list[Problem]:
    day = as_of or date.today()
    return [
        *festival_missing(session, day),
        *payments_without_tier(session),
        *payments_after_death(session),
        *school_age_children(session, day),
    ]


def relief_checks(session: Session) -> list[Problem]:
    """The entry registered in services.checks.REGISTERED_CHECKS (as of today)."""
    return run(session)
