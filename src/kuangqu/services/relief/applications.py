"""Relief applications: submitted → first review (citing a home visit) → public notice (with
objections) → approved or rejected, or withdrawn; an approved daily application gives the
household its tier until it is closed, replaced, or its yearly re-check falls due.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.base import utcnow
from kuangqu.models.registry import Household, Retiree
from kuangqu.models.relief import ReliefApplication, ReliefApplicationEvent, ReliefObjection, ReliefStandard
from kuangqu.rules.money import format_fen
from kuangqu.rules.relief import (
    ApplicationKind,
    ApplicationStatus,
    add_months,
    check_approval_date,
    check_not_before,
    is_open,
    next_status,
    notice_ends,
)
from kuangqu.services import audit
from kuangqu.services.relief import assessment as assessing
from kuangqu.services.relief import standards
from kuangqu.services.relief.tiers import decisions

REVIEW_MONTHS = 12  # 动态管理: every tier is re-checked at least yearly


def get(session: Session, ref: int | str) -> ReliefApplication:
    text = str(ref).strip().lstrip("#")
    app = session.get(ReliefApplication, int(text)) if text.isdigit() else None
    if app is None:
        raise NotFound("relief.application_not_found", ref=str(ref))
    return app


def _required_text(value: str | None, key: str) -> str:
    text = (value or "").strip()
    if not text:
        raise RuleViolation(key)
    return text


def _last_event_on(session: Session, app: ReliefApplication) -> date:
    days = [e.on_date for e in events(session, app)]
    return max(days) if days else app.applied_on


def _event(
    session: Session,
    app: ReliefApplication,
    action: str,
    on: date,
    *,
    note: str | None = None,
    visit_ref: str | None = None,
    visit_on: date | None = None,
) -> None:
    session.add(
        ReliefApplicationEvent(
            application_id=app.id or 0,
            action=action,
            on_date=on,
            status=app.status,
            note=note,
            visit_ref=visit_ref,
            visit_on=visit_on,
            operator=str(session.info.get("operator") or ""),
        )
    )
    app.updated_at = utcnow()
    session.flush()


def _transition(
    session: Session,
    app: ReliefApplication,
    action: str,
    on: date,
    *,
    audit_new: dict[str, object] | None = None,
    reason: str | None = None,
    note: str | None = None,
    visit_ref: str | None = None,
    visit_on: date | None = None,
) -> None:
    old = app.status
    app.status = next_status(app.status, action).value
    _event(session, app, action, on, note=note or reason, visit_ref=visit_ref, visit_on=visit_on)
    audit.record(
        session,
        f"relief.{action}",
        "relief_application",
        app.id,
        old={"status": old},
        new={"status": app.status, "on": on, **(audit_new or {})},
        reason=reason,
    )


def apply(
    session: Session,
    household: Household,
    kind: str,
    *,
    on: date,
    reason: str | None = None,
    amount_fen: int | None = None,
) -> ReliefApplication:
    """Open an application. Daily relief: one open application per household. Temporary: amount and reason."""
    kind = ApplicationKind(kind).value
    if kind == ApplicationKind.TEMPORARY.value:
        if amount_fen is None or amount_fen <= 0:
            raise RuleViolation("relief.temporary_needs_amount")
        reason = _required_text(reason, "relief.temporary_needs_reason")
    elif amount_fen is not None:
        raise RuleViolation("relief.daily_no_amount")
    else:
        open_daily = session.scalars(
            select(ReliefApplication).where(
                ReliefApplication.household_id == household.id,
                ReliefApplication.kind == kind,
                ReliefApplication.status.in_([s.value for s in ApplicationStatus if is_open(s.value)]),  # type: ignore[attr-defined]
            )
        ).first()
        if open_daily is not None:
            raise Conflict("relief.open_application_exists", id=open_daily.id, household=household.id)
    app = ReliefApplication(
        household_id=household.id or 0,
        kind=kind,
        status=ApplicationStatus.SUBMITTED.value,
        applied_on=on,
        reason=(reason or "").strip() or None,
        requested_amount_fen=amount_fen,
    )
    session.add(app)
    session.flush()
    _event(session, app, "apply", on, note=app.reason)
    audit.record(
        session,
        "relief.apply",
        "relief_application",
        app.id,
        new={
            "household_id": household.id,
            "kind": kind,
            "applied_on": on,
            "reason": app.reason,
            "amount": format_fen(amount_fen) if amount_fen is not None else None,
        },
    )
    return app


def review(
    session: Session,
    app: ReliefApplication,
    *,
    on: date,
    visit_ref: str,
    visit_on: date | None = None,
    note: str | None = None,
) -> None:
    """First review (初审), citing the home visit it rests on (a reference to the visit record)."""
    visit = _required_text(visit_ref, "relief.review_needs_visit")
    next_status(app.status, "review")
    check_not_before(on, app.applied_on, "review")
    if visit_on is not None and visit_on > on:
        raise Conflict("relief.visit_after_review", visit_on=visit_on.isoformat(), on=on.isoformat())
    app.reviewed_on, app.visit_ref, app.visit_on = on, visit, visit_on
    _transition(
        session,
        app,
        "review",
        on,
        note=note,
        visit_ref=visit,
        visit_on=visit_on,
        audit_new={"visit_ref": visit, "visit_on": visit_on},
    )


def notice(session: Session, app: ReliefApplication, *, start: date, days: int) -> date:
    """Start the public notice (公示) of `days` calendar days; returns its last day."""
    last = notice_ends(start, days)
    next_status(app.status, "notice")
    check_not_before(start, app.reviewed_on, "notice")
    app.notice_from, app.notice_days = start, days
    _transition(
        session,
        app,
        "notice",
        start,
        audit_new={"notice_from": start, "notice_days": days, "last": last},
        note=f"{start.isoformat()} – {last.isoformat()}",
    )
    return last


def objections(session: Session, app: ReliefApplication) -> list[ReliefObjection]:
    return list(
        session.scalars(
            select(ReliefObjection)
            .where(ReliefObjection.application_id == app.id)
            .order_by(ReliefObjection.id)
        )
    )


def get_objection(session: Session, ref: int | str) -> ReliefObjection:
    text = str(ref).strip().lstrip("#")
    found = session.get(ReliefObjection, int(text)) if text.isdigit() else None
    if found is None:
        raise NotFound("relief.objection_not_found", ref=str(ref))
    return found


def add_objection(
    session: Session, app: ReliefApplication, *, on: date, content: str, objector: str | None = None
) -> ReliefObjection:
    """Record an objection raised during the notice; outside the notice period it is refused."""
    text = _required_text(content, "relief.objection_needs_content")
    if app.status != ApplicationStatus.IN_NOTICE.value or app.notice_from is None or app.notice_days is None:
        raise Conflict("relief.objection_not_in_notice", status=ApplicationStatus(app.status).label)
    last = notice_ends(app.notice_from, app.notice_days)
    if not app.notice_from <= on <= last:
        raise Conflict(
            "relief.objection_outside_notice",
            on=on.isoformat(),
            start=app.notice_from.isoformat(),
            last=last.isoformat(),
        )
    row = ReliefObjection(
        application_id=app.id or 0, received_on=on, objector=(objector or "").strip() or None, content=text
    )
    session.add(row)
    session.flush()
    _event(session, app, "objection", on, note=text)
    audit.record(
        session,
        "relief.objection",
        "relief_objection",
        row.id,
        new={"application_id": app.id, "on": on, "objector": row.objector, "content": text},
    )
    return row


def resolve_objection(
    session: Session, objection: ReliefObjection, *, on: date, resolution: str, upheld: bool
) -> None:
    """Settle an objection; an upheld objection means the application cannot be approved."""
    text = _required_text(resolution, "relief.resolution_needed")
    if objection.resolved_on is not None:
        raise Conflict("relief.objection_already_resolved", id=objection.id)
    check_not_before(on, objection.received_on, "resolve")
    objection.resolution, objection.upheld, objection.resolved_on = text, upheld, on
    app = get(session, objection.application_id)
    _event(session, app, "objection_upheld" if upheld else "objection_dismissed", on, note=text)
    audit.record(
        session,
        "relief.objection_resolve",
        "relief_objection",
        objection.id,
        old={"resolved_on": None},
        new={"resolved_on": on, "upheld": upheld, "resolution": text},
    )


def approve(
    session: Session,
    app: ReliefApplication,
    *,
    on: date,
    note: str | None = None,
    amount_fen: int | None = None,
    standard_row: ReliefStandard | None = None,
) -> None:
    """Approve after the notice has ended and every objection is settled and dismissed.

    Daily relief: the household is assessed on the approval day with the standard then in force
    (or the one named); the assessment is recorded and its tier is what the approval grants.
    """
    next_status(app.status, "approve")
    assert app.notice_from is not None and app.notice_days is not None
    check_approval_date(app.notice_from, app.notice_days, on)
    for objection in objections(session, app):
        if objection.resolved_on is None:
            raise Conflict("relief.objection_open", id=objection.id)
        if objection.upheld:
            raise Conflict("relief.objection_upheld", id=objection.id)
    extra: dict[str, object] = {}
    if app.kind == ApplicationKind.DAILY.value:
        if amount_fen is not None:
            raise RuleViolation("relief.daily_no_amount")
        household = session.get(Household, app.household_id)
        assert household is not None
        row = standard_row or standards.in_force(session, on)
        result = assessing.assess_household(session, household, as_of=on, standard_row=row)
        if result.tier is None:
            raise Conflict(
                "relief.approve_no_tier", household=household.id, status=result.status, version=row.version
            )
        recorded = assessing.record(session, household, result, as_of=on, standard_row=row)
        app.tier, app.standard_id, app.assessment_id = result.tier.code, row.id, recorded.id
        app.next_review_on = add_months(on, REVIEW_MONTHS)
        extra = {
            "tier": app.tier,
            "standard": row.version,
            "assessment_id": recorded.id,
            "next_review_on": app.next_review_on,
        }
    else:
        amount = amount_fen if amount_fen is not None else app.requested_amount_fen
        if amount is None or amount <= 0:
            raise RuleViolation("relief.temporary_needs_amount")
        app.approved_amount_fen = amount
        extra = {"approved_amount": format_fen(amount)}
    app.decided_on, app.decision_reason = on, (note or "").strip() or None
    _transition(session, app, "approve", on, note=app.decision_reason, audit_new=extra)


def reject(session: Session, app: ReliefApplication, *, on: date, reason: str) -> None:
    """Reject with written reasons (a rejection without a reason is refused)."""
    text = _required_text(reason, "relief.reject_needs_reason")
    next_status(app.status, "reject")
    check_not_before(on, _last_event_on(session, app), "reject")
    app.decided_on, app.decision_reason = on, text
    _transition(session, app, "reject", on, reason=text)


def withdraw(session: Session, app: ReliefApplication, *, on: date, reason: str | None = None) -> None:
    next_status(app.status, "withdraw")
    check_not_before(on, _last_event_on(session, app), "withdraw")
    _transition(session, app, "withdraw", on, reason=(reason or "").strip() or None)


def close(session: Session, app: ReliefApplication, *, on: date, reason: str) -> None:
    """End the tier an approved daily application gave (the household has recovered, moved …)."""
    text = _required_text(reason, "relief.close_needs_reason")
    next_status(app.status, "close")
    if app.kind != ApplicationKind.DAILY.value:
        raise Conflict("relief.close_daily_only")
    assert app.decided_on is not None
    check_not_before(on, app.decided_on, "close")
    latest = max(
        decisions(session, [app.household_id]).get(app.household_id, []),
        key=lambda d: (d.decided_on, d.application_id),
    )
    if latest.application_id != app.id:
        raise Conflict("relief.close_superseded", id=app.id, latest=latest.application_id)
    app.closed_on = on
    _transition(session, app, "close", on, reason=text)


def events(session: Session, app: ReliefApplication) -> list[ReliefApplicationEvent]:
    return list(
        session.scalars(
            select(ReliefApplicationEvent)
            .where(ReliefApplicationEvent.application_id == app.id)
            .order_by(ReliefApplicationEvent.id)
        )
    )


def list_applications(
    session: Session, *, status: str | None = None, kind: str | None = None, household_id: int | None = None
) -> list[tuple[ReliefApplication, Household, Retiree]]:
    query = (
        select(ReliefApplication, Household, Retiree)
        .join(Household, Household.id == ReliefApplication.household_id)
        .join(Retiree, Retiree.id == Household.head_id)
    )
    if status:
        query = query.where(ReliefApplication.status == status)
    if kind:
        query = query.where(ReliefApplication.kind == kind)
    if household_id is not None:
        query = query.where(ReliefApplication.household_id == household_id)
    return [(a, h, r) for a, h, r in session.execute(query.order_by(ReliefApplication.id)).all()]
