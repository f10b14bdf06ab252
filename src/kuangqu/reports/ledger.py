"""The read side of the benefit ledger: the card (待遇变更明白卡) as data, the month's benefit changes for
the monthly report (masked), and the year's figures for the annual one.

The card is built from plain rows with the attributes of a retiree and of ledger entries, so
`read_card` can fetch one person's card with four SQL statements and no ORM models: `benefit card`
starts a whole process per call, and importing SQLModel alone costs a few tenths of a second.
Models are imported inside the functions that need them for the same reason.
"""

from __future__ import annotations

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

    from kuangqu.quickread import Reader

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


def resolve_retiree(conn: Connection | Reader, ref: str) -> int:
    """The same references as services.retirees.get (see quickread.resolve_retiree): resident ID (15/18),
    its last 6 characters when unique, `#N` or N. Raises NotFound / RuleViolation with the same keys."""
    from kuangqu.quickread import as_reader
    from kuangqu.quickread import resolve_retiree as resolve

    return resolve(as_reader(conn), ref)


def read_card(conn: Connection | Reader, ref: str, as_of: PartialDate | None = None) -> Card:
    """One person's card in four statements (find, person, entries, corrections), no ORM.

    `conn` is a SQLAlchemy Connection (PostgreSQL, or an ORM session's) or a quickread reader (sqlite3
    alone: `benefit card` on a SQLite file never imports SQLAlchemy).
    """
    from kuangqu.errors import NotFound
    from kuangqu.quickread import as_reader, day, first, partial
    from kuangqu.quickread import resolve_retiree as resolve

    reader = as_reader(conn)
    retiree_id = resolve(reader, ref)
    p = first(
        reader,
        "SELECT id, name, sex, id_number, birth_date, category, status, work_start, retired_on, died_on, "
        "former_unit, position, area, building, work_group FROM retiree WHERE id = :id",
        {"id": retiree_id},
    )
    if p is None:  # deleted between the two statements: only possible outside a transaction
        raise NotFound("retiree.not_found", ref=str(ref))
    person = PersonView(
        p["id"],
        p["name"],
        p["sex"],
        p["id_number"],
        day(p["birth_date"]),
        p["category"],
        p["status"],
        partial(p["work_start"]),
        partial(p["retired_on"]),
        partial(p["died_on"]),
        p["former_unit"],
        p["position"],
        p["area"],
        p["building"],
        p["work_group"],
    )
    entries = [
        EntryView(
            e["id"],
            e["seq"],
            PartialDate.from_iso(e["effective"]),
            e["component"],
            int(e["amount_fen"]),
            e["reason"],
            e["document"],
            e["reverses_id"],
            e["batch_id"],
            e["correction_id"],
        )
        for e in reader.rows(
            "SELECT id, seq, effective, component, amount_fen, reason, document, reverses_id, batch_id, "
            "correction_id FROM ledger_entry WHERE retiree_id = :id ORDER BY seq",
            {"id": retiree_id},
        )
    ]
    corrections = [
        CorrectionView(c["id"], c["status"], c["problem"], day(c["found_on"]), c["arrears_fen"])
        for c in reader.rows(
            "SELECT id, status, problem, found_on, arrears_fen FROM correction "
            "WHERE retiree_id = :id ORDER BY id",
            {"id": retiree_id},
        )
    ]
    return build_card(person, entries, as_of or this_month(), corrections)


# ---------------------------------------------------------------- monthly and annual reports


def month_changes(session: Session, month: PartialDate, *, reveal: bool = False) -> list[dict[str, Any]]:
    """Each entry effective in `month`: person (ID masked unless `reveal`), component, old → new, reason.

    "Old" is the component's level just before the entry (the latest entry that counts, earlier
    in the card order), "new" the level right after it; a one-off item has no old amount. Three
    column queries and one ordered pass per person, no ORM objects: the adjustment month
    (January) touches nearly everyone, and loading each person's whole history made the monthly
    report of 100,000 people take most of a minute.
    """
    from sqlalchemy import select

    from kuangqu.models.ledger import LedgerEntry
    from kuangqu.models.registry import Retiree

    entries, people = LedgerEntry.__table__, Retiree.__table__  # type: ignore[attr-defined]
    entry, person = entries.c, people.c
    found = session.execute(
        select(
            person.id,
            person.name,
            person.id_number,
            person.area,
            entry.id,
            entry.seq,
            entry.component,
            entry.amount_fen,
            entry.reverses_id,
            entry.reason,
            entry.document,
        )
        .select_from(entries)
        .join(people, person.id == entry.retiree_id)
        .where(entry.effective == str(month))
        .order_by(person.area, person.id, entry.seq)
    ).all()
    if not found:
        return []
    before = _levels_before(session, month)
    odd = _cross_month_reversals(session, month)
    in_month: dict[int, list[Any]] = {}
    for row in found:
        in_month.setdefault(row[0], []).append(row)
    names = {c.code: component_name(c.code) for c in rules.COMPONENTS}
    shown_id = (lambda number: number) if reveal else mask_id
    rows = []
    for rid, mine in in_month.items():
        if rid in odd:
            steps = _reference_steps(session, rid, month)
        else:
            steps = _month_steps(mine, before.get(rid, {}))
        for row, (old, new) in zip(mine, steps, strict=True):
            rows.append(
                {
                    "retiree_id": rid,
                    "name": row[1],
                    "id_number": shown_id(row[2]),
                    "area": row[3],
                    "component_name": names.get(row[6], row[6]),
                    "old_amount": format_fen(old) if old is not None else None,
                    "new_amount": format_fen(new),
                    "reason": row[9],
                    "document": row[10],
                    "entry_id": row[4],
                    "component": row[6],
                }
            )
    # Back in the query's order (area, person, seq): grouping by person kept it already, since
    # one person's rows are contiguous in it.
    return rows


def _month_steps(mine: Sequence[Any], before: dict[str, int]) -> list[tuple[int | None, int]]:
    """(old, new) level of each of one person's entries of the month, in seq order.

    `before` holds each regular component's level before the month. Within the month an entry
    counts from its seq on unless a reversal recorded before the point looked at cancels it, so
    the level at a point is the last such entry of the component, or the level before the month.
    """
    facts = [(r[5], r[6], r[7], r[4], r[8]) for r in mine]  # seq, component, amount, id, reverses_id

    def level(component: str, upto: int) -> int:
        seen = [f for f in facts if f[0] <= upto]
        cancelled = {f[4] for f in seen if f[4] is not None}
        current = before.get(component, 0)
        for _seq, comp, amount, ident, reverses in seen:
            if comp == component and reverses is None and ident not in cancelled:
                current = amount
        return current

    steps: list[tuple[int | None, int]] = []
    for seq, comp, amount, _ident, _reverses in facts:
        if rules.BY_CODE[comp].kind != rules.REGULAR:
            steps.append((None, amount))
        else:
            steps.append((level(comp, seq - 1), level(comp, seq)))
    return steps


def _levels_before(session: Session, month: PartialDate) -> dict[int, dict[str, int]]:
    """Each regular component's level before `month` of everyone with an entry in `month`: the
    latest entry (card order) that is neither a reversal nor reversed, one window-function query."""
    from sqlalchemy import exists, func, select

    from kuangqu.models.ledger import LedgerEntry

    entry = LedgerEntry.__table__.alias("e")  # type: ignore[attr-defined]
    other = LedgerEntry.__table__.alias("r")  # type: ignore[attr-defined]
    here = LedgerEntry.__table__.alias("m")  # type: ignore[attr-defined]
    rank = (
        func.row_number()
        .over(
            partition_by=(entry.c.retiree_id, entry.c.component),
            order_by=(entry.c.effective.desc(), entry.c.seq.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(entry.c.retiree_id, entry.c.component, entry.c.amount_fen, rank)
        .where(
            entry.c.effective < str(month),
            entry.c.component.in_(rules.REGULAR_CODES),
            entry.c.reverses_id.is_(None),
            ~exists().where(other.c.reverses_id == entry.c.id),
            entry.c.retiree_id.in_(select(here.c.retiree_id).where(here.c.effective == str(month))),
        )
        .subquery()
    )
    levels: dict[int, dict[str, int]] = {}
    query = select(ranked.c.retiree_id, ranked.c.component, ranked.c.amount_fen).where(ranked.c.rank == 1)
    for rid, component, amount in session.execute(query):
        levels.setdefault(rid, {})[component] = amount
    return levels


def _cross_month_reversals(session: Session, month: PartialDate) -> set[int]:
    """People with a reversal in another month than the entry it cancels (the ledger never writes
    one: a reversal carries its target's month), for whom the quick pass above would not hold."""
    from sqlalchemy import or_, select

    from kuangqu.models.ledger import LedgerEntry

    reversal = LedgerEntry.__table__.alias("r")  # type: ignore[attr-defined]
    target = LedgerEntry.__table__.alias("t")  # type: ignore[attr-defined]
    query = (
        select(reversal.c.retiree_id)
        .join(target, target.c.id == reversal.c.reverses_id)
        .where(or_(reversal.c.effective != target.c.effective, reversal.c.retiree_id != target.c.retiree_id))
        .distinct()
    )
    return set(session.scalars(query))


def _reference_steps(session: Session, rid: int, month: PartialDate) -> list[tuple[int | None, int]]:
    """(old, new) of one person's entries of `month` straight from the level rule over the whole card."""
    from kuangqu.services.ledger import facts_by_retiree

    mine = facts_by_retiree(session, [rid]).get(rid, [])
    steps: list[tuple[int | None, int]] = []
    for fact in sorted((f for f in mine if f.effective == month), key=lambda f: f.seq):
        if rules.BY_CODE[fact.component].kind != rules.REGULAR:
            steps.append((None, fact.amount_fen))
            continue
        old = rules.levels_at([f for f in mine if f.key < fact.key], month)[fact.component]
        new = rules.levels_at([f for f in mine if f.key <= fact.key], month)[fact.component]
        steps.append((old, new))
    return steps


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


def monthly_changes(session: Session, month: PartialDate, *, reveal: bool = False) -> list[Any]:
    """MONTHLY_SECTIONS: the month's benefit changes, one table (full ID numbers when `reveal`)."""
    from kuangqu.i18n import t
    from kuangqu.render import Column, Report

    rows = month_changes(session, month, reveal=reveal)
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
