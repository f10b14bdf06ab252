"""Corrections (纠错): a benefit problem found in a review, the inquiries sent about it (外调), the ledger
entries that correct it with the arrears computed month by month, and the written answer.

States move by rules.ledger.TRANSITIONS only: found → investigating → corrected → answered, or
→ no_error; anything else is refused with exit code 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.base import utcnow
from kuangqu.models.ledger import Correction, Inquiry, LedgerEntry
from kuangqu.models.registry import Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.money import format_fen
from kuangqu.services import audit
from kuangqu.services import ledger as ledger_service


def _text(value: str | None, key: str) -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation(key)
    return text


def get(session: Session, correction_id: int) -> Correction:
    found = session.get(Correction, correction_id)
    if found is None:
        raise NotFound("correction.not_found", id=correction_id)
    return found


def _move(session: Session, correction: Correction, target: str, **changes: Any) -> None:
    old_status = correction.status
    rules.check_transition(old_status, target)
    correction.status = target
    for name, value in changes.items():
        setattr(correction, name, value)
    if target in (rules.ANSWERED, rules.NO_ERROR):
        correction.closed_on = changes.get("answered_on") or changes.get("closed_on") or date.today()
    correction.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        f"correction.{target}",
        "correction",
        correction.id,
        old={"status": old_status},
        new={"status": target, **changes},
    )


def open_(
    session: Session,
    retiree: Retiree,
    problem: str,
    *,
    found_on: date | None = None,
    source: str | None = None,
) -> Correction:
    """Record a problem found in a review (status found)."""
    text = _text(problem, "correction.problem_required")
    correction = Correction(
        retiree_id=retiree.id or 0,
        problem=text,
        source=(source or "").strip() or None,
        found_on=found_on or date.today(),
        status=rules.FOUND,
    )
    session.add(correction)
    session.flush()
    audit.record(
        session,
        "correction.open",
        "correction",
        correction.id,
        new={"retiree_id": retiree.id, "problem": text, "found_on": correction.found_on},
    )
    return correction


def inquire(
    session: Session,
    correction: Correction,
    place: str,
    *,
    sent_on: date | None = None,
    matter: str | None = None,
    method: str | None = None,
    document: str | None = None,
) -> Inquiry:
    """Send an inquiry elsewhere (北京, 辽宁 …); the correction is then being investigated."""
    where = _text(place, "correction.place_required")
    sent = sent_on or date.today()
    if sent < correction.found_on:
        raise RuleViolation(
            "correction.date_before_found", day=sent.isoformat(), found=correction.found_on.isoformat()
        )
    rules.check_transition(correction.status, rules.INVESTIGATING)
    inquiry = Inquiry(
        correction_id=correction.id or 0,
        place=where,
        sent_on=sent,
        matter=(matter or "").strip() or None,
        method=(method or "").strip() or None,
        document=(document or "").strip() or None,
    )
    session.add(inquiry)
    session.flush()
    audit.record(
        session,
        "correction.inquire",
        "correction_inquiry",
        inquiry.id,
        new={"correction_id": correction.id, "place": where, "sent_on": sent},
    )
    if correction.status != rules.INVESTIGATING:
        _move(session, correction, rules.INVESTIGATING)
    return inquiry


def inquiries(session: Session, correction: Correction) -> list[Inquiry]:
    query = select(Inquiry).where(Inquiry.correction_id == correction.id).order_by(Inquiry.id)  # type: ignore[arg-type]
    return list(session.scalars(query))


def reply(
    session: Session,
    correction: Correction,
    text: str,
    *,
    inquiry_id: int | None = None,
    replied_on: date | None = None,
) -> Inquiry:
    """Record the answer to an inquiry (the only unanswered one when no inquiry is named)."""
    answer = _text(text, "correction.reply_required")
    pending = [i for i in inquiries(session, correction) if i.replied_on is None]
    if inquiry_id is not None:
        inquiry = next((i for i in inquiries(session, correction) if i.id == inquiry_id), None)
        if inquiry is None:
            raise NotFound("correction.inquiry_not_found", id=inquiry_id, correction=correction.id)
        if inquiry.replied_on is not None:
            raise Conflict("correction.inquiry_replied", id=inquiry_id, on=inquiry.replied_on.isoformat())
    elif len(pending) == 1:
        inquiry = pending[0]
    elif not pending:
        raise Conflict("correction.no_pending_inquiry", id=correction.id)
    else:
        raise RuleViolation("correction.which_inquiry", ids="、".join(f"#{i.id}" for i in pending))
    day = replied_on or date.today()
    if day < inquiry.sent_on:
        raise RuleViolation(
            "correction.reply_before_sent", day=day.isoformat(), sent=inquiry.sent_on.isoformat()
        )
    inquiry.reply, inquiry.replied_on = answer, day
    session.flush()
    audit.record(
        session,
        "correction.reply",
        "correction_inquiry",
        inquiry.id,
        new={"reply": answer, "replied_on": day},
    )
    return inquiry


@dataclass
class Corrected:
    correction: Correction
    entries: list[LedgerEntry]
    lines: list[rules.ArrearsLine]
    settlement: LedgerEntry | None = None
    carried: list[LedgerEntry] = field(default_factory=list)

    @property
    def total_fen(self) -> int:
        return rules.arrears_total(self.lines)


def _planned(
    before: list[rules.Fact], lines: Sequence[rules.CorrectionLine], carry_forward: bool
) -> list[tuple[str, PartialDate, int, bool]]:
    """(component, month, amount, carried) to write: the clerk's lines, and with carry-forward the same
    difference applied to every later non-zero level of that component up to the next line."""
    plan: list[tuple[str, PartialDate, int, bool]] = []
    live = rules.live(before)
    by_component: dict[str, list[rules.CorrectionLine]] = {}
    for line in lines:
        by_component.setdefault(line.component, []).append(line)
    for component, items in by_component.items():
        items.sort(key=lambda line: rules.month_index(line.first))
        months = [rules.month_index(line.first) for line in items]
        if len(set(months)) != len(months):
            raise RuleViolation("correction.duplicate_line", component=rules.BY_CODE[component].zh)
        for i, line in enumerate(items):
            plan.append((component, line.first, line.amount_fen, False))
            delta = line.amount_fen - rules.levels_at(before, line.first)[component]
            if not carry_forward or delta == 0:
                continue
            stop = months[i + 1] if i + 1 < len(items) else None
            later = sorted(
                (
                    f
                    for f in live
                    if f.component == component
                    and f.amount_fen > 0
                    and rules.month_index(f.effective) > months[i]
                    and (stop is None or rules.month_index(f.effective) < stop)
                ),
                key=lambda f: f.key,
            )
            for f in later:
                amount = f.amount_fen + delta
                if amount < 0:
                    raise RuleViolation("correction.carry_negative", month=str(f.effective))
                plan.append((component, f.effective, amount, True))
    return plan


def correct(
    session: Session,
    correction: Correction,
    lines: Sequence[rules.CorrectionLine],
    *,
    finding: str | None = None,
    paid_through: PartialDate | None = None,
    document: str | None = None,
    on: date | None = None,
    carry_forward: bool = True,
) -> Corrected:
    """Write the corrected levels, compute the arrears month by month up to `paid_through` (the last
    month already paid at the old amount; default this month) and record them as one 补发 or 扣回."""
    if not lines:
        raise RuleViolation("correction.lines_required")
    rules.check_transition(correction.status, rules.CORRECTED)
    day = on or date.today()
    through = paid_through or PartialDate(day.year, day.month)
    retiree = session.get(Retiree, correction.retiree_id)
    assert retiree is not None
    existing = ledger_service.entries_for(session, retiree.id or 0)
    before = ledger_service.facts(existing)
    plan = _planned(before, lines, carry_forward)
    for component, month, amount, _carried in plan:
        ledger_service.check_dates(retiree, month, component, amount)
    what = (finding or "").strip() or correction.problem
    reason = f"纠错#{correction.id}：{what}"[:500]
    appender = ledger_service.Appender(session)
    written = [
        (
            appender.append(
                retiree.id or 0,
                month,
                component,
                amount,
                reason,
                document=document,
                correction_id=correction.id,
            ),
            carried,
        )
        for component, month, amount, carried in plan
    ]
    appender.flush()
    entries = [entry for entry, _ in written]
    after = before + ledger_service.facts(entries)
    first = min((line.first for line in lines), key=rules.month_index)
    arrears_lines = rules.arrears(before, after, first, through)
    total = rules.arrears_total(arrears_lines)
    settlement = None
    if total:
        component = "arrears" if total > 0 else "recovery"
        span = f"{first}—{through}"
        settlement = appender.append(
            retiree.id or 0,
            PartialDate(day.year, day.month),
            component,
            abs(total),
            f"纠错#{correction.id}：{rules.BY_CODE[component].zh}{span}"[:500],
            document=document,
            correction_id=correction.id,
        )
        appender.flush()
    detail = [
        {"month": str(x.month), "component": x.component, "paid_fen": x.paid_fen, "due_fen": x.due_fen}
        for x in arrears_lines
    ]
    _move(
        session,
        correction,
        rules.CORRECTED,
        finding=what,
        corrected_on=day,
        paid_through=through,
        arrears_fen=total,
        arrears_detail=detail,
    )
    return Corrected(
        correction, [e for e, c in written if not c], arrears_lines, settlement, [e for e, c in written if c]
    )


def answer(
    session: Session,
    correction: Correction,
    text: str,
    *,
    on: date | None = None,
    document: str | None = None,
) -> Correction:
    """Record the written reply to the retiree (closes a corrected case)."""
    reply_text = _text(text, "correction.answer_required")
    _move(
        session,
        correction,
        rules.ANSWERED,
        answer=reply_text,
        answered_on=on or date.today(),
        answer_document=(document or "").strip() or None,
    )
    return correction


def no_error(session: Session, correction: Correction, finding: str, *, on: date | None = None) -> Correction:
    """Close the case: the review found the benefit right."""
    text = _text(finding, "correction.finding_required")
    _move(session, correction, rules.NO_ERROR, finding=text, closed_on=on or date.today())
    return correction


def days_open(correction: Correction, today: date | None = None) -> int:
    end = correction.closed_on or today or date.today()
    return (end - correction.found_on).days


def list_corrections(
    session: Session,
    *,
    statuses: Sequence[str] | None = None,
    retiree_id: int | None = None,
    limit: int | None = None,
) -> list[tuple[Correction, Retiree, int]]:
    """(correction, person, number of inquiries), oldest first."""
    counts = (
        select(Inquiry.correction_id, func.count().label("n")).group_by(Inquiry.correction_id).subquery()  # type: ignore[arg-type]
    )
    query = (
        select(Correction, Retiree, counts.c.n)
        .join(Retiree, Retiree.id == Correction.retiree_id)
        .outerjoin(counts, counts.c.correction_id == Correction.id)
    )
    if statuses:
        query = query.where(Correction.status.in_(list(statuses)))  # type: ignore[attr-defined]
    if retiree_id is not None:
        query = query.where(Correction.retiree_id == retiree_id)
    query = query.order_by(Correction.found_on, Correction.id)  # type: ignore[arg-type]
    if limit:
        query = query.limit(limit)
    return [(c, r, int(n or 0)) for c, r, n in session.execute(query)]


def status_label(code: str) -> str:
    from kuangqu.i18n import current_lang

    zh, en = rules.CORRECTION_STATUSES.get(code, (code, code))
    return en if current_lang() == "en" else zh


def correction_row(
    correction: Correction, person: Retiree, inquiry_count: int, *, today: date | None = None
) -> dict[str, Any]:
    return {
        "id": correction.id,
        "retiree_id": person.id,
        "name": person.name,
        "status": correction.status,
        "status_name": status_label(correction.status),
        "problem": correction.problem,
        "found_on": correction.found_on,
        "days_open": days_open(correction, today),
        "inquiries": inquiry_count,
        "arrears": format_fen(correction.arrears_fen) if correction.arrears_fen is not None else None,
        "closed_on": correction.closed_on,
    }
