"""The benefit ledger: appending chained entries, reversals, each retiree's card, and the chain check.

Every write goes through `Appender`, which locks the retiree's row (FOR UPDATE on PostgreSQL;
SQLite writers are already serialised by BEGIN IMMEDIATE), reads the chain head once and links each
new entry to it. Amounts on any date are computed from the entries (rules.ledger), never stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, Problem, RuleViolation
from kuangqu.models.base import utcnow
from kuangqu.models.ledger import LedgerEntry
from kuangqu.models.registry import Retiree
from kuangqu.reports.ledger import Card, build_card, component_name, this_month
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.money import format_fen
from kuangqu.services import audit


def operator_of(session: Session) -> str:
    return str(session.info.get("operator") or audit.default_operator())[:100]


def fact(entry: LedgerEntry) -> rules.Fact:
    return rules.Fact(
        entry.id or 0, entry.seq, entry.effective, entry.component, entry.amount_fen, entry.reverses_id
    )


def facts(entries: Iterable[LedgerEntry]) -> list[rules.Fact]:
    return [fact(e) for e in entries]


def entries_for(session: Session, retiree_id: int) -> list[LedgerEntry]:
    query = select(LedgerEntry).where(LedgerEntry.retiree_id == retiree_id).order_by(LedgerEntry.seq)  # type: ignore[arg-type]
    return list(session.scalars(query))


def entries_by_retiree(session: Session, retiree_ids: Sequence[int]) -> dict[int, list[LedgerEntry]]:
    """Many people's entries in a few queries (cards, batches), in seq order."""
    grouped: dict[int, list[LedgerEntry]] = {rid: [] for rid in retiree_ids}
    for start in range(0, len(retiree_ids), 500):
        chunk = list(retiree_ids[start : start + 500])
        query = (
            select(LedgerEntry)
            .where(LedgerEntry.retiree_id.in_(chunk))  # type: ignore[attr-defined]
            .order_by(LedgerEntry.retiree_id, LedgerEntry.seq)  # type: ignore[arg-type]
        )
        for entry in session.scalars(query):
            grouped[entry.retiree_id].append(entry)
    return grouped


def facts_by_retiree(
    session: Session, retiree_ids: Sequence[int] | None = None
) -> dict[int, list[rules.Fact]]:
    """Everyone's (or these people's) entries as Facts, read without building ORM objects."""
    columns = (
        LedgerEntry.retiree_id,
        LedgerEntry.id,
        LedgerEntry.seq,
        LedgerEntry.effective,
        LedgerEntry.component,
        LedgerEntry.amount_fen,
        LedgerEntry.reverses_id,
    )
    grouped: dict[int, list[rules.Fact]] = {rid: [] for rid in retiree_ids or ()}
    chunks = (
        [None]
        if retiree_ids is None
        else [list(retiree_ids[i : i + 500]) for i in range(0, len(retiree_ids), 500)]
    )
    for chunk in chunks:
        query = select(*columns).order_by(LedgerEntry.retiree_id, LedgerEntry.seq)  # type: ignore[arg-type]
        if chunk is not None:
            query = query.where(LedgerEntry.retiree_id.in_(chunk))  # type: ignore[attr-defined]
        for rid, *rest in session.execute(query):
            grouped.setdefault(rid, []).append(rules.Fact(*rest))
    return grouped


def get_entry(session: Session, entry_id: int) -> LedgerEntry:
    entry = session.get(LedgerEntry, entry_id)
    if entry is None:
        raise NotFound("ledger.entry_not_found", id=entry_id)
    return entry


# ---------------------------------------------------------------- appending


class Appender:
    """Appends entries to retirees' chains within one transaction, one lock and head read per person."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.operator = operator_of(session)
        self.heads: dict[int, tuple[int, str]] = {}

    def prepare(self, retiree_ids: Iterable[int]) -> None:
        """Lock these retirees' rows and read their chain heads (in chunks, for a batch)."""
        wanted = sorted({rid for rid in retiree_ids if rid not in self.heads})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            # FOR UPDATE is dropped on SQLite, where BEGIN IMMEDIATE already serialises writers.
            self.session.execute(
                select(Retiree.id).where(Retiree.id.in_(chunk)).order_by(Retiree.id).with_for_update()  # type: ignore[union-attr,arg-type]
            ).all()
            for rid in chunk:
                self.heads[rid] = (0, rules.GENESIS)
            rows = self.session.execute(
                select(LedgerEntry.retiree_id, LedgerEntry.seq, LedgerEntry.hash)
                .where(LedgerEntry.retiree_id.in_(chunk))  # type: ignore[attr-defined]
                .order_by(LedgerEntry.retiree_id, LedgerEntry.seq)  # type: ignore[arg-type]
            )
            for rid, seq, digest in rows:
                self.heads[rid] = (seq, digest)

    def append(
        self,
        retiree_id: int,
        effective: PartialDate,
        component: str,
        amount_fen: int,
        reason: str,
        *,
        document: str | None = None,
        reverses_id: int | None = None,
        batch_id: int | None = None,
        correction_id: int | None = None,
    ) -> LedgerEntry:
        if retiree_id not in self.heads:
            self.prepare([retiree_id])
        seq, prev_hash = self.heads[retiree_id]
        entry = LedgerEntry(
            retiree_id=retiree_id,
            seq=seq + 1,
            effective=effective,
            component=component,
            amount_fen=amount_fen,
            reason=reason,
            document=document,
            reverses_id=reverses_id,
            batch_id=batch_id,
            correction_id=correction_id,
            prev_hash=prev_hash,
            hash="",
            recorded_at=utcnow(),
            operator=self.operator,
        )
        entry.hash = rules.entry_hash(entry.content(), prev_hash)
        self.session.add(entry)
        self.heads[retiree_id] = (entry.seq, entry.hash)
        return entry

    def flush(self) -> None:
        self.session.flush()


# ---------------------------------------------------------------- adding and reversing


@dataclass
class AddInput:
    effective: PartialDate
    component: str
    amount_fen: int
    reason: str
    document: str | None = None


def add_input(
    effective: str, component: str, amount: str, reason: str, document: str | None = None
) -> AddInput:
    """Validate what a clerk typed for `benefit add`, collecting every problem."""
    from kuangqu.errors import InvalidInput
    from kuangqu.rules.money import parse_yuan

    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, raw, parser in (
        ("effective", effective, rules.parse_month),
        ("component", component, rules.parse_component),
        ("amount", amount, parse_yuan),
    ):
        try:
            values[name] = parser(raw)
        except RuleViolation as exc:
            problems.append(Problem(exc.key, exc.params, field=name, value=str(raw)))
    text = (reason or "").strip()
    if not text:
        problems.append(Problem("ledger.reason_required", field="reason"))
    if problems:
        raise InvalidInput(problems)
    return AddInput(
        values["effective"],
        values["component"].code,
        values["amount"],
        text,
        (document or "").strip() or None,
    )


def check_dates(retiree: Retiree, effective: PartialDate, component: str, amount_fen: int) -> None:
    """Refuse a regular amount before retirement or after the month of death."""
    if rules.BY_CODE[component].kind != rules.REGULAR or amount_fen == 0:
        return
    retired = retiree.retired_on
    if retired is not None and (
        (
            retired.month is not None
            and rules.month_index(effective) < rules.month_index(rules.month_of(retired))
        )
        or effective.year < retired.year
    ):
        raise RuleViolation("ledger.before_retirement", effective=str(effective), retired=str(retired))
    died = retiree.died_on
    if (
        died is not None
        and died.month is not None
        and rules.month_index(effective) > rules.month_index(rules.month_of(died))
    ):
        raise Conflict("ledger.after_death", effective=str(effective), died=str(died))


def add(session: Session, retiree: Retiree, data: AddInput) -> LedgerEntry:
    """Append one entry: a regular component's new monthly level, or a one-off item."""
    kind = rules.BY_CODE[data.component].kind
    if kind == rules.ONE_OFF and data.amount_fen == 0:
        raise RuleViolation("ledger.one_off_zero")
    check_dates(retiree, data.effective, data.component, data.amount_fen)
    appender = Appender(session)
    entry = appender.append(
        retiree.id or 0, data.effective, data.component, data.amount_fen, data.reason, document=data.document
    )
    appender.flush()
    audit.record(session, "benefit.add", "ledger_entry", entry.id, new=_audit_values(entry))
    return entry


def _audit_values(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "retiree_id": entry.retiree_id,
        "seq": entry.seq,
        "effective": str(entry.effective),
        "component": entry.component,
        "amount": format_fen(entry.amount_fen),
        "reverses_id": entry.reverses_id,
        "hash": entry.hash,
    }


def reverse(
    session: Session,
    entry_id: int,
    reason: str,
    *,
    document: str | None = None,
    appender: Appender | None = None,
    audited: bool = True,
) -> LedgerEntry:
    """Cancel an entry with a reversing entry that points at it (same month, component and amount)."""
    target = get_entry(session, entry_id)
    if not (reason or "").strip():
        raise RuleViolation("ledger.reason_required")
    if target.reverses_id is not None:
        raise Conflict("ledger.reverse_a_reversal", id=entry_id)
    already = session.scalars(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry_id)).first()
    if already is not None:
        raise Conflict("ledger.already_reversed", id=entry_id, by=already)
    own = appender or Appender(session)
    entry = own.append(
        target.retiree_id,
        target.effective,
        target.component,
        target.amount_fen,
        reason.strip(),
        document=document,
        reverses_id=target.id,
    )
    if appender is None:
        own.flush()
    if audited:
        session.flush()
        audit.record(
            session, "benefit.reverse", "ledger_entry", entry.id, new=_audit_values(entry), reason=reason
        )
    return entry


# ---------------------------------------------------------------- cards (built in reports.ledger)


def card(session: Session, retiree: Retiree, as_of: PartialDate | None = None) -> Card:
    """One person's card from the ORM (the CLI reads it faster through reports.ledger.read_card)."""
    from kuangqu.models.ledger import Correction

    corrections = list(
        session.scalars(select(Correction).where(Correction.retiree_id == retiree.id).order_by(Correction.id))  # type: ignore[arg-type]
    )
    return build_card(retiree, entries_for(session, retiree.id or 0), as_of or this_month(), corrections)


def cards_for(session: Session, people: Sequence[Retiree], as_of: PartialDate | None = None) -> list[Card]:
    """The cards of many people (those with at least one entry), read in a few queries."""
    from kuangqu.models.ledger import Correction

    month = as_of or this_month()
    ids = [p.id or 0 for p in people]
    grouped = entries_by_retiree(session, ids)
    corrections: dict[int, list[Any]] = {}
    for start in range(0, len(ids), 500):
        query = (
            select(Correction)
            .where(Correction.retiree_id.in_(ids[start : start + 500]))
            .order_by(Correction.id)
        )  # type: ignore[attr-defined,arg-type]
        for c in session.scalars(query):
            corrections.setdefault(c.retiree_id, []).append(c)
    return [
        build_card(p, grouped[p.id or 0], month, corrections.get(p.id or 0, []))
        for p in people
        if grouped.get(p.id or 0)
    ]


def entry_row(entry: LedgerEntry, name: str | None = None) -> dict[str, Any]:
    return {
        "id": entry.id,
        "retiree_id": entry.retiree_id,
        "name": name,
        "seq": entry.seq,
        "effective": str(entry.effective),
        "component": entry.component,
        "component_name": component_name(entry.component),
        "amount": format_fen(entry.amount_fen),
        "reason": entry.reason,
        "document": entry.document,
        "reverses_id": entry.reverses_id,
        "batch_id": entry.batch_id,
        "correction_id": entry.correction_id,
        "recorded_at": entry.recorded_at,
        "operator": entry.operator,
    }


def list_entries(
    session: Session,
    *,
    retiree_id: int | None = None,
    component: str | None = None,
    month: PartialDate | None = None,
    batch_id: int | None = None,
    correction_id: int | None = None,
    limit: int | None = 200,
) -> list[tuple[LedgerEntry, str]]:
    query = select(LedgerEntry, Retiree.name).join(Retiree, Retiree.id == LedgerEntry.retiree_id)
    if retiree_id is not None:
        query = query.where(LedgerEntry.retiree_id == retiree_id)
    if component:
        query = query.where(LedgerEntry.component == component)
    if month is not None:
        query = query.where(LedgerEntry.effective == month)
    if batch_id is not None:
        query = query.where(LedgerEntry.batch_id == batch_id)
    if correction_id is not None:
        query = query.where(LedgerEntry.correction_id == correction_id)
    query = query.order_by(LedgerEntry.retiree_id, LedgerEntry.seq)  # type: ignore[arg-type]
    if limit:
        query = query.limit(limit)
    return [(entry, name) for entry, name in session.execute(query)]


# ---------------------------------------------------------------- the chain check


def verify_ledger_chain(session: Session) -> list[Problem]:
    """Every retiree's chain holds; for a broken one, name its first entry that does not match."""
    columns = [getattr(LedgerEntry, name) for name in ("id", "prev_hash", "hash", *rules.HASHED_FIELDS)]
    # Streamed in batches: a mining group's ledger has millions of rows.
    query = (
        select(*columns)
        .order_by(LedgerEntry.retiree_id, LedgerEntry.seq)  # type: ignore[arg-type]
        .execution_options(yield_per=10_000)
    )
    problems: list[Problem] = []
    chain: list[rules.Link] = []
    current: int | None = None

    def close() -> None:
        broken = rules.first_broken(chain)
        if broken is not None:
            link, why = broken
            problems.append(
                Problem(f"ledger.chain_broken_{why}", {"id": link.id, "seq": link.seq, "retiree_id": current})
            )

    for row in session.execute(query):
        data = row._mapping
        if data["retiree_id"] != current:
            if chain:
                close()
            chain, current = [], data["retiree_id"]
        content = {name: data[name] for name in rules.HASHED_FIELDS}
        chain.append(rules.Link(data["id"], data["seq"], content, data["prev_hash"], data["hash"]))
    if chain:
        close()
    return problems
