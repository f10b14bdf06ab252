#!/usr/bin/env python3
"""Seed the sample mine's relief year 2020 (deterministic), after the roster and households are loaded.

    .venv/bin/python sample_data/seed_relief.py --db PATH [--standard sample_data/relief-standard.toml]

Loads the standard if it is not loaded; assesses every household as of 2020-01-01 (recorded);
files daily-relief applications for those placed in a tier, with a first review citing a home
visit, a 7-day public notice (a few objections, dismissed) and an approval after the notice ends;
files a few applications that are rejected with reasons and two temporary-relief applications;
pays the 2020 Spring Festival relief and every month of 2020; creates 39 assistance pairs.
Every step goes through kuangqu's services, one transaction per step. The same database gives
the same result: one random.Random(20200101) picks everything.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from kuangqu.db import open_database, transaction
from kuangqu.errors import Conflict, KuangquError
from kuangqu.models.registry import Household
from kuangqu.models.relief import ReliefApplication
from kuangqu.rules.relief import parse_festival
from kuangqu.services.relief import applications, assessment, pairs, payments, standards, tiers

HERE = Path(__file__).resolve().parent
SEED = 20200101
AS_OF = date(2020, 1, 1)
APPLIED, REVIEWED, NOTICE_FROM, NOTICE_DAYS, APPROVED = (
    date(2020, 1, 2), date(2020, 1, 3), date(2020, 1, 4), 7, date(2020, 1, 11),
)  # fmt: skip
FESTIVAL_PAID = date(2020, 1, 15)  # before 春节 (25 January 2020)
PAIRS = 39
# (position, leader above deputy chief level 副处级以上 → 包户到人)
POSITIONS = [("矿长", True), ("党委书记", True), ("副矿长", True), ("副矿长", True), ("副矿长", True),
             ("党委副书记", True), ("纪委书记", True), ("工会主席", True), ("总工程师", True)] + \
            [("科长", False)] * 12 + [("副科长", False)] * 10 + [("区队长", False)] * 8  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "建军",
    "卫东",
    "志强",
    "国庆",
    "海涛",
    "建华",
    "红旗",
    "保国",
    "振华",
    "立新",
    "晓东",
    "宏伟",
    "永刚",
    "新民",
    "俊杰",
    "春生",
    "学军",
    "明亮",
    "光辉",
    "德胜",
]
VISITORS = ["片长", "楼长", "工作组长"]
OBJECTIONS = ["反映其子女在外地有稳定工作，收入未如实申报", "反映其家中新购轿车", "反映其另有一套住房出租"]


def step(db, name: str):  # type: ignore[no-untyped-def]
    print(f"· {name}", file=sys.stderr)
    return transaction(db, write=True, info={"operator": "seed_relief", "command": f"seed_relief: {name}"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database file or URL (roster and households loaded)")
    parser.add_argument("--standard", default=str(HERE / "relief-standard.toml"))
    args = parser.parse_args()
    rng = random.Random(SEED)
    db = open_database(args.db)
    try:
        seed(db, rng, Path(args.standard))
    except KuangquError as exc:
        print(f"seed_relief: {exc.message()}", file=sys.stderr)
        raise SystemExit(int(exc.exit_code)) from None
    finally:
        db.dispose()


def seed(db, rng: random.Random, standard_file: Path) -> None:  # type: ignore[no-untyped-def]
    with step(db, "standard") as s:
        if not s.scalar(select(func.count()).select_from(Household)):
            raise SystemExit("seed_relief: no households; import roster.xlsx and households.xlsx first")
        if s.scalar(select(func.count()).select_from(ReliefApplication)):
            raise SystemExit("seed_relief: relief applications exist already; seed a fresh database")
        row, _ = standards.load(s, standard_file.read_text(encoding="utf-8"), source_name=standard_file.name)
        version = row.version

    with step(db, "assess 2020-01-01") as s:
        row = standards.get(s, version)
        assessed = assessment.assess_all(s, as_of=AS_OF, standard_row=row)
        for item in assessed:
            assessment.record(s, item.household, item.assessment, as_of=AS_OF, standard_row=row)
        placed = [item.household.id for item in assessed if item.assessment.tier is not None]
        unplaced = [(item.household.id, item.assessment) for item in assessed if item.assessment.tier is None]

    objected = set(rng.sample(placed, 3))
    with step(db, "daily relief applications") as s:
        for household_id in placed:
            household = s.get(Household, household_id)
            app = applications.apply(s, household, "daily", on=APPLIED, reason="申请日常救济")
            applications.review(
                s,
                app,
                on=REVIEWED,
                visit_ref=f"{rng.choice(VISITORS)}入户家访（2020-01-03）",
                visit_on=REVIEWED,
                note="家庭收入、支出经入户核实",
            )
            applications.notice(s, app, start=NOTICE_FROM, days=NOTICE_DAYS)
            if household_id in objected:
                objection = applications.add_objection(
                    s, app, on=date(2020, 1, 6), content=rng.choice(OBJECTIONS), objector="匿名"
                )
                applications.resolve_objection(
                    s, objection, on=date(2020, 1, 9), resolution="经核实不属实", upheld=False
                )
            try:
                applications.approve(s, app, on=APPROVED, note="经公示无异议，同意")
            except Conflict:
                # The household changed between 1 and 11 January (a death, a member leaving): no tier now.
                applications.reject(s, app, on=APPROVED, reason="批准日复核不符合救济标准")

    with step(db, "rejected applications") as s:
        for household_id, result in rng.sample(unplaced, 5):
            household = s.get(Household, household_id)
            app = applications.apply(s, household, "daily", on=APPLIED, reason="申请日常救济")
            applications.review(
                s, app, on=REVIEWED, visit_ref="工作组长入户家访（2020-01-03）", visit_on=REVIEWED
            )
            applications.notice(s, app, start=NOTICE_FROM, days=NOTICE_DAYS)
            if result.excluded_by:
                reason = f"有排除情形（{', '.join(result.excluded_by)}），不符合救济标准"
            else:
                reason = (
                    f"人均月收入 {result.as_dict()['per_capita_monthly_income']} 元，不符合任何档次的条件"
                )
            applications.reject(s, app, on=APPROVED, reason=reason)

    with step(db, "spring festival relief 2020") as s:
        payments.pay_festival(s, 2020, parse_festival("春节"), paid_on=FESTIVAL_PAID)

    temporary = [
        ("遭受暴雨，房屋漏水受损", 200000, date(2020, 7, 22)),
        ("家人意外受伤住院", 300000, date(2020, 10, 12)),
    ]
    with step(db, "temporary relief") as s:
        for (reason, amount, applied), household_id in zip(temporary, rng.sample(placed, 2), strict=True):
            household = s.get(Household, household_id)
            app = applications.apply(s, household, "temporary", on=applied, reason=reason, amount_fen=amount)
            applications.review(
                s, app, on=applied, visit_ref=f"片长入户家访（{applied.isoformat()}）", visit_on=applied
            )
            applications.notice(s, app, start=applied + timedelta(days=1), days=5)
            approved = applied + timedelta(days=6)
            applications.approve(s, app, on=approved, note="同意")
            payments.pay_temporary(s, app, paid_on=approved)

    for month in range(1, 13):
        with step(db, f"daily relief 2020-{month:02d}") as s:
            payments.pay_month(s, 2020, month, paid_on=date(2020, month, 20))

    with step(db, "assistance pairs") as s:
        held = tiers.holdings(s, date(2020, 1, 15))
        by_tier = sorted(held, key=lambda hid: (held[hid].tier or "", hid))
        chosen = (
            by_tier[:PAIRS]
            if len(by_tier) <= PAIRS
            else sorted(by_tier[: PAIRS // 2] + rng.sample(by_tier[PAIRS // 2 :], PAIRS - PAIRS // 2))
        )
        names: set[str] = set()
        for index, household_id in enumerate(chosen):
            while (name := rng.choice(SURNAMES) + rng.choice(GIVEN)) in names:
                pass
            names.add(name)
            position, leader = POSITIONS[index % len(POSITIONS)]
            phone = f"1390375{rng.randint(0, 9999):04d}"
            pairs.add(
                s,
                s.get(Household, household_id),
                cadre_name=name,
                position=position,
                phone=phone,
                leader=leader,
                on=date(2020, 1, 15),
            )
    print("seed_relief: done", file=sys.stderr)


if __name__ == "__main__":
    main()
