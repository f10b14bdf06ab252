"""The read side of the benefit ledger: the card (待遇变更明白卡) as data, the month's benefit changes for
the monthly report (masked), and the year's figures for the annual one.

The card is built from plain rows with the attributes of a retiree and of ledger entries, so
`read_card` can fetch one person's card with four SQL statements and no ORM models: `benefit card`
starts a whole process per call, and importing SQLModel alone costs a few tenths of a second.
Models are imported inside the functions that need them for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.masking import mask_id
from kuangqu.rules.money import format_fen

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

# The registry's labels (models.enums), repeated so the card needs no model import; a test keeps them equal.
SEX_LABELS = {"male": "男", "female": "女"}
CATEGORY_LABELS = {"lixiu": "离休", "retired": "退休", "tuizhi": "退职", "survivor": "遗属"}
STATUS_LABELS = {"active": "在册", "deceased": "已故", "moved": "迁出"}


def this_month() -> PartialDate:
    today = date.today()
    return PartialDate(today.year, today.month)


def component_name(code: str) -> str:
    from kuangqu.i18n import current_lang

    component = rules.BY_CODE.get(code)
    if component is None:
        return code
    return component.en if current_lang() == "en" else component.zh


def current_parts(card: Card) -> str:
    """ "基本养老金 2808.36，各项补贴 121.10": the current month's amount of each component."""
    from kuangqu.i18n import current_lang

    separator = ", " if current_lang() == "en" else "，"
    return separator.join(f"{component_name(c)} {format_fen(card.current[c])}" for c in card.components)


# ---------------------------------------------------------------- the card


@dataclass
class CardRow:
    entry: Any  # a LedgerEntry or an EntryView
    levels: dict[str, int]
    reverses_seq: int | None = None
    reversed_by_seq: int | None = None

    @property
    def kind(self) -> str:
        return rules.BY_CODE[self.entry.component].kind


@dataclass
class Card:
    retiree: Any  # a Retiree or a PersonView
    rows: list[CardRow]
    components: list[str]
    as_of: PartialDate
    current: dict[str, int]
    corrections: list[Any] = field(default_factory=list)

    @property
    def current_total(self) -> int:
        return sum(self.current[c] for c in self.components)


def _fact(entry: Any) -> rules.Fact:
    return rules.Fact(
        entry.id or 0, entry.seq, entry.effective, entry.component, entry.amount_fen, entry.reverses_id
    )


def build_card(
    retiree: Any, entries: Sequence[Any], as_of: PartialDate, corrections: Sequence[Any] = ()
) -> Card:
    """Every change in card order with each component's amount after it, and the amounts in `as_of`."""
    by_id = {e.id: e for e in entries}
    reversed_by = {e.reverses_id: e for e in entries if e.reverses_id is not None}
    facts = [_fact(e) for e in entries]
    rows = []
    for step in rules.card_steps(facts):
        entry = by_id[step.fact.id]
        target = by_id.get(entry.reverses_id) if entry.reverses_id else None
        reverser = reversed_by.get(entry.id)
        rows.append(
            CardRow(entry, step.levels, target.seq if target else None, reverser.seq if reverser else None)
        )
    used = {e.component for e in entries}
    components = [c for c in rules.REGULAR_CODES if c in used]
    return Card(retiree, rows, components, as_of, rules.levels_at(facts, as_of), list(corrections))


def row_note(row: CardRow) -> str:
    """What a line is beside the others: a reversal, reversed, part of a correction or of a batch."""
    from kuangqu.i18n import t

    entry = row.entry
    notes = []
    if row.reverses_seq is not None:
        notes.append(t("ledger.note_reverses", seq=row.reverses_seq))
    if row.reversed_by_seq is not None:
        notes.append(t("ledger.note_reversed_by", seq=row.reversed_by_seq))
    if entry.correction_id is not None:
        notes.append(t("ledger.note_correction", id=entry.correction_id))
    if entry.batch_id is not None:
        notes.append(t("ledger.note_batch", id=entry.batch_id))
    return "；".join(notes)


CARD_HEADER_FIELDS = (
    "id",
    "name",
    "sex",
    "id_number",
    "birth_date",
    "category",
    "status",
    "work_start",
    "retired_on",
    "died_on",
    "former_unit",
    "position",
    "area",
    "building",
    "work_group",
)


def card_header(result: Card, *, reveal: bool = False, labels: bool = False) -> dict[str, Any]:
    """The person's block: codes (JSON) or Chinese labels (tables, xlsx); the ID masked unless revealed."""
    person = result.retiree
    header = {name: getattr(person, name, None) for name in CARD_HEADER_FIELDS}
    header["id_number"] = person.id_number if reveal else mask_id(person.id_number)
    if labels:
        for name, names in (("sex", SEX_LABELS), ("category", CATEGORY_LABELS), ("status", STATUS_LABELS)):
            header[name] = names.get(header[name], header[name])
    return header


def card_change_rows(result: Card) -> list[dict[str, Any]]:
    rows = []
    for row in result.rows:
        entry = row.entry
        rows.append(
            {
                "seq": entry.seq,
                "entry_id": entry.id,
                "effective": str(entry.effective),
                "component": entry.component,
                "component_name": component_name(entry.component),
                "kind": row.kind,
                "amount": format_fen(entry.amount_fen),
                "reason": entry.reason,
                "document": entry.document,
                "note": row_note(row),
                "reverses_seq": row.reverses_seq,
                "reversed_by_seq": row.reversed_by_seq,
                "correction_id": entry.correction_id,
                "batch_id": entry.batch_id,
                "levels": {code: format_fen(row.levels[code]) for code in result.components},
                "total": format_fen(sum(row.levels[code] for code in result.components)),
            }
        )
    return rows


def correction_status_name(code: str) -> str:
    from kuangqu.i18n import current_lang

    zh, en = rules.CORRECTION_STATUSES.get(code, (code, code))
    return en if current_lang() == "en" else zh


def card_json(result: Card, *, reveal: bool = False) -> dict[str, Any]:
    """The card as JSON (keys documented in the README)."""
    from kuangqu.render import jsonable

    return jsonable(
        {
            "retiree": card_header(result, reveal=reveal),
            "as_of": str(result.as_of),
            "components": list(result.components),
            "changes": card_change_rows(result),
            "corrections": [
                {
                    "id": c.id,
                    "status": c.status,
                    "status_name": correction_status_name(c.status),
                    "problem": c.problem,
                    "found_on": c.found_on,
                    "arrears": format_fen(c.arrears_fen) if c.arrears_fen is not None else None,
                }
                for c in result.corrections
            ],
            "current": {
                "month": str(result.as_of),
                "levels": {code: format_fen(result.current[code]) for code in result.components},
                "total": format_fen(result.current_total),
            },
        }
    )


# ---------------------------------------------------------------- one card without the ORM


@dataclass
class PersonView:
    id: int
    name: str
    sex: str
    id_number: str
    birth_date: date | None
    category: str
    status: str
    work_start: PartialDate | None
    retired_on: PartialDate | None
    died_on: PartialDate | None
    former_unit: str | None
    position: str | None
    area: str | None
    building: str | None
    work_group: str | None


@dataclass
class EntryView:
    id: int
    seq: int
    effective: PartialDate
    component: str
    amount_fen: int
    reason: str
    document: str | None
    reverses_id: int | None
    batch_id: int | None
    correction_id: int | None


@dataclass
class CorrectionView:
    id: int
    status: str
    problem: str
    found_on: date | None
    arrears_fen: int | None


def _partial(value: Any) -> PartialDate | None:
    return None if value is None else PartialDate.from_iso(str(value))


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


_ID_LIKE = re.compile(r"^\d{17}[\dX]$|^\d{15}$")


def resolve_retiree(conn: Connection, ref: str) -> int:
    """The same references as services.retirees.get: resident ID (15/18), its last 6 characters when
    unique, `#N` or N. Raises NotFound / RuleViolation with the same keys."""
    from sqlalchemy import text

    from kuangqu.errors import NotFound, RuleViolation

    raw = str(ref).strip().upper()
    found: list[int] = []
    if raw.startswith("#") and raw[1:].isdigit():
        found = [
            r[0] for r in conn.execute(text("SELECT id FROM retiree WHERE id = :n"), {"n": int(raw[1:])})
        ]
    elif _ID_LIKE.match(raw):
        from kuangqu.rules.ids import upgrade_15

        number = upgrade_15(raw) if len(raw) == 15 else raw
        query = text(
            "SELECT id FROM retiree WHERE id_number IN (:a, :b) OR id_number_original IN (:a, :b) "
            "ORDER BY id LIMIT 1"
        )
        found = [r[0] for r in conn.execute(query, {"a": number, "b": raw})]
    elif len(raw) == 6 and re.fullmatch(r"\d{5}[\dX]", raw):
        found = [
            r[0]
            for r in conn.execute(
                text("SELECT id FROM retiree WHERE id_number LIKE :tail LIMIT 2"), {"tail": f"%{raw}"}
            )
        ]
        if len(found) > 1:
            raise RuleViolation("retiree.ambiguous_tail", ref=raw)
    elif raw.isdigit():
        found = [r[0] for r in conn.execute(text("SELECT id FROM retiree WHERE id = :n"), {"n": int(raw)})]
    if not found:
        raise NotFound("retiree.not_found", ref=mask_id(raw) if len(raw) >= 15 else (raw or str(ref)))
    return int(found[0])


def read_card(conn: Connection, ref: str, as_of: PartialDate | None = None) -> Card:
    """One person's card in four statements (find, person, entries, corrections), no ORM."""
    from sqlalchemy import text

    retiree_id = resolve_retiree(conn, ref)
    p = conn.execute(
        text(
            "SELECT id, name, sex, id_number, birth_date, category, status, work_start, retired_on, died_on, "
            "former_unit, position, area, building, work_group FROM retiree WHERE id = :id"
        ),
        {"id": retiree_id},
    ).one()
    person = PersonView(
        p.id,
        p.name,
        p.sex,
        p.id_number,
        _day(p.birth_date),
        p.category,
        p.status,
        _partial(p.work_start),
        _partial(p.retired_on),
        _partial(p.died_on),
        p.former_unit,
        p.position,
        p.area,
        p.building,
        p.work_group,
    )
    entries = [
        EntryView(
            e.id,
            e.seq,
            PartialDate.from_iso(e.effective),
            e.component,
            int(e.amount_fen),
            e.reason,
            e.document,
            e.reverses_id,
            e.batch_id,
            e.correction_id,
        )
        for e in conn.execute(
            text(
                "SELECT id, seq, effective, component, amount_fen, reason, document, reverses_id, batch_id, "
                "correction_id FROM ledger_entry WHERE retiree_id = :id ORDER BY seq"
            ),
            {"id": retiree_id},
        )
    ]
    corrections = [
        CorrectionView(c.id, c.status, c.problem, _day(c.found_on), c.arrears_fen)
        for c in conn.execute(
            text(
                "SELECT id, status, problem, found_on, arrears_fen FROM correction "
                "WHERE retiree_id = :id ORDER BY id"
            ),
            {"id": retiree_id},
        )
    ]
    return build_card(person, entries, as_of or this_month(), corrections)


# ---------------------------------------------------------------- monthly and annual reports


def month_changes(session: Session, month: PartialDate) -> list[dict[str, Any]]:
    """Each entry effective in `month`: person (masked ID), component, old → new, reason."""
    from sqlalchemy import select

    from kuangqu.models.ledger import LedgerEntry
    from kuangqu.models.registry import Retiree
    from kuangqu.services.ledger import facts_by_retiree

    query = (
        select(LedgerEntry, Retiree)
        .join(Retiree, Retiree.id == LedgerEntry.retiree_id)
        .where(LedgerEntry.effective == month)
        .order_by(Retiree.area, Retiree.id, LedgerEntry.seq)  # type: ignore[arg-type]
    )
    found = list(session.execute(query))
    history = facts_by_retiree(session, sorted({entry.retiree_id for entry, _ in found}))
    rows = []
    for entry, person in found:
        mine = history.get(person.id or 0, [])
        here = (rules.month_index(month), entry.seq)
        regular = rules.BY_CODE[entry.component].kind == rules.REGULAR
        old = rules.levels_at([f for f in mine if f.key < here], month)[entry.component] if regular else None
        new = (
            rules.levels_at([f for f in mine if f.key <= here], month)[entry.component]
            if regular
            else entry.amount_fen
        )
        rows.append(
            {
                "retiree_id": person.id,
                "name": person.name,
                "id_number": mask_id(person.id_number),
                "area": person.area,
                "component_name": component_name(entry.component),
                "old_amount": format_fen(old) if old is not None else None,
                "new_amount": format_fen(new),
                "reason": entry.reason,
                "document": entry.document,
                "entry_id": entry.id,
                "component": entry.component,
            }
        )
    return rows


MONTH_COLUMNS = (
    "retiree_id",
    "name",
    "id_number",
    "area",
    "component_name",
    "old_amount",
    "new_amount",
    "reason",
    "document",
)


def monthly_changes(session: Session, month: PartialDate) -> list[Any]:
    """MONTHLY_SECTIONS: the month's benefit changes, one table."""
    from kuangqu.i18n import t
    from kuangqu.render import Column, Report

    rows = month_changes(session, month)
    columns = [Column(k, justify="right" if k.endswith("amount") else "left") for k in MONTH_COLUMNS]
    return [
        Report(
            t("report.ledger_month_title", month=str(month)),
            columns,
            rows,
            footer=[t("cli.count", count=len(rows))],
            json_key="benefit_changes",
        )
    ]


def annual_figures(session: Session, year: int) -> dict[str, Any]:
    """ANNUAL_FIGURES of the ledger for `year` (cards_made: everyone with an entry by the year's end)."""
    from sqlalchemy import func, select

    from kuangqu.models.ledger import AdjustmentBatch, Correction, LedgerEntry

    first, end = PartialDate(year, 1), PartialDate(year, 12)
    start_day, end_day = date(year, 1, 1), date(year, 12, 31)
    in_year = (LedgerEntry.effective >= first, LedgerEntry.effective <= end)  # type: ignore[operator]
    reversed_ids = select(LedgerEntry.reverses_id).where(LedgerEntry.reverses_id.is_not(None))  # type: ignore[union-attr]
    cards = session.scalar(
        select(func.count(func.distinct(LedgerEntry.retiree_id))).where(LedgerEntry.effective <= end)
    )  # type: ignore[operator]
    entries = session.scalar(select(func.count()).select_from(LedgerEntry).where(*in_year))
    opened = session.scalar(
        select(func.count())
        .select_from(Correction)
        .where(Correction.found_on >= start_day, Correction.found_on <= end_day)
    )
    closed = session.scalar(
        select(func.count())
        .select_from(Correction)
        .where(Correction.closed_on >= start_day, Correction.closed_on <= end_day)
    )  # type: ignore[operator]
    still_open = session.scalar(
        select(func.count())
        .select_from(Correction)
        .where(Correction.found_on <= end_day)
        .where((Correction.closed_on.is_(None)) | (Correction.closed_on > end_day))  # type: ignore[union-attr,operator]
    )
    adjusted = session.scalar(
        select(func.count(func.distinct(LedgerEntry.retiree_id)))
        .join(AdjustmentBatch, AdjustmentBatch.id == LedgerEntry.batch_id)  # type: ignore[arg-type]
        .where(AdjustmentBatch.year == year, AdjustmentBatch.reversed_at.is_(None))  # type: ignore[union-attr]
        .where(LedgerEntry.id.not_in(reversed_ids))  # type: ignore[union-attr]
    )
    arrears = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0))
        .where(LedgerEntry.component == "arrears", LedgerEntry.reverses_id.is_(None), *in_year)  # type: ignore[union-attr]
        .where(LedgerEntry.id.not_in(reversed_ids))  # type: ignore[union-attr]
    )
    return {
        "cards_made": int(cards or 0),
        "benefit_entries": int(entries or 0),
        "corrections_opened": int(opened or 0),
        "corrections_closed": int(closed or 0),
        "corrections_open": int(still_open or 0),
        "adjustment_people": int(adjusted or 0),
        "arrears_paid_total": format_fen(int(arrears or 0)),
    }
