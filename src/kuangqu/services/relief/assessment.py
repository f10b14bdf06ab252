"""Assessing households against the standard: gathering the facts, placing, recording the placement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.models.enums import Status
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.models.relief import ReliefAssessment, ReliefStandard
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.relief import Assessment, HouseholdFacts, MemberFacts, Placer, assess
from kuangqu.services import audit
from kuangqu.services.relief import standards


def _died_by(person: Retiree | None, day: date) -> bool:
    """A member linked to the roster who died on or before `day` no longer counts in the household."""
    if person is None or person.status != Status.DECEASED.value:
        return False
    return _dead_by(person.died_on, day)


def _dead_by(died_on: PartialDate | None, day: date) -> bool:
    """Someone recorded as deceased died by `day`: on or before it, or on a date not known."""
    return died_on is None or died_on.first_day() <= day


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


BATCH = 5000  # households placed per round of queries by assess_each


def _deceased(session: Session) -> dict[int, PartialDate | None]:
    """Date of death (None: not known) of everyone the roster records as deceased, by retiree id."""
    query = select(Retiree.id, Retiree.died_on).where(Retiree.status == Status.DECEASED.value)
    return {rid: died_on for rid, died_on in session.execute(query)}


def assess_each(
    session: Session, *, as_of: date, standard_row: ReliefStandard, batch: int = BATCH
) -> Iterator[tuple[int, Assessment]]:
    """(household id, assessment) of every household, in household order, as `assess_household` gives.

    For `relief assess --all`: plain column tuples (no ORM objects) read `batch` households at a
    time with their members, one Placer for the standard, nothing kept between batches.
    """
    placer = Placer(standards.parsed(standard_row))
    deceased = _deceased(session)
    households = (
        select(Household.id, Household.annual_rigid_expenses_fen, Household.causes, Household.exclusions)
        .join(Retiree, Retiree.id == Household.head_id)
        .order_by(Household.id)
        .limit(batch)
    )
    member_columns = select(
        HouseholdMember.household_id,
        HouseholdMember.name,
        HouseholdMember.monthly_income_fen,
        HouseholdMember.removed_on,
        HouseholdMember.retiree_id,
    ).order_by(HouseholdMember.id)
    last: int | None = None
    while True:
        query = households if last is None else households.where(Household.id > last)  # type: ignore[operator]
        rows = session.execute(query).all()
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        members: dict[int, list[MemberFacts]] = defaultdict(list)
        in_range = HouseholdMember.household_id.between(first, last)  # type: ignore[attr-defined]
        for household_id, name, income, removed_on, retiree_id in session.execute(
            member_columns.where(in_range)
        ):
            if removed_on is not None and removed_on <= as_of:
                continue
            if retiree_id in deceased and _dead_by(deceased[retiree_id], as_of):
                continue
            members[household_id].append(MemberFacts(name, income))
        for household_id, rigid, causes, exclusions in rows:
            facts = HouseholdFacts(
                members=tuple(members.get(household_id, ())),
                annual_rigid_expenses_fen=rigid,
                causes=tuple(causes or ()),
                exclusions=tuple(exclusions or ()),
            )
            yield household_id, placer.assess(facts)
        if len(rows) < batch:
            return


@dataclass
class Assessed:
    household: Household
    head: Retiree
    assessment: Assessment


def assess_all(session: Session, *, as_of: date, standard_row: ReliefStandard) -> list[Assessed]:
    """Every household with its head and assessment, as ORM objects: for scripts over a small mine
    (sample_data/seed_relief.py). `relief assess --all` streams `assess_each` instead."""
    placed = dict(assess_each(session, as_of=as_of, standard_row=standard_row))
    pairs = session.execute(
        select(Household, Retiree).join(Retiree, Retiree.id == Household.head_id).order_by(Household.id)
    ).all()
    return [Assessed(h, head, placed[h.id or 0]) for h, head in pairs]


def record(
    session: Session,
    household: Household,
    assessment: Assessment,
    *,
    as_of: date,
    standard_row: ReliefStandard,
) -> ReliefAssessment:
    """Store the placement with a snapshot of its numbers and the standard version it used."""
    return record_placement(session, household.id or 0, assessment, as_of=as_of, standard_row=standard_row)


def record_placement(
    session: Session,
    household_id: int,
    assessment: Assessment,
    *,
    as_of: date,
    standard_row: ReliefStandard,
) -> ReliefAssessment:
    """`record` by the household's id (what `relief assess --all --record` has)."""
    snapshot = {"household": household_id, "as_of": as_of.isoformat(), **assessment.as_dict(lang="zh")}
    row = ReliefAssessment(
        household_id=household_id,
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
            "household_id": household_id,
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
