#!/usr/bin/env python3
"""Seed the sample mine's stability work for 2020 (deterministic), after the roster and households are loaded.

    .venv/bin/python sample_data/seed_stability.py --db PATH

Creates the grid leaders if there are none (a 片长 per area, a 楼长 per building, a 工作组长 per
work group; fictional names) and marks 36 key-support households if none is marked; then a
year of home visits by the leaders (a few households fall behind), housing-reform applications
from about 85% of households with about 70% passing all three reviews, 120 petitions across
channels, types and subjects in every status (some overdue, a few confidential accusations, two
group petitions, repeats, links to the relief applications and benefit corrections other seeds
made), dissuasion trips adding up to 62 person-times, the trips (65 retired cadres to 西安 and
新疆 in three groups, 20 model workers and work-injured retirees to the 汝州 spa), three teams,
26 awards, a teacher pool and its lectures, 5 banners and 36 letters of thanks, and temporary
jobs for retirees' children. Every step goes through kuangqu's services, one transaction per
step; one random.Random(20201231) picks everything, so the same database gives the same result.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from kuangqu.db import Database, open_database, transaction
from kuangqu.errors import KuangquError
from kuangqu.models.enums import GridLevel
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.models.stability import HousingApplication, Petition
from kuangqu.services import activities, grid, households, housing, petitions, visits

SEED = 20201231
YEAR_START, YEAR_END = date(2020, 1, 1), date(2020, 12, 31)
TODAY = date.today()
KEY_SUPPORT = 36
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
)
GIVEN = (  # noqa: SIM905 (two lines of names read better than thirty list items)
    "建军 卫东 志强 国庆 海涛 建华 红旗 保国 振华 立新 晓东 宏伟 永刚 新民 俊杰 "
    "秀英 桂兰 玉梅 春燕 丽华 红霞 淑珍 凤英 爱民 德胜 长青 金山 明亮 学文 书田"
).split()
STAFF = [
    "信访科 刘科长",
    "信访科 小王",
    "退管中心 张主任",
    "退管中心 李干事",
    "工会 赵副主席",
    "保卫科 孙科长",
]
# Dissuasion trips: (place, day, person-times persuaded to return) — 62 in all, as the office reported.
DISSUASIONS = [
    ("郑州", date(2020, 1, 14), 12),
    ("平顶山火车站", date(2020, 3, 2), 10),
    ("许昌", date(2020, 4, 20), 7),
    ("新城区", date(2020, 5, 28), 8),
    ("漯河", date(2020, 7, 9), 5),
    ("郑州", date(2020, 9, 24), 8),
    ("宝丰", date(2020, 10, 13), 6),
    ("平顶山火车站", date(2020, 12, 7), 6),
]
CHANNELS = {"letter": 28, "visit": 38, "phone": 20, "online": 14, "province": 12, "beijing": 8}
REQUESTS = {
    "benefit": [
        "要求核查并补发过渡性养老金",
        "反映待遇调整未到位，要求重新核定",
        "要求落实遗属生活困难补助",
        "反映工龄认定有误，要求更正待遇",
    ],
    "housing": ["对房改面积核定有异议，要求复核", "要求尽快办理房改房产权证", "反映房改申请久拖未办"],
    "relief": ["家庭困难，要求纳入日常救济", "要求提高救济档次", "反映春节救济金未领到"],
    "wage": ["要求补发退休前拖欠的工资", "反映退休前工资分配不公"],
    "other": [
        "反映家属区冬季供暖不足",
        "要求解决子女就业问题",
        "反映家属区道路破损",
        "要求解决工伤认定遗留问题",
    ],
}
SUGGESTIONS = [
    "建议增加老年活动室开放时间",
    "建议每年组织一次免费体检",
    "建议在家属区增设休息座椅",
    "建议救济标准随低保标准调整",
]
ACCUSATIONS = [
    "检举某区队负责人违规发放补贴",
    "控告某工作人员在救济评定中优亲厚友",
    "检举某单位虚报冒领救济金",
]
UNITS = {
    "benefit": "劳资科",
    "housing": "房改办",
    "relief": "退管中心",
    "wage": "劳资科",
    "other": "退管中心",
}
REJECT_REASONS = [
    "不属于本单位职责范围，已告知向社保机构反映",
    "诉求已通过诉讼程序处理",
    "同一事项已办结，无新的事实和理由",
]
OPINION_TEXT = {
    "supported": "经核查属实，予以支持，已按规定办理",
    "explained": "诉求合理但无政策依据，已当面解释说明",
    "not_supported": "经核查不符合政策规定，不予支持",
}
# Final states a petition is planned to reach (it stops earlier when a step would fall after 2020).
PLANS = {
    "closed": 50,
    "closed_rejected": 8,
    "closed_reviewed": 6,
    "closed_rereviewed": 4,
    "handled": 5,
    "accepted": 8,
    "registered": 3,
    "not_accepted": 2,
    "review_requested": 2,
    "reviewed": 2,
    "rereview_requested": 2,
    "rereviewed": 2,
}
# An open plan for a petition received before mid-October becomes its finished counterpart.
OPEN_PLANS = {
    "registered": "closed",
    "accepted": "closed",
    "review_requested": "closed_reviewed",
    "rereview_requested": "closed_rereviewed",
}
FINDINGS = [
    ("身体状况良好，生活正常", None, None),
    ("老伴住院，家中无人照料", "申请临时救济", "已转救济组核实"),
    ("暖气不热", "报修暖气", "已联系物业维修"),
    ("腿脚不便，行动困难", "希望上门代办认证", "已安排上门认证"),
    ("子女失业，家庭收入减少", "希望帮助子女就业", "已登记，推荐临时工作"),
    ("对待遇调整有疑问", "要求解释调整标准", "已当面解释"),
]


def step(db: Database, name: str) -> Any:
    print(f"· {name}", file=sys.stderr)
    return transaction(
        db, write=True, info={"operator": "seed_stability", "command": f"seed_stability: {name}"}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", required=True, help="database file or URL (roster and households loaded)")
    args = parser.parse_args()
    db = open_database(args.db)
    try:
        seed(db, random.Random(SEED))
    except KuangquError as exc:
        print(f"seed_stability: {exc.message()}", file=sys.stderr)
        raise SystemExit(int(exc.exit_code)) from None
    finally:
        db.dispose()


class Names:
    """Fictional names, never the same twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while (name := self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)) in self.used:
            pass
        self.used.add(name)
        return name


def days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def seed(db: Database, rng: random.Random) -> None:
    names = Names(rng)
    with step(db, "check") as s:
        if not s.scalar(select(Household.id).limit(1)):
            raise SystemExit("seed_stability: no households; import roster.xlsx and households.xlsx first")
        if s.scalar(select(Petition.id).limit(1)) or s.scalar(select(HousingApplication.id).limit(1)):
            raise SystemExit(
                "seed_stability: petitions or housing applications exist already; seed a fresh database"
            )
    with step(db, "grid leaders") as s:
        make_leaders(s, rng, names)
    with step(db, "key-support households") as s:
        mark_key_support(s)
    with step(db, "home visits 2020") as s:
        seed_visits(s, rng)
    with step(db, "housing applications and reviews") as s:
        seed_housing(s, rng, names)
    with step(db, "petitions") as s:
        created = seed_petitions(s, rng, names)
    with step(db, "repeat petitions") as s:
        seed_repeats(s, rng, created)
    with step(db, "dissuasions") as s:
        seed_dissuasions(s, rng)
    with step(db, "activities and trips") as s:
        seed_activities(s, rng)
    with step(db, "teams and awards") as s:
        seed_teams_and_awards(s, rng)
    with step(db, "teacher pool and lectures") as s:
        seed_teachers(s, rng)
    with step(db, "thanks and temporary jobs") as s:
        seed_thanks_and_jobs(s, rng)
    print("seed_stability: done", file=sys.stderr)


# ------------------------------------------------------------------ the grid


def active_heads(s: Session) -> list[tuple[Household, Retiree]]:
    query = (
        select(Household, Retiree)
        .join(Retiree, Retiree.id == Household.head_id)
        .where(Retiree.status == "active")
        .order_by(Household.id)
    )
    return [(h, r) for h, r in s.execute(query).all()]


def make_leaders(s: Session, rng: random.Random, names: Names) -> None:
    existing = grid.leaders(s)
    for leader in existing:
        names.used.add(leader.name)
    if existing:
        return
    units: list[tuple[str, str]] = []
    for (area,) in s.execute(
        select(Retiree.area).where(Retiree.area.is_not(None)).distinct().order_by(Retiree.area)
    ):  # type: ignore[union-attr]
        units.append((GridLevel.AREA.value, area))
    pairs = s.execute(
        select(Retiree.area, Retiree.building)
        .where(Retiree.area.is_not(None), Retiree.building.is_not(None))  # type: ignore[union-attr]
        .distinct()
        .order_by(Retiree.area, Retiree.building)
    )
    units += [(GridLevel.BUILDING.value, f"{area}/{building}") for area, building in pairs]
    groups = s.execute(select(Retiree.work_group).where(Retiree.work_group.is_not(None)).distinct())  # type: ignore[union-attr]
    units += [
        (GridLevel.WORK_GROUP.value, g) for (g,) in sorted(groups, key=lambda row: _group_order(row[0]))
    ]
    for level, unit in units:
        grid.assign(
            s, level, unit, names(), phone=f"1383750{rng.randint(0, 9999):04d}", on=date(2019, 12, 20)
        )


def _group_order(name: str) -> tuple[int, str]:
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 0, name)


def mark_key_support(s: Session) -> None:
    """36 households given focused support (the office's report): the oldest, the sick, widows."""
    if s.scalar(select(Household.id).where(Household.key_support.is_(True)).limit(1)):  # type: ignore[attr-defined]
        return
    weight = {"serious_illness": 3, "pneumoconiosis": 3, "widowed": 2, "no_work_capacity": 2, "disability": 2}

    def need(pair: tuple[Household, Retiree]) -> tuple[int, int]:
        household, head = pair
        score = sum(weight.get(c, 0) for c in household.causes or []) + (
            3 if head.birth_date.year <= 1940 else 0
        )
        return (-score, household.id or 0)

    for household, _head in sorted(active_heads(s), key=need)[:KEY_SUPPORT]:
        households.set_facts(s, household, households.FactsUpdate(key_support=True))


def seed_visits(s: Session, rng: random.Random) -> None:
    """Each household visited through the year at its interval, mostly by its 楼长; a few fall behind."""
    leaders = {(g.level, g.unit): g for g in grid.leaders(s)}
    for household, head in active_heads(s):
        interval = visits.interval_for(household)
        keys = dict(visits.unit_keys(head))
        choices = [
            leaders.get((GridLevel.BUILDING.value, keys.get(GridLevel.BUILDING.value, ""))),
            leaders.get((GridLevel.AREA.value, keys.get(GridLevel.AREA.value, ""))),
            leaders.get((GridLevel.WORK_GROUP.value, keys.get(GridLevel.WORK_GROUP.value, ""))),
        ]
        stops_after = date(2020, 7, 1) if rng.random() < 0.04 else YEAR_END
        day = YEAR_START + days(rng, 1, min(40, interval))
        while day <= YEAR_END:
            who = rng.choices(choices, weights=[70, 15, 15])[0]
            finding, need, follow_up = FINDINGS[0] if rng.random() < 0.7 else rng.choice(FINDINGS[1:])
            visits.add(
                s,
                household,
                on=day,
                today=TODAY,
                leader=who,
                visitor=None if who else "退管中心干部",
                findings=finding,
                needs=need,
                follow_up=follow_up,
            )
            if day > stops_after:
                break
            late = rng.random() < 0.07
            day += timedelta(days=interval) + (days(rng, 5, 40) if late else -days(rng, 0, interval // 6))


# ------------------------------------------------------------------ housing reform


def seed_housing(s: Session, rng: random.Random, names: Names) -> None:
    """About 85% of households apply; about 70% of applications pass all three reviews."""
    everyone = list(s.scalars(select(Household).order_by(Household.id)))
    applying = sorted(rng.sample(everyone, round(len(everyone) * 0.85)), key=lambda h: h.id or 0)
    reviewers = ["单位 " + names(), "房改办 " + names(), "领导小组 " + names()]
    for household in applying:
        applied = date(2020, 3, 1) + days(rng, 0, 240)
        app = housing.apply(s, household, on=applied, today=TODAY)
        outcome = rng.choices(
            ["pass", "return1", "return2", "return3", "pending"], weights=[66, 11, 9, 6, 8]
        )[0]
        day = applied
        for number, stage in enumerate(app.stages, start=1):
            day += days(rng, 7, 25)
            if day > YEAR_END or (outcome == "pending" and number == rng.randint(1, 3)):
                break
            returned = outcome == f"return{number}"
            housing.review(
                s,
                app,
                stage=stage,
                passed=not returned,
                reviewer=reviewers[number - 1],
                on=day,
                today=TODAY,
                opinion=rng.choice(["住房面积、工龄核定不符", "材料不全，请补充产权证明"])
                if returned
                else "符合房改条件，同意",
            )
            if returned:
                break


# ------------------------------------------------------------------ petitions


def _table_rows(s: Session, table: str, sql: str) -> list[Any]:
    if table not in inspect(s.connection()).get_table_names():
        return []
    return list(s.execute(text(sql)).all())


def seed_petitions(s: Session, rng: random.Random, names: Names) -> list[int]:
    """116 petitions through the procedure; repeats are added by the next step."""
    people = list(s.scalars(select(Retiree).where(Retiree.status == "active").order_by(Retiree.id)))
    homes = [h for h, _r in active_heads(s)]
    corrections = _table_rows(s, "correction", "SELECT id, retiree_id FROM correction ORDER BY id")
    relief_apps = _table_rows(
        s, "relief_application", "SELECT id, household_id FROM relief_application ORDER BY id"
    )
    housing_apps = {a.household_id: a.id for a in housing.list_applications(s)}
    channels = [c for c, n in CHANNELS.items() for _ in range(n)]
    rng.shuffle(channels)
    channels = channels[:116]
    kinds = ["accusation"] * 8 + ["suggestion"] * 30 + ["claim"] * 78
    rng.shuffle(kinds)
    received = sorted(YEAR_START + days(rng, 1, 360) for _ in range(116))
    plans = list(PLANS)[1:]  # every final status appears: the first petitions get each plan once
    plans = plans + rng.choices(list(PLANS), weights=list(PLANS.values()), k=116 - len(plans))
    for index in range(len(PLANS) - 1, 116):
        # Later in the year a petition still open on 31 December is recent, not forgotten.
        if plans[index] in OPEN_PLANS and received[index] < date(2020, 10, 15):
            plans[index] = OPEN_PLANS[plans[index]]
    created: list[int] = []
    for index in range(116):
        kind, channel, on = kinds[index], channels[index], received[index]
        subject = (
            rng.choice(list(REQUESTS)) if kind != "accusation" else rng.choice(["wage", "relief", "other"])
        )
        data, link = _petitioner(
            s, rng, names, kind, subject, people, homes, corrections, relief_apps, housing_apps
        )
        data.update(
            received_on=on, channel=channel, petition_type=kind, subject=subject, handling_unit=UNITS[subject]
        )
        if index in (20, 70):  # two group petitions, each with its representatives
            reps = rng.sample(people, 3 if index == 20 else 5)
            data.update(
                petitioner_kind="retiree",
                retiree_id=reps[0].id,
                household_id=None,
                petitioner_name=reps[0].name,
                people_count=12 if index == 20 else 28,
                representatives=[r.name for r in reps],
                channel="visit" if index == 20 else "province",
                subject="benefit",
                request="集体反映统筹外补贴停发问题，要求恢复发放",
            )
            link = None
        petition, _warnings = petitions.register(s, petitions.PetitionInput(**data), today=TODAY)
        if link is not None:
            petitions.link(s, petition, *link)
        _procedure(s, rng, petition, plans[index])
        created.append(petition.id or 0)
    return created


def _petitioner(
    s: Session,
    rng: random.Random,
    names: Names,
    kind: str,
    subject: str,
    people: list[Retiree],
    homes: list[Household],
    corrections: list[Any],
    relief_apps: list[Any],
    housing_apps: dict[int, int],
) -> tuple[dict[str, Any], tuple[str, int] | None]:
    """Who petitions, and the record the petition led to (a correction, a relief or housing application)."""
    request = rng.choice(
        SUGGESTIONS if kind == "suggestion" else ACCUSATIONS if kind == "accusation" else REQUESTS[subject]
    )
    base: dict[str, Any] = {"request": request, "facts": "详见来信来访材料"}
    roll = rng.random()
    if kind == "claim" and subject == "benefit" and corrections and roll < 0.6:
        correction_id, retiree_id = rng.choice(corrections)
        person = s.get(Retiree, retiree_id)
        assert person is not None
        return {
            **base,
            "petitioner_kind": "retiree",
            "retiree_id": person.id,
            "petitioner_name": person.name,
        }, ("correction", int(correction_id))
    if kind == "claim" and subject == "relief" and relief_apps and roll < 0.6:
        app_id, household_id = rng.choice(relief_apps)
        home = s.get(Household, household_id)
        head = s.get(Retiree, home.head_id) if home else None
        assert home is not None and head is not None
        return {
            **base,
            "petitioner_kind": "household",
            "retiree_id": head.id,
            "household_id": home.id,
            "petitioner_name": head.name,
        }, ("relief_application", int(app_id))
    if kind == "claim" and subject == "housing" and roll < 0.7 and any(h.id in housing_apps for h in homes):
        home = rng.choice([h for h in homes if h.id in housing_apps])
        head = s.get(Retiree, home.head_id)
        assert head is not None
        return {
            **base,
            "petitioner_kind": "household",
            "retiree_id": head.id,
            "household_id": home.id,
            "petitioner_name": head.name,
        }, ("housing_application", housing_apps[home.id or 0])
    if roll < 0.12 or (kind == "accusation" and roll < 0.5):
        return {
            **base,
            "petitioner_kind": "outsider",
            "petitioner_name": names(),
            "contact": f"1393750{rng.randint(0, 9999):04d}",
        }, None
    person = rng.choice(people)
    return {
        **base,
        "petitioner_kind": "retiree",
        "retiree_id": person.id,
        "petitioner_name": person.name,
    }, None


def _procedure(s: Session, rng: random.Random, p: Petition, plan: str) -> None:
    """Take a petition through the steps its plan calls for; stop at a step that would fall after 2020."""

    def at(offset: timedelta, after: date | None = None) -> date | None:
        day = (after or last[0]) + offset
        if day > YEAR_END:
            return None
        last[0] = day
        return day

    last = [p.received_on]
    if plan == "registered":
        return
    late_decision = rng.random() < 0.05
    decided = at(days(rng, 16, 24) if late_decision else days(rng, 1, 14))
    if decided is None:
        return
    if plan in ("not_accepted", "closed_rejected"):
        petitions.reject(s, p, on=decided, today=TODAY, reason=rng.choice(REJECT_REASONS))
        if plan == "closed_rejected" and (closed := at(days(rng, 1, 10))):
            petitions.close(s, p, on=closed, today=TODAY)
        return
    petitions.accept(s, p, on=decided, today=TODAY)
    if plan == "accepted":
        return
    extended = rng.random() < 0.15
    if extended and (on := at(days(rng, 35, 55))):
        petitions.extend(
            s, p, days=rng.randint(10, 30), reason="需向外单位调查核实，情况复杂", on=on, today=TODAY
        )
    limit = 60 + (p.extension_days or 0)
    late = not extended and rng.random() < 0.05
    handled = at(days(rng, 61, 80) if late else days(rng, 10, 55), after=decided)
    if extended and handled is not None and p.extended_on and handled < p.extended_on:
        handled = at(days(rng, 1, max(1, limit - (p.extended_on - decided).days)), after=p.extended_on)
    if handled is None:
        return
    reviewing = plan in (
        "closed_reviewed",
        "closed_rereviewed",
        "review_requested",
        "reviewed",
        "rereview_requested",
        "rereviewed",
    )
    opinion = "not_supported" if reviewing else rng.choices(list(OPINION_TEXT), weights=[45, 40, 15])[0]
    petitions.handle(s, p, on=handled, today=TODAY, opinion=opinion, text=OPINION_TEXT[opinion])
    if plan == "handled":
        return
    if not reviewing:
        if closed := at(days(rng, 3, 20)):
            petitions.close(
                s, p, on=closed, today=TODAY, satisfaction=rng.choice(["满意", "满意", "基本满意"])
            )
        return
    steps = [
        ("request_review", days(rng, 5, 28), {}),
        ("review", days(rng, 31, 38) if rng.random() < 0.1 else days(rng, 10, 29), {"result": "维持"}),
        ("request_rereview", days(rng, 5, 28), {}),
        ("rereview", days(rng, 10, 29), {"result": "维持"}),
    ]
    stop = {"review_requested": 1, "reviewed": 2, "closed_reviewed": 2, "rereview_requested": 3}.get(plan, 4)
    for action, offset, kwargs in steps[:stop]:
        if (on := at(offset)) is None:
            return
        getattr(petitions, action)(s, p, on=on, today=TODAY, **kwargs)
    if plan.startswith("closed") and (closed := at(days(rng, 1, 10))):
        petitions.close(s, p, on=closed, today=TODAY, satisfaction="不满意" if stop == 4 else "基本满意")


def seed_repeats(s: Session, rng: random.Random, created: list[int]) -> None:
    """Four repeats in November and December; one repeats a re-reviewed matter and is not accepted."""
    closed = [
        p
        for p in (s.get(Petition, pid) for pid in created)
        if p is not None
        and p.status == "closed"
        and p.closed_on is not None
        and p.closed_on < date(2020, 11, 1)
    ]
    rereviewed = [p for p in closed if p.rereviewed_on is not None]
    others = [p for p in closed if p.rereviewed_on is None]
    chosen = rereviewed[:1] + rng.sample(others, min(len(others), 4 - len(rereviewed[:1])))
    for number, earlier in enumerate(chosen):
        data = petitions.PetitionInput(
            petitioner_kind=earlier.petitioner_kind,
            petitioner_name=earlier.petitioner_name,
            retiree_id=earlier.retiree_id,
            household_id=earlier.household_id,
            received_on=date(2020, 11, 5) + timedelta(days=9 * number),
            channel=rng.choice(["letter", "visit"]),
            petition_type=earlier.petition_type,
            subject=earlier.subject,
            request="再次反映：" + earlier.request,
            repeat_of_id=earlier.id,
            handling_unit=earlier.handling_unit,
        )
        petition, _warnings = petitions.register(s, data, today=TODAY)
        decided = petition.received_on + days(rng, 3, 12)
        if earlier.rereviewed_on is not None:
            petitions.reject(s, petition, on=decided, today=TODAY, reason="同一事项已复核终结，依法不再受理")
        elif number % 2:
            petitions.accept(s, petition, on=decided, today=TODAY)


def seed_dissuasions(s: Session, rng: random.Random) -> None:
    """Trips to persuade petitioners to come home, linked to the over-level petitions received near them."""
    over_level = list(
        s.scalars(
            select(Petition)
            .where(Petition.channel.in_(["province", "beijing"]))  # type: ignore[attr-defined]
            .order_by(Petition.received_on, Petition.id)
        )
    )
    for place, on, count in DISSUASIONS:
        near = [p.id or 0 for p in over_level if timedelta(0) <= on - p.received_on <= timedelta(days=20)]
        staff = "、".join(rng.sample(STAFF, 2))
        petitions.dissuade(
            s,
            petitions.DissuasionInput(
                on, place, staff, count, notes="做通思想工作，劝返回矿", petition_ids=near[:2]
            ),
            today=TODAY,
        )


# ------------------------------------------------------------------ care and activities

CADRE_POSITIONS = ("副处级", "科长", "高级工程师", "副科长", "工程师")


def seed_activities(s: Session, rng: random.Random) -> None:
    active = list(s.scalars(select(Retiree).where(Retiree.status == "active").order_by(Retiree.id)))
    cadres = [r for r in active if r.category == "lixiu"] + [
        r for r in active if r.category != "lixiu" and r.position in CADRE_POSITIONS
    ]
    chosen = cadres[:30] + rng.sample(cadres[30:], min(35, len(cadres[30:])))  # 65 on the sample mine
    groups = [
        ("离休及退休干部西安参观（第一批）", "西安", date(2020, 5, 11), date(2020, 5, 16), chosen[:22]),
        ("离休及退休干部西安参观（第二批）", "西安", date(2020, 6, 8), date(2020, 6, 13), chosen[22:43]),
        ("离休及退休干部新疆参观", "新疆", date(2020, 9, 1), date(2020, 9, 10), chosen[43:]),
    ]
    for name, place, start, end, party in groups:
        trip = activities.add_activity(s, name=name, kind="trip", place=place, start_on=start, end_on=end)
        for person in party:
            activities.join(s, trip, person)
    remarked = [r for r in active if r.remarks in ("劳模", "工伤")]
    spa_party = (
        remarked[:20]
        if len(remarked) >= 20
        else remarked
        + rng.sample(rest := [r for r in active if r not in remarked], min(len(rest), 20 - len(remarked)))
    )
    spa = activities.add_activity(
        s,
        name="劳模及工伤退休人员汝州温泉疗养",
        kind="sanatorium",
        place="汝州温泉",
        start_on=date(2020, 10, 19),
        end_on=date(2020, 10, 26),
    )
    for person in spa_party:
        activities.join(s, spa, person, note=person.remarks)
    meeting = activities.add_activity(
        s, name="离休干部迎春座谈会", kind="meeting", place="矿工会议室", start_on=date(2020, 1, 15)
    )
    for person in [r for r in active if r.category == "lixiu"]:
        activities.join(s, meeting, person)


def seed_teams_and_awards(s: Session, rng: random.Random) -> None:
    active = list(s.scalars(select(Retiree).where(Retiree.status == "active").order_by(Retiree.id)))
    women = [r for r in active if r.sex == "female"]
    men = [r for r in active if r.sex == "male"]
    teams = {}
    for name, pool, size, founded in (
        ("锣鼓秧歌队", women, 24, date(2012, 3, 8)),
        ("太极拳队", active, 18, date(2014, 5, 1)),
        ("门球队", men, 12, date(2010, 9, 1)),
    ):
        members = rng.sample(pool, min(size, len(pool)))
        team = activities.add_team(
            s, name=name, founded_on=founded, leader_name=members[0].name if members else None
        )
        for index, person in enumerate(members):
            activities.add_member(s, team, person, joined_on=founded, role="队长" if index == 0 else None)
        teams[name] = team
    awards = [
        ("锣鼓秧歌队", "平顶山市老年人文艺汇演一等奖", "市级"),
        ("锣鼓秧歌队", "集团公司元宵节文艺展演优秀节目奖", "集团"),
        ("锣鼓秧歌队", "河南省老年人健身展示活动优秀奖", "省级"),
        ("锣鼓秧歌队", "新华区广场文化节二等奖", "市级"),
        ("锣鼓秧歌队", "矿庆祝建党99周年文艺演出一等奖", "矿级"),
        ("锣鼓秧歌队", "集团公司重阳节文艺汇演二等奖", "集团"),
        ("锣鼓秧歌队", "平顶山市社区文化活动先进集体", "市级"),
        ("锣鼓秧歌队", "矿职工文艺汇演组织奖", "矿级"),
        ("太极拳队", "河南省老年人太极拳比赛集体三等奖", "省级"),
        ("太极拳队", "平顶山市太极拳邀请赛一等奖", "市级"),
        ("太极拳队", "集团公司老年健身大赛二等奖", "集团"),
        ("太极拳队", "平顶山市全民健身先进集体", "市级"),
        ("太极拳队", "矿老年体育比赛第一名", "矿级"),
        ("门球队", "集团公司老年门球赛冠军", "集团"),
        ("门球队", "平顶山市老年门球赛亚军", "市级"),
        ("门球队", "河南省煤炭系统门球赛第三名", "省级"),
        ("门球队", "矿老年门球联赛冠军", "矿级"),
        ("门球队", "集团公司门球邀请赛体育道德风尚奖", "集团"),
        ("门球队", "平顶山市老年人运动会门球第四名", "市级"),
        (None, "平顶山市敬老模范单位", "市级"),
        (None, "集团公司退管工作先进单位", "集团"),
        (None, "河南省老龄工作先进集体", "省级"),
        ("person", "集团公司优秀离退休老党员", "集团"),
        ("person", "平顶山市健康老人", "市级"),
        ("person", "集团公司退管工作先进个人", "集团"),
        ("person", "矿关心下一代工作先进个人", "矿级"),
    ]
    for index, (winner, name, level) in enumerate(awards):
        on = date(2020, 1, 20) + timedelta(days=index * 13)
        team = teams.get(winner) if winner not in (None, "person") else None
        person = rng.choice(active) if winner == "person" else None
        activities.add_award(s, name=name, level=level, awarded_on=on, team=team, person=person)


def seed_teachers(s: Session, rng: random.Random) -> None:
    active = list(s.scalars(select(Retiree).where(Retiree.status == "active").order_by(Retiree.id)))
    engineers = [r for r in active if r.position in ("高级工程师", "工程师")]
    managers = [r for r in active if r.position in ("副处级", "科长")]
    pool = [(r, ["安全", "技术"]) for r in rng.sample(engineers, min(9, len(engineers)))] + [
        (r, ["管理", "安全"]) for r in rng.sample(managers, min(6, len(managers)))
    ]
    topics = {
        "安全": ["瓦斯防治与通风管理", "顶板事故案例分析", "煤矿安全规程解读"],
        "技术": ["综采工作面设备维护", "掘进工艺改进经验", "机电设备故障诊断"],
        "管理": ["班组建设与管理", "区队成本核算", "安全质量标准化管理"],
    }
    audiences = ["采煤一队", "采煤二队", "掘进一队", "机电队", "通风区", "新入矿职工培训班"]
    teachers = []
    for person, subjects in pool:
        teachers.append(
            (activities.add_teacher(s, person, subjects=subjects, added_on=date(2019, 12, 1)), subjects)
        )
    for number in range(22):
        teacher, subjects = teachers[number % len(teachers)]
        subject = rng.choice(subjects)
        activities.add_lecture(
            s,
            teacher,
            given_on=date(2020, 1, 8) + timedelta(days=number * 16),
            topic=rng.choice(topics[subject]),
            subject=subject,
            audience=rng.choice(audiences),
            attendees=rng.randint(20, 60),
        )


def seed_thanks_and_jobs(s: Session, rng: random.Random) -> None:
    active = list(s.scalars(select(Retiree).where(Retiree.status == "active").order_by(Retiree.id)))
    abouts = [
        "帮助料理老人后事",
        "雪中送炭发放救济",
        "定期上门看望",
        "帮助解决子女就业",
        "协助办理待遇认证",
        "帮助解决住房困难",
        "住院期间前来探望",
    ]
    for kind, count in (("锦旗", 5), ("感谢信", 36)):
        for number in range(count):
            on = date(2020, 1, 10) + timedelta(days=(number * 353) // count + rng.randint(0, 5))
            family = rng.choice(active).name + rng.choice(["家属", "及子女", "老伴"])
            activities.add_thanks(s, kind=kind, received_on=on, from_whom=family, about=rng.choice(abouts))
    unemployed = s.execute(
        select(HouseholdMember, Household)
        .join(Household, Household.id == HouseholdMember.household_id)
        .where(
            HouseholdMember.relation == "child",
            HouseholdMember.work_status == "失业",
            HouseholdMember.removed_on.is_(None),
        )  # type: ignore[union-attr]
        .order_by(HouseholdMember.id)
    ).all()
    employers = [
        ("洗煤厂", "临时装卸工"),
        ("矿物业公司", "保洁员"),
        ("矿区绿化队", "绿化工"),
        ("职工食堂", "帮厨"),
        ("矿供应科", "仓库保管员"),
    ]
    for member, household in rng.sample(unemployed, min(12, len(unemployed))):
        parent = s.get(Retiree, household.head_id)
        assert parent is not None
        employer, job = rng.choice(employers)
        start = date(2020, 3, 1) + days(rng, 0, 240)
        activities.add_job(
            s,
            parent,
            child_name=member.name,
            employer=employer,
            job=job,
            start_on=start,
            end_on=start + days(rng, 60, 180) if rng.random() < 0.5 else None,
        )


if __name__ == "__main__":
    main()
