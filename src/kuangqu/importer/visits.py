"""Importing home-visit records (走访记录 / 入户走访登记表): one row per visit to a person on the roster.

The person is found on the roster by ID (and must carry the roster's name); the visit goes to
the household the person heads, or else the one they are a member of — a person without a
household is an error telling the clerk to import the household list first. The visitor is the
grid leader of that name in office on the visit day when there is exactly one, else a named
visitor. Visits are recorded through the visit service (audited, never in the future).

A visit is known by household + date + visitor: importing the same file again creates nothing;
a known visit whose texts differ in the sheet stays as recorded (visits are not edited), with
a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Problem, RuleViolation
from kuangqu.importer.located import Located, People, each_row, extras_text
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.registry import GridLeader, Household, HouseholdMember, Retiree
from kuangqu.models.stability import HomeVisit
from kuangqu.services import visits as visit_service

SYNONYMS = MappingProxyType(
    {
        "name": ("被走访人", "被走访人姓名", "姓名", "走访对象", "户主姓名"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码", "被走访人身份证号"),
        "visited_on": ("走访日期", "入户日期", "走访时间", "日期"),
        "visitor": ("走访人", "走访人员", "走访干部", "走访负责人"),
        "visit_form": ("走访形式", "走访方式", "形式"),
        "notes": ("走访内容", "情况记录", "走访情况", "走访记录", "主要内容"),
        "findings": ("发现问题", "存在问题"),
        "needs": ("困难诉求", "诉求", "困难及诉求", "主要诉求"),
        "follow_up": ("处理情况", "后续处理", "落实情况", "办理情况"),
        "remarks": ("备注",),
    }
)
REQUIRED = ("name", "id_number", "visited_on", "visitor")
EXPECTED_SHEETS = ("走访记录", "入户走访登记表", "走访登记", "家访记录", "走访", "Sheet1")
_LIMIT = 2000  # each text column of home_visit
_TEXTS = ("notes", "findings", "needs", "follow_up")


@dataclass
class VisitRow:
    source: SourceRow
    columns: dict[str, str]
    household: Household
    visited_on: date
    visitor: str
    leader: GridLeader | None
    notes: str | None
    findings: str | None
    needs: str | None
    follow_up: str | None

    @property
    def key(self) -> tuple[int, date, str]:
        return (self.household.id or 0, self.visited_on, self.visitor)


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[VisitRow]:
    """Validate every row against the roster, the households and the grid; problems go to `summary.errors`."""
    today = today or date.today()
    people = People(session)
    people.prefetch(read, payees=False)
    homes: dict[int, Household | None] = {}
    leaders = list(session.scalars(select(GridLeader).order_by(GridLeader.id)))
    return each_row(
        read,
        summary,
        lambda check: _validate(session, check, people, homes, leaders, today),
        key=lambda row: row.key,
        progress=progress,
    )


def _validate(
    session: Session,
    check: Located,
    people: People,
    homes: dict[int, Household | None],
    leaders: list[GridLeader],
    today: date,
) -> VisitRow | None:
    name = check.name()
    person = people.retiree(check, name)
    household = None
    if person is not None:
        pid = person.id or 0
        if pid not in homes:
            homes[pid] = household_of(session, person)
        household = homes[pid]
        if household is None:
            check.error("import.visit_no_household", "id_number", person.id_number)
    visited_on = check.past_day("visited_on", today=today, required=True)
    visitor = _visitor(check)
    texts = {key: check.text(key, limit=_LIMIT) for key in _TEXTS}
    form = check.text("visit_form", limit=100)
    remarks = check.text("remarks", limit=_LIMIT)
    parts = [
        f"走访形式：{form}" if form else None,
        texts["notes"],
        f"备注：{remarks}" if remarks else None,
        extras_text(check.source),
    ]
    notes = "；".join(p for p in parts if p) or None
    if notes is not None and len(notes) > _LIMIT:
        check.error("rule.text_too_long", "notes", limit=_LIMIT)
    if check.failed or household is None or visited_on is None or visitor is None:
        return None
    leader = _leader(leaders, visitor, visited_on)
    return VisitRow(
        check.source,
        check.columns,
        household,
        visited_on,
        visitor,
        leader,
        notes,
        texts["findings"],
        texts["needs"],
        texts["follow_up"],
    )


def _visitor(check: Located) -> str | None:
    from kuangqu.rules.names import normalize_name

    if check.blank("visitor"):
        check.error("visit.visitor_required", "visitor")
        return None
    text = check.text("visitor", limit=100)
    if text is None:
        return None
    try:
        return normalize_name(text)[0]
    except RuleViolation:
        return text  # "社区王主任", "工作组": kept as written, never refused


def _leader(leaders: list[GridLeader], name: str, on: date) -> GridLeader | None:
    """The one grid leader of that name in office on the day, or None (two of a name: not guessed)."""
    found = [
        g
        for g in leaders
        if g.name == name and g.assigned_on <= on and (g.ended_on is None or g.ended_on > on)
    ]
    return found[0] if len(found) == 1 else None


def household_of(session: Session, person: Retiree) -> Household | None:
    """The household `person` heads, else the one they are a current member of."""
    headed = session.scalars(select(Household).where(Household.head_id == person.id)).first()
    if headed is not None:
        return headed
    member = session.scalars(
        select(HouseholdMember).where(
            (HouseholdMember.retiree_id == person.id) | (HouseholdMember.id_number == person.id_number),
            HouseholdMember.removed_on.is_(None),  # type: ignore[union-attr]
        )
    ).first()
    return session.get(Household, member.household_id) if member is not None else None


# ------------------------------------------------------------------ writing


def _existing(session: Session, rows: list[VisitRow]) -> dict[tuple[int, date, str], HomeVisit]:
    """Recorded visits of the file's households, by household + date + visitor (leader's or named)."""
    ids = sorted({row.household.id or 0 for row in rows})
    names = {g.id: g.name for g in session.scalars(select(GridLeader))}
    found: dict[tuple[int, date, str], HomeVisit] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(HomeVisit).where(HomeVisit.household_id.in_(chunk)).order_by(HomeVisit.id)  # type: ignore[attr-defined]
        for v in session.scalars(query):
            for who in {v.visitor, names.get(v.leader_id) if v.leader_id else None} - {None}:
                found.setdefault((v.household_id, v.visited_on, str(who)), v)
    return found


def apply(
    session: Session, rows: list[VisitRow], summary: ImportSummary, *, today: date | None = None
) -> None:
    """Record the new visits; a known one is unchanged (with a warning if the sheet's texts differ)."""
    today = today or date.today()
    existing = _existing(session, rows)
    for row in rows:
        stored = existing.get(row.key)
        if stored is None:
            try:
                visit_service.add(
                    session,
                    row.household,
                    on=row.visited_on,
                    today=today,
                    leader=row.leader,
                    visitor=row.visitor,
                    notes=row.notes,
                    findings=row.findings,
                    needs=row.needs,
                    follow_up=row.follow_up,
                )
            except RuleViolation as exc:
                summary.errors.append(
                    Problem(exc.key, dict(exc.params), sheet=row.source.sheet, row=row.source.row)
                )
                continue
            summary.created += 1
            continue
        summary.unchanged += 1
        differing = [
            key
            for key in _TEXTS
            if getattr(row, key) is not None and getattr(row, key) != getattr(stored, key)
        ]
        if differing:
            summary.warnings.append(
                Problem(
                    "import.visit_differs",
                    {"id": stored.id, "on": row.visited_on.isoformat(), "visitor": row.visitor},
                    field=differing[0],
                    sheet=row.source.sheet,
                    row=row.source.row,
                    column=row.columns.get(differing[0]),
                )
            )
    session.flush()
