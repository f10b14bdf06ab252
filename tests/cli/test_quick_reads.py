"""The quick read path (kuangqu.quickread, db.open_sqlite_reader): `retiree show`, `retiree search` and
`benefit card` read with plain SQL — sqlite3 alone on a SQLite file — and answer exactly what the ORM
services answer. Runs on both backends; the sqlite3-only parts are marked."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import make_id
from tests.trust.helpers import ROOT, child_env, nth_id

FULL = {
    "ethnicity": "回族",
    "work_start": "1975-03",
    "retired_on": "2010",
    "former_unit": "采煤一队",
    "position": "工人",
    "address": "十矿西大门8号楼4单元302",
    "phone": "13912345678",
    "family_situation": "老伴健在",
    "area": "三片",
    "building": "8号楼",
    "work_group": "第13组",
    "remarks": "腿脚不便",
}


@contextmanager
def readers(db: Any, db_url: str) -> Iterator[list[Any]]:
    """The readers a quick command may get here: Core on this session's connection, and on a SQLite
    file also sqlite3 alone."""
    from kuangqu.db import open_sqlite_reader, transaction
    from kuangqu.quickread import SqliteReader, as_reader

    with transaction(db, write=False) as s:
        found = [as_reader(s.connection())]
        quick = open_sqlite_reader(db_url) if db.is_sqlite else None
        if quick is not None:
            found.append(SqliteReader(quick.connection))
        try:
            yield found
        finally:
            if quick is not None:
                quick.close()


@pytest.fixture
def people(person: Any) -> dict[str, Any]:
    """A fully filled-in person with an old 15-digit ID, an extra column and a death date, and two more."""
    full = person(
        "张三丰",
        id_number="110105491231002",
        status="已故",
        died_on="2020-05",
        **FULL,
    )
    wang = person("王平", id_number=nth_id(11), phone="15100000642", area="三片")
    li = person("李四", id_number=nth_id(12), category="遗属")
    return {"full": full, "wang": wang, "li": li}


def test_a_quick_row_is_the_views_row_masked_and_revealed(db, db_url, read, people):
    from kuangqu.quickread import RETIREE_COLUMNS, first, retiree_row
    from kuangqu.services import retirees
    from kuangqu.views import retiree_row as orm_row

    with read() as s:
        expected = {
            (ref, reveal): orm_row(retirees.get(s, ref), reveal=reveal)
            for ref in (f"#{p.id}" for p in people.values())
            for reveal in (False, True)
        }
    with readers(db, db_url) as found:
        for reader in found:
            for (ref, reveal), row in expected.items():
                raw = first(
                    reader, f"SELECT {RETIREE_COLUMNS} FROM retiree WHERE id = :id", {"id": int(ref[1:])}
                )
                assert raw is not None
                quick = retiree_row(raw, reveal=reveal)
                assert quick == row
                assert [type(v).__name__ for v in quick.values()] == [type(v).__name__ for v in row.values()]
                assert json.dumps(_jsonable(quick)) == json.dumps(_jsonable(row))


def _jsonable(row: dict[str, Any]) -> Any:
    from kuangqu.render import cell_text, jsonable

    return [jsonable(row), {k: cell_text(v) for k, v in row.items()}]


def test_the_quick_labels_are_the_registry_enums_labels():
    from kuangqu import quickread
    from kuangqu.models.enums import Category, Sex, Status

    for mine, theirs in ((quickread.Sex, Sex), (quickread.Category, Category), (quickread.Status, Status)):
        assert {m.value: m.label for m in mine} == theirs.labels()


def test_every_reference_finds_the_person_services_get_finds(db, db_url, read, people):
    from kuangqu.errors import NotFound
    from kuangqu.quickread import resolve_retiree
    from kuangqu.services import retirees

    full = people["full"]
    refs = [f"#{full.id}", str(full.id), f" {full.id_number.lower()} ", full.id_number_original,
            full.id_number[-6:], people["wang"].id_number]  # fmt: skip
    with read() as s:
        expected = [retirees.get(s, ref).id for ref in refs]
    assert expected[0] == full.id
    with readers(db, db_url) as found:
        for reader in found:
            assert [resolve_retiree(reader, ref) for ref in refs] == expected
            for missing in ("#999999", "999999", make_id(), "", "#99999999999999999999999"):
                with pytest.raises(NotFound):
                    resolve_retiree(reader, missing)


def test_a_six_character_tail_shared_by_two_people_is_refused_as_ambiguous(db, db_url, person):
    from kuangqu.errors import RuleViolation
    from kuangqu.quickread import resolve_retiree

    first = make_id(area="410402", seq="135")
    # Another area code whose ID ends in the same six characters.
    second = next(
        i for a in range(410403, 410499) if (i := make_id(area=str(a), seq="135"))[-6:] == first[-6:]
    )
    person("赵一", id_number=first)
    person("赵二", id_number=second)
    with readers(db, db_url) as found:
        for reader in found:
            with pytest.raises(RuleViolation) as refused:
                resolve_retiree(reader, first[-6:])
            assert refused.value.key == "retiree.ambiguous_tail"


SEARCHES = ["张", "三丰", "王平", "zhang", "ZhangSan", "zsf", "wp", "wang ping", "1002", "002X", "0642",
            "13912345678", "no-such", "王%", "", "   ", "ab1", "x"]  # fmt: skip


@pytest.mark.parametrize("limit", [50, 1])
def test_search_finds_the_same_people_in_the_same_order_as_the_service(db, db_url, read, people, limit):
    from kuangqu.quickread import search_rows
    from kuangqu.services import retirees
    from kuangqu.views import retiree_row

    with read() as s:
        expected = {
            text: [retiree_row(p) for p in retirees.search(s, text, limit=limit)] for text in SEARCHES
        }
    assert [r["name"] for r in expected["zsf"]] == ["张三丰"]
    assert expected["王平"] and expected["0642"] and not expected["no-such"]
    with readers(db, db_url) as found:
        for reader in found:
            assert {text: search_rows(reader, text, limit=limit) for text in SEARCHES} == expected


def test_show_lists_the_grid_leaders_masked_and_the_household(cli, people):
    full = people["full"]
    for args in (("--level", "片长", "--area", "三片"), ("--level", "楼长", "--area", "三片", "--building", "8号楼"),
                 ("--level", "工作组长", "--work-group", "第13组")):  # fmt: skip
        assert cli("grid", "assign", *args, "--name", "刘长友", "--phone", "13700001111").exit_code == 0
    assert cli("household", "add", "--head", f"#{full.id}").exit_code == 0
    shown = cli("retiree", "show", f"#{full.id}", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    data = shown.json()
    assert data["id_number"].count("*") == 8 and data["phone"] == "139****5678"
    assert data["household"].startswith("#")
    assert [(g["level"], g["phone"]) for g in data["grid_leaders"]] == [
        ("片长", "137****1111"),
        ("楼长", "137****1111"),
        ("工作组长", "137****1111"),
    ]
    table = cli("retiree", "show", full.id_number[-6:])
    assert table.exit_code == 0 and "刘长友" in table.stdout and "13700001111" not in table.stdout


def test_show_with_reveal_shows_everything_and_audits_the_reveal(cli, people):
    full = people["full"]
    shown = cli("retiree", "show", f"#{full.id}", "--reveal", "--reason", "家访核对", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json()["id_number"] == full.id_number
    audit = cli("audit", "list", "--format", "json")
    assert audit.exit_code == 0, audit.stderr
    assert "reveal" in audit.stdout and "家访核对" in audit.stdout


def test_show_search_and_card_of_nobody_exit_3_with_a_message(cli, people):
    for args in (("retiree", "show", "#999999"), ("benefit", "card", "#999999")):
        ran = cli(*args)
        assert ran.exit_code == 3, ran.stdout + ran.stderr
        assert "999999" in ran.stderr and "Traceback" not in ran.stderr
    assert cli("retiree", "search", "无此人", "--format", "json").json() == []


# ---------------------------------------------------------------- sqlite3 alone


def _run_child(db: str, *args: str) -> dict[str, Any]:
    """Run `kuangqu --db DB ARGS…` in a fresh interpreter; report its exit code, output and what it imported."""
    code = (
        "import sys, json\n"
        "from kuangqu.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "mods = sorted({m.split('.')[0] for m in sys.modules} | {m for m in sys.modules if m.startswith('kuangqu.')})\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps([code, mods]) + '\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", db, *args],
        capture_output=True, text=True, env=child_env(), cwd=ROOT, timeout=120,
    )  # fmt: skip
    head, _, tail = done.stderr.rpartition("\nMODULES ")
    exit_code, modules = json.loads(tail)
    return {"exit_code": exit_code, "stdout": done.stdout, "stderr": head, "modules": set(modules)}


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "args",
    [
        ("retiree", "show", "#1"),
        ("retiree", "search", "王平"),
        ("retiree", "search", "wp"),
        ("benefit", "card", "#1"),
    ],
    ids=["show", "search", "search-pinyin", "card"],
)
def test_the_quick_commands_read_a_sqlite_file_without_sqlalchemy_the_orm_or_other_sub_apps(
    db_url, people, args
):
    ran = _run_child(db_url, *args, "--format", "json")
    assert ran["exit_code"] in (0, None), ran["stderr"]
    assert json.loads(ran["stdout"])
    loaded = ran["modules"]
    assert not loaded & {"sqlalchemy", "sqlmodel", "pypinyin", "openpyxl", "python_calamine", "alembic"}
    assert not {m for m in loaded if m.startswith(("kuangqu.models", "kuangqu.services", "kuangqu.excel"))}
    assert "kuangqu.cli.relief" not in loaded and "kuangqu.cli.household" not in loaded
    assert {m for m in loaded if m.startswith("kuangqu.reports")} <= {
        "kuangqu.reports",
        "kuangqu.reports.ledger",
    }


def test_importing_kuangqu_db_does_not_import_sqlalchemy():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, kuangqu.db; print('sqlalchemy' in sys.modules)"],
        capture_output=True, text=True, env=child_env(), cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.sqlite_only
def test_the_quick_path_refuses_another_programs_file_and_a_newer_schema_by_name(tmp_path, db_url, people):
    other = tmp_path / "wechat.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE message (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for args in (("retiree", "show", "#1"), ("retiree", "search", "王"), ("benefit", "card", "#1")):
        ran = _run_child(str(other), *args)
        assert ran["exit_code"] == 5 and "不是 kuangqu 的数据库" in ran["stderr"], ran["stderr"]
        assert "Traceback" not in ran["stderr"]
    assert other.read_bytes() == before

    conn = sqlite3.connect(db_url)
    conn.execute(
        "UPDATE alembic_version SET version_num = 'ffff_from_the_future' "
        "WHERE rowid = (SELECT min(rowid) FROM alembic_version)"
    )
    conn.commit()
    conn.close()
    ran = _run_child(db_url, "retiree", "show", "#1")
    assert ran["exit_code"] == 5 and "ffff_from_the_future" in ran["stderr"], ran["stderr"]


@pytest.mark.sqlite_only
def test_a_missing_file_is_left_to_the_full_open_which_creates_it(tmp_path):
    from kuangqu.db import open_sqlite_reader

    fresh = tmp_path / "new" / "kuangqu.db"
    assert open_sqlite_reader(str(fresh)) is None
    ran = _run_child(str(fresh), "retiree", "search", "王")
    assert ran["exit_code"] in (0, None), ran["stderr"]
    assert fresh.is_file() and "sqlalchemy" in ran["modules"]


@pytest.mark.sqlite_only
def test_a_read_only_file_uri_is_read_quickly_and_left_byte_for_byte(db_url, people):
    path = Path(db_url)
    before = path.read_bytes()
    ran = _run_child(f"file:{path}?mode=ro", "retiree", "show", "#1", "--format", "json")
    assert ran["exit_code"] in (0, None), ran["stderr"]
    assert json.loads(ran["stdout"])["id"] == 1
    assert "sqlalchemy" not in ran["modules"]
    assert path.read_bytes() == before


def test_the_root_help_still_lists_every_command_with_its_help():
    from typer.testing import CliRunner

    from kuangqu.cli import COMMANDS, SUBCOMMANDS, app

    result = CliRunner().invoke(app, ["--help"], env={"KUANGQU_WIDTH": "200"})
    assert result.exit_code == 0
    for _module, name in SUBCOMMANDS:
        assert f" {name} " in result.stdout
    for _module, _func, name in COMMANDS:
        assert f" {name} " in result.stdout
    assert "离退休人员登记" in result.stdout and "待遇台账" in result.stdout


# ---------------------------------------------------------------- the command line without pydantic

VALUES = ["abc", "", " x ", "王平", "json", "JSON", "Json", "table", "csv", "xml", "50", "0", "007", "-1", "+5",
          " 5", "5.0", "1e3", "99999999999999999999", "/tmp/card.xlsx", 50, 0, True, False]  # fmt: skip


def _outcome(coercion: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    from typer import BadParameter

    try:
        return ("value", coercion.coerce(value, param=param, ctx=ctx))
    except BadParameter as exc:
        return ("error", exc.format_message())


def test_the_quick_coercion_gives_typers_values_and_typers_errors():
    import typer
    from typer._coercion import build_runtime_param
    from typer.main import get_command

    from kuangqu.cli import QuickCoercion, app

    root = get_command(app)
    commands = [root, root.commands["retiree"].commands["show"], root.commands["retiree"].commands["search"],
                root.commands["benefit"].commands["card"]]  # fmt: skip
    checked = set()
    for command in commands:
        ctx = typer.Context(command)
        for param in command.params:
            if not hasattr(param, "type_descriptor"):
                continue
            assert isinstance(param._runtime_param, QuickCoercion), param.name
            typers = build_runtime_param(param.type_descriptor)
            for value in VALUES:
                assert _outcome(param._runtime_param, value, param, ctx) == _outcome(
                    typers, value, param, ctx
                ), (
                    param.name,
                    value,
                )
            checked.add(param.type_descriptor.annotation.__name__)
    assert checked >= {"str", "int", "bool", "OutputFormat", "Path"}


@pytest.mark.sqlite_only
def test_a_bad_format_or_limit_is_still_typers_usage_error(db_url, people):
    ran = _run_child(db_url, "retiree", "search", "王", "--limit", "many")
    assert ran["exit_code"] == 2 and "--limit" in ran["stderr"], ran["stderr"]
    ran = _run_child(db_url, "retiree", "show", "#1", "--format", "xml")
    assert ran["exit_code"] == 2 and "xml" in ran["stderr"], ran["stderr"]
    ran = _run_child(db_url, "retiree", "show", "#1", "--format", "json", "--reveal", "--reason", "核对")
    assert ran["exit_code"] in (0, None) and json.loads(ran["stdout"])["id"] == 1


def test_the_root_help_lists_each_sub_app_exactly_as_the_converted_sub_app_would(monkeypatch):
    from typer.testing import CliRunner

    import kuangqu.cli as cli_module

    def help_text() -> str:
        result = CliRunner().invoke(cli_module.app, ["--help"], env={"KUANGQU_WIDTH": "200"})
        assert result.exit_code == 0
        return result.stdout

    listed = help_text()
    modules = {name: module for module, name in cli_module.SUBCOMMANDS}
    monkeypatch.setattr(
        cli_module, "_sub_app_listing", lambda name: cli_module._sub_app_loader(modules[name], name)()
    )
    assert help_text() == listed


def test_a_raw_sqlite_error_reaching_the_root_becomes_a_database_message_not_an_internal_error():
    from kuangqu.cli import _translate_unexpected
    from kuangqu.errors import DatabaseProblem

    locked = _translate_unexpected(sqlite3.OperationalError("database is locked"))
    assert isinstance(locked, DatabaseProblem) and locked.key == "db.locked"
    damaged = _translate_unexpected(sqlite3.DatabaseError("database disk image is malformed"))
    assert isinstance(damaged, DatabaseProblem) and damaged.key == "db.corrupt"
