"""Importing past relief sign-off sheets (签领表 / 救助金发放表): one row per payment made.

Each row names the payee by resident ID; the payment goes to the household that person heads
(or, for a survivor household, belongs to). Rows follow the payment service's rules: the keys
(household, kind, period) of daily and festival relief, no payment before its month, none
after the head's death unless the household is a survivor household, and temporary relief only
against an approved application (paid through the service itself). A payment already recorded
with the same amount is unchanged; one with another amount is an error — a payment is never
rewritten, a reversal is a separate act. The sheet's 签领人 column is read and not stored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, KuangquError, Problem, RuleViolation
from kuangqu.importer.located import Located, Payee, People, each_row
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.relief import ReliefApplication, ReliefPayment, ReliefStandard
from kuangqu.rules.dates import parse_partial_date
from kuangqu.rules.money import format_fen
from kuangqu.rules.relief import (
    ApplicationKind,
    ApplicationStatus,
    Decision,
    PaymentKind,
    daily_period,
    festival_period,
    holding_on,
    month_reference_day,
    parse_festival,
    temporary_period,
)
from kuangqu.services import audit
from kuangqu.services.relief import payments as payment_service
from kuangqu.services.relief import standards, tiers

SYNONYMS = MappingProxyType(
    {
        "name": ("姓名", "户主", "户主姓名", "领取人姓名"),
        "id_number": ("身份证号", "身份证号码", "户主身份证号", "户主身份证号码", "公民身份号码"),
        "payment_kind": ("救助类别", "救助类型", "救济类别", "发放类别", "类别"),
        "tier": ("档次", "救助档次", "救济档次"),
        "period": ("发放月份", "月份", "所属月份", "救助月份", "所属期"),
        "amount": ("金额", "发放金额", "金额（元）", "发放金额（元）", "救助金额", "救助金"),
        "paid_on": ("发放日期", "发放时间", "领取日期"),
        "signed_by": ("签领人", "领款人签字", "签领人签字", "领款人", "签字", "领取人签字"),
        "remarks": ("备注",),
    }
)
REQUIRED = ("id_number", "amount", "paid_on")
EXPECTED_SHEETS = ("签领表", "发放表", "救助金发放表", "救济金发放表", "Sheet1")
_KIND_WORDS = {
    "日常": PaymentKind.DAILY,
    "日常救济": PaymentKind.DAILY,
    "日常救助": PaymentKind.DAILY,
    "月度救助": PaymentKind.DAILY,
    "节日": PaymentKind.FESTIVAL,
    "节日救济": PaymentKind.FESTIVAL,
    "节日救助": PaymentKind.FESTIVAL,
    "节日慰问": PaymentKind.FESTIVAL,
    "临时": PaymentKind.TEMPORARY,
    "临时救济": PaymentKind.TEMPORARY,
    "临时救助": PaymentKind.TEMPORARY,
}
_FESTIVAL_PERIOD = re.compile(r"(\d{4})\s*年?\s*[-./]?\s*(\D.*)?", re.ASCII)


@dataclass
class PlannedPayment:
    source: SourceRow
    payee: Payee
    kind: PaymentKind
    period: str  # the key's period; for temporary relief "application-N" once matched
    amount_fen: int
    paid_on: date
    tier: str | None = None
    application_id: int | None = None
    standard_id: int | None = None
    reason: str | None = None
    attempt: int = 0
    temporary_app: ReliefApplication | None = None
    untiered_on: date | None = None  # the reference day on which no approval held


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[PlannedPayment]:
    """Check every row and compare it with the payments recorded; problems go to `summary.errors`."""
    people = People(session)
    people.prefetch(read, payees=True)
    rows = each_row(read, summary, lambda at: _read_row(people, at), progress=progress)
    return _against_database(session, rows, summary)


def _read_row(people: People, at: Located) -> tuple[Located, PlannedPayment] | None:
    payee = people.payee(at)
    amount = at.amount("amount")
    if amount == 0:
        at.error("import.payment_amount_zero", "amount", "0")
    paid_on = at.day("paid_on")
    kind, festival = _kind(at)
    remarks = at.plain_text("remarks", limit=1000)
    at.plain_text("signed_by")  # read (a signature or a name) and not stored
    period = _period(at, kind, festival, paid_on) if kind is not None and paid_on is not None else None
    if at.failed or payee is None or amount is None or paid_on is None:
        return None
    assert kind is not None
    if kind != PaymentKind.TEMPORARY and period is None:
        return None
    if payment_service.head_dead_on(payee.head, payee.household, paid_on):
        at.error("relief.head_deceased", "id_number", payee.head.id_number, household=payee.household.id)
        return None
    tier = at.plain_text("tier", limit=16)
    return at, PlannedPayment(
        at.source, payee, kind, period or "", amount, paid_on, tier=tier, reason=remarks
    )


def _kind(at: Located) -> tuple[PaymentKind | None, str | None]:
    """The kind of relief, and the festival when the column names one (春节 → festival relief)."""
    text = at.plain_text("payment_kind")
    if text is None:
        return PaymentKind.DAILY, None  # a sheet without the column is the monthly sheet
    plain = unicodedata.normalize("NFKC", text).replace(" ", "")
    for ending in ("金", "费"):
        plain = plain.removesuffix(ending)
    if plain in _KIND_WORDS:
        return _KIND_WORDS[plain], None
    for member in PaymentKind:
        if plain.lower() == member.value or plain == member.label:
            return member, None
    try:
        return PaymentKind.FESTIVAL, parse_festival(plain.removesuffix("救济").removesuffix("救助"))
    except RuleViolation:
        at.error("import.payment_kind_unknown", "payment_kind", text, value=text)
        return None, None


def _period(at: Located, kind: PaymentKind, festival: str | None, paid_on: date) -> str | None:
    raw = at.values.get("period")
    blank = raw is None or (isinstance(raw, str) and not raw.strip())
    try:
        if kind == PaymentKind.DAILY:
            if blank:
                at.error("import.payment_month_required", "period")
                return None
            month = at.month("period")
            if month is None or month.month is None:
                return None
            month_reference_day(month.year, month.month, paid_on)  # not paid before its month
            return daily_period(month.year, month.month)
        if kind == PaymentKind.FESTIVAL:
            year, named = (None, None) if blank else _festival_period(raw)
            festival = named or festival
            if year is None or festival is None:
                at.error("import.payment_festival_required", "period", None if blank else raw)
                return None
            if abs(paid_on.year - year) > 1:
                raise RuleViolation("relief.festival_year_far", year=year, paid_on=paid_on.isoformat())
            return festival_period(year, festival)
    except RuleViolation as exc:
        at.refused(exc, "period", raw)
        return None
    return None  # temporary relief: the period is the application it pays, found later


def _festival_period(raw: Any) -> tuple[int | None, str | None]:
    """2020年春节 / 2020春节 / 2020-中秋 → (2020, name); 2020, 2020-01, a date cell → (2020, None)."""
    try:
        return parse_partial_date(raw).year, None
    except RuleViolation:
        pass
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    match = _FESTIVAL_PERIOD.fullmatch(text)
    if match is None or not match.group(2):
        return None, None
    try:
        return int(match.group(1)), parse_festival(
            match.group(2).strip().removesuffix("救济").removesuffix("救助")
        )
    except RuleViolation:
        return None, None


def _against_database(
    session: Session, rows: list[tuple[Located, PlannedPayment]], summary: ImportSummary
) -> list[PlannedPayment]:
    household_ids = sorted({p.payee.household.id or 0 for _, p in rows})
    recorded = _recorded(session, household_ids)
    decided = tiers.decisions(session, household_ids)
    temporaries = _temporary_applications(session, household_ids)
    std_rows = {s.id: s for s in session.scalars(select(ReliefStandard))}
    app_standards = _application_standards(session, household_ids)
    seen: dict[tuple[int, str, str], SourceRow] = {}
    planned: list[PlannedPayment] = []
    untiered: dict[int, list[tuple[Located, date]]] = {}
    for at, p in rows:
        household_id = p.payee.household.id or 0
        if p.kind == PaymentKind.TEMPORARY and not _match_temporary(
            at, p, temporaries.get(household_id, []), recorded
        ):
            continue
        key = (household_id, p.kind.value, p.period)
        first = seen.get(key)
        if first is not None:
            at.error(
                "import.payment_duplicate_in_file",
                "period",
                p.period,
                period=p.period,
                kind=p.kind.label,
                first_sheet=first.sheet,
                first_row=first.row,
            )
            continue
        seen[key] = p.source
        if p.kind != PaymentKind.TEMPORARY and not _link_tier(
            at, p, decided.get(household_id, []), app_standards, std_rows
        ):
            continue
        outcome = _compare(at, p, recorded.get(key, []))
        if outcome == "unchanged":
            summary.unchanged += 1
        elif outcome == "new":
            planned.append(p)
            if p.untiered_on is not None:
                untiered.setdefault(household_id, []).append((at, p.untiered_on))
    for found in untiered.values():  # one warning per household, at its first such row
        days = sorted(day for _, day in found)
        found[0][0].warn("import.payment_no_tier", count=len(found), first=days[0].isoformat())
    return planned


def _recorded(session: Session, household_ids: list[int]) -> dict[tuple[int, str, str], list[ReliefPayment]]:
    """Every payment and reversal of these households, by key, oldest first."""
    found: dict[tuple[int, str, str], list[ReliefPayment]] = {}
    for start in range(0, len(household_ids), 500):
        chunk = household_ids[start : start + 500]
        query = (
            select(ReliefPayment)
            .where(ReliefPayment.household_id.in_(chunk))  # type: ignore[attr-defined]
            .order_by(ReliefPayment.id)  # type: ignore[arg-type]
        )
        for payment in session.scalars(query):
            found.setdefault((payment.household_id, payment.kind, payment.period), []).append(payment)
    return found


def _application_standards(session: Session, household_ids: list[int]) -> dict[int, int | None]:
    """The standard each application of these households was decided under."""
    found: dict[int, int | None] = {}
    for start in range(0, len(household_ids), 500):
        query = select(ReliefApplication.id, ReliefApplication.standard_id).where(
            ReliefApplication.household_id.in_(household_ids[start : start + 500])  # type: ignore[attr-defined]
        )
        found.update({app_id: standard_id for app_id, standard_id in session.execute(query)})
    return found


def _temporary_applications(session: Session, household_ids: list[int]) -> dict[int, list[ReliefApplication]]:
    found: dict[int, list[ReliefApplication]] = {}
    for start in range(0, len(household_ids), 500):
        query = (
            select(ReliefApplication)
            .where(
                ReliefApplication.household_id.in_(household_ids[start : start + 500]),  # type: ignore[attr-defined]
                ReliefApplication.kind == ApplicationKind.TEMPORARY.value,
                ReliefApplication.status.in_(  # type: ignore[attr-defined]
                    [ApplicationStatus.APPROVED.value, ApplicationStatus.CLOSED.value]
                ),
            )
            .order_by(ReliefApplication.decided_on, ReliefApplication.id)  # type: ignore[arg-type]
        )
        for app in session.scalars(query):
            found.setdefault(app.household_id, []).append(app)
    return found


def _match_temporary(
    at: Located,
    p: PlannedPayment,
    apps: list[ReliefApplication],
    recorded: dict[tuple[int, str, str], list[ReliefPayment]],
) -> bool:
    """Find the approved temporary application this row pays: already paid with this amount and day
    (unchanged), else the earliest approved one of this amount not yet paid."""
    household_id = p.payee.household.id or 0
    for app in apps:
        period = temporary_period(app.id or 0)
        live = _live(recorded.get((household_id, p.kind.value, period), []))
        if any(x.amount_fen == p.amount_fen and x.paid_on == p.paid_on for x in live):
            p.period = period
            return True  # compared (and counted unchanged) like any other key
    for app in apps:
        period = temporary_period(app.id or 0)
        if (
            app.status == ApplicationStatus.APPROVED.value
            and app.approved_amount_fen == p.amount_fen
            and not _live(recorded.get((household_id, p.kind.value, period), []))
            and (app.decided_on is None or app.decided_on <= p.paid_on)
        ):
            p.period, p.temporary_app, p.application_id = period, app, app.id
            recorded.setdefault((household_id, p.kind.value, period), [])  # claimed by this row
            apps.remove(app)
            return True
    amount = format_fen(p.amount_fen)
    at.error("import.payment_temporary_no_application", "amount", amount, amount=amount)
    return False


def _link_tier(
    at: Located,
    p: PlannedPayment,
    decided: list[Decision],
    app_standards: dict[int, int | None],
    std_rows: dict[int | None, ReliefStandard],
) -> bool:
    """Link the approval holding on the payment's reference day (as a pay run would); a sheet's 档次
    that contradicts it is an error; with no approval recorded, the row is taken as written."""
    if p.kind == PaymentKind.DAILY:
        year, month = (int(x) for x in p.period.split("-"))
        day = month_reference_day(year, month, p.paid_on)
    else:
        day = p.paid_on
    decision = holding_on(decided, day)
    if decision is None:
        p.untiered_on = day
        return True
    code = decision.tier or ""
    standard_id = app_standards.get(decision.application_id)
    tier = standards.parsed(std_rows[standard_id]).tier(code) if standard_id in std_rows else None
    label = tier.label if tier is not None else code
    if p.tier is not None and not _same_tier(p.tier, code, label):
        at.error(
            "import.payment_tier_differs", "tier", p.tier, tier=label, application=decision.application_id
        )
        return False
    p.tier, p.application_id, p.standard_id = decision.tier, decision.application_id, standard_id
    return True


def _same_tier(written: str, code: str, label: str) -> bool:
    """ "A", "a", "一档（深度困难）" and "一档" all name tier A labelled 一档（深度困难）."""
    text = unicodedata.normalize("NFKC", written).strip()
    short = re.split(r"[(（]", label, maxsplit=1)[0].strip()
    return text.upper() == code.upper() or text in (label, short)


def _live(payments: list[ReliefPayment]) -> list[ReliefPayment]:
    """The payments of a key that stand: not reversals, and not reversed."""
    reversed_ids = {x.reversal_of for x in payments if x.reversal_of is not None}
    return [x for x in payments if x.reversal_of is None and x.id not in reversed_ids]


def _compare(at: Located, p: PlannedPayment, recorded: list[ReliefPayment]) -> str:
    """ "unchanged", "new" (with its attempt number) or "error", for one key."""
    live = _live(recorded)
    if live:
        paid = live[0]
        if paid.amount_fen == p.amount_fen:
            return "unchanged"
        at.error(
            "import.payment_amount_differs",
            "amount",
            format_fen(p.amount_fen),
            period=p.period,
            kind=p.kind.label,
            paid=format_fen(paid.amount_fen),
            amount=format_fen(p.amount_fen),
            id=paid.id,
        )
        return "error"
    originals = [x for x in recorded if x.reversal_of is None]
    if any(x.amount_fen == p.amount_fen and x.paid_on == p.paid_on for x in originals):
        return "unchanged"  # the sheet of a payment later reversed: already recorded, reversal and all
    p.attempt = len(originals)  # paid again after a reversal, as `relief pay --repay-reversed` does
    return "new"


def apply(session: Session, planned: list[PlannedPayment], summary: ImportSummary) -> None:
    """Write the new payments (temporary relief through the payment service); audit them as one act."""
    rows: list[ReliefPayment] = []
    for p in planned:
        if p.temporary_app is not None:
            try:
                payment_service.pay_temporary(session, p.temporary_app, paid_on=p.paid_on)
            except KuangquError as exc:
                Located(p.source, {}, summary).refused(exc)
                continue
            summary.created += 1
            continue
        rows.append(
            ReliefPayment(
                household_id=p.payee.household.id or 0,
                kind=p.kind.value,
                period=p.period,
                attempt=p.attempt,
                amount_fen=p.amount_fen,
                tier=p.tier,
                application_id=p.application_id,
                standard_id=p.standard_id,
                paid_on=p.paid_on,
                reason=p.reason,
            )
        )
    if not rows:
        return
    try:
        payment_service.insert_payments(session, rows)
    except Conflict as exc:
        # Another writer paid one of these keys between the check and now (the import lock makes
        # this all but impossible); nothing of this import is kept.
        summary.errors.append(Problem(exc.key, dict(exc.params)))
        return
    summary.created += len(rows)
    audit.record(
        session,
        "relief.import_payments",
        "relief_payment",
        None,
        new={
            "file": summary.file_name,
            "payments": len(rows),
            "total": format_fen(sum(r.amount_fen for r in rows)),
            "first_id": rows[0].id,
            "last_id": rows[-1].id,
        },
    )
