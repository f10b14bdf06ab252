"""Importing dissuasions (劝阻/劝返): the trips of the office's staff to bring people back from
Zhengzhou, Xuchang, Beijing …, counted as 劝阻人次 in the office report.

A trip is known by its date and place (services.petitions records it as one Dissuasion with the
number of people persuaded to return). A sheet may list one row per trip (劝返人数 filled) or one
row per person persuaded (被劝返人 and 身份证号, 劝返人数 blank: the row counts as one): the rows of
one date and place make one trip — their counts are added, their staff (劝返人) and linked
petitions (关联信访件, numbers such as 12 or #12, several separated by 、) joined, and each
row's 去向/诉求 and 备注 kept in the trip's notes after the person's name.

A 身份证号 is checked as an ID; when it is on the roster, the name must be the recorded one
(an identity conflict otherwise). The person need not be on the roster (a family member or an
outsider may be persuaded to return). The same person twice in one trip is an error naming both rows.

Re-importing a trip already recorded is unchanged when the count, staff and notes agree and its
petitions are linked; otherwise the stored trip is brought up to the sheet's (updated, audited,
listed in `changes`): the sheet is the full record of that trip.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.config import settings
from kuangqu.errors import Problem, RuleViolation
from kuangqu.importer.located import Located, each_row
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.registry import Retiree
from kuangqu.models.stability import Dissuasion, DissuasionPetition, Petition
from kuangqu.rules.ids import parse_id_number
from kuangqu.rules.masking import mask_id
from kuangqu.services import audit
from kuangqu.services import petitions as petition_service
from kuangqu.services import retirees as retiree_service

SYNONYMS = MappingProxyType(
    {
        "happened_on": ("日期", "劝返日期", "劝阻日期", "时间"),
        "place": ("地点", "劝返地点", "劝阻地点"),
        "staff": ("劝返人", "劝返人员", "劝阻人员", "劝阻人", "工作人员"),
        "name": ("被劝返人", "被劝返人姓名", "被劝阻人", "姓名"),
        "id_number": ("身份证号", "身份证号码", "被劝返人身份证号"),
        "count": ("劝返人数", "人数", "劝返人次"),
        "destination": ("去向/诉求", "去向", "诉求", "事由"),
        "petitions": ("关联信访件", "信访件编号", "信访件"),
        "notes": ("备注", "情况说明"),
    }
)
REQUIRED = ("happened_on", "place", "staff")
EXPECTED_SHEETS = ("劝返登记表", "劝阻劝返", "劝返", "Sheet1")

_PLACE_LIMIT = 100  # Dissuasion.place
_STAFF_LIMIT = 200  # Dissuasion.staff, all of a trip's staff
_NOTES_LIMIT = 2000  # Dissuasion.notes, all of a trip's notes
_PART_LIMIT = 200  # one row's 去向/诉求 or 备注
_REFS = re.compile(r"[、,，;；\s]+")


@dataclass
class DissuasionRow:
    source: SourceRow
    columns: dict[str, str]
    happened_on: date
    place: str
    staff: list[str]
    person: str | None  # the name, or the ID when only the ID is given (masked in problems)
    count: int
    note: str | None
    petition_ids: list[int]

    @property
    def trip(self) -> tuple[date, str]:
        return (self.happened_on, self.place)


@dataclass
class Trip:
    rows: list[DissuasionRow]
    staff: str
    count: int
    notes: str | None
    petition_ids: list[int] = field(default_factory=list)

    @property
    def first(self) -> DissuasionRow:
        return self.rows[0]


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Trip]:
    """Validate every row and gather the rows into trips; problems go to `summary.errors`."""
    today = today or date.today()
    petitions: dict[int, bool] = {}
    names: dict[str, str | None] = {}
    rows = each_row(
        read,
        summary,
        lambda at: _validate(at, session, today, petitions, names),
        key=_person_key,
        progress=progress,
    )
    trips: dict[tuple[date, str], list[DissuasionRow]] = {}
    for row in rows:
        trips.setdefault(row.trip, []).append(row)
    planned = []
    for members in trips.values():
        trip = _gather(members, summary)
        if trip is not None:
            planned.append(trip)
    return planned


def _person_key(row: DissuasionRow) -> Hashable:
    if row.person is None:  # a trip row: never a repeat of another row
        return ("row", row.source.sheet, row.source.row)
    return (*row.trip, row.person)


def _validate(
    at: Located, session: Session, today: date, petitions: dict[int, bool], names: dict[str, str | None]
) -> DissuasionRow | None:
    happened_on = at.past_day("happened_on", today=today, required=True)
    place = at.text("place", limit=_PLACE_LIMIT, required_key="import.value_required")
    staff_text = at.text("staff", limit=_STAFF_LIMIT, required_key="import.value_required")
    name = None if at.blank("name") else at.name()
    number = _id_number(at, session, name, names)
    count = _count(at, person_named=name is not None or number is not None)
    destination = at.text("destination", limit=_PART_LIMIT)
    remark = at.text("notes", limit=_PART_LIMIT)
    refs = _petitions(at, session, petitions)
    if at.failed or happened_on is None or place is None or staff_text is None or count is None:
        return None
    staff = [s for s in _REFS.split(staff_text) if s]
    said = "；".join(part for part in (destination, remark) if part)
    who = name or (mask_id(number) if number else None)
    note = f"{who}：{said}" if who and said else (who or said or None)
    return DissuasionRow(
        at.source, at.columns, happened_on, place, staff, number or name, count, note, refs or []
    )


def _id_number(at: Located, session: Session, name: str | None, names: dict[str, str | None]) -> str | None:
    """The row's ID, checked; on the roster, the recorded name must be the row's."""
    if at.blank("id_number"):
        return None
    raw = at.values.get("id_number")
    try:
        number = parse_id_number(raw, min_birth_year=settings().min_birth_year).number
    except RuleViolation as exc:
        at.error(exc.key, "id_number", mask_id(str(raw or "")), **exc.params)
        return None
    if number not in names:
        person: Retiree | None = retiree_service.find_by_id_number(session, number)
        names[number] = person.name if person is not None else None
    recorded = names[number]
    if name is not None and recorded is not None and recorded != name:
        at.error(
            "retiree.identity_conflict", "name", name, id_number=mask_id(number), name=recorded, internal=None
        )
        return None
    return number


def _count(at: Located, *, person_named: bool) -> int | None:
    """劝返人数: a whole number ≥ 0; blank is 1 on a row naming a person, else an error."""
    if at.blank("count"):
        if person_named:
            return 1
        at.error("import.dissuasion_count_required", "count")
        return None
    raw = at.values.get("count")
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not text.isdigit():
        at.error("import.whole_number", "count", raw)
        return None
    return int(text)


def _petitions(at: Located, session: Session, known: dict[int, bool]) -> list[int] | None:
    if at.blank("petitions"):
        return []
    raw = at.values.get("petitions")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    found: list[int] = []
    for part in _REFS.split(str(raw).strip()):
        text = part.lstrip("#＃")
        if not text:
            continue
        if not text.isdigit():
            at.error("import.dissuasion_petition_ref", "petitions", part)
            return None
        pid = int(text)
        if pid not in known:
            known[pid] = session.get(Petition, pid) is not None
        if not known[pid]:
            at.error("petition.not_found", "petitions", part, ref=part)
            return None
        if pid not in found:
            found.append(pid)
    return found


def _gather(rows: list[DissuasionRow], summary: ImportSummary) -> Trip | None:
    staff = "、".join(dict.fromkeys(s for row in rows for s in row.staff))
    notes = "\n".join(row.note for row in rows if row.note) or None
    first = rows[0]
    problem = None
    if len(staff) > _STAFF_LIMIT:
        problem = ("staff", _STAFF_LIMIT)
    elif notes is not None and len(notes) > _NOTES_LIMIT:
        problem = ("notes", _NOTES_LIMIT)
    if problem is not None:
        field_name, limit = problem
        summary.errors.append(
            Problem(
                "import.dissuasion_trip_too_long",
                {"limit": limit, "on": first.happened_on.isoformat(), "place": first.place},
                field=field_name,
                sheet=first.source.sheet,
                row=first.source.row,
                column=first.columns.get(field_name),
            )
        )
        return None
    petition_ids = list(dict.fromkeys(pid for row in rows for pid in row.petition_ids))
    return Trip(rows, staff, sum(row.count for row in rows), notes, petition_ids)


def apply(session: Session, trips: list[Trip], summary: ImportSummary) -> None:
    """Record each trip through the petitions service, or bring the recorded one up to the sheet's."""
    today = date.today()
    for trip in trips:
        first = trip.first
        stored = session.scalars(
            select(Dissuasion)
            .where(Dissuasion.happened_on == first.happened_on, Dissuasion.place == first.place)
            .order_by(Dissuasion.id)  # type: ignore[arg-type]
            .limit(1)
        ).first()
        if stored is None:
            petition_service.dissuade(
                session,
                petition_service.DissuasionInput(
                    happened_on=first.happened_on,
                    place=first.place,
                    staff=trip.staff,
                    persuaded_count=trip.count,
                    notes=trip.notes,
                    petition_ids=trip.petition_ids,
                ),
                today=today,
            )
            summary.created += 1
            continue
        changed = _update(session, stored, trip)
        if changed:
            summary.updated += 1
            summary.changes.append(
                {
                    "id": stored.id,
                    "on": first.happened_on.isoformat(),
                    "place": first.place,
                    "fields": changed,
                }
            )
        else:
            summary.unchanged += 1
    session.flush()


def _update(session: Session, stored: Dissuasion, trip: Trip) -> dict[str, dict[str, Any]]:
    changed: dict[str, dict[str, Any]] = {}
    for field_name, value in (("persuaded_count", trip.count), ("staff", trip.staff), ("notes", trip.notes)):
        old = getattr(stored, field_name)
        if value != old:
            changed[field_name] = {"old": old, "new": value}
            setattr(stored, field_name, value)
    linked = set(
        session.scalars(
            select(DissuasionPetition.petition_id).where(DissuasionPetition.dissuasion_id == stored.id)
        )
    )
    added = [pid for pid in trip.petition_ids if pid not in linked]
    for pid in added:
        session.add(DissuasionPetition(dissuasion_id=stored.id or 0, petition_id=pid))
    if added:
        changed["petition_ids"] = {"old": sorted(linked), "new": sorted(linked | set(added))}
    if changed:
        session.flush()
        audit.record(
            session,
            "petition.dissuasion_update",
            "dissuasion",
            stored.id,
            old={k: v["old"] for k, v in changed.items()},
            new={k: v["new"] for k, v in changed.items()},
        )
    return changed
