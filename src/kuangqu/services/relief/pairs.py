"""Assistance pairs (帮扶对子): a cadre answering for a household; leaders above deputy chief
level each cover named households (包户到人). One active pair per household."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound
from kuangqu.models.registry import Household, Retiree
from kuangqu.models.relief import ReliefPair
from kuangqu.rules.relief import check_not_before
from kuangqu.services import audit
from kuangqu.services.relief import tiers


def active_pair(session: Session, household_id: int) -> ReliefPair | None:
    return session.scalars(
        select(ReliefPair).where(ReliefPair.household_id == household_id, ReliefPair.ended_on.is_(None))
    ).first()  # type: ignore[union-attr]


def add(
    session: Session,
    household: Household,
    *,
    cadre_name: str,
    position: str | None,
    phone: str | None,
    leader: bool,
    on: date,
) -> ReliefPair:
    current = active_pair(session, household.id or 0)
    if current is not None:
        raise Conflict("relief.pair_exists", household=household.id, cadre=current.cadre_name, id=current.id)
    pair = ReliefPair(
        household_id=household.id or 0,
        cadre_name=cadre_name,
        position=position,
        phone=phone,
        leader=leader,
        started_on=on,
    )
    session.add(pair)
    session.flush()
    audit.record(
        session,
        "relief.pair_add",
        "relief_pair",
        pair.id,
        new={
            "household_id": household.id,
            "cadre_name": cadre_name,
            "position": position,
            "phone": phone,
            "leader": leader,
            "started_on": on,
        },
    )
    return pair


def get(session: Session, ref: int | str) -> ReliefPair:
    text = str(ref).strip().lstrip("#")
    pair = session.get(ReliefPair, int(text)) if text.isdigit() else None
    if pair is None:
        raise NotFound("relief.pair_not_found", ref=str(ref))
    return pair


def end(session: Session, pair: ReliefPair, *, on: date, reason: str | None = None) -> None:
    if pair.ended_on is not None:
        raise Conflict("relief.pair_already_ended", id=pair.id, on=pair.ended_on.isoformat())
    check_not_before(on, pair.started_on, "pair_end")
    pair.ended_on, pair.end_reason = on, (reason or "").strip() or None
    session.flush()
    audit.record(
        session,
        "relief.pair_end",
        "relief_pair",
        pair.id,
        old={"ended_on": None},
        new={"ended_on": on},
        reason=pair.end_reason,
    )


def list_pairs(
    session: Session, *, include_ended: bool = False
) -> list[tuple[ReliefPair, Household, Retiree]]:
    query = (
        select(ReliefPair, Household, Retiree)
        .join(Household, Household.id == ReliefPair.household_id)
        .join(Retiree, Retiree.id == Household.head_id)
    )
    if not include_ended:
        query = query.where(ReliefPair.ended_on.is_(None))  # type: ignore[union-attr]
    return [(p, h, r) for p, h, r in session.execute(query.order_by(ReliefPair.id)).all()]


def unpaired_tiered(session: Session, day: date) -> list[tuple[Household, Retiree, str | None]]:
    """Households holding a tier on `day` with no active pair: (household, head, tier)."""
    held = tiers.holdings(session, day)
    paired = set(
        session.scalars(
            select(ReliefPair.household_id).where(
                ReliefPair.started_on <= day, (ReliefPair.ended_on.is_(None)) | (ReliefPair.ended_on > day)
            )
        )
    )  # type: ignore[union-attr,operator]
    missing = [hid for hid in held if hid not in paired]
    rows = session.execute(
        select(Household, Retiree)
        .join(Retiree, Retiree.id == Household.head_id)
        .where(Household.id.in_(missing))
        .order_by(Household.id)
    ).all()  # type: ignore[union-attr]
    return [(h, r, held[h.id or 0].tier) for h, r in rows]


def active_during(session: Session, first: date, last: date) -> int:
    """Pairs active on some day between `first` and `last`."""
    rows = session.scalars(select(ReliefPair).where(ReliefPair.started_on <= last))
    return sum(1 for p in rows if p.ended_on is None or p.ended_on > first)
