"""The ledger in the database: appending, reversing, append-only guards, the hash chain and tampering."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from tests.conftest import BACKEND
from tests.ledger.conftest import unique_id

from kuangqu.errors import Conflict, InvalidInput, RuleViolation
from kuangqu.models.audit import AuditEntry
from kuangqu.models.ledger import LedgerEntry
from kuangqu.models.registry import Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.services import ledger


def test_an_entry_is_chained_to_the_one_before_it_and_audited(retiree, add, read):
    man = retiree()
    first = add(man, "2010-03", "基本养老金", "1800.00", document="平煤人〔2010〕12号")
    second = add(man, "2010-03", "各项补贴", "120.00")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == rules.GENESIS and second.prev_hash == first.hash
    assert first.operator == "tester" and first.document == "平煤人〔2010〕12号"
    with read() as s:
        actions = [a.action for a in s.query(AuditEntry).filter_by(entity="ledger_entry")]
        assert actions == ["benefit.add", "benefit.add"]
        assert ledger.verify_ledger_chain(s) == []


def test_each_person_has_a_chain_of_their_own(retiree, add):
    a, b = retiree("甲"), retiree("乙")
    add(a, "2010-03", "基本养老金", "1800.00")
    entry = add(b, "2010-03", "基本养老金", "1900.00")
    assert (entry.seq, entry.prev_hash) == (1, rules.GENESIS)


def test_every_problem_with_the_input_is_reported_at_once():
    with pytest.raises(InvalidInput) as info:
        ledger.add_input("2019", "奖金", "1.001", " ")
    assert {p.field for p in info.value.problems} == {"effective", "component", "amount", "reason"}


def test_a_one_off_item_cannot_be_zero(retiree, add):
    with pytest.raises(RuleViolation) as info:
        add(retiree(), "2019-01", "补发", "0")
    assert info.value.key == "ledger.one_off_zero"


@pytest.mark.parametrize(("month", "refused"), [("2010-02", True), ("2010-03", False), ("2009-12", True)])
def test_a_regular_amount_cannot_start_before_the_retirement_month(retiree, add, month, refused):
    man = retiree()
    if refused:
        with pytest.raises(RuleViolation) as info:
            add(man, month, "基本养老金", "1800")
        assert info.value.key == "ledger.before_retirement"
    else:
        assert add(man, month, "基本养老金", "1800").seq == 1


@pytest.mark.parametrize(("month", "refused"), [("2019-05", False), ("2019-06", True)])
def test_a_regular_amount_cannot_start_after_the_month_of_death(retiree, add, month, refused):
    man = retiree(status="已故", died_on="2019-05-20")
    if refused:
        with pytest.raises(Conflict) as info:
            add(man, month, "基本养老金", "1800")
        assert info.value.key == "ledger.after_death"
    else:
        add(man, month, "基本养老金", "1800")
    add(man, "2019-06", "基本养老金", "0", reason="停发")  # stopping is always allowed
    add(man, "2019-06", "丧葬费", "5000")  # and so are one-off items


def test_a_reversal_restores_the_previous_level(retiree, add, write, read):
    man = retiree()
    add(man, "2015-12", "基本养老金", "2100.00")
    wrong = add(man, "2016-01", "基本养老金", "2500.00")
    with write() as s:
        rev = ledger.reverse(s, wrong.id, "录入错误")
    assert (rev.reverses_id, rev.effective, rev.amount_fen) == (wrong.id, wrong.effective, wrong.amount_fen)
    with read() as s:
        card = ledger.card(s, s.get(Retiree, man.id), PartialDate(2016, 6))
    assert card.current["basic_pension"] == 210000
    assert [(r.entry.seq, r.reverses_seq, r.reversed_by_seq) for r in card.rows] == [
        (1, None, None),
        (2, None, 3),
        (3, 2, None),
    ]


def test_an_entry_is_reversed_once_and_a_reversal_is_never_reversed(retiree, add, write):
    man = retiree()
    entry = add(man, "2015-12", "基本养老金", "2100.00")
    with write() as s:
        rev = ledger.reverse(s, entry.id, "错")
    with pytest.raises(Conflict) as info, write() as s:
        ledger.reverse(s, entry.id, "再冲")
    assert info.value.key == "ledger.already_reversed"
    with pytest.raises(Conflict) as info, write() as s:
        ledger.reverse(s, rev.id, "冲冲正")
    assert info.value.key == "ledger.reverse_a_reversal"


def test_the_database_itself_refuses_a_second_reversal_of_the_same_entry(retiree, add, write):
    man = retiree()
    entry = add(man, "2015-12", "基本养老金", "2100.00")
    with write() as s:
        ledger.reverse(s, entry.id, "错")
    with pytest.raises(Conflict) as info, write() as s:
        appender = ledger.Appender(s)
        appender.append(
            man.id, entry.effective, entry.component, entry.amount_fen, "绕过服务", reverses_id=entry.id
        )
        appender.flush()
    assert info.value.key == "db.unique_violation"


@pytest.mark.parametrize("statement", ["UPDATE ledger_entry SET amount_fen = 1", "DELETE FROM ledger_entry"])
def test_the_database_refuses_update_and_delete_on_the_ledger(retiree, add, db, statement):
    add(retiree(), "2015-12", "基本养老金", "2100.00")
    with pytest.raises(DBAPIError) as info, db.engine.begin() as conn:
        conn.exec_driver_sql(statement)
    assert "append-only" in str(info.value.orig)


@pytest.mark.postgres_only
def test_postgresql_also_refuses_truncate_on_the_ledger(retiree, add, db):
    add(retiree(), "2015-12", "基本养老金", "2100.00")
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE ledger_entry CASCADE")


def _drop_guard(conn) -> None:
    if BACKEND == "postgresql":
        conn.exec_driver_sql("DROP TRIGGER ledger_entry_append_only ON ledger_entry")
    else:
        conn.exec_driver_sql("DROP TRIGGER ledger_entry_no_update")
        conn.exec_driver_sql("DROP TRIGGER ledger_entry_no_delete")


def _history(retiree, add):
    man, other = retiree("王建国"), retiree("李秀英", sex="女", retired_on="2005-01")
    entries = [add(man, f"{2015 + k}-01", "基本养老金", f"{2000 + 100 * k}.00") for k in range(5)]
    add(other, "2005-01", "基本养老金", "1500.00")
    return man, entries


def test_an_update_made_with_the_guard_dropped_is_found_and_the_entry_named(retiree, add, db):
    man, entries = _history(retiree, add)
    target = entries[2]
    with db.engine.connect() as conn:
        outer = conn.begin()  # DDL is transactional on both backends: everything is rolled back after
        _drop_guard(conn)
        conn.exec_driver_sql(f"UPDATE ledger_entry SET amount_fen = amount_fen + 100 WHERE id = {target.id}")
        problems = ledger.verify_ledger_chain(Session(bind=conn))
        outer.rollback()
    assert [(p.key, p.params["id"], p.params["seq"], p.params["retiree_id"]) for p in problems] == [
        ("ledger.chain_broken_hash", target.id, 3, man.id)
    ]
    assert "第 3 条" in problems[0].message()


def test_a_forgery_that_recomputes_its_own_hash_is_found_at_the_next_entry(retiree, add, db):
    _, entries = _history(retiree, add)
    target, following = entries[1], entries[2]
    forged = {**target.content(), "amount_fen": 999999}
    digest = rules.entry_hash(forged, target.prev_hash)
    with db.engine.connect() as conn:
        outer = conn.begin()
        _drop_guard(conn)
        conn.exec_driver_sql(
            f"UPDATE ledger_entry SET amount_fen = 999999, hash = '{digest}' WHERE id = {target.id}"
        )
        problems = ledger.verify_ledger_chain(Session(bind=conn))
        outer.rollback()
    assert [(p.key, p.params["id"]) for p in problems] == [("ledger.chain_broken_prev_hash", following.id)]


def test_a_deleted_entry_is_found_by_the_gap_it_leaves(retiree, add, db):
    _, entries = _history(retiree, add)
    with db.engine.connect() as conn:
        outer = conn.begin()
        _drop_guard(conn)
        conn.exec_driver_sql(f"DELETE FROM ledger_entry WHERE id = {entries[1].id}")
        problems = ledger.verify_ledger_chain(Session(bind=conn))
        outer.rollback()
    assert [(p.key, p.params["id"]) for p in problems] == [("ledger.chain_broken_seq", entries[2].id)]


@pytest.mark.sqlite_only
def test_tampering_through_raw_sqlite3_after_dropping_the_trigger_is_found_by_kuangqu_check(
    retiree, add, db_url, cli
):
    _, entries = _history(retiree, add)
    assert cli("check").exit_code == 0
    raw = sqlite3.connect(db_url)
    raw.execute("DROP TRIGGER ledger_entry_no_update")
    raw.execute("UPDATE ledger_entry SET reason = '改过' WHERE id = ?", (entries[3].id,))
    raw.commit()
    raw.close()
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    assert [p["key"] for p in result.json()] == ["ledger.chain_broken_hash"]
    assert f"编号 {entries[3].id}" in result.json()[0]["message"]
    assert Path(db_url).exists()


# ---------------------------------------------------------------- property against the database


@st.composite
def steps(draw):
    ops = []
    for _ in range(draw(st.integers(1, 12))):
        if ops and draw(st.integers(0, 2)) == 0:
            ops.append(("reverse", draw(st.integers(0, 50))))
        else:
            ops.append(("add", draw(st.integers(0, 23)), draw(st.sampled_from(["基本养老金", "各项补贴", "补发"])),
                        draw(st.integers(1, 300_000))))  # fmt: skip
    return ops


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=steps(), probe=st.integers(0, 30))
def test_any_adds_and_reversals_in_the_database_keep_the_total_and_the_chain(person, write, read, ops, probe):
    man = person("王建国", id_number=unique_id(), retired_on="2015-01")
    added: list[int] = []
    with write() as s:
        who = s.get(Retiree, man.id)
        for op in ops:
            if op[0] == "add":
                _, k, component, amount = op
                month = rules.add_months(PartialDate(2015, 1), k)
                data = ledger.add_input(str(month), component, f"{amount / 100:.2f}", "性质测试")
                added.append(ledger.add(s, who, data).id)
            else:
                live = [i for i in added if s.get(LedgerEntry, i).reverses_id is None]
                query = select(LedgerEntry.reverses_id).where(LedgerEntry.retiree_id == man.id)
                reversed_ids = set(s.scalars(query))
                candidates = [i for i in live if i not in reversed_ids]
                if candidates:
                    added.append(ledger.reverse(s, candidates[op[1] % len(candidates)], "性质测试冲正").id)
    month = rules.add_months(PartialDate(2015, 1), probe)
    with read() as s:
        entries = ledger.entries_for(s, man.id)
        card = ledger.card(s, s.get(Retiree, man.id), month)
        problems = ledger.verify_ledger_chain(s)
    live = rules.live(ledger.facts(entries))
    expected = sum(
        max((f for f in live if f.component == code and f.effective <= month), key=lambda f: (f.effective, f.seq),
            default=rules.Fact(0, 0, month, code, 0)).amount_fen
        for code in rules.REGULAR_CODES
    )  # fmt: skip
    assert card.current_total == expected
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert problems == []


# ---------------------------------------------------------------- concurrent writers


@pytest.mark.postgres_only
def test_two_writers_appending_to_one_person_at_once_both_land_in_order(retiree, db, read):
    from kuangqu.db import transaction

    man = retiree()
    first_in = threading.Event()
    errors: list[BaseException] = []

    def writer(amount: str, hold: bool) -> None:
        try:
            with transaction(db, write=True, info={"operator": "t", "command": "t"}) as s:
                ledger.add(
                    s, s.get(Retiree, man.id), ledger.add_input("2015-12", "基本养老金", amount, "并发")
                )
                if hold:
                    first_in.set()
                    threading.Event().wait(0.5)  # keep the row lock while the other writer arrives
        except BaseException as exc:
            errors.append(exc)

    a = threading.Thread(target=writer, args=("2000.00", True))
    a.start()
    first_in.wait(5)
    b = threading.Thread(target=writer, args=("2100.00", False))
    b.start()
    a.join(10)
    b.join(10)
    assert errors == []
    with read() as s:
        entries = ledger.entries_for(s, man.id)
        assert [(e.seq, e.amount_fen) for e in entries] == [(1, 200000), (2, 210000)]
        assert ledger.verify_ledger_chain(s) == []
