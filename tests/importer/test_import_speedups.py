"""The importer's speed-ups change no result: each is compared with what it replaced.

The references below are the code as it was before (kept here, not in the package), so a
speed-up that starts answering differently fails here first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sqlite3
from operator import mul
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.importer.conftest import person_row, roster_workbook

from kuangqu.errors import RuleViolation
from kuangqu.excel import headers
from kuangqu.excel.reader import ErrorCell, FormulaWithoutValue, _empty_to_none
from kuangqu.rules import ids, phones
from kuangqu.rules.text import fullwidth_to_ascii
from kuangqu.validate import _cached, _Collector, _memo, clean_text

SAMPLE_ROSTER = Path(__file__).resolve().parents[2] / "sample_data" / "roster.xlsx"

# ------------------------------------------------------------------ the insert paths


def _stored(path: str) -> list[tuple[Any, ...]]:
    """Every retiree row with each column's value and its SQLite storage class, in id order."""
    con = sqlite3.connect(path)
    try:
        columns = [r[1] for r in con.execute("PRAGMA table_info(retiree)")]
        select = ", ".join(f"{c}, typeof({c})" for c in columns)
        return con.execute(f"SELECT {select} FROM retiree ORDER BY id").fetchall()
    finally:
        con.close()


def _import(path: Path, db: str) -> Any:
    from typer.testing import CliRunner

    from kuangqu.cli import app

    result = CliRunner().invoke(app, ["--db", db, "import", "retirees", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def _both_ways(workbook: Path, template_db: str, tmp_path: Path, monkeypatch: Any) -> tuple[str, str]:
    from kuangqu.importer import retirees

    fixed = dt.datetime(2026, 11, 29, 8, 30, 15, 123456, tzinfo=dt.UTC)
    monkeypatch.setattr(retirees, "utcnow", lambda: fixed)
    fast, core = str(tmp_path / "fast.db"), str(tmp_path / "core.db")
    shutil.copyfile(template_db, fast)
    shutil.copyfile(template_db, core)
    _import(workbook, fast)
    with monkeypatch.context() as m:
        m.setattr(retirees, "_insert_sqlite", retirees._insert_core)
        _import(workbook, core)
    return fast, core


@pytest.mark.sqlite_only
def test_the_sample_roster_is_stored_the_same_by_the_fast_sqlite_insert_and_by_sqlalchemy(
    template_db, tmp_path, monkeypatch
):
    fast, core = _both_ways(SAMPLE_ROSTER, template_db, tmp_path, monkeypatch)
    rows = _stored(fast)
    assert len(rows) == 3000
    assert rows == _stored(core)


@pytest.mark.sqlite_only
def test_unknown_columns_old_ids_and_partial_dates_are_stored_the_same_by_both_inserts(
    template_db, tmp_path, monkeypatch
):
    header = ["序号", "姓名", "身份证号码", "参加工作时间", "退休时间", "去世时间", "人员状态", "旧档案号"]
    rows = [
        [1, "张三", "11010519491231002X", "1968", "2004.12", None, "在册", "A-17"],
        [2, "李四", "440524400101001", "1968.09", "2008年10月", "2019-03-02", None, None],
        [3, "王五", "44052419500101001X", None, None, None, "在册", 42],
    ]
    workbook = roster_workbook(tmp_path / "odd.xlsx", rows, header=header)
    fast, core = _both_ways(workbook, template_db, tmp_path, monkeypatch)
    assert _stored(fast) == _stored(core)
    con = sqlite3.connect(fast)
    stored = con.execute("SELECT extra, id_number_original, work_start, died_on FROM retiree ORDER BY id")
    assert [(json.loads(extra), *rest) for extra, *rest in stored] == [
        ({"旧档案号": "A-17"}, None, "1968", None),
        (None, "440524400101001", "1968-09", "2019-03-02"),
        ({"旧档案号": 42.0}, None, None, None),
    ]
    con.close()


def _schema(path: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        con.close()


@pytest.mark.sqlite_only
def test_a_bulk_insert_that_rebuilds_the_indexes_stores_the_same_rows_and_schema(
    template_db, tmp_path, monkeypatch
):
    from kuangqu.importer import retirees

    monkeypatch.setattr(retirees, "_REBUILD_INDEXES_FROM", 1)
    fast, core = _both_ways(SAMPLE_ROSTER, template_db, tmp_path, monkeypatch)
    assert _stored(fast) == _stored(core)
    assert _schema(fast) == _schema(core) == _schema(template_db)
    con = sqlite3.connect(fast)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    used = con.execute("EXPLAIN QUERY PLAN SELECT id FROM retiree WHERE name_pinyin = 'x'").fetchall()
    assert "ix_retiree_name_pinyin" in str(used)
    con.close()


@pytest.mark.sqlite_only
def test_the_indexes_are_rebuilt_only_for_an_insert_that_at_least_doubles_the_table(
    template_db, tmp_path, monkeypatch
):
    from sqlalchemy import create_engine

    from kuangqu.importer import retirees

    monkeypatch.setattr(retirees, "_REBUILD_INDEXES_FROM", 2)
    db = str(tmp_path / "one.db")
    shutil.copyfile(template_db, db)
    _import(roster_workbook(tmp_path / "one.xlsx", [person_row(1, "张三", "11010519491231002X")]), db)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert retirees._indexes_to_rebuild(conn, "retiree", 1) == []  # fewer than the threshold
        assert retirees._indexes_to_rebuild(conn, "retiree", 2) != []  # 1 stored, 2 new
        with monkeypatch.context() as m:
            m.setattr(retirees, "_REBUILD_INDEXES_FROM", 0)
            assert retirees._indexes_to_rebuild(conn, "retiree", 0) == []  # 1 stored, 0 new
        names = [name for name, _sql in retirees._indexes_to_rebuild(conn, "retiree", 2)]
    engine.dispose()
    assert "ix_retiree_name_pinyin" in names and not any(n.startswith("sqlite_") for n in names)


@pytest.mark.sqlite_only
def test_a_dry_run_with_a_bulk_insert_leaves_the_indexes_in_place(cli, db_url, monkeypatch):
    from kuangqu.importer import retirees

    monkeypatch.setattr(retirees, "_REBUILD_INDEXES_FROM", 1)
    before = _schema(db_url)
    result = cli("import", "retirees", str(SAMPLE_ROSTER), "--dry-run", "--format", "json")
    assert result.exit_code == 0 and result.json()["created"] == 3000
    assert _schema(db_url) == before
    con = sqlite3.connect(db_url)
    assert con.execute("SELECT count(*) FROM retiree").fetchone() == (0,)
    con.close()


@pytest.mark.sqlite_only
def test_the_fast_insert_still_writes_the_import_history(cli, roster, db_url):
    path = roster([person_row(1, "张三", "11010519491231002X")])
    assert cli("import", "retirees", str(path)).exit_code == 0
    con = sqlite3.connect(db_url)
    assert con.execute("SELECT count(*) FROM import_run").fetchone()[0] == 1
    assert con.execute("SELECT name, name_pinyin, name_initials FROM retiree").fetchall() == [
        ("张三", "zhangsan", "zs")
    ]
    con.close()


# ------------------------------------------------------------------ rules


def _old_check_character(first17: str) -> str:
    return "10X98765432"[sum(map(mul, map(int, first17), ids._WEIGHTS)) % 11]


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_check_character_is_the_weighted_sum_it_always_was(first17):
    assert ids.check_character(first17) == _old_check_character(first17)


def _old_normalise(raw: str) -> tuple[str, bool]:
    stripped = raw.strip()
    text = ids._INNER_NOISE.sub("", fullwidth_to_ascii(stripped))
    return text.upper(), text != stripped


id_like = st.one_of(
    st.text(max_size=25),
    st.text(alphabet="0123456789xXeE+-. \u3000１２ｘ—", max_size=22),
    st.from_regex(r"\s*\d{17}[\dxX]\s*", fullmatch=True),
)


@given(id_like)
def test_an_id_is_normalised_as_before(raw):
    assert ids._normalise(raw) == _old_normalise(raw)


def _outcome(function: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return ("ok", repr(function(*args, **kwargs)))
    except RuleViolation as exc:
        return ("refused", exc.key, exc.params)


@given(id_like)
def test_an_id_is_accepted_or_refused_as_before(raw):
    today = dt.date(2026, 11, 29)

    def old(text: str) -> Any:
        original = ids._normalise
        ids._normalise = _old_normalise  # type: ignore[assignment]
        try:
            return ids.parse_id_number(text, today=today)
        finally:
            ids._normalise = original  # type: ignore[assignment]

    assert _outcome(ids.parse_id_number, raw, today=today) == _outcome(old, raw)


def _old_normalize_phone_text(raw: str) -> tuple[str, list[str]]:
    stripped = raw.strip()
    if not stripped:
        raise RuleViolation("rule.phone_empty")
    phone = phones._classify(fullwidth_to_ascii(stripped).strip())
    if phone is None:
        raise RuleViolation("rule.phone_format")
    return phone, [] if phone == stripped else ["warn.phone_normalised"]


phone_like = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\s*(\+86|0086|86 )?\s*1[0-9]{10,11}\s*", fullmatch=True),
    st.text(alphabet="0123456789-+ ()１３８", max_size=16),
    st.from_regex(r"\s*0[0-9]{2,3}-[0-9]{6,9}\s*", fullmatch=True),
)


@given(phone_like)
def test_a_phone_text_is_read_as_before(raw):
    assert _outcome(phones.normalize_phone, raw) == _outcome(_old_normalize_phone_text, raw)


def _old_parse_partial_date_text(raw: str) -> Any:
    from kuangqu.rules import dates

    original = dates._AROUND_SEPARATORS
    dates._AROUND_SEPARATORS = re.compile(r"\s*([-./年月日号])\s*")  # what re.sub(pattern, …) compiled
    try:
        return dates.parse_partial_date(raw)
    finally:
        dates._AROUND_SEPARATORS = original


@given(
    st.one_of(st.text(max_size=14), st.from_regex(r"\s*\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]?\s*\d{0,2}\s*"))
)
def test_a_date_text_is_read_as_before(raw):
    from kuangqu.rules.dates import parse_partial_date

    assert _outcome(parse_partial_date, raw) == _outcome(_old_parse_partial_date_text, raw)


# ------------------------------------------------------------------ reading


def test_no_character_case_folds_into_a_cjk_ideograph():
    # headers._caseless skips value.casefold() for a header starting with a CJK ideograph.
    for code in range(0x110000):
        char = chr(code)
        folded = char.casefold()
        if folded != char:
            assert not any(headers._caseless(x) for x in folded), hex(code)


def _old_skip_reason(row_values: list[Any], header: Any) -> str | None:
    filled = [v for v in row_values if v is not None and not (isinstance(v, str) and not v.strip())]
    if not filled:
        return "blank"
    texts = header.texts if isinstance(header, headers.HeaderMatch) else header
    if texts and _old_restates_header(row_values, texts):
        return "repeated_header"
    for value in filled[: headers.TOTAL_SCAN_CELLS]:
        if (
            isinstance(value, str)
            and "计" in value
            and len(value) <= 20
            and headers.normalise_header(value) in headers.TOTAL_WORDS
        ):
            return "total"
    return None


def _old_restates_header(row_values: list[Any], texts: dict[int, str]) -> bool:
    needed = max(headers.MIN_HEADER_FIELDS, (len(texts) + 1) // 2)
    misses_allowed = len(texts) - needed
    hits = misses = 0
    for c, text in texts.items():
        value = row_values[c] if c < len(row_values) else None
        if (
            isinstance(value, str)
            and text
            and (text[0] in value or text[0] in value.casefold())
            and headers.normalise_header(value) == text
        ):
            hits += 1
            if hits >= needed:
                return True
        else:
            misses += 1
            if misses > misses_allowed:
                return False
    return False


HEADER_TEXTS = {0: "序号", 1: "姓名", 2: "身份证号码", 3: "phone", 4: "ß", 5: "人员状态"}
cell_value = st.one_of(
    st.none(),
    st.sampled_from(
        ["", " ", "合计", " 小 计 ", "总计：", "姓名", "身份证号码", "PHONE", "ss", "SS", "人员状态"]
    ),
    st.text(max_size=8),
    st.integers(),
    st.floats(allow_nan=False),
)


@given(st.lists(cell_value, max_size=8), st.sampled_from([HEADER_TEXTS, {}, {1: "姓名", 2: "性别"}]))
@settings(max_examples=300)
def test_a_row_is_skipped_for_the_same_reason_as_before(row, texts):
    assert headers.skip_reason(row, texts) == _old_skip_reason(row, texts)


raw_cell = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=3),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.builds(ErrorCell, st.sampled_from(["#N/A", "#REF!"])),
    st.just(FormulaWithoutValue()),
)


@given(st.lists(st.lists(raw_cell, max_size=6), max_size=6))
def test_empty_texts_become_none_exactly_where_they_did(raw):
    expected = [[None if v == "" else v for v in row] for row in raw]
    got = _empty_to_none([list(row) for row in raw])
    assert got == expected
    assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in expected]


# ------------------------------------------------------------------ validation


def _problems(c: _Collector) -> list[Any]:
    return [(p.key, p.params, p.field, p.value) for p in c.problems]


@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.booleans(), st.none()))
def test_a_remembered_text_gives_what_the_collector_would(raw):
    memo = _memo(clean_text)
    for _ in range(2):  # the first call fills the memory, the second reads it
        c1, c2 = _Collector(), _Collector()
        assert repr(_cached(memo, c1, "remarks", raw)) == repr(c2.run("remarks", raw, clean_text))
        assert _problems(c1) == _problems(c2)


def test_one_one_point_zero_true_and_the_text_1_are_remembered_apart():
    memo = _memo(lambda v: (type(v).__name__, v))
    assert [memo(v) for v in (1, 1.0, True, "1", 1, "1")] == [
        ("int", 1),
        ("float", 1.0),
        ("bool", True),
        ("str", "1"),
        ("int", 1),
        ("str", "1"),
    ]
    assert len(memo.cache) == 4
