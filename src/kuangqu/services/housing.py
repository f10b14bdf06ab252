"""Housing reform (房改): applications, their review stages in order, and the figures the office reports.

The review stages are configurable — three by default (单位初审 → 房改办复审 → 领导小组终审):
`KUANGQU_HOUSING_STAGES="甲,乙,丙"`, or `housing_stages = ["甲", "乙", "丙"]` in the `[kuangqu]`
table of the TOML file named by KUANGQU_CONFIG, or `housing apply --stages`. An application
keeps the stage list it was filed with, so changing the configuration never rewrites the
history of applications already under review. Reviews are append-only.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.base import utcnow
from kuangqu.models.registry import Household
from kuangqu.models.stability import HousingApplication, HousingReview, HousingStatus
from kuangqu.services import audit

DEFAULT_STAGES: tuple[str, ...] = ("单位初审", "房改办复审", "领导小组终审")
MAX_STAGES = 10
_SEPARATORS = re.compile(r"[,，、;；]")


def parse_stages(raw: str | list[str] | tuple[str, ...]) -> list[str]:
    """'单位初审,房改办复审' (commas, 、 or semicolons) or a list → the stage names, in order."""
    items = raw if isinstance(raw, (list, tuple)) else _SEPARATORS.split(str(raw))
    stages = [str(s).strip() for s in items if str(s).strip()]
    if (
        not 1 <= len(stages) <= MAX_STAGES
        or len(set(stages)) != len(stages)
        or any(len(s) > 50 for s in stages)
    ):
        raise RuleViolation("housing.stages_invalid", value="、".join(stages), max=MAX_STAGES)
    return stages


def configured_stages() -> list[str]:
    """The stage list for new applications: environment, then the config file, then the default three."""
    env = os.environ.get("KUANGQU_HOUSING_STAGES")
    if env:
        return parse_stages(env)
    config_file = os.environ.get("KUANGQU_CONFIG")
    if config_file and Path(config_file).is_file():
        with open(config_file, "rb") as fh:
            configured = tomllib.load(fh).get("kuangqu", {}).get("housing_stages")
        if configured:
            return parse_stages(configured)
    return list(DEFAULT_STAGES)


def get(session: Session, ref: str | int) -> HousingApplication:
    text = str(ref).strip().lstrip("#")
    found = session.get(HousingApplication, int(text)) if text.isdigit() else None
    if found is None:
        raise NotFound("housing.not_found", ref=str(ref))
    return found


def apply(
    session: Session,
    household: Household,
    *,
    on: date,
    today: date,
    stages: list[str] | None = None,
    notes: str | None = None,
) -> HousingApplication:
    """File an application; refused while the household has one under review or already passed."""
    if on > today:
        raise RuleViolation("housing.date_in_future", on=on.isoformat())
    existing = session.scalars(
        select(HousingApplication).where(
            HousingApplication.household_id == household.id,
            HousingApplication.status.in_([HousingStatus.PENDING.value, HousingStatus.PASSED.value]),  # type: ignore[attr-defined]
        )
    ).first()
    if existing is not None:
        raise Conflict("housing.already_applied", id=existing.id, status=HousingStatus(existing.status).label)
    application = HousingApplication(
        household_id=household.id or 0,
        applied_on=on,
        stages=parse_stages(stages) if stages else configured_stages(),
        notes=notes,
    )
    session.add(application)
    session.flush()
    audit.record(
        session,
        "housing.apply",
        "housing_application",
        application.id,
        new={"household_id": household.id, "applied_on": on, "stages": application.stages},
    )
    return application


def reviews(session: Session, application: HousingApplication) -> list[HousingReview]:
    query = select(HousingReview).where(HousingReview.application_id == application.id)
    return list(session.scalars(query.order_by(HousingReview.stage_no, HousingReview.id)))


def stage_number(application: HousingApplication, stage: str | int) -> int:
    """The 1-based number of a stage given by name or number."""
    text = str(stage).strip()
    if text.isdigit() and 1 <= int(text) <= len(application.stages):
        return int(text)
    if text in application.stages:
        return application.stages.index(text) + 1
    raise RuleViolation("housing.unknown_stage", stage=text, stages="、".join(application.stages))


def review(
    session: Session,
    application: HousingApplication,
    *,
    stage: str | int,
    passed: bool,
    reviewer: str,
    on: date,
    today: date,
    opinion: str | None = None,
) -> HousingReview:
    """Record the review of the application's next stage: pass moves it on, return ends it."""
    if application.status != HousingStatus.PENDING.value:
        raise Conflict(
            "housing.not_pending", id=application.id, status=HousingStatus(application.status).label
        )
    number = stage_number(application, stage)
    expected = application.stages_passed + 1
    if number != expected:
        raise Conflict(
            "housing.wrong_stage",
            stage=application.stages[number - 1],
            expected=application.stages[expected - 1],
        )
    if not reviewer or not reviewer.strip():
        raise RuleViolation("housing.reviewer_required")
    if not passed and not (opinion and opinion.strip()):
        raise RuleViolation("housing.return_needs_opinion")
    earlier = reviews(session, application)
    after = max([application.applied_on, *(r.reviewed_on for r in earlier)])
    if on < after:
        raise RuleViolation("housing.date_before_previous", on=on.isoformat(), previous=after.isoformat())
    if on > today:
        raise RuleViolation("housing.date_in_future", on=on.isoformat())
    record = HousingReview(
        application_id=application.id or 0,
        stage_no=number,
        stage=application.stages[number - 1],
        reviewer=reviewer.strip(),
        reviewed_on=on,
        opinion=opinion,
        passed=passed,
    )
    session.add(record)
    old = {"status": application.status, "stages_passed": application.stages_passed}
    if passed:
        application.stages_passed = number
        if number == len(application.stages):
            application.status = HousingStatus.PASSED.value
            application.decided_on = on
    else:
        application.status = HousingStatus.RETURNED.value
        application.decided_on = on
    application.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        "housing.review",
        "housing_application",
        application.id,
        old=old,
        new={
            "status": application.status,
            "stages_passed": application.stages_passed,
            "stage": record.stage,
            "passed": passed,
            "reviewer": record.reviewer,
            "on": on,
        },
    )
    return record


def list_applications(
    session: Session,
    *,
    status: str | None = None,
    household_id: int | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> list[HousingApplication]:
    query = select(HousingApplication)
    if status:
        query = query.where(HousingApplication.status == status)
    if household_id is not None:
        query = query.where(HousingApplication.household_id == household_id)
    if year:
        query = query.where(
            HousingApplication.applied_on >= date(year, 1, 1),
            HousingApplication.applied_on <= date(year, 12, 31),
        )
    query = query.order_by(HousingApplication.id)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def percent(part: int, whole: int) -> str | None:
    """'85.0' — one decimal, as the office writes it; None when there is nothing to divide by."""
    if not whole:
        return None
    from decimal import ROUND_HALF_UP, Decimal

    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def stats(session: Session, *, eligible: int | None = None, year: int | None = None) -> dict[str, Any]:
    """Applications, the share of eligible households that applied, and how many passed every stage.

    Eligible households are all registered households (every row of the household table)
    unless the office gives its own number (`eligible`).
    """
    if eligible is not None and eligible <= 0:
        raise RuleViolation("housing.eligible_positive", value=eligible)
    apps = list_applications(session, year=year)
    registered = int(session.scalar(select(func.count()).select_from(Household)) or 0)
    base = eligible if eligible is not None else registered
    applied = len({a.household_id for a in apps})
    passed = sum(1 for a in apps if a.status == HousingStatus.PASSED.value)
    by_stage: dict[str, dict[str, int]] = {}
    ids = [a.id for a in apps]
    if ids:
        rows = session.execute(
            select(HousingReview.stage, HousingReview.passed, func.count())
            .where(HousingReview.application_id.in_(ids))  # type: ignore[attr-defined]
            .group_by(HousingReview.stage, HousingReview.passed)
        ).all()
        for stage, ok, count in rows:
            entry = by_stage.setdefault(stage, {"passed": 0, "returned": 0})
            entry["passed" if ok else "returned"] += int(count)
    order = {s: i for a in apps for i, s in enumerate(a.stages)}
    return {
        "year": year,
        "applications": len(apps),
        "households_applied": applied,
        "eligible_households": base,
        "eligible_basis": "given" if eligible is not None else "registered_households",
        "applied_percent": percent(applied, base),
        "passed_all": passed,
        "passed_percent": percent(passed, len(apps)),
        "returned": sum(1 for a in apps if a.status == HousingStatus.RETURNED.value),
        "pending": sum(1 for a in apps if a.status == HousingStatus.PENDING.value),
        "by_stage": [{"stage": s, **by_stage[s]} for s in sorted(by_stage, key=lambda s: order.get(s, 99))],
    }
