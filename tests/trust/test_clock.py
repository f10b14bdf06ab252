"""Bad input #60: the system clock going backwards.

History is ordered by id / sequence, never by time, so a clock set back cannot reorder
the audit log or a benefit ledger, nor break the ledger's hash chain; and every write
command warns (on stderr, once) when the clock is earlier than the newest audit entry.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from tests.trust.helpers import nth_id

from kuangqu.services.clock import TOLERANCE, clock_behind

NOW = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
WARNING_ZH = "系统时钟可能被调回"


def add_entry_at(write, at: datetime) -> int:  # type: ignore[no-untyped-def]
    from kuangqu.models.audit import AuditEntry

    with write() as s:
        entry = AuditEntry(at=at, operator="someone", command="x", action="test.entry", entity="test")
        s.add(entry)
        s.flush()
        assert entry.id is not None
        return entry.id


def test_an_empty_audit_log_raises_no_clock_warning(read):
    with read() as s:
        assert clock_behind(s, NOW) is None


@pytest.mark.parametrize(
    ("newest_after_now", "warns"),
    [
        (timedelta(days=-1), False),
        (timedelta(0), False),
        (TOLERANCE, False),
        (TOLERANCE + timedelta(seconds=1), True),
        (timedelta(days=400), True),
    ],
    ids=["entry-earlier", "same-time", "at-tolerance", "just-past-tolerance", "a-year-ahead"],
)
def test_the_clock_warning_starts_just_past_the_tolerance(write, read, newest_after_now, warns):
    add_entry_at(write, NOW + newest_after_now)
    with read() as s:
        behind = clock_behind(s, NOW)
    assert (behind is not None) == warns
    if warns:
        assert behind == (NOW, (NOW + newest_after_now).replace(microsecond=0))


def test_the_newest_entry_is_the_last_written_not_the_latest_time(write, read):
    add_entry_at(write, NOW + timedelta(days=30))  # written while the clock ran a month fast
    add_entry_at(write, NOW - timedelta(days=1))  # then the clock was put right
    with read() as s:
        assert clock_behind(s, NOW) is None


def test_a_write_command_warns_once_when_the_clock_is_behind_the_audit_log(cli, write):
    add_entry_at(write, datetime.now(UTC) + timedelta(days=2))
    ran = cli("retiree", "add", "--name", "王建国", "--id-number", nth_id(1))
    assert ran.exit_code == 0
    assert ran.stderr.count(WARNING_ZH) == 1
    assert "UTC" in ran.stderr


def test_a_read_command_does_not_warn_about_the_clock(cli, write):
    add_entry_at(write, datetime.now(UTC) + timedelta(days=2))
    assert WARNING_ZH not in cli("retiree", "list").stderr


def test_a_write_with_the_clock_right_does_not_warn(cli):
    assert cli("retiree", "add", "--name", "王建国", "--id-number", nth_id(1)).exit_code == 0
    ran = cli("retiree", "add", "--name", "李秀英", "--id-number", nth_id(2))
    assert WARNING_ZH not in ran.stderr


def test_the_audit_log_lists_by_sequence_even_when_the_clock_went_back(cli, write):
    first = add_entry_at(write, datetime.now(UTC) + timedelta(days=2))
    assert cli("retiree", "add", "--name", "王建国", "--id-number", nth_id(1)).exit_code == 0
    entries = json.loads(cli("audit", "list", "--format", "json").stdout)
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    assert entries[-1]["id"] == first
    assert entries[0]["at"] < entries[-1]["at"]  # newest by sequence, earliest by the clock


def test_a_benefit_ledger_written_while_the_clock_goes_back_keeps_its_order_and_chain(
    person, write, read, monkeypatch
):
    import kuangqu.services.ledger as ledger

    someone = person("王建国", retired_on="2008-10")
    clock = iter([NOW, NOW - timedelta(days=400), NOW - timedelta(days=800)])
    monkeypatch.setattr(ledger, "utcnow", lambda: next(clock))
    amounts = ["3000.00", "3100.00", "3200.00"]
    for month, amount in zip(("2020-01", "2021-01", "2022-01"), amounts, strict=True):
        with write() as s:
            ledger.add(
                s, s.get(type(someone), someone.id), ledger.add_input(month, "基本养老金", amount, "调整")
            )
    with read() as s:
        entries = ledger.entries_for(s, someone.id)
        assert [e.seq for e in entries] == [1, 2, 3]
        assert [e.amount_fen for e in entries] == [300000, 310000, 320000]
        assert [e.recorded_at.replace(tzinfo=UTC) for e in entries] == sorted(
            (e.recorded_at.replace(tzinfo=UTC) for e in entries), reverse=True
        )
        assert ledger.verify_ledger_chain(s) == []
