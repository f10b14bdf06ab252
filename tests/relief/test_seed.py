"""sample_data/seed_relief.py: the sample mine's relief year, deterministic, through the services."""

from __future__ import annotations

import importlib.util
import random
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kuangqu.db import open_database, transaction

SCRIPT = Path(__file__).resolve().parents[2] / "sample_data" / "seed_relief.py"


def load_seed() -> Any:
    spec = importlib.util.spec_from_file_location("seed_relief", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def small_mine(family: Any) -> list[Any]:
    """Eight tiered households and six that are not."""
    made = [family("1000.00", "0", name=f"甲{c}") for c in "一二三四"]
    made += [family("1300.00", "0", causes=("disability",), name=f"乙{c}") for c in "一二"]
    made += [family("2000.00", "0", causes=("accident",), name=f"丙{c}") for c in "一二"]
    made += [family("9000.00", name=f"丁{c}") for c in "一二三四五"]
    made.append(family("100.00", exclusions=("two_homes",), name="戊一"))
    return made


def figures(db: Any) -> dict[str, Any]:
    from kuangqu.reports.relief import year_stats
    from kuangqu.services.relief import payments

    with transaction(db, write=False) as s:
        stats = year_stats(s, 2020).as_dict()
        rows = [
            (r.household.id, r.payment.kind, r.payment.period, r.payment.amount_fen, r.payment.paid_on)
            for r in payments.list_payments(s)
        ]
    return {"stats": stats, "payments": rows}


def test_the_seed_files_approves_and_pays_the_year(db, small_mine, standard_file):
    from kuangqu.services.relief import applications, checks

    seed = load_seed()
    seed.seed(db, random.Random(seed.SEED), standard_file)
    result = figures(db)
    # 4 A × 300 + 2 B × 200 a month; festival 4 × 1500 + 2 × 1000 + 2 × 800; two temporary payments.
    assert result["stats"] == {
        "person_times": 6 * 12 + 8 + 2,
        "daily_relief_total": "19200.00",
        "festival_relief_total": "9600.00",
        "temporary_relief_total": "5000.00",
        "households_by_tier": {"A": 4, "B": 2, "C": 2},
        "active_pairs": 8,
    }
    with transaction(db, write=False) as s:
        apps = applications.list_applications(s)
        statuses = sorted(a.status for a, _, _ in apps)
        assert statuses.count("approved") == 8 + 2 and statuses.count("rejected") == 5
        for a, _, _ in apps:
            if a.status == "approved":
                assert a.notice_from and a.decided_on > date.fromordinal(
                    a.notice_from.toordinal() + a.notice_days - 1
                )
                assert a.visit_ref
            if a.status == "rejected":
                assert a.decision_reason
        # Only school-age children could be flagged, and these households have none.
        assert checks.run(s, date(2020, 6, 30)) == []


def test_the_seed_refuses_to_run_twice(db, small_mine, standard_file):
    seed = load_seed()
    seed.seed(db, random.Random(seed.SEED), standard_file)
    with pytest.raises(SystemExit):
        seed.seed(db, random.Random(seed.SEED), standard_file)


@pytest.mark.sqlite_only
def test_the_seed_is_deterministic(db, db_url, small_mine, standard_file, tmp_path, monkeypatch):
    seed = load_seed()
    twin = tmp_path / "twin.db"
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy must hold every committed row
    shutil.copyfile(db_url, twin)
    results = []
    for target in (db_url, str(twin)):
        monkeypatch.setattr("sys.argv", ["seed_relief.py", "--db", target, "--standard", str(standard_file)])
        seed.main()
        database = open_database(target)
        results.append(figures(database))
        database.dispose()
    assert results[0] == results[1] and results[0]["payments"]
