"""sample_data/seed_stability.py on a small mine: the year's records it promises, and the same result twice."""

from __future__ import annotations

import importlib.util
import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.helpers import make_id

from kuangqu.models.stability import Petition
from kuangqu.reports import stability as report
from kuangqu.services import households, petitions
from kuangqu.validate import member_input

SEED_FILE = Path(__file__).resolve().parents[2] / "sample_data" / "seed_stability.py"
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "建国秀英志强桂兰"


def load_seed():
    spec = importlib.util.spec_from_file_location("seed_stability", SEED_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def small_mine(person, write):
    """40 households in two areas, four buildings and two work groups, with cadres, model workers and
    unemployed children."""
    for n in range(40):
        name = SURNAMES[n % 10] + GIVEN[(n // 10) * 2 : (n // 10) * 2 + 2]
        head = person(
            name,
            id_number=make_id(birth=f"19{40 + n % 15}0312", seq=f"{100 + n:03d}"),
            category="离休" if n < 6 else "退休",
            position=["高级工程师", "科长", "工人", "工程师"][n % 4],
            remarks="劳模" if n % 5 == 0 else None,
            area=["一片", "二片"][n % 2],
            building=f"{n % 4 + 1}号楼",
            work_group=f"第{n % 2 + 1}组",
        )
        with write() as s:
            household = households.create(s, head)
            child = member_input({"name": "王小明", "relation": "子女", "work_status": "失业"})
            assert child.value is not None
            households.add_member(s, household, child.value)


def _dump(db):
    from kuangqu.db import transaction

    with transaction(db, write=False) as s:
        return [
            (p.received_on, p.channel, p.petition_type, p.subject, p.status, p.petitioner_name)
            for p in s.scalars(select(Petition).order_by(Petition.id))
        ]


def test_the_seed_makes_the_year_the_office_reported(small_mine, db, read):
    seed = load_seed()
    seed.seed(db, random.Random(seed.SEED))
    with read() as s:
        figures = report.annual_figures(s, 2020)
        problems = petitions.check_petitions(s)
    assert figures["petitions_total"] == 120
    assert all(count > 0 for count in figures["petitions_by_status"].values()), figures["petitions_by_status"]
    assert all(count > 0 for count in figures["petitions_by_channel"].values())
    assert 0 < figures["petitions_overdue"] < 30
    assert (figures["dissuasions"], figures["dissuaded_person_times"]) == (8, 62)
    assert (figures["awards"], figures["thanks_banners"], figures["thanks_letters"]) == (26, 5, 36)
    assert figures["housing_applications"] == 34  # 85% of 40
    assert 0 < figures["housing_passed_all_reviews"] < figures["housing_applications"]
    assert figures["households_visited"] == 40
    assert problems == []


def test_the_seed_refuses_a_database_it_has_already_seeded(small_mine, db):
    seed = load_seed()
    seed.seed(db, random.Random(seed.SEED))
    with pytest.raises(SystemExit):
        seed.seed(db, random.Random(seed.SEED))


@pytest.mark.sqlite_only
def test_the_seed_gives_the_same_records_every_time(small_mine, db, db_url, tmp_path):
    from kuangqu.db import open_database

    copy = tmp_path / "copy.db"
    # The fixture's database is in WAL mode: the backup API copies what the -wal file holds too.
    with sqlite3.connect(db_url) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    seed = load_seed()
    seed.seed(db, random.Random(seed.SEED))
    other = open_database(str(copy))
    try:
        seed.seed(other, random.Random(seed.SEED))
        assert _dump(db) == _dump(other)
    finally:
        other.dispose()
    assert _dump(db)[0][0] >= date(2020, 1, 1)
