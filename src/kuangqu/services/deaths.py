"""A retiree's death: status 已故, regular benefits stopped from the following month, the one-off items
due (丧葬费, 抚恤金), anything paid after the death reversed and recovered, and optionally a survivor
household (遗属户) with its monthly support. Also the check that flags benefits after a death.

Default one-off amounts are the office's data, never constants: the [benefit] table of the
KUANGQU_CONFIG file (funeral_grant = "5000.00", lump_sum = "…" or lump_sum_months = 10) or the
environment (KUANGQU_FUNERAL_GRANT, KUANGQU_LUMP_SUM, KUANGQU_LUMP_SUM_MONTHS).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, Problem, RuleViolation
from kuangqu.models.enums import Category, HouseholdKind, Status
from kuangqu.models.ledger import LedgerEntry
from kuangqu.models.registry import Household, Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.money import parse_yuan
from kuangqu.services import audit, households, retirees
from kuangqu.services import ledger as ledger_service
from kuangqu.validate import RetireeInput


@dataclass(frozen=True)
class Defaults:
    funeral_grant_fen: int | None = None
    lump_sum_fen: int | None = None
    lump_sum_months: int | None = None


def configured_defaults() -> Defaults:
    values: dict[str, object] = {}
    config_file = os.environ.get("KUANGQU_CONFIG")
    if config_file and Path(config_file).is_file():
        with open(config_file, "rb") as fh:
            values.update(tomllib.load(fh).get("benefit", {}))
    for key in ("funeral_grant", "lump_sum", "lump_sum_months"):
        env = os.environ.get(f"KUANGQU_{key.upper()}")
        if env:
            values[key] = env
    months = values.get("lump_sum_months")
    return Defaults(
        funeral_grant_fen=parse_yuan(str(values["funeral_grant"])) if "funeral_grant" in values else None,
        lump_sum_fen=parse_yuan(str(values["lump_sum"])) if "lump_sum" in values else None,
        lump_sum_months=int(str(months)) if months is not None else None,
    )


@dataclass
class Survivor:
    person: RetireeInput
    support_fen: int | None = None


@dataclass
class Death:
    died_on: PartialDate
    funeral_grant_fen: int | None = None
    lump_sum_fen: int | None = None
    reason: str | None = None
    document: str | None = None
    paid_through: PartialDate | None = None  # the last month already paid (overpayment is recovered)
    survivor: Survivor | None = None
    use_defaults: bool = True


@dataclass
class DeathResult:
    retiree: Retiree
    stopped: list[LedgerEntry] = field(default_factory=list)
    reversed: list[LedgerEntry] = field(default_factory=list)
    one_offs: list[LedgerEntry] = field(default_factory=list)
    recovery: LedgerEntry | None = None
    survivor: Retiree | None = None
    household: Household | None = None
    support: LedgerEntry | None = None


def record_death(
    session: Session, retiree: Retiree, data: Death, *, today: date | None = None
) -> DeathResult:
    today = today or date.today()
    if data.died_on.month is None:
        raise RuleViolation("ledger.month_precision", value=str(data.died_on))
    if data.died_on.first_day() > today:
        raise RuleViolation("death.in_future", day=str(data.died_on))
    if (
        retiree.status == Status.DECEASED.value
        and retiree.died_on is not None
        and retiree.died_on != data.died_on
    ):
        raise Conflict("death.date_differs", stored=str(retiree.died_on), given=str(data.died_on))
    death_month = rules.month_of(data.died_on)
    stop = rules.add_months(death_month, 1)
    entries = ledger_service.entries_for(session, retiree.id or 0)
    before = ledger_service.facts(entries)
    live = rules.live(before)
    if retiree.status == Status.DECEASED.value and _handled(live, stop):
        raise Conflict("death.already_recorded", name=retiree.name, died=str(retiree.died_on))

    result = DeathResult(retiree)
    changes = [
        retirees.Change(name, getattr(retiree, name), value)
        for name, value in (("status", Status.DECEASED.value), ("died_on", data.died_on))
        if getattr(retiree, name) != value
    ]
    retirees.apply_changes(session, retiree, changes, action="retiree.died", reason=data.reason)

    appender = ledger_service.Appender(session)
    appender.prepare([retiree.id or 0])
    why = f"死亡停发（{data.died_on}）" + (f"：{data.reason}" if data.reason else "")
    # Entries that raised a level after the death (e.g. a later year's increase) no longer count.
    for f in live:
        if (
            rules.BY_CODE[f.component].kind == rules.REGULAR
            and f.amount_fen > 0
            and f.effective > death_month
        ):
            target = next(e for e in entries if e.id == f.id)
            result.reversed.append(
                ledger_service.reverse(session, target.id or 0, why[:500], appender=appender, audited=False)
            )
    levels = rules.levels_at(before + ledger_service.facts(result.reversed), stop)
    for code in rules.REGULAR_CODES:
        if levels[code] > 0:
            result.stopped.append(
                appender.append(retiree.id or 0, stop, code, 0, why[:500], document=data.document)
            )
    appender.flush()

    through = data.paid_through or PartialDate(today.year, today.month)
    after = before + ledger_service.facts(result.reversed + result.stopped)
    overpaid = -rules.arrears_total(rules.arrears(before, after, stop, through))
    if overpaid > 0:
        result.recovery = appender.append(
            retiree.id or 0,
            PartialDate(today.year, today.month),
            "recovery",
            overpaid,
            f"死亡后多发待遇扣回（{stop}—{through}）",
            document=data.document,
        )

    defaults = configured_defaults() if data.use_defaults else Defaults()
    funeral = data.funeral_grant_fen if data.funeral_grant_fen is not None else defaults.funeral_grant_fen
    lump = data.lump_sum_fen if data.lump_sum_fen is not None else defaults.lump_sum_fen
    if lump is None and defaults.lump_sum_months:
        lump = defaults.lump_sum_months * rules.monthly_total(before, death_month)
    for code, amount in (("funeral_grant", funeral), ("lump_sum_compensation", lump)):
        if amount:
            label = rules.BY_CODE[code].zh
            result.one_offs.append(
                appender.append(
                    retiree.id or 0,
                    stop,
                    code,
                    amount,
                    f"{label}（{data.died_on}去世）",
                    document=data.document,
                )
            )
    appender.flush()
    if data.survivor is not None:
        _open_survivor(session, result, data.survivor, stop, appender)
    audit.record(
        session,
        "benefit.death",
        "retiree",
        retiree.id,
        new={
            "died_on": str(data.died_on),
            "stopped": [e.id for e in result.stopped],
            "reversed": [e.id for e in result.reversed],
            "one_offs": [e.id for e in result.one_offs],
            "recovery": result.recovery.id if result.recovery else None,
            "survivor_id": result.survivor.id if result.survivor else None,
        },
        reason=data.reason,
    )
    return result


def _handled(live: list[rules.Fact], stop: PartialDate) -> bool:
    """Benefits already stopped and the funeral grant already recorded."""
    stopped = not any(rules.levels_at(live, stop).values())
    return stopped and any(f.component == "funeral_grant" for f in live)


def _open_survivor(
    session: Session,
    result: DeathResult,
    survivor: Survivor,
    start: PartialDate,
    appender: ledger_service.Appender,
) -> None:
    person = retirees.find_by_id_number(session, survivor.person.id_number)
    if person is None:
        survivor.person.category = Category.SURVIVOR.value
        person = retirees.register(session, survivor.person)
    elif person.name != survivor.person.name:
        from kuangqu.rules.masking import mask_id

        raise Conflict(
            "retiree.identity_conflict",
            id_number=mask_id(person.id_number),
            name=person.name,
            internal=person.id,
        )
    result.survivor = person
    existing = session.scalars(select(Household).where(Household.head_id == person.id)).first()
    result.household = existing or households.create(session, person, kind=HouseholdKind.SURVIVOR.value)
    if survivor.support_fen:
        result.support = appender.append(
            person.id or 0,
            start,
            "survivor_support",
            survivor.support_fen,
            f"遗属补助（{result.retiree.name}去世）",
        )
        appender.flush()
        audit.record(
            session,
            "benefit.add",
            "ledger_entry",
            result.support.id,
            new={"retiree_id": person.id, "component": "survivor_support"},
        )


def entries_after_death(session: Session) -> list[Problem]:
    """Regular benefits after a death: an entry raising a level after the death month, or a level
    still above zero in the month after it."""
    dead = list(
        session.scalars(
            select(Retiree)
            .where(Retiree.status == Status.DECEASED.value, Retiree.died_on.is_not(None))  # type: ignore[union-attr]
            .order_by(Retiree.id)  # type: ignore[arg-type]
        )
    )
    dead = [p for p in dead if p.died_on is not None and p.died_on.month is not None]
    facts = ledger_service.facts_by_retiree(session, [p.id or 0 for p in dead])
    problems: list[Problem] = []
    for person in dead:
        assert person.died_on is not None
        month = rules.month_of(person.died_on)
        mine = facts.get(person.id or 0, [])
        late = [
            f
            for f in rules.live(mine)
            if rules.BY_CODE[f.component].kind == rules.REGULAR and f.amount_fen > 0 and f.effective > month
        ]
        for f in late:
            problems.append(
                Problem(
                    "ledger.entry_after_death",
                    {
                        "id": f.id,
                        "seq": f.seq,
                        "retiree_id": person.id,
                        "effective": str(f.effective),
                        "died": str(person.died_on),
                    },
                )
            )
        if not late and rules.monthly_total(mine, rules.add_months(month, 1)) > 0:
            problems.append(
                Problem("ledger.not_stopped", {"retiree_id": person.id, "died": str(person.died_on)})
            )
    return problems
