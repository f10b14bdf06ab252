"""Deterministic synthetic data for the benchmark: a roster workbook and the databases built from it.

For each size N the roster .xlsx (20 columns, the office's layout) is written by
sample_data/generate.py with a fixed seed — the same bytes every time, so it is cached between
runs (about a minute at 100k). From it: an empty migrated database; the roster database, loaded
once through the real `kuangqu import retirees`; and the full database, which adds through
SQLAlchemy Core (the services would take minutes at this size) a household per retiree with
members, incomes and causes, the relief standard (through `kuangqu relief standard load`), a
year of relief payments, and the benefit ledger: N × ledger_rows / 100,000 entries whose hash
chains are computed with rules.ledger.entry_hash, so `kuangqu check` passes on it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20200101
REFERENCE_SIZE = 100_000  # --ledger-rows is the count at the mining group's size; smaller sizes scale
LAST_MONTH = 2020 * 12 + 11  # December 2020: the data's "today"
OPERATOR = "bench"

Log = Callable[[str], None]


@dataclass
class SizeData:
    """What the scenarios of one size run against."""

    size: int
    roster: Path  # the roster workbook
    standard: Path  # relief-standard.toml written beside it
    empty_db: Path  # migrated, no rows
    roster_db: Path  # after one `kuangqu import retirees`
    full_db: Path  # + households, relief standard and payments, benefit ledger
    sample_id: int  # a retiree in the middle of the roster (retiree show, benefit card)
    sample_name: str  # their name (retiree search)
    households: int = 0
    members: int = 0
    payments: int = 0
    ledger_rows: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "size": self.size,
            "households": self.households,
            "members": self.members,
            "relief_payments": self.payments,
            "ledger_rows": self.ledger_rows,
            "roster_bytes": self.roster.stat().st_size,
        }


# ---------------------------------------------------------------- processes


def kuangqu_command() -> list[str]:
    """The installed `kuangqu` script beside this interpreter, else `python -m kuangqu`."""
    script = Path(sys.executable).with_name("kuangqu")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "kuangqu"]


def child_env() -> dict[str, str]:
    """A clean environment for kuangqu children: no inherited database, a fixed operator and width."""
    env = dict(os.environ)
    for name in ("KUANGQU_DB", "KUANGQU_DATABASE_URL", "KUANGQU_DB_KEY", "KUANGQU_CONFIG", "KUANGQU_DEBUG"):
        env.pop(name, None)
    env.update({"KUANGQU_OPERATOR": OPERATOR, "KUANGQU_LANG": "zh", "KUANGQU_WIDTH": "200"})
    return env


def run_kuangqu(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*kuangqu_command(), *args], cwd=cwd, env=child_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"kuangqu {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}")
    return done


# ---------------------------------------------------------------- the roster workbook


def generator_script() -> Path:
    """sample_data/generate.py of this checkout (the benchmark runs from a source tree)."""
    import kuangqu

    script = Path(kuangqu.__file__).resolve().parents[2] / "sample_data" / "generate.py"
    if not script.is_file():
        raise SystemExit(f"the benchmark needs a source checkout: {script} not found")
    return script


def roster_files(size: int, cache_dir: Path, log: Log) -> Path:
    """The folder holding roster.xlsx and relief-standard.toml for `size`, generated once and cached."""
    folder = cache_dir / f"roster-{size}-seed{SEED}"
    if (folder / "roster.xlsx").is_file() and (folder / "relief-standard.toml").is_file():
        return folder
    log(f"generating the {size:,}-retiree roster (sample_data/generate.py, cached in {folder})")
    tmp = cache_dir / f".tmp-roster-{size}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    # One household only: the benchmark's households are inserted below, one per retiree.
    subprocess.run(
        [
            sys.executable,
            str(generator_script()),
            "--retirees",
            str(size),
            "--households",
            "1",
            "--out",
            str(tmp),
            "--seed",
            str(SEED),
        ],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)
    return folder


# ---------------------------------------------------------------- databases


def prepare(size: int, work: Path, cache_dir: Path, ledger_rows: int, log: Log) -> SizeData:
    """Every file the scenarios of `size` need, under `work/<size>/` (reused when already built)."""
    folder = roster_files(size, cache_dir, log)
    base = work / str(size)
    base.mkdir(parents=True, exist_ok=True)
    empty, roster_db, full = base / "empty.db", base / "roster.db", base / "full.db"
    info_path = base / "data.json"
    if not empty.exists():
        log(f"[{size:,}] creating an empty database")
        run_kuangqu(["--db", str(empty), "db", "upgrade"], base)
    if not roster_db.exists():
        log(f"[{size:,}] importing the roster once (kuangqu import retirees)")
        copy_db(empty, base / "roster.tmp.db")
        done = run_kuangqu(
            [
                "--db",
                str(base / "roster.tmp.db"),
                "import",
                "retirees",
                str(folder / "roster.xlsx"),
                "--format",
                "json",
            ],
            base,
        )
        created = json.loads(done.stdout)["created"]
        if created != size:
            raise RuntimeError(f"the import created {created} retirees, expected {size}")
        move_db(base / "roster.tmp.db", roster_db)
    if not full.exists() or not info_path.exists():
        tmp = base / "full.tmp.db"
        copy_db(roster_db, tmp)
        log(f"[{size:,}] loading the relief standard (kuangqu relief standard load)")
        run_kuangqu(
            ["--db", str(tmp), "relief", "standard", "load", str(folder / "relief-standard.toml")], base
        )
        counts = fill(tmp, size, ledger_rows_for(size, ledger_rows), log)
        move_db(tmp, full)
        info_path.write_text(json.dumps(counts), encoding="utf-8")
    counts = json.loads(info_path.read_text(encoding="utf-8"))
    return SizeData(
        size=size,
        roster=folder / "roster.xlsx",
        standard=folder / "relief-standard.toml",
        empty_db=empty,
        roster_db=roster_db,
        full_db=full,
        sample_id=counts["sample_id"],
        sample_name=counts["sample_name"],
        households=counts["households"],
        members=counts["members"],
        payments=counts["payments"],
        ledger_rows=counts["ledger_rows"],
    )


def ledger_rows_for(size: int, ledger_rows: int) -> int:
    return round(ledger_rows * size / REFERENCE_SIZE)


def copy_db(source: Path, target: Path) -> None:
    """A copy of a closed SQLite database (its WAL checkpointed at close, so the file is whole)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)


def move_db(source: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(source) + suffix).unlink(missing_ok=True)
    source.replace(target)


def fill(path: Path, size: int, ledger_rows: int, log: Log) -> dict[str, Any]:
    """Households, relief payments and the ledger, each in one transaction through SQLAlchemy Core."""
    from sqlalchemy import select

    from kuangqu.db import open_database, transaction
    from kuangqu.models.registry import Retiree

    database = open_database(str(path))
    try:
        with transaction(database, write=False) as s:
            people = s.execute(
                select(
                    Retiree.id,
                    Retiree.name,
                    Retiree.id_number,
                    Retiree.id_number_original,
                    Retiree.sex,
                    Retiree.birth_date,
                    Retiree.category,
                    Retiree.status,
                    Retiree.retired_on,
                    Retiree.died_on,
                ).order_by(Retiree.id)
            ).all()
        log(f"[{size:,}] inserting {len(people):,} households with members (Core)")
        with transaction(database, write=True, info={"operator": OPERATOR}) as s:
            households, members, poor = insert_households(s, people)
        log(f"[{size:,}] inserting a year of relief payments (Core)")
        with transaction(database, write=True, info={"operator": OPERATOR}) as s:
            payments = insert_payments(s, poor)
        log(f"[{size:,}] inserting {ledger_rows:,} benefit ledger entries with their hash chains (Core)")
        with transaction(database, write=True, info={"operator": OPERATOR}) as s:
            entries = insert_ledger(s, people, ledger_rows)
    finally:
        database.dispose()
    middle = people[len(people) // 2]
    return {
        "households": households,
        "members": members,
        "payments": payments,
        "ledger_rows": entries,
        "sample_id": middle.id,
        "sample_name": middle.name,
    }


# ---------------------------------------------------------------- households

_GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "杰", "军", "勇", "丽", "涛", "超", "霞")
_CAUSES = (
    "serious_illness",
    "disability",
    "school_children",
    "unemployed",
    "laid_off",
    "pneumoconiosis",
    "work_injury",
    "accident",
    "no_work_capacity",
)
_HEALTH = ("healthy", "healthy", "healthy", "chronic", "serious", "disabled")


def _yuan(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, high) * 100


def insert_households(session: Any, people: Sequence[Any]) -> tuple[int, int, list[tuple[int, str]]]:
    """One household per retiree (the head), 1–5 members with incomes; about 30% poor, with causes.

    Returns (households, members, [(household_id, tier)] of the poor ones, for the payments).
    """
    from sqlalchemy import insert

    from kuangqu.models.base import utcnow
    from kuangqu.models.registry import Household, HouseholdMember

    rng = random.Random(SEED + 1)
    now = utcnow()
    homes: list[dict[str, Any]] = []
    folks: list[dict[str, Any]] = []
    poor: list[tuple[int, str]] = []
    for number, person in enumerate(people, start=1):
        is_poor = rng.random() < 0.3
        causes = (
            rng.sample(_CAUSES, rng.randint(1, 2))
            if is_poor
            else ([rng.choice(_CAUSES)] if rng.random() < 0.1 else [])
        )
        if is_poor:
            rigid: int | None = _yuan(rng, 2000, 20000)
        else:
            rigid = None if rng.random() < 0.1 else _yuan(rng, 0, 3000)
        homes.append(
            {
                "id": number,
                "household_no": f"H{number:06d}",
                "head_id": person.id,
                "kind": "survivor" if person.category == "survivor" else "retiree",
                "annual_rigid_expenses_fen": rigid,
                "causes": causes,
                "exclusions": [rng.choice(("two_homes", "private_car"))] if rng.random() < 0.02 else [],
                "facts_recorded": True,
                "key_support": is_poor and rng.random() < 0.1,
                "visit_interval_days": None,
                "remarks": None,
                "created_at": now,
                "updated_at": now,
            }
        )
        if is_poor and person.status == "active":
            poor.append((number, rng.choices("ABC", (4, 4, 2))[0]))
        member = {
            "household_id": number,
            "retiree_id": None,
            "id_number": None,
            "id_number_original": None,
            "sex": None,
            "birth_date": None,
            "health": None,
            "disability_grade": None,
            "schooling": None,
            "work_status": None,
            "removed_on": None,
            "created_at": now,
        }
        folks.append(
            {
                **member,
                "retiree_id": person.id,
                "name": person.name,
                "id_number": person.id_number,
                "id_number_original": person.id_number_original,
                "sex": person.sex,
                "birth_date": person.birth_date,
                "relation": "self",
                "health": rng.choice(_HEALTH),
                "monthly_income_fen": _yuan(rng, 800, 2000) if is_poor else _yuan(rng, 2000, 4500),
            }
        )
        surname = person.name[0]
        if rng.random() < 0.6:
            folks.append(
                {
                    **member,
                    "name": rng.choice("王李张刘陈杨赵黄") + rng.choice(_GIVEN),
                    "relation": "spouse",
                    "health": rng.choice(_HEALTH),
                    "monthly_income_fen": _yuan(rng, 0, 800) if is_poor else _yuan(rng, 0, 3000),
                }
            )
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            folks.append(
                {
                    **member,
                    "name": surname + rng.choice(_GIVEN) + rng.choice(_GIVEN),
                    "relation": "child",
                    "health": rng.choice(_HEALTH),
                    "monthly_income_fen": _yuan(rng, 0, 1000) if is_poor else _yuan(rng, 1500, 5000),
                }
            )
    for chunk in _chunks(homes, 20_000):
        session.execute(insert(Household.__table__), chunk)  # type: ignore[attr-defined]
    for chunk in _chunks(folks, 20_000):
        session.execute(insert(HouseholdMember.__table__), chunk)  # type: ignore[attr-defined]
    return len(homes), len(folks), poor


def insert_payments(session: Any, poor: Sequence[tuple[int, str]]) -> int:
    """An approved daily-relief application per poor household (decided in December 2019, re-check
    due mid-2021), then daily relief every month of 2020 for tiers with a monthly amount and the 2020
    Spring Festival relief — what `relief pay` and `relief festival` would have written."""
    from sqlalchemy import insert, select

    from kuangqu.models.base import utcnow
    from kuangqu.models.relief import ReliefApplication, ReliefPayment, ReliefStandard
    from kuangqu.services.relief import standards

    row = session.scalars(select(ReliefStandard).order_by(ReliefStandard.id)).first()
    standard = standards.parsed(row)
    tiers = {tier.code: tier for tier in standard.tiers}
    now = utcnow()
    applications: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for number, (household_id, code) in enumerate(poor, start=1):
        tier = tiers.get(code) or standard.tiers[-1]
        applications.append(
            {
                "id": number,
                "household_id": household_id,
                "kind": "daily",
                "status": "approved",
                "applied_on": date(2019, 11, 1),
                "reason": None,
                "requested_amount_fen": None,
                "approved_amount_fen": None,
                "reviewed_on": date(2019, 11, 10),
                "visit_ref": None,
                "visit_on": None,
                "notice_from": date(2019, 12, 1),
                "notice_days": 7,
                "decided_on": date(2019, 12, 15),
                "decision_reason": None,
                "assessment_id": None,
                "standard_id": row.id,
                "tier": tier.code,
                "next_review_on": date(2021, 6, 30),
                "closed_on": None,
                "created_at": now,
                "updated_at": now,
            }
        )
        common = {
            "household_id": household_id,
            "attempt": 0,
            "tier": tier.code,
            "application_id": number,
            "standard_id": row.id,
            "reversal_of": None,
            "reason": None,
            "created_at": now,
        }
        if tier.festival_relief_fen > 0:
            rows.append(
                {
                    **common,
                    "kind": "festival",
                    "period": "2020-春节",
                    "amount_fen": tier.festival_relief_fen,
                    "paid_on": date(2020, 1, 20),
                }
            )
        if tier.monthly_relief_fen > 0:
            for month in range(1, 13):
                rows.append(
                    {
                        **common,
                        "kind": "daily",
                        "period": f"2020-{month:02d}",
                        "amount_fen": tier.monthly_relief_fen,
                        "paid_on": date(2020, month, 10),
                    }
                )
    for chunk in _chunks(applications, 20_000):
        session.execute(insert(ReliefApplication.__table__), chunk)  # type: ignore[attr-defined]
    for chunk in _chunks(rows, 20_000):
        session.execute(insert(ReliefPayment.__table__), chunk)  # type: ignore[attr-defined]
    return len(rows)


# ---------------------------------------------------------------- the benefit ledger


def _month(index: int) -> Any:
    from kuangqu.rules.dates import PartialDate

    year, zero_based = divmod(index, 12)
    return PartialDate(year, zero_based + 1)


def _month_index(value: Any, default: int) -> int:
    if value is None:
        return default
    return value.year * 12 + (value.month or 1) - 1


def ledger_plan(
    rng: random.Random, count: int, first: int, last: int, dead: bool
) -> list[tuple[int, str, int, str]]:
    """`count` entries (month index, component, fen, reason) of one person, in chain order.

    Starting levels in the retirement month; a January adjustment of the basic pension each year
    up to 2020 (the latest years first chosen); allowance changes when there are too few Januaries;
    for the dead, the levels set to zero in the month after death (as `kuangqu check` expects).
    """
    basic, transitional, allowance = _yuan(rng, 1500, 3500), _yuan(rng, 0, 400), _yuan(rng, 50, 300)
    base = [
        ("basic_pension", basic, "起始待遇"),
        ("transitional_pension", transitional, "起始待遇"),
        ("allowance", allowance, "起始待遇"),
    ][:count]
    stops = 3 if dead and count >= 6 else 0
    middle = count - len(base) - stops
    januaries = [m for m in range(first + 1, last + 1) if m % 12 == 0][-middle:] if middle > 0 else []
    plan = [(first, c, a, r) for c, a, r in base]
    for month in januaries:
        basic += _yuan(rng, 50, 150)
        plan.append((month, "basic_pension", basic, f"{month // 12}年基本养老金调整"))
    for k in range(middle - len(januaries)):
        allowance += _yuan(rng, 10, 50)
        plan.append((min(first + 1 + k, last), "allowance", allowance, "补贴标准变动"))
    plan.sort(key=lambda item: item[0])  # stable: same-month entries keep their order
    if stops:
        plan += [(last + 1, c, 0, "死亡停发") for c in ("basic_pension", "transitional_pension", "allowance")]
    return plan


def insert_ledger(session: Any, people: Sequence[Any], total: int) -> int:
    """`total` entries spread over everyone, each person's chain hashed as the ledger service does."""
    from sqlalchemy import insert

    from kuangqu.models.ledger import LedgerEntry
    from kuangqu.rules.ledger import GENESIS, entry_hash

    if not people or total <= 0:
        return 0
    rng = random.Random(SEED + 2)
    per, extra = divmod(total, len(people))
    clock = datetime(2021, 1, 1, tzinfo=UTC)
    tick = 0
    table = LedgerEntry.__table__  # type: ignore[attr-defined]
    written = 0
    batch: list[dict[str, Any]] = []
    for position, person in enumerate(people):
        count = per + (1 if position < extra else 0)
        dead = person.status == "deceased" and person.died_on is not None
        last = min(_month_index(person.died_on, LAST_MONTH), LAST_MONTH) if dead else LAST_MONTH
        first = min(_month_index(person.retired_on, 2010 * 12), last)
        prev = GENESIS
        for seq, (month, component, amount, reason) in enumerate(
            ledger_plan(rng, count, first, last, dead), start=1
        ):
            tick += 1
            values = {
                "retiree_id": person.id,
                "seq": seq,
                "effective": _month(month),
                "component": component,
                "amount_fen": amount,
                "reason": reason,
                "document": None,
                "reverses_id": None,
                "batch_id": None,
                "correction_id": None,
                "recorded_at": clock + timedelta(seconds=tick),
                "operator": OPERATOR,
            }
            values["prev_hash"] = prev
            values["hash"] = prev = entry_hash(values, prev)
            batch.append(values)
        if len(batch) >= 50_000:
            session.execute(insert(table), batch)
            written += len(batch)
            batch = []
    if batch:
        session.execute(insert(table), batch)
        written += len(batch)
    return written


def _chunks(items: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
