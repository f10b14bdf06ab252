"""Yearly pension adjustments: a rule file applied to everyone it concerns as one batch, reversible whole.

Who it concerns: people whose component (基本养老金 by default) is above zero in the effective month,
who retired before that month, did not die before it and have not moved away; a rule may narrow it
to some categories. Years of service run from starting work to retirement — service ends when
work does — or to the effective month for someone with no retirement date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.base import utcnow
from kuangqu.models.enums import Category, Status
from kuangqu.models.ledger import AdjustmentBatch, LedgerEntry
from kuangqu.models.registry import Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.money import format_fen
from kuangqu.services import audit
from kuangqu.services import ledger as ledger_service


def load_rule(path: Path) -> tuple[rules.AdjustmentRule, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleViolation("adjustment.rule_unreadable", path=str(path)) from exc
    return rules.parse_rule(text), text


@dataclass
class Planned:
    retiree: Retiree
    current_fen: int
    years: int | None
    age: int | None
    increase: rules.Increase

    @property
    def new_fen(self) -> int:
        return self.current_fen + self.increase.total_fen


@dataclass
class Plan:
    rule: rules.AdjustmentRule
    rule_text: str
    rule_name: str | None
    rows: list[Planned] = field(default_factory=list)
    existing_batch: int | None = None

    @property
    def total_fen(self) -> int:
        return sum(p.increase.total_fen for p in self.rows)


def _service_end(retiree: Retiree, effective: PartialDate) -> PartialDate:
    retired = retiree.retired_on
    if retired is not None and (
        retired.month is None or rules.month_index(rules.month_of(retired)) < rules.month_index(effective)
    ):
        return retired if retired.month is None else rules.month_of(retired)
    return effective


def _retired_before(retiree: Retiree, effective: PartialDate) -> bool:
    retired = retiree.retired_on
    if retired is None:
        return True
    if retired.month is None:
        return retired.year < effective.year
    return rules.month_index(rules.month_of(retired)) < rules.month_index(effective)


def _died_before(retiree: Retiree, effective: PartialDate) -> bool:
    died = retiree.died_on
    if died is None:
        # Dead on the roll with no date: nobody can say the increase was due, so leave them out.
        return retiree.status == Status.DECEASED.value
    if died.month is None:
        return died.year < effective.year
    return rules.month_index(rules.month_of(died)) < rules.month_index(effective)


def open_batch(session: Session, year: int) -> AdjustmentBatch | None:
    query = select(AdjustmentBatch).where(AdjustmentBatch.year == year, AdjustmentBatch.reversed_at.is_(None))  # type: ignore[union-attr]
    return session.scalars(query).first()


def plan(session: Session, rule: rules.AdjustmentRule, rule_text: str, rule_name: str | None = None) -> Plan:
    """What each person concerned would get; nothing is written."""
    categories = {Category.parse(c, "categories").value for c in rule.categories} if rule.categories else None
    people = list(
        session.scalars(select(Retiree).where(Retiree.status != Status.MOVED.value).order_by(Retiree.id))
    )  # type: ignore[arg-type]
    people = [
        p
        for p in people
        if (categories is None or p.category in categories)
        and _retired_before(p, rule.effective)
        and not _died_before(p, rule.effective)
    ]
    facts = ledger_service.facts_by_retiree(session, [p.id or 0 for p in people])
    existing = open_batch(session, rule.year)
    result = Plan(rule, rule_text, rule_name, existing_batch=existing.id if existing else None)
    for person in people:
        current = rules.levels_at(facts.get(person.id or 0, []), rule.effective)[rule.component]
        if current <= 0:
            continue
        years = rules.years_of_service(person.work_start, _service_end(person, rule.effective))
        age = rules.age_on(person.birth_date, rule.age_reference)
        result.rows.append(Planned(person, current, years, age, rules.increase(rule, current, years, age)))
    return result


def apply(session: Session, planned: Plan) -> AdjustmentBatch:
    """Write the batch: the rule, then one entry per person (the component's new level)."""
    if planned.existing_batch is not None:
        raise Conflict("adjustment.year_done", year=planned.rule.year, batch=planned.existing_batch)
    if not planned.rows:
        raise Conflict("adjustment.nobody", year=planned.rule.year)
    rule = planned.rule
    batch = AdjustmentBatch(
        year=rule.year,
        effective=rule.effective,
        rule_name=planned.rule_name,
        rule_text=planned.rule_text,
        people=len(planned.rows),
        total_increase_fen=planned.total_fen,
        operator=ledger_service.operator_of(session),
    )
    session.add(batch)
    session.flush()
    appender = ledger_service.Appender(session)
    appender.prepare([p.retiree.id or 0 for p in planned.rows])
    reason = f"{rule.year}年基本养老金调整"
    for row in planned.rows:
        appender.append(
            row.retiree.id or 0, rule.effective, rule.component, row.new_fen, reason, batch_id=batch.id
        )
    appender.flush()
    audit.record(
        session,
        "benefit.adjust",
        "adjustment_batch",
        batch.id,
        new={
            "year": rule.year,
            "effective": str(rule.effective),
            "people": batch.people,
            "total_increase": format_fen(batch.total_increase_fen),
            "rule_name": planned.rule_name,
        },
    )
    return batch


def get_batch(session: Session, batch_id: int) -> AdjustmentBatch:
    batch = session.get(AdjustmentBatch, batch_id)
    if batch is None:
        raise NotFound("adjustment.batch_not_found", id=batch_id)
    return batch


def reverse_batch(session: Session, batch_id: int, reason: str) -> tuple[AdjustmentBatch, int]:
    """Reverse every entry of a batch that still counts; refused when a later year's batch stands on it."""
    batch = get_batch(session, batch_id)
    text = (reason or "").strip()
    if not text:
        raise RuleViolation("ledger.reason_required")
    if batch.reversed_at is not None:
        raise Conflict("adjustment.already_reversed", id=batch_id)
    later = session.scalars(
        select(AdjustmentBatch).where(
            AdjustmentBatch.year > batch.year, AdjustmentBatch.reversed_at.is_(None)
        )  # type: ignore[union-attr]
    ).first()
    if later is not None:
        # Later levels were computed on top of this batch's: reversing it alone would leave them wrong.
        raise Conflict("adjustment.later_batch", id=batch_id, later=later.id, year=later.year)
    entries = list(
        session.scalars(select(LedgerEntry).where(LedgerEntry.batch_id == batch_id).order_by(LedgerEntry.id))
    )  # type: ignore[arg-type]
    reversed_ids = (
        set(
            session.scalars(
                select(LedgerEntry.reverses_id).where(LedgerEntry.reverses_id.in_([e.id for e in entries]))  # type: ignore[union-attr]
            )
        )
        if entries
        else set()
    )
    appender = ledger_service.Appender(session)
    appender.prepare({e.retiree_id for e in entries})
    count = 0
    for entry in entries:
        if entry.id in reversed_ids:
            continue
        appender.append(
            entry.retiree_id,
            entry.effective,
            entry.component,
            entry.amount_fen,
            f"撤销调整批次#{batch_id}：{text}"[:500],
            reverses_id=entry.id,
        )
        count += 1
    appender.flush()
    batch.reversed_at = utcnow()
    batch.reversal_reason = text[:500]
    session.flush()
    audit.record(
        session,
        "benefit.adjust_reverse",
        "adjustment_batch",
        batch.id,
        new={"reversed_entries": count},
        reason=text,
    )
    return batch, count


def list_batches(session: Session) -> list[AdjustmentBatch]:
    return list(session.scalars(select(AdjustmentBatch).order_by(AdjustmentBatch.year, AdjustmentBatch.id)))  # type: ignore[arg-type]


def planned_row(row: Planned) -> dict[str, Any]:
    from kuangqu.views import enum_or_raw

    inc = row.increase
    return {
        "retiree_id": row.retiree.id,
        "name": row.retiree.name,
        "category": enum_or_raw(Category, row.retiree.category),
        "years_of_service": row.years,
        "age": row.age,
        "current_amount": format_fen(row.current_fen),
        "flat": format_fen(inc.flat_fen),
        "service": format_fen(inc.service_fen),
        "percent": format_fen(inc.percent_fen),
        "age_extra": format_fen(inc.age_fen),
        "increase": format_fen(inc.total_fen),
        "new_amount": format_fen(row.new_fen),
    }


def batch_row(batch: AdjustmentBatch) -> dict[str, Any]:
    return {
        "id": batch.id,
        "year": batch.year,
        "effective": str(batch.effective),
        "people": batch.people,
        "total_increase": format_fen(batch.total_increase_fen),
        "rule_name": batch.rule_name,
        "created_at": batch.created_at,
        "operator": batch.operator,
        "reversed_at": batch.reversed_at,
        "reversal_reason": batch.reversal_reason,
    }
