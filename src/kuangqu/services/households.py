"""Households (户): their head, members, and the facts relief assessment needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.base import utcnow
from kuangqu.models.enums import Category, HouseholdKind, Relation
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.rules.masking import mask_id
from kuangqu.services import audit, retirees
from kuangqu.validate import MemberInput


def get(session: Session, ref: str | int) -> Household:
    """A household by `#N` / N (its number), its 户号, or any reference to its head."""
    text = str(ref).strip()
    found: Household | None = None
    if text.startswith("#") and text[1:].isdigit():
        found = session.get(Household, int(text[1:]))
    else:
        found = session.scalars(select(Household).where(Household.household_no == text)).first()
        if found is None and text.isdigit() and len(text) not in (6, 15, 18):
            found = session.get(Household, int(text))
        if found is None:
            try:
                head = retirees.get(session, text)
            except NotFound:
                head = None
            if head is not None:
                found = session.scalars(select(Household).where(Household.head_id == head.id)).first()
    if found is None:
        raise NotFound("household.not_found", ref=text)
    return found


def create(
    session: Session,
    head: Retiree,
    *,
    household_no: str | None = None,
    kind: str | None = None,
    key_support: bool = False,
) -> Household:
    """Open a household headed by `head` (a retiree or a survivor), with the head as member 本人."""
    if session.scalars(select(Household).where(Household.head_id == head.id)).first() is not None:
        raise Conflict("household.head_taken", name=head.name)
    if (
        household_no
        and session.scalars(select(Household).where(Household.household_no == household_no)).first()
    ):
        raise Conflict("household.number_taken", number=household_no)
    holder = _active_member_by_id(session, head.id_number)
    if holder is not None:
        raise Conflict("household.head_is_member", name=head.name, household=holder.household_id)
    if kind is None:
        kind = (
            HouseholdKind.SURVIVOR.value
            if head.category == Category.SURVIVOR.value
            else HouseholdKind.RETIREE.value
        )
    household = Household(head_id=head.id or 0, household_no=household_no, kind=kind, key_support=key_support)
    session.add(household)
    session.flush()
    member = HouseholdMember(
        household_id=household.id or 0,
        retiree_id=head.id,
        name=head.name,
        id_number=head.id_number,
        id_number_original=head.id_number_original,
        sex=head.sex,
        birth_date=head.birth_date,
        relation=Relation.SELF.value,
    )
    session.add(member)
    session.flush()
    audit.record(
        session,
        "household.add",
        "household",
        household.id,
        new={"head_id": head.id, "household_no": household_no, "kind": kind},
    )
    return household


def _active_member_by_id(session: Session, id_number: str | None) -> HouseholdMember | None:
    if not id_number:
        return None
    return session.scalars(
        select(HouseholdMember).where(
            HouseholdMember.id_number == id_number, HouseholdMember.removed_on.is_(None)
        )  # type: ignore[union-attr]
    ).first()


def members(
    session: Session, household: Household, *, include_removed: bool = False
) -> list[HouseholdMember]:
    query = select(HouseholdMember).where(HouseholdMember.household_id == household.id)
    if not include_removed:
        query = query.where(HouseholdMember.removed_on.is_(None))  # type: ignore[union-attr]
    return list(session.scalars(query.order_by(HouseholdMember.id)))


def add_member(session: Session, household: Household, data: MemberInput) -> HouseholdMember:
    """Add a member; a member whose ID is on the roster is linked to that person (same name required)."""
    if data.relation == Relation.SELF.value:
        raise Conflict("household.second_self")
    retiree_id = None
    if data.id_number:
        holder = _active_member_by_id(session, data.id_number)
        if holder is not None:
            raise Conflict(
                "household.member_elsewhere", id_number=mask_id(data.id_number), household=holder.household_id
            )
        person = retirees.find_by_id_number(session, data.id_number)
        if person is not None:
            if person.name != data.name:
                raise Conflict(
                    "retiree.identity_conflict",
                    id_number=mask_id(data.id_number),
                    name=person.name,
                    internal=person.id,
                )
            retiree_id = person.id
    member = HouseholdMember(household_id=household.id or 0, retiree_id=retiree_id, **data.as_dict())
    session.add(member)
    session.flush()
    _touch(household)
    audit.record(
        session,
        "household.member_add",
        "household_member",
        member.id,
        new={"household_id": household.id, **{k: v for k, v in data.as_dict().items() if v is not None}},
    )
    return member


def get_member(session: Session, household: Household, ref: str) -> HouseholdMember:
    """A member of `household` by `#N`, N, resident ID (or its tail) or name."""
    text = str(ref).strip()
    candidates = members(session, household)
    for m in candidates:
        if text in (f"#{m.id}", str(m.id)) or (
            m.id_number
            and (text.upper() == m.id_number or (len(text) == 6 and m.id_number.endswith(text.upper())))
        ):
            return m
    named = [m for m in candidates if m.name == text]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise RuleViolation("household.member_ambiguous", ref=text)
    raise NotFound("household.member_not_found", ref=text, household=household.id)


def edit_member(
    session: Session, household: Household, member: HouseholdMember, values: dict[str, Any]
) -> list[str]:
    changed = {k: (getattr(member, k), v) for k, v in values.items() if getattr(member, k) != v}
    if not changed:
        return []
    if "relation" in changed and (
        member.relation == Relation.SELF.value or values["relation"] == Relation.SELF.value
    ):
        raise Conflict("household.second_self")
    for key, (_old, new) in changed.items():
        setattr(member, key, new)
    session.flush()
    _touch(household)
    audit.record(
        session,
        "household.member_edit",
        "household_member",
        member.id,
        old={k: o for k, (o, _n) in changed.items()},
        new={k: n for k, (_o, n) in changed.items()},
    )
    return list(changed)


def remove_member(
    session: Session,
    household: Household,
    member: HouseholdMember,
    *,
    on: date | None = None,
    reason: str | None = None,
) -> None:
    """Take a member out of the household (kept with the date, for history); the head cannot be removed."""
    if member.relation == Relation.SELF.value:
        raise Conflict("household.remove_head")
    member.removed_on = on or date.today()
    session.flush()
    _touch(household)
    audit.record(
        session,
        "household.member_remove",
        "household_member",
        member.id,
        old={"name": member.name, "relation": member.relation},
        new={"removed_on": member.removed_on},
        reason=reason,
    )


@dataclass
class FactsUpdate:
    annual_rigid_expenses_fen: int | None = None
    add_causes: Sequence[str] = ()
    clear_causes: bool = False
    add_exclusions: Sequence[str] = ()
    clear_exclusions: bool = False
    key_support: bool | None = None
    visit_interval_days: int | None = None
    household_no: str | None = None


def set_facts(session: Session, household: Household, update: FactsUpdate) -> dict[str, tuple[Any, Any]]:
    """Record the facts relief needs (rigid expenses, causes, exclusions) and care settings."""
    old = {
        "annual_rigid_expenses_fen": household.annual_rigid_expenses_fen,
        "causes": list(household.causes or []),
        "exclusions": list(household.exclusions or []),
        "key_support": household.key_support,
        "visit_interval_days": household.visit_interval_days,
        "household_no": household.household_no,
    }
    causes = [] if update.clear_causes else list(household.causes or [])
    causes += [c for c in update.add_causes if c not in causes]
    if len(causes) > 4:
        raise RuleViolation("household.too_many_causes", count=len(causes))
    exclusions = [] if update.clear_exclusions else list(household.exclusions or [])
    exclusions += [e for e in update.add_exclusions if e not in exclusions]
    new = dict(old)
    new["causes"] = causes
    new["exclusions"] = exclusions
    if update.annual_rigid_expenses_fen is not None:
        if update.annual_rigid_expenses_fen < 0:
            raise RuleViolation("rule.amount_negative")
        new["annual_rigid_expenses_fen"] = update.annual_rigid_expenses_fen
    if update.key_support is not None:
        new["key_support"] = update.key_support
    if update.visit_interval_days is not None:
        if update.visit_interval_days <= 0:
            raise RuleViolation("household.visit_interval", days=update.visit_interval_days)
        new["visit_interval_days"] = update.visit_interval_days
    if update.household_no is not None and update.household_no != household.household_no:
        other = session.scalars(
            select(Household).where(Household.household_no == update.household_no)
        ).first()
        if other is not None:
            raise Conflict("household.number_taken", number=update.household_no)
        new["household_no"] = update.household_no
    changed = {k: (old[k], new[k]) for k in old if old[k] != new[k]}
    if not changed:
        return {}
    for key, (_o, value) in changed.items():
        setattr(household, key, value)
    household.facts_recorded = True
    _touch(household)
    session.flush()
    audit.record(
        session,
        "household.set",
        "household",
        household.id,
        old={k: o for k, (o, _n) in changed.items()},
        new={k: n for k, (_o, n) in changed.items()},
    )
    return changed


def _touch(household: Household) -> None:
    household.updated_at = utcnow()


def list_households(
    session: Session,
    *,
    area: str | None = None,
    kind: str | None = None,
    key_support: bool | None = None,
    limit: int | None = None,
) -> list[tuple[Household, Retiree]]:
    query = select(Household, Retiree).join(Retiree, Retiree.id == Household.head_id)
    if area:
        query = query.where(Retiree.area == area)
    if kind:
        query = query.where(Household.kind == kind)
    if key_support is not None:
        query = query.where(Household.key_support == key_support)
    query = query.order_by(Household.id)
    if limit:
        query = query.limit(limit)
    return [(h, r) for h, r in session.execute(query).all()]
