"""The registry commands as a clerk uses them: retiree, household, grid, audit, db."""

from __future__ import annotations

import json

import pytest
from tests.helpers import make_id

ZHANG = "11010519491231002X"  # a known valid ID (female, born 1949-12-31)


def add_zhang(cli, *extra: str):
    return cli(
        "retiree",
        "add",
        "--name",
        "张三",
        "--id-number",
        ZHANG,
        "--category",
        "退休",
        "--phone",
        "13812345678",
        "--area",
        "一片",
        "--building",
        "3号楼",
        "--work-group",
        "第5组",
        "--work-start",
        "1968.09",
        "--retired-on",
        "2004-12",
        "--format",
        "json",
        *extra,
    )


def test_adding_a_person_prints_the_new_id_as_json(cli):
    result = add_zhang(cli)
    assert result.exit_code == 0, result.stderr
    assert result.json() == {"id": 1}


def test_a_lowercase_x_is_accepted_and_stored_as_capital_x(cli):
    result = cli("retiree", "add", "--name", "张三", "--id-number", ZHANG.lower(), "--format", "json")
    assert result.exit_code == 0, result.stderr
    shown = cli("retiree", "show", "#1", "--reveal", "--reason", "核对", "--format", "json").json()
    assert shown["id_number"] == ZHANG


def test_show_masks_the_id_and_phone_by_default(cli):
    add_zhang(cli)
    shown = cli("retiree", "show", ZHANG[-6:], "--format", "json").json()
    assert shown["id_number"] == "110105********002X"
    assert shown["phone"] == "138****5678"
    assert shown["work_start"] == "1968-09"
    assert shown["retired_on"] == "2004-12"


def test_reveal_needs_a_reason_and_is_audited(cli):
    add_zhang(cli)
    refused = cli("retiree", "show", "#1", "--reveal")
    assert refused.exit_code == 1
    assert "--reason" in refused.stderr
    shown = cli("retiree", "show", "#1", "--reveal", "--reason", "办理待遇", "--format", "json").json()
    assert shown["phone"] == "13812345678"
    audit = cli("audit", "list", "--action", "reveal", "--format", "json").json()
    assert [(a["entity"], a["entity_id"], a["reason"]) for a in audit] == [("retiree", 1, "办理待遇")]


def test_a_wrong_check_character_is_rejected_with_exit_1_and_nothing_written(cli):
    result = cli("retiree", "add", "--name", "王五", "--id-number", "110105194912310021")
    assert result.exit_code == 1
    assert "校验" in result.stderr
    assert "110105194912310021" not in result.stderr  # masked
    assert cli("retiree", "list", "--format", "json").json() == []


def test_an_impossible_birth_date_in_the_id_is_rejected(cli):
    bad = make_id(birth="19490230")
    result = cli("retiree", "add", "--name", "王五", "--id-number", bad)
    assert result.exit_code == 1


def test_sex_contradicting_the_id_is_rejected(cli):
    result = cli("retiree", "add", "--name", "张三", "--id-number", ZHANG, "--sex", "男")
    assert result.exit_code == 1
    assert "性别" in result.stderr


def test_a_date_that_does_not_exist_is_rejected_naming_the_field(cli):
    result = cli("retiree", "add", "--name", "张三", "--id-number", ZHANG, "--retired-on", "2003-02-29")
    assert result.exit_code == 1
    assert "退休时间" in result.stderr


def test_a_duplicate_person_is_a_conflict_with_exit_4(cli):
    add_zhang(cli)
    again = add_zhang(cli)
    assert again.exit_code == 4
    assert "已登记" in again.stderr


def test_a_missing_required_name_is_rejected(cli):
    result = cli("retiree", "add", "--id-number", ZHANG)
    assert result.exit_code == 1
    assert "姓名" in result.stderr


def test_an_unknown_person_is_not_found_with_exit_3(cli):
    result = cli("retiree", "show", "123456")
    assert result.exit_code == 3


def test_messages_switch_to_english_with_lang_en(cli):
    result = cli("--lang", "en", "retiree", "show", "123456")
    assert result.exit_code == 3
    assert "No such person" in result.stderr


def test_list_filters_and_renders_as_csv(cli):
    add_zhang(cli)
    cli(
        "retiree",
        "add",
        "--name",
        "李四",
        "--id-number",
        "440524188001010014",
        "--area",
        "二片",
        env={"KUANGQU_MIN_BIRTH_YEAR": "1800"},
    )
    rows = cli("retiree", "list", "--area", "一片", "--format", "json").json()
    assert [r["name"] for r in rows] == ["张三"]
    csv_text = cli("retiree", "list", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("id,name,sex,age")
    assert "110105********002X" in csv_text


def test_list_table_has_chinese_headers(cli):
    add_zhang(cli)
    table = cli("retiree", "list").stdout
    assert "姓名" in table and "身份证号" in table and "张三" in table


def test_edit_changes_fields_and_lists_the_changes(cli):
    add_zhang(cli)
    result = cli(
        "retiree",
        "edit",
        "#1",
        "--phone",
        "13900001111",
        "--address",
        "何庄家属区3号楼",
        "--reason",
        "本人来电",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    changes = result.json()
    assert {c["field"] for c in changes} == {"电话", "住址"}
    assert cli("retiree", "show", "#1", "--format", "json").json()["phone"] == "139****1111"
    audit = cli("audit", "list", "--entity", "retiree", "--format", "json").json()
    assert audit[0]["action"] == "retiree.edit" and audit[0]["reason"] == "本人来电"


def test_search_by_pinyin_initials_and_id_tail(cli):
    add_zhang(cli)
    for text in ("zhangsan", "zs", "张", "002X"):
        rows = cli("retiree", "search", text, "--format", "json").json()
        assert [r["name"] for r in rows] == ["张三"], text


def test_a_photo_is_copied_into_the_data_folder(cli, tmp_path, db_url):
    photo = tmp_path / "zhang.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0fake-jpeg")
    result = add_zhang(cli, "--photo", str(photo))
    assert result.exit_code == 0, result.stderr
    shown = cli("retiree", "show", "#1", "--format", "json").json()
    assert shown["photo_path"] == "photos/1.jpg"


def test_household_with_members_and_facts(cli):
    add_zhang(cli)
    created = cli("household", "add", "--head", ZHANG[-6:], "--household-no", "H001", "--format", "json")
    assert created.json() == {"id": 1}
    child = make_id(birth="19800101", seq="135")
    member = cli(
        "household",
        "member",
        "add",
        "H001",
        "--name",
        "张小明",
        "--id-number",
        child,
        "--relation",
        "子女",
        "--monthly-income",
        "1200.00",
        "--health",
        "慢病",
        "--format",
        "json",
    )
    assert member.exit_code == 0, member.stderr
    facts = cli(
        "household",
        "set",
        "#1",
        "--annual-rigid-expenses",
        "3600",
        "--cause",
        "serious_illness",
        "--cause",
        "子女上学",
    )
    assert facts.exit_code == 0, facts.stderr
    shown = cli("household", "show", "H001", "--format", "json").json()
    assert shown["causes"] == ["serious_illness", "school_children"]
    assert shown["annual_rigid_expenses"] == "3600.00"
    assert [(m["name"], m["relation"], m["monthly_income"]) for m in shown["members"]] == [
        ("张三", "self", None),
        ("张小明", "child", "1200.00"),
    ]
    assert shown["members"][1]["id_number"].startswith("410402") and "*" in shown["members"][1]["id_number"]


def test_an_unknown_cause_code_is_rejected(cli):
    add_zhang(cli)
    cli("household", "add", "--head", "#1")
    result = cli("household", "set", "#1", "--cause", "bad_luck")
    assert result.exit_code == 1
    assert "bad_luck" in result.stderr


def test_removing_a_member_keeps_history(cli):
    add_zhang(cli)
    cli("household", "add", "--head", "#1")
    cli("household", "member", "add", "#1", "--name", "张小明", "--relation", "子女")
    assert cli("household", "member", "remove", "#1", "张小明", "--reason", "分户").exit_code == 0
    assert [m["name"] for m in cli("household", "member", "list", "#1", "--format", "json").json()] == [
        "张三"
    ]
    everyone = cli("household", "member", "list", "#1", "--include-removed", "--format", "json").json()
    assert len(everyone) == 2


def test_the_head_cannot_be_removed(cli):
    add_zhang(cli)
    cli("household", "add", "--head", "#1")
    assert cli("household", "member", "remove", "#1", "张三").exit_code == 4


def test_grid_leaders_and_who_is_responsible(cli):
    add_zhang(cli)
    assert (
        cli(
            "grid",
            "assign",
            "--level",
            "片长",
            "--area",
            "一片",
            "--name",
            "赵片长",
            "--phone",
            "13700000001",
        ).exit_code
        == 0
    )
    cli("grid", "assign", "--level", "楼长", "--area", "一片", "--building", "3号楼", "--name", "钱楼长")
    who = cli("grid", "who", ZHANG[-6:], "--format", "json").json()
    assert [w["name"] for w in who] == ["赵片长", "钱楼长", None]
    leaders = cli("grid", "list", "--format", "json").json()
    assert [(g["name"], g["people"]) for g in leaders["rows"]] == [("赵片长", 1), ("钱楼长", 1)]
    assert leaders["uncovered"] == [{"level": "work_group", "unit": "第5组"}]
    people = cli("grid", "people", "钱楼长", "--format", "json").json()
    assert [p["name"] for p in people] == ["张三"]


def test_a_building_leader_needs_an_area_and_a_building(cli):
    result = cli("grid", "assign", "--level", "楼长", "--name", "钱楼长", "--building", "3号楼")
    assert result.exit_code == 1


def test_db_status_reports_an_up_to_date_schema(cli):
    status = cli("db", "status", "--format", "json").json()
    assert status["up_to_date"] is True


def test_db_check_prints_nothing_when_all_is_well(cli):
    result = cli("db", "check")
    assert result.exit_code == 0
    assert result.stdout == ""


@pytest.mark.sqlite_only
def test_db_backup_writes_a_verified_owner_only_copy(cli, tmp_path):
    add_zhang(cli)
    target = tmp_path / "backup.db"
    result = cli("db", "backup", str(target))
    assert result.exit_code == 0, result.stderr
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    import sqlite3

    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT name FROM retiree").fetchall() == [("张三",)]


def test_kuangqu_check_is_silent_on_a_clean_database(cli):
    add_zhang(cli)
    result = cli("check")
    assert (result.exit_code, result.stdout) == (0, "")


def test_json_output_is_valid_for_every_listing(cli):
    add_zhang(cli)
    cli("household", "add", "--head", "#1")
    for args in (("retiree", "list"), ("household", "list"), ("grid", "list"), ("audit", "list")):
        json.loads(cli(*args, "--format", "json").stdout)
