"""Importing relief applications (困难救助申请登记表): one row per application, taken through the
relief service step by step as far as the sheet records.

The household is found by the 身份证号 of its head or of a recorded member (the row's name must
be the one recorded for that ID). Each row is filed (`applications.apply`: a daily application
needs no amount, a temporary one its amount and reason; one open daily application per
household), then, as the sheet says: first review on the 审核日期, citing the household's home
visit (the one on the 走访核实 date when that column holds a date, else the latest on or before the
review date — none is a row error: import the visits or record one first); the public notice
(公示日期, its length from 公示结束, else 7 days); and the decision (审批结果 批准/不批准/撤回 on the
审批日期; a daily approval is assessed by the standard in force that day and the tier the
assessment gives is recorded — a sheet tier that differs is a warning). The service refuses what
the rules refuse (a step out of order, a date before the previous step, an approval during the
notice, a rejection without a reason); each refusal is a row error at the step's column.

An application is known by its household, kind and 申请日期. Importing the same file again creates
nothing; a row whose application is recorded adds the steps the sheet has and the database has
not (updated, with the status change listed), or changes nothing (unchanged) — a recorded step
the sheet gives differently is kept as recorded, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.importer.located import Located, Payee, People, each_row, problem_at
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.relief import ReliefApplication
from kuangqu.models.stability import HomeVisit
from kuangqu.rules.dates import parse_partial_date
from kuangqu.rules.relief import ApplicationKind, ApplicationStatus, notice_ends
from kuangqu.services.relief import applications as relief

SYNONYMS = MappingProxyType(
    {
        "name": ("户主姓名", "姓名", "申请人", "申请人姓名", "户主"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码", "申请人身份证号", "户主身份证号"),
        "kind": ("申请类别", "救助类别", "救济类别", "申请类型", "救助类型"),
        "tier": ("申请档次", "评定档次", "档次", "救助档次"),
        "applied_on": ("申请日期", "申请时间"),
        "reason": ("申请理由", "致困原因", "申请原因", "困难原因"),
        "requested_amount": ("申请金额（临时救助）", "申请金额", "申请金额（元）", "临时救助申请金额"),
        "app_review_on": ("审核日期", "初审日期", "审核时间", "初审时间"),
        "reviewer": ("审核人", "初审人", "审核人员"),
        "app_visit": ("走访核实", "走访核实日期", "家访日期", "走访日期", "入户核实"),
        "notice_from": ("公示日期", "公示开始", "公示开始日期", "公示起始日期"),
        "app_notice_until": ("公示结束", "公示结束日期", "公示截止", "公示截止日期"),
        "app_result": ("审批结果", "审批意见结果", "批准结果"),
        "app_decision_on": ("审批日期", "审批时间", "批准日期"),
        "approved_amount": ("批准金额", "批准金额（元）", "核准金额"),
        "app_decision_note": ("审批意见", "不批准理由", "不批准原因", "撤回原因"),
        "notes": ("备注", "说明"),
    }
)
REQUIRED = ("name", "id_number", "kind", "applied_on")
EXPECTED_SHEETS = ("救助申请", "困难救助申请登记表", "救助申请登记表", "申请登记", "Sheet1")

DEFAULT_NOTICE_DAYS = 7  # as `kuangqu relief notice` without --days
_KINDS = {
    "日常救助": ApplicationKind.DAILY,
    "日常救济": ApplicationKind.DAILY,
    "日常": ApplicationKind.DAILY,
    "daily": ApplicationKind.DAILY,
    "临时救助": ApplicationKind.TEMPORARY,
    "临时救济": ApplicationKind.TEMPORARY,
    "临时": ApplicationKind.TEMPORARY,
    "temporary": ApplicationKind.TEMPORARY,
}
_RESULTS = {
    "批准": "approve",
    "同意": "approve",
    "通过": "approve",
    "不批准": "reject",
    "不同意": "reject",
    "未批准": "reject",
    "不通过": "reject",
    "撤回": "withdraw",
    "撤销": "withdraw",
    "申请人撤回": "withdraw",
}
_DECIDED = {
    "approve": ApplicationStatus.APPROVED.value,
    "reject": ApplicationStatus.REJECTED.value,
    "withdraw": ApplicationStatus.WITHDRAWN.value,
}
_RESULT_LABEL = {"approve": "批准", "reject": "不批准", "withdraw": "撤回"}


@dataclass
class ApplicationRow:
    source: SourceRow
    columns: dict[str, str]
    payee: Payee
    kind: str
    applied_on: date
    reason: str | None
    requested_fen: int | None
    tier: str | None
    review_on: date | None
    review_note: str | None
    visit: HomeVisit | None
    notice_from: date | None
    notice_days: int | None
    decision: str | None
    decision_on: date | None
    decision_note: str | None
    approved_fen: int | None

    @property
    def key(self) -> tuple[int, str, date]:
        return (self.payee.household.id or 0, self.kind, self.applied_on)


class Visits:
    """Each household's home visits, looked up once (in batches for the households of the file)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_household: dict[int, list[HomeVisit]] = {}

    def prefetch(self, household_ids: set[int]) -> None:
        wanted = sorted(h for h in household_ids if h not in self.by_household)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for h in chunk:
                self.by_household[h] = []
            query = (
                select(HomeVisit)
                .where(HomeVisit.household_id.in_(chunk))  # type: ignore[attr-defined]
                .order_by(HomeVisit.visited_on, HomeVisit.id)
            )
            for visit in self.session.scalars(query):
                self.by_household[visit.household_id].append(visit)

    def of(self, household_id: int) -> list[HomeVisit]:
        if household_id not in self.by_household:
            self.prefetch({household_id})
        return self.by_household[household_id]


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ApplicationRow]:
    """Validate every row against the rules, the roster and the visits; problems go to `summary.errors`."""
    today = today or date.today()
    people = People(session)
    people.prefetch(read, payees=True)
    visits = Visits(session)
    visits.prefetch({p.household.id for p in people.payees.values() if p is not None and p.household.id})
    return each_row(
        read,
        summary,
        lambda at: _validate(at, people, visits, today),
        key=lambda row: row.key,
        progress=progress,
    )


def _kind(raw: Any) -> str:
    text = str(raw).strip()
    found = _KINDS.get(text) or _KINDS.get(text.lower())
    if found is None:
        raise RuleViolation("import.application_kind_unknown", value=text)
    return found.value


def _result(raw: Any) -> str:
    text = str(raw).strip()
    if text not in _RESULTS:
        raise RuleViolation("import.application_result_unknown", value=text)
    return _RESULTS[text]


def _visit_day(raw: Any) -> date | None:
    """The 走访核实 cell as a date, or None when it is words (“已走访” …)."""
    try:
        value = parse_partial_date(raw)
    except RuleViolation:
        return None
    return value.to_date() if value.precision == "day" else None


def _validate(at: Located, people: People, visits: Visits, today: date) -> ApplicationRow | None:
    payee = people.payee(at)
    kind = at.parsed("kind", _kind, required=True)
    applied_on = at.past_day("applied_on", today=today, required=True)
    reason = at.text("reason", limit=800)
    notes = at.text("notes", limit=500)
    if notes:
        reason = "；".join(x for x in (reason, f"备注：{notes}") if x)
    requested = at.amount("requested_amount", required=False)
    tier = at.plain_text("tier", limit=16)
    approved = at.amount("approved_amount", required=False)

    # First review: its date, reviewer and the visit it rests on.
    review_on = at.past_day("app_review_on", today=today)
    reviewer = at.text("reviewer", limit=100)
    visit_text = None if at.blank("app_visit") else _visit_text(at)
    review_stated = review_on is not None or reviewer is not None or visit_text is not None
    if review_on is None and review_stated and at.blank("app_review_on"):
        at.error("import.application_date_required", "app_review_on", step="初审")
    visit: HomeVisit | None = None
    if review_on is not None and payee is not None:
        visit = _visit(at, visits.of(payee.household.id or 0), review_on, today)
    review_note = (
        "；".join(
            x
            for x in (
                f"审核人：{reviewer}" if reviewer else None,
                f"走访核实：{visit_text}" if visit_text else None,
            )
            if x
        )
        or None
    )

    # Public notice.
    notice_from = at.past_day("notice_from", today=today)
    notice_until = at.past_day("app_notice_until", today=today)
    notice_days: int | None = None
    if notice_from is None and notice_until is not None and at.blank("notice_from"):
        at.error("import.application_date_required", "notice_from", step="公示")
    if notice_from is not None:
        notice_days = DEFAULT_NOTICE_DAYS
        if notice_until is not None:
            if notice_until < notice_from:
                at.error(
                    "import.application_notice_ends_before",
                    "app_notice_until",
                    at.values.get("app_notice_until"),
                    start=notice_from.isoformat(),
                )
            notice_days = (notice_until - notice_from).days + 1
        if review_on is None and at.blank("app_review_on"):
            at.error("import.application_step_missing", "notice_from", step="公示", missing="初审")

    # Decision.
    decision = at.parsed("app_result", _result)
    decision_on = at.past_day("app_decision_on", today=today)
    decision_note = at.text("app_decision_note", limit=800)
    if decision is None and at.blank("app_result") and (decision_on is not None or approved is not None):
        at.error("import.application_result_required", "app_result")
    if decision is not None and decision_on is None and at.blank("app_decision_on"):
        at.error("import.application_date_required", "app_decision_on", step="审批")
    if decision == "approve" and notice_from is None and at.blank("notice_from"):
        at.error(
            "import.application_step_missing",
            "app_result",
            at.values.get("app_result"),
            step="批准",
            missing="公示",
        )
    if approved is not None and decision not in (None, "approve"):
        at.error(
            "import.application_amount_not_approved", "approved_amount", at.values.get("approved_amount")
        )

    if at.failed or payee is None or kind is None or applied_on is None:
        return None
    return ApplicationRow(
        at.source,
        at.columns,
        payee,
        kind,
        applied_on,
        reason,
        requested,
        tier,
        review_on,
        review_note,
        visit,
        notice_from,
        notice_days,
        decision,
        decision_on,
        decision_note,
        approved,
    )


def _visit_text(at: Located) -> str | None:
    raw = at.values.get("app_visit")
    day = _visit_day(raw)
    return day.isoformat() if day is not None else at.text("app_visit", limit=200)


def _visit(at: Located, recorded: list[HomeVisit], review_on: date, today: date) -> HomeVisit | None:
    """The visit the review cites: on the 走访核实 date when that column holds one, else the latest
    on or before the review date. None (with a row error) when the household has no such visit."""
    raw = at.values.get("app_visit")
    day = None if at.blank("app_visit") else _visit_day(raw)
    if day is not None:
        if day > review_on:
            at.error(
                "relief.visit_after_review",
                "app_visit",
                raw,
                visit_on=day.isoformat(),
                on=review_on.isoformat(),
            )
            return None
        found = [v for v in recorded if v.visited_on == day]
        if not found:
            at.error("import.application_visit_not_on", "app_visit", raw, on=day.isoformat())
            return None
        return found[-1]
    before = [v for v in recorded if v.visited_on <= review_on]
    if not before:
        at.error(
            "import.application_no_visit",
            "app_review_on",
            at.values.get("app_review_on"),
            on=review_on.isoformat(),
        )
        return None
    return before[-1]


# ------------------------------------------------------------------ apply


def _existing(session: Session, rows: list[ApplicationRow]) -> dict[tuple[int, str, date], ReliefApplication]:
    ids = sorted({row.payee.household.id or 0 for row in rows})
    found: dict[tuple[int, str, date], ReliefApplication] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = (
            select(ReliefApplication)
            .where(ReliefApplication.household_id.in_(chunk))  # type: ignore[attr-defined]
            .order_by(ReliefApplication.id)
        )
        for a in session.scalars(query):
            found.setdefault((a.household_id, a.kind, a.applied_on), a)
    return found


def apply(
    session: Session, rows: list[ApplicationRow], summary: ImportSummary, *, today: date | None = None
) -> None:
    """File new applications, take each through the steps the sheet records; refusals are row errors."""
    existing = _existing(session, rows)
    for row in rows:
        stored = existing.get(row.key)
        try:
            if stored is None:
                try:
                    app = relief.apply(
                        session,
                        row.payee.household,
                        row.kind,
                        on=row.applied_on,
                        reason=row.reason,
                        amount_fen=row.requested_fen,
                    )
                except (Conflict, RuleViolation) as exc:
                    field = "requested_amount" if "amount" in exc.key else "applied_on"
                    field = "reason" if "reason" in exc.key else field
                    raise _Refused(exc, field) from exc
                existing[row.key] = app
                _steps(session, app, row, summary, fresh=True)
                summary.created += 1
                continue
            old = stored.status
            changed = _steps(session, stored, row, summary, fresh=False)
            if changed:
                summary.updated += 1
                summary.changes.append(
                    {
                        "id": stored.id,
                        "name": row.payee.name,
                        "fields": {
                            "status": {
                                "old": ApplicationStatus(old).label,
                                "new": ApplicationStatus(stored.status).label,
                            }
                        },
                    }
                )
            else:
                summary.unchanged += 1
        except _Refused as refused:
            summary.errors.append(problem_at(row, refused.field, refused.error.key, **refused.error.params))
    session.flush()


def _steps(
    session: Session, app: ReliefApplication, row: ApplicationRow, summary: ImportSummary, *, fresh: bool
) -> bool:
    """Take `app` through the row's review, notice and decision where not yet recorded; a recorded
    step the row gives differently is a warning. Returns whether a step was added."""
    changed = False
    if row.review_on is not None:
        if app.reviewed_on is not None:
            if app.reviewed_on != row.review_on:
                _differs(summary, row, app, "app_review_on", "初审", app.reviewed_on, row.review_on)
        elif _may_add(summary, row, app, "app_review_on", "初审"):
            visit = row.visit
            assert visit is not None  # validated: a review row has its visit
            try:
                relief.review(
                    session,
                    app,
                    on=row.review_on,
                    visit_ref=f"家访#{visit.id}",
                    visit_on=visit.visited_on,
                    note=row.review_note,
                )
            except (Conflict, RuleViolation) as exc:
                raise _Refused(exc, "app_review_on") from exc
            changed = True
    if row.notice_from is not None and row.notice_days is not None:
        if app.notice_from is not None:
            if (app.notice_from, app.notice_days) != (row.notice_from, row.notice_days):
                _differs(
                    summary,
                    row,
                    app,
                    "notice_from",
                    "公示",
                    _notice_text(app.notice_from, app.notice_days or 0),
                    _notice_text(row.notice_from, row.notice_days),
                )
        elif _may_add(summary, row, app, "notice_from", "公示"):
            try:
                relief.notice(session, app, start=row.notice_from, days=row.notice_days)
            except (Conflict, RuleViolation) as exc:
                raise _Refused(exc, "notice_from") from exc
            changed = True
    if row.decision is not None and row.decision_on is not None:
        recorded = _decision(session, app)
        if recorded is not None:
            if recorded != (row.decision, row.decision_on):
                _differs(
                    summary,
                    row,
                    app,
                    "app_result",
                    "审批结果",
                    f"{_RESULT_LABEL[recorded[0]]}（{recorded[1].isoformat()}）",
                    f"{_RESULT_LABEL[row.decision]}（{row.decision_on.isoformat()}）",
                )
        elif _may_add(summary, row, app, "app_result", "审批结果"):
            _decide(session, app, row)
            changed = True
            if (
                row.decision == "approve"
                and app.kind == ApplicationKind.DAILY.value
                and row.tier is not None
                and row.tier != app.tier
            ):
                summary.warnings.append(
                    problem_at(
                        row,
                        "tier",
                        "import.application_tier_differs",
                        id=app.id,
                        tier=app.tier,
                        given=row.tier,
                    )
                )
    return changed or fresh


def _decide(session: Session, app: ReliefApplication, row: ApplicationRow) -> None:
    assert row.decision_on is not None
    try:
        if row.decision == "approve":
            relief.approve(
                session, app, on=row.decision_on, note=row.decision_note, amount_fen=row.approved_fen
            )
        elif row.decision == "reject":
            relief.reject(session, app, on=row.decision_on, reason=row.decision_note or "")
        else:
            relief.withdraw(session, app, on=row.decision_on, reason=row.decision_note)
    except (Conflict, RuleViolation, NotFound) as exc:
        field = "app_decision_note" if exc.key == "relief.reject_needs_reason" else "app_decision_on"
        field = "approved_amount" if "amount" in exc.key else field
        raise _Refused(exc, field) from exc


def _decision(session: Session, app: ReliefApplication) -> tuple[str, date] | None:
    """The recorded decision (approve/reject/withdraw) and its date, or None while the application is open."""
    for event in reversed(relief.events(session, app)):
        if event.action in _DECIDED:
            return event.action, event.on_date
    return None


def _may_add(
    summary: ImportSummary, row: ApplicationRow, app: ReliefApplication, field: str, step: str
) -> bool:
    """A step missing from a decided application cannot be added: a warning, kept as recorded."""
    if app.status in _DECIDED.values() or app.status == ApplicationStatus.CLOSED.value:
        summary.warnings.append(
            problem_at(
                row,
                field,
                "import.application_step_after_decision",
                id=app.id,
                status=ApplicationStatus(app.status).label,
                step=step,
            )
        )
        return False
    return True


def _differs(
    summary: ImportSummary,
    row: ApplicationRow,
    app: ReliefApplication,
    field: str,
    step: str,
    stored: object,
    given: object,
) -> None:
    summary.warnings.append(
        problem_at(
            row,
            field,
            "import.application_step_differs",
            id=app.id,
            step=step,
            stored=stored.isoformat() if isinstance(stored, date) else stored,
            given=given.isoformat() if isinstance(given, date) else given,
        )
    )


def _notice_text(start: date, days: int) -> str:
    return f"{start.isoformat()} – {notice_ends(start, days).isoformat()}" if days >= 1 else start.isoformat()


class _Refused(Exception):
    """A step the relief service refused, with the column it came from."""

    def __init__(self, error: Conflict | RuleViolation | NotFound, field_name: str) -> None:
        super().__init__(error.key)
        self.error, self.field = error, field_name
