"""Retired cadres' entitlements besides money: who receives which newspaper or magazine each year.

(The monthly phone allowance of section-level cadres and above is a ledger component, 电话费补贴.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.ledger import NewspaperSubscription
from kuangqu.models.registry import Retiree
from kuangqu.rules.ledger import PAPERS
from kuangqu.services import audit


def _check_year(year: int) -> None:
    if not 1950 <= year <= 2100:
        raise RuleViolation("papers.bad_year", year=year)


def subscribe(
    session: Session,
    retiree: Retiree,
    year: int,
    papers: Sequence[str],
    *,
    copies: int = 1,
    remarks: str | None = None,
) -> list[NewspaperSubscription]:
    """Record that `retiree` receives these papers in `year` (codes from rules.ledger.PAPERS)."""
    _check_year(year)
    if copies < 1:
        raise RuleViolation("papers.bad_copies", copies=copies)
    if not papers:
        raise RuleViolation("papers.paper_required")
    existing = set(
        session.scalars(
            select(NewspaperSubscription.paper).where(
                NewspaperSubscription.retiree_id == retiree.id, NewspaperSubscription.year == year
            )
        )
    )
    added = []
    for paper in dict.fromkeys(papers):
        if paper in existing:
            raise Conflict("papers.duplicate", name=retiree.name, year=year, paper=PAPERS[paper])
        sub = NewspaperSubscription(
            retiree_id=retiree.id or 0,
            year=year,
            paper=paper,
            copies=copies,
            remarks=(remarks or "").strip() or None,
        )
        session.add(sub)
        added.append(sub)
    session.flush()
    for sub in added:
        audit.record(
            session,
            "papers.add",
            "newspaper_subscription",
            sub.id,
            new={"retiree_id": retiree.id, "year": year, "paper": sub.paper, "copies": copies},
        )
    return added


def remove(session: Session, subscription_id: int, *, reason: str | None = None) -> NewspaperSubscription:
    sub = session.get(NewspaperSubscription, subscription_id)
    if sub is None:
        raise NotFound("papers.not_found", id=subscription_id)
    audit.record(
        session,
        "papers.remove",
        "newspaper_subscription",
        sub.id,
        old={"retiree_id": sub.retiree_id, "year": sub.year, "paper": sub.paper},
        reason=reason,
    )
    session.delete(sub)
    session.flush()
    return sub


def list_subscriptions(
    session: Session,
    *,
    year: int | None = None,
    paper: str | None = None,
    retiree_id: int | None = None,
    area: str | None = None,
) -> list[tuple[NewspaperSubscription, Retiree]]:
    query = select(NewspaperSubscription, Retiree).join(
        Retiree, Retiree.id == NewspaperSubscription.retiree_id
    )
    if year is not None:
        query = query.where(NewspaperSubscription.year == year)
    if paper:
        query = query.where(NewspaperSubscription.paper == paper)
    if retiree_id is not None:
        query = query.where(NewspaperSubscription.retiree_id == retiree_id)
    if area:
        query = query.where(Retiree.area == area)
    order = list(PAPERS)
    found = [(s, r) for s, r in session.execute(query)]
    # In the order of the office's list (人民日报 first), not by code.
    found.sort(
        key=lambda x: (
            x[0].year,
            x[1].area or "",
            x[1].id or 0,
            order.index(x[0].paper) if x[0].paper in order else 99,
        )
    )
    return found


def subscription_row(sub: NewspaperSubscription, person: Retiree) -> dict[str, Any]:
    return {
        "id": sub.id,
        "year": sub.year,
        "retiree_id": person.id,
        "name": person.name,
        "position": person.position,
        "area": person.area,
        "paper": sub.paper,
        "paper_name": PAPERS.get(sub.paper, sub.paper),
        "copies": sub.copies,
        "remarks": sub.remarks,
    }


def totals(rows: Sequence[tuple[NewspaperSubscription, Retiree]]) -> dict[str, int]:
    """Copies of each paper (what the office orders from the post office)."""
    counts: dict[str, int] = {}
    for sub, _person in rows:
        counts[sub.paper] = counts.get(sub.paper, 0) + sub.copies
    return {code: counts[code] for code in PAPERS if code in counts}
