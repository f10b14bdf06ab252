"""Importing the assistance pairs (帮扶对子): one row per household and the cadre answering for it.

The household is found by its head's (or a recorded member's) 身份证号 — the row's name must be
the one recorded for that ID — and the pair goes through the relief pair service (one active
pair per household, audited), as `kuangqu relief pair add`:

- A household without an active pair: the row's pair is added (created).
- The active pair is the row's cadre: unchanged, or their position/phone/leader mark brought up
  to the sheet's (updated); a different 结对日期 on the sheet is kept as stored, with a warning.
- The active pair is another cadre: it ends the day the row's pair starts and the row's pair is
  added (updated, listed in `changes` as old → new cadre) — refused when the row's 结对日期 is
  not after the current pair's start (an older sheet cannot rewrite the pairs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.importer.located import Located, Payee, People, each_row, problem_at
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.relief import ReliefPair
from kuangqu.rules.masking import mask_phone
from kuangqu.rules.names import normalize_name
from kuangqu.rules.phones import normalize_phone
from kuangqu.services import audit
from kuangqu.services.relief import pairs as pair_service

SYNONYMS = MappingProxyType(
    {
        "cadre_name": ("帮扶人", "帮扶人姓名", "帮扶干部", "帮扶责任人", "干部姓名", "帮扶领导"),
        "position": ("帮扶人职务", "职务", "干部职务"),
        "phone": ("帮扶人电话", "联系电话", "电话"),
        "leader": ("领导包户", "是否领导包户", "包户到人", "是否领导"),
        "name": ("被帮扶户", "户主姓名", "被帮扶人", "户主", "姓名"),
        "id_number": ("身份证号", "户主身份证号", "身份证号码", "公民身份号码"),
        "started_on": ("结对日期", "结对时间", "帮扶开始日期", "开始日期"),
    }
)
REQUIRED = ("cadre_name", "name", "id_number", "started_on")
EXPECTED_SHEETS = ("帮扶对子", "帮扶对子名单", "结对帮扶", "包户到人", "Sheet1")

_YES = {"是", "√", "✓", "y", "yes", "1", "true", "领导包户"}
_NO = {"否", "×", "n", "no", "0", "false"}


@dataclass
class PairRow:
    source: SourceRow
    columns: dict[str, str]
    payee: Payee
    cadre_name: str
    position: str | None
    phone: str | None
    leader: bool | None
    started_on: date

    @property
    def household_id(self) -> int:
        return self.payee.household.id or 0


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[PairRow]:
    """Validate every row against the rules and the roster; one row per household in a file."""
    today = today or date.today()
    people = People(session)
    people.prefetch(read, payees=True)
    return each_row(
        read,
        summary,
        lambda at: _validate(at, people, today),
        key=lambda row: row.household_id,
        progress=progress,
    )


def _yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise RuleViolation("import.yes_no")


def _validate(at: Located, people: People, today: date) -> PairRow | None:
    payee = people.payee(at)
    cadre = at.parsed("cadre_name", lambda raw: normalize_name(raw)[0], required=True)
    position = at.text("position", limit=100)
    phone = at.parsed("phone", lambda raw: normalize_phone(raw)[0])
    leader = at.parsed("leader", _yes_no)
    started_on = at.past_day("started_on", today=today, required=True)
    if at.failed or payee is None or cadre is None or started_on is None:
        return None
    return PairRow(at.source, at.columns, payee, cadre, position, phone, leader, started_on)


def apply(session: Session, rows: list[PairRow], summary: ImportSummary) -> None:
    """Add, keep or change each household's pair through the pair service."""
    for row in rows:
        current = pair_service.active_pair(session, row.household_id)
        try:
            if current is None:
                _add(session, row)
                summary.created += 1
            elif current.cadre_name == row.cadre_name:
                if current.started_on != row.started_on:
                    summary.warnings.append(
                        problem_at(
                            row,
                            "started_on",
                            "import.pair_start_differs",
                            cadre=current.cadre_name,
                            id=current.id,
                            stored=current.started_on.isoformat(),
                            given=row.started_on.isoformat(),
                        )
                    )
                changed = _update(session, current, row)
                if changed:
                    summary.updated += 1
                    summary.changes.append({"id": current.id, "name": row.payee.name, "fields": changed})
                else:
                    summary.unchanged += 1
            elif row.started_on <= current.started_on:
                summary.errors.append(
                    problem_at(
                        row,
                        "started_on",
                        "import.pair_change_not_later",
                        cadre=current.cadre_name,
                        id=current.id,
                        since=current.started_on.isoformat(),
                        given=row.started_on.isoformat(),
                    )
                )
            else:
                pair_service.end(
                    session, current, on=row.started_on, reason=f"导入：改由 {row.cadre_name} 帮扶"
                )
                pair = _add(session, row)
                summary.updated += 1
                summary.changes.append(
                    {
                        "id": pair.id,
                        "name": row.payee.name,
                        "fields": {"cadre_name": {"old": current.cadre_name, "new": row.cadre_name}},
                    }
                )
        except (Conflict, RuleViolation) as exc:
            summary.errors.append(problem_at(row, "started_on", exc.key, **exc.params))
    session.flush()


def _add(session: Session, row: PairRow) -> ReliefPair:
    return pair_service.add(
        session,
        row.payee.household,
        cadre_name=row.cadre_name,
        position=row.position,
        phone=row.phone,
        leader=bool(row.leader),
        on=row.started_on,
    )


def _update(session: Session, pair: ReliefPair, row: PairRow) -> dict[str, dict[str, Any]]:
    """Bring the pair's position, phone and leader mark up to the sheet's (a blank cell keeps
    what is stored); the changed fields, old → new (phones masked)."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for field_name, value in (("position", row.position), ("phone", row.phone), ("leader", row.leader)):
        stored = getattr(pair, field_name)
        if value is None or value == stored:
            continue
        old[field_name], new[field_name] = stored, value
        setattr(pair, field_name, value)
    if not old:
        return {}
    session.flush()
    audit.record(session, "relief.pair_update", "relief_pair", pair.id, old=old, new=new)
    shown = {
        key: (
            {"old": mask_phone(old[key]) if old[key] else None, "new": mask_phone(new[key])}
            if key == "phone"
            else {"old": old[key], "new": new[key]}
        )
        for key in old
    }
    return shown
