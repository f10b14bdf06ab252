"""Importing housing-reform applications (房改) and their three reviews (三审): one row per application.

The household is found by the 身份证号 of its head or of a recorded member (the row's name must
be the one recorded for that ID). Each row is filed through the housing service (one application
under review or passed per household; the stage list configured for new applications) and taken
through the reviews its 一审/二审/三审 columns record — result (通过/退回), date, reviewer,
opinion — by `services.housing.review`, which refuses what the rules refuse (a stage out of
order, a date before the previous step, a return without an opinion).

An application is known by its household and 申请日期. Importing the same file again creates
nothing; a row whose application is recorded adds the reviews the sheet has and the database has
not (updated), or changes nothing (unchanged) — a recorded review the sheet gives differently is
kept as recorded, with a warning. A review without a reviewer's name is recorded under
"未注明" with one warning per sheet listing the rows (the office's sheets rarely name them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, Problem, RuleViolation
from kuangqu.importer.located import Located, Payee, People, each_row, problem_at, rows_list
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.stability import HousingApplication, HousingStatus
from kuangqu.services import housing as housing_service

STAGE_COUNT = 3  # 一审、二审、三审 columns
_ORDINALS = ("一", "二", "三")
_FIRST = ("初", "复", "终")  # 初审、复审、终审


def _stage_synonyms() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for i, (n, alt) in enumerate(zip(_ORDINALS, _FIRST, strict=True), start=1):
        table[f"review{i}_result"] = (f"{n}审结果", f"{n}审", f"{alt}审结果", f"{alt}审", f"{n}审意见结果")
        table[f"review{i}_on"] = (f"{n}审日期", f"{n}审时间", f"{alt}审日期", f"{alt}审时间")
        table[f"review{i}_reviewer"] = (f"{n}审人", f"{n}审审核人", f"{alt}审人", f"{alt}审审核人")
        table[f"review{i}_opinion"] = (f"{n}审意见", f"{alt}审意见", f"{n}审退回原因")
    return table


SYNONYMS = MappingProxyType(
    {
        "name": ("姓名", "申请人", "申请人姓名", "户主姓名", "户主"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码", "申请人身份证号"),
        "building": ("楼栋", "楼号", "楼栋号"),
        "room": ("房号", "房间号", "门牌号", "楼栋/房号"),
        "applied_on": ("申请日期", "申请时间", "登记日期"),
        **_stage_synonyms(),
        "notes": ("备注", "说明"),
    }
)
REQUIRED = ("name", "id_number", "applied_on")
EXPECTED_SHEETS = ("房改申请", "房改申请登记表", "房改", "房改审核", "Sheet1")

_PASS = {"通过", "同意", "合格", "符合", "符合条件", "审核通过", "是", "√", "✓"}
_RETURN = {"退回", "不通过", "不同意", "不合格", "不符合", "不符合条件", "驳回", "否", "×"}
UNNAMED_REVIEWER = "未注明"


@dataclass
class Review:
    stage_no: int
    passed: bool
    on: date
    reviewer: str
    opinion: str | None


@dataclass
class HousingRow:
    source: SourceRow
    columns: dict[str, str]
    payee: Payee
    applied_on: date
    notes: str | None
    reviews: list[Review] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, date]:
        return (self.payee.household.id or 0, self.applied_on)


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[HousingRow]:
    """Validate every row against the rules and the roster; problems go to `summary.errors`."""
    today = today or date.today()
    people = People(session)
    people.prefetch(read, payees=True)
    unnamed: dict[str, list[int]] = {}
    planned = each_row(
        read,
        summary,
        lambda at: _validate(at, people, today, unnamed),
        key=lambda row: row.key,
        progress=progress,
    )
    for sheet, rows in unnamed.items():
        summary.warnings.append(
            Problem(
                "import.housing_reviewer_unnamed",
                {"count": len(rows), "rows": rows_list(rows), "name": UNNAMED_REVIEWER},
                sheet=sheet,
            )
        )
    return planned


def _result(raw: Any) -> bool:
    text = str(raw).strip()
    if text in _PASS:
        return True
    if text in _RETURN:
        return False
    raise RuleViolation("import.housing_result_unknown", value=text)


def _validate(at: Located, people: People, today: date, unnamed: dict[str, list[int]]) -> HousingRow | None:
    payee = people.payee(at)
    applied_on = at.past_day("applied_on", today=today, required=True)
    building = at.plain_text("building", limit=50)
    room = at.plain_text("room", limit=50)
    notes = at.text("notes", limit=1000)
    place = "".join(x for x in (building, room) if x)
    if place:
        notes = "；".join(x for x in (f"楼栋/房号：{place}", notes) if x)
    reviews: list[Review] = []
    ended = False  # a return, or a stage the sheet leaves blank: no later stage may follow
    for i in range(1, STAGE_COUNT + 1):
        result_f, on_f, who_f, why_f = (f"review{i}_{k}" for k in ("result", "on", "reviewer", "opinion"))
        stated = [f for f in (result_f, on_f, who_f, why_f) if not at.blank(f)]
        if not stated:
            ended = True
            continue
        if ended:
            at.error(
                "import.housing_stage_out_of_order",
                stated[0],
                at.values.get(stated[0]),
                stage=f"{_ORDINALS[i - 1]}审",
            )
            continue
        passed = at.parsed(result_f, _result)
        if passed is None and at.blank(result_f):
            at.error("import.housing_result_required", result_f)
        on = at.past_day(on_f, today=today)
        if on is None and at.blank(on_f):
            at.error("import.housing_date_required", on_f)
        reviewer = at.text(who_f, limit=100)
        opinion = at.text(why_f, limit=2000)
        if passed is False and opinion is None and at.blank(why_f):
            at.error("import.housing_return_needs_opinion", why_f if why_f in at.columns else result_f)
        if passed is None or on is None:
            continue
        if reviewer is None:
            reviewer = UNNAMED_REVIEWER
            rows = unnamed.setdefault(at.source.sheet, [])
            if not rows or rows[-1] != at.source.row:
                rows.append(at.source.row)
        previous = reviews[-1].on if reviews else applied_on
        if previous is not None and on < previous:
            at.error(
                "housing.date_before_previous",
                on_f,
                at.values.get(on_f),
                on=on.isoformat(),
                previous=previous.isoformat(),
            )
            continue
        reviews.append(Review(i, passed, on, reviewer, opinion))
        if not passed:
            ended = True
    if at.failed or payee is None or applied_on is None:
        return None
    return HousingRow(at.source, at.columns, payee, applied_on, notes, reviews)


def _existing(session: Session, rows: list[HousingRow]) -> dict[tuple[int, date], HousingApplication]:
    ids = sorted({row.payee.household.id or 0 for row in rows})
    found: dict[tuple[int, date], HousingApplication] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = (
            select(HousingApplication)
            .where(HousingApplication.household_id.in_(chunk))  # type: ignore[attr-defined]
            .order_by(HousingApplication.id)
        )
        for a in session.scalars(query):
            found.setdefault((a.household_id, a.applied_on), a)
    return found


def apply(
    session: Session, rows: list[HousingRow], summary: ImportSummary, *, today: date | None = None
) -> None:
    """File new applications and add the reviews the sheet records; refusals are located errors."""
    today = today or date.today()
    existing = _existing(session, rows)
    stages = housing_service.configured_stages()
    for row in rows:
        stored = existing.get(row.key)
        try:
            if stored is None:
                if len(row.reviews) > len(stages):
                    raise _Refused(
                        RuleViolation(
                            "import.housing_more_stages", count=len(stages), stages="、".join(stages)
                        ),
                        f"review{len(stages) + 1}_result",
                    )
                try:
                    application = housing_service.apply(
                        session, row.payee.household, on=row.applied_on, today=today, notes=row.notes
                    )
                except (Conflict, RuleViolation) as exc:
                    raise _Refused(exc, "applied_on") from exc
                existing[row.key] = application
                _review(session, application, row, row.reviews, today)
                summary.created += 1
                continue
            old = (stored.status, stored.stages_passed)
            recorded = {r.stage_no: r for r in housing_service.reviews(session, stored)}
            new: list[Review] = []
            for review in row.reviews:
                kept = recorded.get(review.stage_no)
                if kept is None:
                    new.append(review)
                elif (kept.passed, kept.reviewed_on) != (review.passed, review.on):
                    summary.warnings.append(
                        problem_at(
                            row,
                            f"review{review.stage_no}_result",
                            "import.housing_review_differs",
                            id=stored.id,
                            stage=kept.stage,
                            stored=_said(kept.passed, kept.reviewed_on),
                            given=_said(review.passed, review.on),
                        )
                    )
            if new and stored.status != HousingStatus.PENDING.value:
                summary.warnings.append(
                    problem_at(
                        row,
                        f"review{new[0].stage_no}_result",
                        "import.housing_review_after_decision",
                        id=stored.id,
                        status=HousingStatus(stored.status).label,
                    )
                )
                new = []
            if new:
                _review(session, stored, row, new, today)
                now = (stored.status, stored.stages_passed)
                summary.updated += 1
                summary.changes.append(
                    {
                        "id": stored.id,
                        "name": row.payee.name,
                        "fields": {
                            "status": {"old": _progress(*old, stored), "new": _progress(*now, stored)}
                        },
                    }
                )
            else:
                summary.unchanged += 1
        except _Refused as refused:
            summary.errors.append(problem_at(row, refused.field, refused.error.key, **refused.error.params))
    session.flush()


def _review(
    session: Session, application: HousingApplication, row: HousingRow, reviews: list[Review], today: date
) -> None:
    for review in reviews:
        try:
            housing_service.review(
                session,
                application,
                stage=review.stage_no,
                passed=review.passed,
                reviewer=review.reviewer,
                on=review.on,
                today=today,
                opinion=review.opinion,
            )
        except (Conflict, RuleViolation, NotFound) as exc:
            raise _Refused(exc, f"review{review.stage_no}_on") from exc


def _progress(status: str, passed: int, application: HousingApplication) -> str:
    """'审核中 1/3' — the status and the stages passed of all."""
    return f"{HousingStatus(status).label} {passed}/{len(application.stages)}"


def _said(passed: bool, on: date) -> str:
    return f"{'通过' if passed else '退回'}（{on.isoformat()}）"


class _Refused(Exception):
    """A step the housing service refused, with the column it came from."""

    def __init__(self, error: Conflict | RuleViolation | NotFound, field_name: str) -> None:
        super().__init__(error.key)
        self.error, self.field = error, field_name
