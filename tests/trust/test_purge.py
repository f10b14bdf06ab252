"""Retention (PIPL Art. 47): `kuangqu retiree purge` erases the personal data of people past the period.

Who is due is decided around the threshold (the day the period ends is not yet past it);
erasing keeps the rows, their ids and everything that references them (the benefit
ledger and its hash chain) but leaves no personal value — not in the tables and, on
SQLite, not in the file; the purge is audited with counts, never the values.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.trust.helpers import nth_id

from kuangqu.services import purge as retention

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("died_on", "due"),
    [
        ("2014-05-31", True),
        ("2014-06-01", False),  # the period ends today: not yet past it
        ("2014-06-02", False),
        ("2014-05", True),  # the last day of May 2014 is before the cutoff
        ("2014-06", False),  # June 2014 may end after it: never erase early
        ("2013", True),
        ("2014", False),
    ],
)
def test_a_dead_person_is_due_only_once_the_whole_period_has_passed(person, read, died_on, due):
    person("王建国", status="已故", died_on=died_on)
    with read() as s:
        plan = retention.plan(s, years=10, today=TODAY)
    assert [d.reason for d in plan.retirees] == (["deceased"] if due else [])


def test_the_living_and_the_recently_dead_are_never_due(person, read):
    person("王建国")
    person("李秀英", id_number=nth_id(2), status="已故", died_on="2020-01-01")
    with read() as s:
        assert retention.plan(s, years=10, today=TODAY).retirees == []


def test_a_person_who_moved_out_is_due_ten_years_after_their_record_last_changed(person, read, write):
    moved = person("王建国", status="迁出")
    with read() as s:
        assert retention.plan(s, years=10, today=date.today()).retirees == []
        later = retention.plan(s, years=10, today=moved.updated_at.date() + timedelta(days=3660))
    assert [(d.id, d.reason) for d in later.retirees] == [(moved.id, "moved")]


@pytest.mark.parametrize("years", [0, -1])
def test_a_retention_period_under_a_year_is_refused(read, years):
    from kuangqu.errors import RuleViolation

    with read() as s, pytest.raises(RuleViolation):
        retention.plan(s, years=years, today=TODAY)


def test_the_retention_period_comes_from_the_environment(monkeypatch, person, read):
    person("王建国", status="已故", died_on="2020-01-01")
    monkeypatch.setenv("KUANGQU_RETENTION_YEARS", "3")
    with read() as s:
        plan = retention.plan(s, today=TODAY)
    assert plan.years == 3 and len(plan.retirees) == 1


def test_the_cutoff_of_a_29_february_falls_back_to_the_28th():
    assert retention.cutoff_for(date(2024, 2, 29), 10) == date(2014, 2, 28)


@pytest.fixture
def family(person, write):  # type: ignore[no-untyped-def]
    """A dead head of household with a son, a living person, and a member removed long ago."""
    from kuangqu.services import households
    from kuangqu.validate import member_input

    head = person("王建国", status="已故", died_on="2001-03", phone="13812345678", address="矿区三号楼",
                  family_situation="老伴患尘肺病", ethnicity="回族", remarks="困难")  # fmt: skip
    living = person("李秀英", id_number=nth_id(2), phone="13912345678")
    with write() as s:
        household = households.create(s, s.get(type(head), head.id))
        son = households.add_member(s, household, member_input(
            {"name": "王小明", "id_number": nth_id(3), "relation": "子女", "health": "良好"}).value)  # fmt: skip
        gone = households.add_member(s, household, member_input(
            {"name": "王小红", "id_number": nth_id(4), "relation": "子女"}).value)  # fmt: skip
        households.remove_member(s, household, gone, on=date(2005, 1, 1))
        other = households.create(s, s.get(type(living), living.id))
        mate = households.add_member(s, other, member_input(
            {"name": "赵大海", "id_number": nth_id(5), "relation": "配偶"}).value)  # fmt: skip
        ids = {"head": head.id, "living": living.id, "household": household.id, "son": son.id, "gone": gone.id,
               "mate": mate.id}  # fmt: skip
    return ids


def test_a_purge_erases_the_dead_persons_personal_fields_and_keeps_the_rest(family, write, read):
    from kuangqu.models.registry import Household, HouseholdMember, Retiree

    with write() as s:
        plan = retention.plan(s, years=10)
        result = retention.purge(s, plan)
    assert (result.retirees, result.members) == (1, 2)  # the head, and the member removed in 2005
    with read() as s:
        head = s.get(Retiree, family["head"])
        assert head.name == f"已清除-{family['head']:06d}"
        assert head.id_number.startswith("P") and len(head.id_number) == 18
        assert (head.phone, head.address, head.family_situation, head.ethnicity, head.remarks) == (None,) * 5
        assert head.birth_date.month == 1 and head.birth_date.day == 1
        assert (head.status, str(head.died_on), head.category) == ("deceased", "2001-03", "retired")
        assert s.get(Household, family["household"]).head_id == family["head"]
        gone = s.get(HouseholdMember, family["gone"])
        assert gone.name.startswith("已清除-M") and gone.id_number is None
        son = s.get(HouseholdMember, family["son"])
        assert son.name == "王小明"  # still a member: not the purge's to erase
        living = s.get(Retiree, family["living"])
        assert (living.name, living.phone) == ("李秀英", "13912345678")
        assert s.get(HouseholdMember, family["mate"]).name == "赵大海"


def test_a_purged_person_is_not_purged_again(family, write, read):
    with write() as s:
        retention.purge(s, retention.plan(s, years=10))
    with read() as s:
        again = retention.plan(s, years=10)
    assert again.retirees == [] and again.members == []


def test_the_purge_is_audited_with_counts_and_ids_never_the_values(family, write, read):
    from sqlalchemy import select

    from kuangqu.models.audit import AuditEntry

    with write() as s:
        retention.purge(s, retention.plan(s, years=10))
    with read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "retiree.purge")).one()
    text = json.dumps(entry.new_values, ensure_ascii=False)
    assert '"retirees": "1"' in text and '"members": "2"' in text
    for value in ("王建国", "王小红", "13812345678", "矿区三号楼", "尘肺病"):
        assert value not in text


def test_the_benefit_ledger_of_a_purged_person_stays_whole(family, write, read):
    from kuangqu.models.registry import Retiree
    from kuangqu.services import ledger

    with write() as s:
        head = s.get(Retiree, family["head"])
        head.retired_on = None
        ledger.add(s, head, ledger.add_input("2000-01", "基本养老金", "1200.00", "首次核定"))
    with write() as s:
        retention.purge(s, retention.plan(s, years=10))
    with read() as s:
        entries = ledger.entries_for(s, family["head"])
        assert [e.amount_fen for e in entries] == [120000]
        assert ledger.verify_ledger_chain(s) == []


def _file_bytes(db_url: str) -> bytes:
    wal = Path(db_url + "-wal")
    return Path(db_url).read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.sqlite_only
def test_after_a_purge_erased_id_numbers_and_phones_are_gone_from_the_sqlite_file(family, cli, db_url):
    from tests.helpers import make_id

    erased = [
        make_id(),
        nth_id(4),
        "13812345678",
    ]  # the head's and the removed member's IDs, the head's phone
    assert all(value.encode() in _file_bytes(db_url) for value in erased)
    ran = cli("retiree", "purge", "--yes", "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    assert ran.json()["vacuumed"] is True
    raw = _file_bytes(db_url)
    for value in erased:
        assert value.encode() not in raw
    assert nth_id(2).encode() in raw  # the living keep theirs


@pytest.mark.sqlite_only
def test_after_a_purge_no_erased_value_remains_anywhere_in_the_file(family, cli, db_url):
    assert cli("retiree", "purge", "--yes").exit_code == 0
    raw = _file_bytes(db_url)
    for value in ("王建国", "王小红", "矿区三号楼", "老伴患尘肺病"):
        assert value.encode() not in raw
        assert json.dumps(value)[1:-1].encode() not in raw  # JSON columns store \uXXXX escapes


def test_purge_dry_run_lists_who_would_be_erased_and_changes_nothing(family, cli):
    ran = cli("retiree", "purge", "--dry-run", "--format", "json")
    assert ran.exit_code == 0
    rows = ran.json()
    assert {(r["id"], r["reason"]) for r in rows} >= {(family["head"], "已故")}
    assert len(rows) == 3
    assert cli("retiree", "show", f"#{family['head']}", "--format", "json").json()["name"] == "王建国"


def test_purge_asks_before_erasing_and_a_no_changes_nothing(family, cli):
    ran = cli("retiree", "purge", input="n\n")
    assert ran.exit_code == 1
    assert "已取消" in ran.stderr
    assert cli("retiree", "show", f"#{family['head']}", "--format", "json").json()["name"] == "王建国"


def test_purge_with_yes_erases_and_reports_counts(family, cli):
    ran = cli("retiree", "purge", "--yes", "--format", "json")
    assert ran.exit_code == 0, ran.stderr
    assert ran.json()["purged_retirees"] == 1 and ran.json()["purged_members"] == 2
    shown = cli("retiree", "show", f"#{family['head']}", "--format", "json").json()
    assert shown["name"].startswith("已清除-")
    assert "备份" in ran.stderr  # the reminder that older backups still hold the data


def test_purge_with_nobody_due_says_so(cli):
    ran = cli("retiree", "purge", "--yes")
    assert ran.exit_code == 0
    assert "没有超过保存期限" in ran.stdout


def test_purge_deletes_the_photo_of_a_purged_person(cli, tmp_path, db_url):
    photo = tmp_path / "face.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    added = cli("retiree", "add", "--name", "王建国", "--id-number", nth_id(1), "--status", "已故", "--died-on",
                "2001-03", "--photo", str(photo), "--format", "json")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    stored = list((Path(db_url).parent / "photos").glob("*")) if not db_url.startswith("postgresql") else []
    ran = cli("retiree", "purge", "--yes")
    assert ran.exit_code == 0, ran.stderr
    if stored:
        assert not any(p.exists() for p in stored)


def test_purge_help_says_what_it_does(cli):
    ran = cli("retiree", "purge", "--help")
    assert ran.exit_code == 0
    assert "--dry-run" in ran.stdout and "--years" in ran.stdout
