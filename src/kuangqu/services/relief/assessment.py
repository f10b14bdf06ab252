"""Assessing households against the standard: gathering the facts, placing, recording the placement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.models.enums import Status
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.models.relief import ReliefAssessment, ReliefStandard
from kuangqu.rules.relief import Assessment, HouseholdFacts, MemberFacts, assess
from kuangqu.services import audit
from kuangqu.services.relief import standards


@dataclass
class Assessed:
    household: Household
    head: Retiree
    assessment: Assessment


def _died_by(person: Retiree | None, day: date) -> bool:
    """A member linked to the roster who died on or before `day` no longer counts in the household."""
    if person is None or person.status != Status.DECEASED.value:
        return False
    return person.died_on is None or person.died_on.first_day() <= day


def members_on(session: Session, household_ids: Sequence[int], day: date) -> dict[int, list[HouseholdMember]]:
    """Members of each household on `day`: not removed by then, and not known to have died by then."""
    query = select(HouseholdMember, Retiree).outerjoin(Retiree, Retiree.id == HouseholdMember.retiree_id)
    if household_ids:
        query = query.where(HouseholdMember.household_id.in_(household_ids))  # type: ignore[attr-defined]
    result: dict[int, list[HouseholdMember]] = defaultdict(list)
    for member, person in session.execute(query.order_by(HouseholdMember.id)).all():
        if member.removed_on is not None and member.removed_on <= day:
            continue
        if _died_by(person, day):
            continue
        result[member.household_id].append(member)
    return result


def facts_of(household: Household, members: Sequence[HouseholdMember]) -> HouseholdFacts:
    return HouseholdFacts(
        members=tuple(MemberFacts(m.name, m.monthly_income_fen) for m in members),
        annual_rigid_expenses_fen=household.annual_rigid_expenses_fen,
        causes=tuple(household.causes or ()),
        exclusions=tuple(household.exclusions or ()),
    )


def assess_household(
    session: Session, household: Household, *, as_of: date, standard_row: ReliefStandard
) -> Assessment:
    members = members_on(session, [household.id or 0], as_of).get(household.id or 0, [])
    return assess(standards.parsed(standard_row), facts_of(household, members))


def assess_all(session: Session, *, as_of: date, standard_row: ReliefStandard) -> list[Assessed]:
    standard = standards.parsed(standard_row)
    pairs = session.execute(
        select(Household, Retiree).join(Retiree, Retiree.id == Household.head_id).order_by(Household.id)
    ).all()
    members = members_on(session, [], as_of)
    return [Assessed(h, head, assess(standard, facts_of(h, members.get(h.id or 0, [])))) for h, head in pairs]


def record(
    session: Session,
    household: Household,
    assessment: Assessment,
    *,
    as_of: date,
    standard_row: ReliefStandard,
) -> ReliefAssessment:
    """Store the placement with a snapshot of its numbers and the standard version it used."""
    snapshot = {"household": household.id, "as_of": as_of.isoformat(), **assessment.as_dict(lang="zh")}
    row = ReliefAssessment(
        household_id=household.id or 0,
        standard_id=standard_row.id or 0,
        as_of=as_of,
        status=assessment.status,
        tier=assessment.tier.code if assessment.tier else None,
        per_capita_income_fen=assessment.income.per_capita_fen,
        snapshot=snapshot,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "relief.assess",
        "relief_assessment",
        row.id,
        new={
            "household_id": household.id,
            "standard": standard_row.version,
            "as_of": as_of,
            "tier": row.tier,
            "status": row.status,
            "per_capita_monthly_income": snapshot["per_capita_monthly_income"],
        },
    )
    return row


def recorded(session: Session, household: Household) -> list[ReliefAssessment]:
    return list(
        session.scalars(
            select(ReliefAssessment)
            .where(ReliefAssessment.household_id == household.id)
            .order_by(ReliefAssessment.as_of, ReliefAssessment.id)
        )
    )
