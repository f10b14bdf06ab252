"""The stability work's figures for the monthly report and the annual report (registered in
`kuangqu.reports`): petitions by status and channel, overdue, dissuasions, home visits, housing
applications, activities, awards, thanks, lectures and temporary jobs.

Figures of a past year are taken as of its last day (status from the petitions' own dates),
so a report made today and the same report made next year agree. Confidential petitions
appear only as counts or masked rows, even in a revealed report: a report is copied and
handed round, and a confidential petitioner (检举控告) must not be exposed by one; `petition
show --reveal` shows one such petition to whoever needs it. A revealed report shows the other
petitioners' ID numbers in full.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuangqu.i18n import t
from kuangqu.models.registry import GridLeader
from kuangqu.models.stability import (
    Activity,
    ActivityParticipant,
    Award,
    Dissuasion,
    HomeVisit,
    HousingApplication,
    HousingStatus,
    Lecture,
    Petition,
    TemporaryJob,
    ThanksKind,
    ThanksReceived,
)
from kuangqu.render import Column, Report
from kuangqu.rules import petitions as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.petitions import Channel, PetitionStatus
from kuangqu.services import petitions as petition_service

# The keys `annual_figures` returns, in the order `report annual` prints them.
ANNUAL_KEYS = (
    "petitions_total",
    "petitions_by_status",
    "petitions_by_channel",
    "petitions_overdue",
    "dissuasions",
    "dissuaded_person_times",
    "visits",
    "households_visited",
    "housing_applications",
    "housing_passed_all_reviews",
    "activities",
    "activity_participants",
    "awards",
    "thanks_banners",
    "thanks_letters",
    "teacher_lectures",
    "temporary_jobs",
)


def _count(session: Session, model: Any, column: Any, start: date, end: date, *where: Any) -> int:
    query = select(func.count()).select_from(model).where(column >= start, column <= end, *where)
    return int(session.scalar(query) or 0)


def _petitions_until(session: Session, end: date) -> list[Petition]:
    return list(session.scalars(select(Petition).where(Petition.received_on <= end).order_by(Petition.id)))


def annual_figures(session: Session, year: int) -> dict[str, Any]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    as_of = min(end, date.today())
    received = [p for p in _petitions_until(session, end) if p.received_on >= start]
    by_status = Counter(rules.status_on(petition_service.dates(p), as_of) for p in received)
    by_channel = Counter(p.channel for p in received)
    dissuasion_rows = session.execute(
        select(func.count(), func.coalesce(func.sum(Dissuasion.persuaded_count), 0)).where(
            Dissuasion.happened_on >= start, Dissuasion.happened_on <= end
        )
    ).one()
    visits = session.execute(
        select(func.count(), func.count(func.distinct(HomeVisit.household_id))).where(
            HomeVisit.visited_on >= start, HomeVisit.visited_on <= end
        )
    ).one()
    activity_ids = select(Activity.id).where(Activity.start_on >= start, Activity.start_on <= end)
    participants = session.scalar(
        select(func.count())
        .select_from(ActivityParticipant)
        .where(ActivityParticipant.activity_id.in_(activity_ids))  # type: ignore[attr-defined]
    )
    return {
        "petitions_total": len(received),
        "petitions_by_status": {s.value: by_status.get(s.value, 0) for s in PetitionStatus},
        "petitions_by_channel": {c.value: by_channel.get(c.value, 0) for c in Channel},
        "petitions_overdue": sum(1 for p in received if rules.is_overdue(petition_service.dates(p), as_of)),
        "dissuasions": int(dissuasion_rows[0]),
        "dissuaded_person_times": int(dissuasion_rows[1]),
        "visits": int(visits[0]),
        "households_visited": int(visits[1]),
        "housing_applications": _count(
            session, HousingApplication, HousingApplication.applied_on, start, end
        ),
        "housing_passed_all_reviews": _count(
            session,
            HousingApplication,
            HousingApplication.decided_on,
            start,
            end,
            HousingApplication.status == HousingStatus.PASSED.value,
        ),
        "activities": _count(session, Activity, Activity.start_on, start, end),
        "activity_participants": int(participants or 0),
        "awards": _count(session, Award, Award.awarded_on, start, end),
        "thanks_banners": _count(
            session,
            ThanksReceived,
            ThanksReceived.received_on,
            start,
            end,
            ThanksReceived.kind == ThanksKind.BANNER.value,
        ),
        "thanks_letters": _count(
            session,
            ThanksReceived,
            ThanksReceived.received_on,
            start,
            end,
            ThanksReceived.kind == ThanksKind.LETTER.value,
        ),
        "teacher_lectures": _count(session, Lecture, Lecture.given_on, start, end),
        "temporary_jobs": _count(session, TemporaryJob, TemporaryJob.start_on, start, end),
    }


def _month_bounds(month: PartialDate) -> tuple[date, date]:
    if month.month is None:
        raise ValueError("a month is needed")
    return PartialDate(month.year, month.month).first_day(), PartialDate(month.year, month.month).last_day()


def monthly_sections(session: Session, month: PartialDate, *, reveal: bool = False) -> list[Report]:
    """The month's petitions by channel (received, closed, overdue at month end), its petitions
    (a retiree petitioner's ID number masked unless `reveal`; a confidential petition stays masked
    either way), and its home visits by leader (grid leaders are named: nothing to mask)."""
    from kuangqu.models.registry import Retiree
    from kuangqu.rules.masking import mask_id

    start, end = _month_bounds(month)
    petitions = _petitions_until(session, end)
    rows = []
    for channel in Channel:
        mine = [p for p in petitions if p.channel == channel.value]
        rows.append(
            {
                "channel": channel,
                "received": sum(1 for p in mine if p.received_on >= start),
                "closed": sum(1 for p in mine if p.closed_on is not None and start <= p.closed_on <= end),
                "overdue": sum(1 for p in mine if _overdue_at(p, end)),
            }
        )
    by_channel = Report(
        t("stability.month_petitions_title", month=str(month)),
        [
            Column("channel"),
            Column("received", justify="right"),
            Column("closed", justify="right"),
            Column("overdue", justify="right"),
        ],
        rows,
        json_key="petitions_by_channel",
    )
    received = [p for p in petitions if p.received_on >= start]
    listed = [petition_service.row(p, reveal=False, as_of=end) for p in received]
    linked = sorted({p.retiree_id for p in received if p.retiree_id is not None})
    id_numbers: dict[int, str] = {}
    for i in range(0, len(linked), 500):
        query = select(Retiree.id, Retiree.id_number).where(Retiree.id.in_(linked[i : i + 500]))  # type: ignore[union-attr]
        id_numbers.update((rid, number) for rid, number in session.execute(query))
    for item, p in zip(listed, received, strict=True):
        item["status"] = PetitionStatus(rules.status_on(petition_service.dates(p), end) or p.status)
        number = id_numbers.get(p.retiree_id) if p.retiree_id is not None else None
        item["id_number"] = number if reveal and not p.confidential else mask_id(number) if number else None
    petition_list = Report(
        t("stability.month_petition_list_title", month=str(month)),
        [
            Column(c)
            for c in (
                "id",
                "received_on",
                "petitioner",
                "id_number",
                "channel",
                "petition_type",
                "subject",
                "status",
                "next_due",
                "overdue",
                "confidential",
            )
        ],
        listed,
        json_key="petitions",
    )
    return [by_channel, petition_list, _month_visits(session, month, start, end)]


def _overdue_at(p: Petition, day: date) -> bool:
    current = rules.open_deadline(petition_service.dates(p), day)
    return current is not None and current.late(day)


def _month_visits(session: Session, month: PartialDate, start: date, end: date) -> Report:
    query = (
        select(
            HomeVisit.leader_id,
            GridLeader.name,
            GridLeader.unit,
            func.count(),
            func.count(func.distinct(HomeVisit.household_id)),
        )
        .outerjoin(GridLeader, GridLeader.id == HomeVisit.leader_id)
        .where(HomeVisit.visited_on >= start, HomeVisit.visited_on <= end)
        .group_by(HomeVisit.leader_id, GridLeader.name, GridLeader.unit)
        .order_by(GridLeader.unit, GridLeader.name)
    )
    rows = [
        {
            "leader": name if leader_id is not None else t("visit.other_visitors"),
            "unit": unit,
            "visits": int(n),
            "households_visited": int(h),
        }
        for leader_id, name, unit, n, h in session.execute(query)
    ]
    return Report(
        t("stability.month_visits_title", month=str(month)),
        [
            Column("leader"),
            Column("unit"),
            Column("visits", justify="right"),
            Column("households_visited", justify="right"),
        ],
        rows,
        footer=[t("stability.month_visits_total", visits=sum(r["visits"] for r in rows))],
        json_key="home_visits",
    )


def annual_by_month(session: Session, year: int) -> Report:
    """Petitions received and closed, and home visits, per month of the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    petitions = [p for p in _petitions_until(session, end) if p.received_on >= start or p.closed_on]
    visits = session.execute(
        select(HomeVisit.visited_on, HomeVisit.household_id).where(
            HomeVisit.visited_on >= start, HomeVisit.visited_on <= end
        )
    ).all()
    rows = []
    for m in range(1, 13):
        in_month = [hh for on, hh in visits if on.month == m]
        rows.append(
            {
                "month": f"{year}-{m:02d}",
                "petitions_received": sum(
                    1 for p in petitions if p.received_on.year == year and p.received_on.month == m
                ),
                "petitions_closed": sum(
                    1
                    for p in petitions
                    if p.closed_on and p.closed_on.year == year and p.closed_on.month == m
                ),
                "visits": len(in_month),
                "households_visited": len(set(in_month)),
            }
        )
    return Report(
        t("stability.by_month_title", year=year),
        [
            Column("month"),
            Column("petitions_received", justify="right"),
            Column("petitions_closed", justify="right"),
            Column("visits", justify="right"),
            Column("households_visited", justify="right"),
        ],
        rows,
        json_key="stability_by_month",
    )
