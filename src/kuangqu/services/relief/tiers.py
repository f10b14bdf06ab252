"""Who holds which tier on a day: the decided daily-relief applications of each household, and
the yearly re-checks (动态管理) falling due. Read-only; the decisions are made in applications.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.models.registry import Household, Retiree
from kuangqu.models.relief import ReliefApplication
from kuangqu.rules.relief import ApplicationKind, ApplicationStatus, Decision, holding_on, is_open

DECIDED = (ApplicationStatus.APPROVED.value, ApplicationStatus.REJECTED.value, ApplicationStatus.CLOSED.value)


def decisions(session: Session, household_ids: Iterable[int] | None = None) -> dict[int, list[Decision]]:
    """Every decided daily application, by household."""
    query = select(ReliefApplication).where(
        ReliefApplication.kind == ApplicationKind.DAILY.value, ReliefApplication.status.in_(DECIDED)
    )  # type: ignore[attr-defined]
    ids = list(household_ids) if household_ids is not None else None
    if ids is not None:
        query = query.where(ReliefApplication.household_id.in_(ids))  # type: ignore[attr-defined]
    result: dict[int, list[Decision]] = defaultdict(list)
    for app in session.scalars(query):
        assert app.decided_on is not None
        result[app.household_id].append(
            Decision(
                application_id=app.id or 0,
                decided_on=app.decided_on,
                approved=app.status != ApplicationStatus.REJECTED.value,
                tier=app.tier,
                next_review_on=app.next_review_on,
                closed_on=app.closed_on,
            )
        )
    return result


def holdings(session: Session, day: date, household_ids: Iterable[int] | None = None) -> dict[int, Decision]:
    """The approval that gives each tiered household its tier on `day`."""
    held: dict[int, Decision] = {}
    for household_id, decided in decisions(session, household_ids).items():
        current = holding_on(decided, day)
        if current is not None:
            held[household_id] = current
    return held


def holding(session: Session, household_id: int, day: date) -> Decision | None:
    return holdings(session, day, [household_id]).get(household_id)


def holdings_during(session: Session, first: date, last: date) -> dict[int, Decision]:
    """Each household's latest approval that gave it a tier on some day between `first` and `last`."""
    result: dict[int, Decision] = {}
    for household_id, decided in decisions(session).items():
        for d in sorted(decided, key=lambda d: (d.decided_on, d.application_id), reverse=True):
            if not d.approved or d.decided_on > last:
                continue
            # It held from its date until the first of: closing, the re-check date, the next decision.
            later = [
                x.decided_on
                for x in decided
                if (x.decided_on, x.application_id) > (d.decided_on, d.application_id)
            ]
            ends = [e for e in (d.closed_on, d.next_review_on, min(later, default=None)) if e is not None]
            end = min(ends) if ends else None
            if end is None or end > first:
                result[household_id] = d
                break
    return result


@dataclass
class Due:
    household: Household
    head: Retiree
    decision: Decision
    overdue: bool
    open_application: int | None


def due(session: Session, *, as_of: date, within_days: int = 30) -> list[Due]:
    """Households whose yearly re-check (动态管理) falls due within `within_days`, or is overdue.

    Overdue: the latest decision is an approval whose re-check date has passed, never closed and
    not replaced; its tier has lapsed and no relief is paid until the household is re-checked.
    """
    horizon = as_of + timedelta(days=within_days)
    rows: list[Due] = []
    open_apps = {
        a.household_id: a.id
        for a in session.scalars(
            select(ReliefApplication).where(
                ReliefApplication.kind == ApplicationKind.DAILY.value,
                ReliefApplication.status.in_([s.value for s in ApplicationStatus if is_open(s.value)]),
            )
        )
    }  # type: ignore[attr-defined]
    for household_id, decided in decisions(session).items():
        latest = max(
            (d for d in decided if d.decided_on <= as_of),
            key=lambda d: (d.decided_on, d.application_id),
            default=None,
        )
        if latest is None or not latest.approved or latest.next_review_on is None:
            continue
        if latest.closed_on is not None and latest.closed_on <= as_of:
            continue
        if latest.next_review_on > horizon:
            continue
        household = session.get(Household, household_id)
        assert household is not None
        head = session.get(Retiree, household.head_id)
        assert head is not None
        rows.append(Due(household, head, latest, latest.next_review_on <= as_of, open_apps.get(household_id)))
    rows.sort(key=lambda r: (r.decision.next_review_on or as_of, r.household.id or 0))
    return rows
