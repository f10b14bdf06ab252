#!/usr/bin/env python3
"""Seed the sample mine's benefit ledger (deterministic), after the roster and households are loaded.

    .venv/bin/python sample_data/seed_benefits.py --db PATH

For every person on the roster a plausible history (待遇变更明白卡):

- the first entry: the pension set at retirement for people who retired from 2016 on; for older
  retirees a baseline in 2015-12, when the office started the cards (建卡基数); for people who
  died before 2016, a baseline in 2012-01 (the earliest death on the sample roster) or at their
  retirement if later. Basic pension by category (离休 higher, 退职 lower), a transitional pension
  for those who retired after 1997 (中人), allowances, and the phone allowance of section-level
  cadres (科长, 副科长 50.00; 副处级 80.00). Survivors (遗属) get a monthly survivor support.
- the yearly increases 2016–2020, each applied as one batch from sample_data/adjustment-20XX.toml,
  after the deaths that came before it;
- every death on the roster (状态 已故) handled: benefits stopped from the following month, the
  funeral grant (and for retirees a lump sum of 10 months), a survivor household for a few;
- 40 corrections in every state, with inquiries to 北京, 辽宁 and other places, and their arrears;
- newspaper subscriptions of retired cadres for 2019 and 2020.

Each step goes through kuangqu's services in its own transaction. One random.Random(20200101)
picks everything, people are taken in id order: the same roster gives the same ledger (only the
recorded_at timestamps, and so the hashes, differ between runs).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from kuangqu.db import open_database, transaction
from kuangqu.models.enums import Category, Status
from kuangqu.models.registry import HouseholdMember, Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.ids import check_character
from kuangqu.services import adjustments, audit, cadres, corrections, deaths, retirees
from kuangqu.services import ledger as ledger_service
from kuangqu.validate import retiree_input

HERE = Path(__file__).resolve().parent
SEED = 20200101
BASELINE = PartialDate(2015, 12)
EARLY_BASELINE = PartialDate(2012, 1)
TODAY = date(2020, 12, 31)  # the roster's 填报日期: deaths are handled as of then
YEARS = range(2016, 2021)
PHONE = {"科长": 5000, "副科长": 5000, "副处级": 8000}
PLACES = ["北京", "辽宁阜新", "辽宁抚顺", "北京", "山西大同", "辽宁沈阳", "河北开滦", "郑州"]
PROBLEMS = [
    ("工龄少算：档案记载参加工作时间早于登记时间", "basic_pension", (300, 3000)),
    ("2017年调整未计高龄倾斜", "basic_pension", (2500, 2500)),
    ("2018年调整挂钩比例计算有误", "basic_pension", (-1500, 1500)),
    ("过渡性养老金计发基数有误", "transitional_pension", (500, 6000)),
    ("各项补贴漏发", "allowance", (2000, 8000)),
    ("视同缴费年限认定有误，需外调核实", "basic_pension", (600, 4500)),
    ("本人反映养老金低于同期同类人员", "basic_pension", (0, 0)),
]
FEMALE_NAMES = ["秀英", "桂兰", "玉兰", "淑珍", "凤英", "秀荣", "翠花", "素芳", "桂芝", "玉梅"]
# states of the 40 corrections: found 6, investigating 8, corrected 10, answered 12, no_error 4
STATES = ["found"] * 6 + ["investigating"] * 8 + ["corrected"] * 10 + ["answered"] * 12 + ["no_error"] * 4


def month(value: PartialDate | None) -> PartialDate | None:
    return None if value is None or value.month is None else rules.month_of(value)


def yuan(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low * 100, high * 100)


def first_month(person: Retiree) -> PartialDate:
    retired, died = month(person.retired_on), month(person.died_on)
    if died is not None and died < PartialDate(2016, 1):
        start = EARLY_BASELINE if retired is None else max(retired, EARLY_BASELINE)
        return min(start, died)
    if retired is not None and retired >= PartialDate(2016, 1):
        return retired
    return BASELINE


def initial_levels(rng: random.Random, person: Retiree) -> dict[str, int]:
    category = person.category
    if category == Category.SURVIVOR.value:
        return {"survivor_support": yuan(rng, 600, 1100)}
    levels: dict[str, int] = {}
    if category == Category.LIXIU.value:
        levels = {"basic_pension": yuan(rng, 4200, 5200), "allowance": yuan(rng, 500, 700)}
    elif category == Category.TUIZHI.value:
        levels = {"basic_pension": yuan(rng, 1200, 1700), "allowance": yuan(rng, 60, 120)}
    else:
        high = 3000 if person.position in PHONE or person.position in ("工程师", "高级工程师") else 2600
        levels = {"basic_pension": yuan(rng, 1700, high), "allowance": yuan(rng, 80, 200)}
        retired = month(person.retired_on)
        if retired is not None and retired >= PartialDate(1998, 1):
            levels["transitional_pension"] = yuan(rng, 150, 450)
    if person.position in PHONE:
        levels["phone_allowance"] = PHONE[person.position or ""]
    return levels


def seed_initial(database, rng: random.Random) -> int:
    with transaction(
        database, write=True, info={"operator": "seed", "command": "seed_benefits initial"}
    ) as s:
        people = list(s.scalars(select(Retiree).order_by(Retiree.id)))
        appender = ledger_service.Appender(s)
        appender.prepare([p.id or 0 for p in people])
        count = 0
        for person in people:
            start = first_month(person)
            reason = (
                "退休核定待遇"
                if start == month(person.retired_on)
                else f"{start.year}年{start.month}月建卡核定基数"
            )
            for code, amount in initial_levels(rng, person).items():
                appender.append(person.id or 0, start, code, amount, reason)
                count += 1
        appender.flush()
        audit.record(s, "benefit.seed", "ledger_entry", None, new={"step": "initial", "entries": count})
    return count


def survivor_for(s, rng: random.Random, person: Retiree) -> deaths.Survivor | None:
    """A fictional widow for a dead man who is in no household (so no household is contradicted)."""
    if person.sex != "male" or person.category == Category.SURVIVOR.value:
        return None
    member = s.scalars(select(HouseholdMember).where(HouseholdMember.retiree_id == person.id)).first()
    if member is not None or rng.random() > 0.4:
        return None
    birth = person.birth_date.replace(
        year=person.birth_date.year + rng.randint(1, 5), day=min(person.birth_date.day, 28)
    )
    while True:
        body = f"{person.id_number[:6]}{birth:%Y%m%d}{2 * rng.randint(1, 499):03d}"
        number = body + check_character(body)
        if retirees.find_by_id_number(s, number) is None:
            break
    name = (person.name[0] if len(person.name) <= 3 else person.name[:2]) + rng.choice(FEMALE_NAMES)
    validated = retiree_input(
        {
            "name": name,
            "id_number": number,
            "category": "遗属",
            "area": person.area,
            "building": person.building,
            "work_group": person.work_group,
            "address": person.address,
        }
    )
    if not validated.ok or validated.value is None:
        return None
    return deaths.Survivor(validated.value, support_fen=yuan(rng, 600, 900))


def seed_deaths(database, rng: random.Random, before: PartialDate | None, done: set[int]) -> int:
    """Handle the deaths of the roster that happened before `before` (all remaining when None)."""
    with transaction(database, write=True, info={"operator": "seed", "command": "seed_benefits deaths"}) as s:
        query = select(Retiree).where(Retiree.status == Status.DECEASED.value).order_by(Retiree.id)
        count = 0
        for person in s.scalars(query).all():
            died = month(person.died_on)
            if person.id in done or died is None or (before is not None and died >= before):
                continue
            facts = ledger_service.facts(ledger_service.entries_for(s, person.id or 0))
            survivor = person.category == Category.SURVIVOR.value
            lump = None if survivor else 10 * rules.monthly_total(facts, died)
            assert person.died_on is not None
            deaths.record_death(
                s,
                person,
                deaths.Death(
                    person.died_on,
                    funeral_grant_fen=200000 if survivor else 500000,
                    lump_sum_fen=lump,
                    paid_through=died,
                    use_defaults=False,
                    reason="样例数据：按登记表已故",
                    survivor=survivor_for(s, rng, person),
                ),
                today=TODAY,
            )
            done.add(person.id or 0)
            count += 1
    return count


def seed_adjustment(database, year: int) -> int:
    path = HERE / f"adjustment-{year}.toml"
    with transaction(
        database, write=True, info={"operator": "seed", "command": f"benefit adjust --year {year}"}
    ) as s:
        rule, text = adjustments.load_rule(path)
        plan = adjustments.plan(s, rule, text, path.name)
        if plan.existing_batch is not None:
            return 0
        return adjustments.apply(s, plan).people


def seed_corrections(database, rng: random.Random) -> int:
    info = {"operator": "seed", "command": "seed_benefits corrections"}
    with transaction(database, write=True, info=info) as s:
        query = select(Retiree).where(
            Retiree.status == Status.ACTIVE.value,
            Retiree.category.in_([Category.RETIRED.value, Category.TUIZHI.value]),
        )  # type: ignore[attr-defined]
        candidates = list(s.scalars(query.order_by(Retiree.id)))  # type: ignore[arg-type]
        chosen = rng.sample(candidates, len(STATES))
        for person, state in zip(chosen, STATES, strict=True):
            fixable = state in ("corrected", "answered")
            problem, component, (low, high) = rng.choice([p for p in PROBLEMS if p[2][1] or not fixable])
            found = date(2019, 3, 1) + timedelta(days=rng.randint(0, 600))
            case = corrections.open_(
                s, person, problem, found_on=found, source=rng.choice(["复核", "本人反映", "审计"])
            )
            day = found
            if state == "found":
                continue
            if state == "investigating" or rng.random() < 0.4:
                for _ in range(rng.randint(1, 2)):
                    day += timedelta(days=rng.randint(2, 10))
                    corrections.inquire(
                        s,
                        case,
                        rng.choice(PLACES),
                        sent_on=day,
                        method=rng.choice(["函调", "实地"]),
                        matter="核实参加工作时间及工作经历",
                    )
                if state != "investigating" or rng.random() < 0.5:
                    for asked in corrections.inquiries(s, case):
                        day += timedelta(days=rng.randint(10, 40))
                        corrections.reply(s, case, "经查档案，情况属实", inquiry_id=asked.id, replied_on=day)
            if state == "investigating":
                continue
            if state == "no_error":
                corrections.no_error(s, case, "经核对档案和计发办法，待遇无误", on=day + timedelta(days=5))
                continue
            entries = [
                e
                for e in ledger_service.entries_for(s, person.id or 0)
                if e.component == component
                and e.reverses_id is None
                and PartialDate(2016, 1) <= e.effective <= PartialDate(2019, 1)
            ]
            if not entries:
                entries = [
                    e
                    for e in ledger_service.entries_for(s, person.id or 0)
                    if e.reverses_id is None and rules.BY_CODE[e.component].kind == rules.REGULAR
                ]
                component = entries[0].component
            target = rng.choice(entries)
            amount = max(0, target.amount_fen + rng.randint(low, high) // 10 * 10)
            line = rules.CorrectionLine(component, target.effective, amount)
            day += timedelta(days=rng.randint(5, 30))
            paid = rules.add_months(PartialDate(day.year, day.month), -1)
            corrections.correct(
                s,
                case,
                [line],
                finding="经核查确有差错，按规定更正",
                paid_through=paid,
                on=day,
                document=f"十矿退管〔{day.year}〕{rng.randint(1, 60)}号",
            )
            if state == "answered":
                corrections.answer(
                    s,
                    case,
                    "已将核查结果和补发（扣回）金额书面告知本人",
                    on=day + timedelta(days=rng.randint(3, 15)),
                )
    return len(STATES)


def seed_papers(database) -> int:
    count = 0
    with transaction(database, write=True, info={"operator": "seed", "command": "seed_benefits papers"}) as s:
        people = list(
            s.scalars(select(Retiree).where(Retiree.status != Status.MOVED.value).order_by(Retiree.id))
        )
        for year in (2019, 2020):
            for person in people:
                died = person.died_on
                if died is not None and died.year < year:
                    continue
                if person.category == Category.LIXIU.value:
                    papers = ["renmin_ribao", "henan_ribao", "laoren_chunqiu"]
                elif person.position == "副处级":
                    papers = ["renmin_ribao", "qiushi", "pingdingshan_ribao"]
                elif person.position in ("科长", "副科长"):
                    papers = ["pingdingshan_ribao", "kuanggong_bao"]
                else:
                    continue
                cadres.subscribe(s, person, year, papers)
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", required=True, help="the database (SQLite path or URL) with the roster loaded"
    )
    args = parser.parse_args(argv)
    database = open_database(args.db)
    rng = random.Random(SEED)
    try:
        with transaction(database, write=False) as s:
            if s.scalars(select(Retiree.id).limit(1)).first() is None:
                print(
                    "seed_benefits: the roster is empty; import sample_data/roster.xlsx first",
                    file=sys.stderr,
                )
                return 1
            if ledger_service.list_entries(s, limit=1):
                print("seed_benefits: the ledger already has entries; nothing done", file=sys.stderr)
                return 0
        entries = seed_initial(database, rng)
        done: set[int] = set()
        handled = adjusted = 0
        for year in YEARS:
            handled += seed_deaths(database, rng, PartialDate(year, 1), done)
            adjusted += seed_adjustment(database, year)
        handled += seed_deaths(database, rng, None, done)
        cases = seed_corrections(database, rng)
        papers = seed_papers(database)
    finally:
        database.dispose()
    print(
        f"seed_benefits: {entries} first entries, {adjusted} yearly increases (2016–2020), {handled} deaths, "
        f"{cases} corrections, {papers} cadre-years of newspapers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
