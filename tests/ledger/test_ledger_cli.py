"""The benefit, correction and `retiree died` commands as a clerk uses them, with their error paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.ledger.conftest import unique_id

RULES = Path(__file__).resolve().parents[2] / "sample_data"


@pytest.fixture
def man(cli):
    """#1: a retired section chief with a basic pension and a phone allowance since 2015-12."""
    number = unique_id()
    result = cli("retiree", "add", "--name", "王建国", "--id-number", number, "--work-start", "1968-09",
                 "--retired-on", "2010-03", "--position", "科长", "--area", "一片", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rid = str(result.json()["id"])
    for component, amount in (("基本养老金", "2100.00"), ("电话费补贴", "50.00")):
        added = cli("benefit", "add", rid, "--effective", "2015-12", "--component", component, "--amount", amount,
                    "--reason", "建卡基数", "--format", "json")  # fmt: skip
        assert added.exit_code == 0, added.stderr
    return rid, number


@pytest.mark.parametrize(
    "path",
    [
        ["benefit"], ["benefit", "add"], ["benefit", "reverse"], ["benefit", "card"], ["benefit", "cards"],
        ["benefit", "list"], ["benefit", "adjust"], ["benefit", "adjust-reverse"], ["benefit", "batches"],
        ["benefit", "papers"], ["benefit", "papers", "add"], ["benefit", "papers", "list"],
        ["benefit", "papers", "remove"], ["correction"], ["correction", "open"], ["correction", "inquire"],
        ["correction", "reply"], ["correction", "correct"], ["correction", "answer"], ["correction", "no-error"],
        ["correction", "list"], ["correction", "show"], ["retiree", "died"],
    ],
)  # fmt: skip
def test_every_command_explains_itself(cli, path):
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


# ---------------------------------------------------------------- benefit add / reverse / list


def test_adding_an_entry_prints_its_id_and_place_in_the_chain(cli, man):
    rid, _ = man
    result = cli("benefit", "add", rid, "--effective", "2019-01", "--component", "各项补贴", "--amount", "120",
                 "--reason", "补贴", "--document", "平煤〔2019〕1号", "--format", "json")  # fmt: skip
    assert result.exit_code == 0
    assert result.json() == {"id": 3, "seq": 3}
    plain = cli("benefit", "add", rid, "--effective", "2019-02", "--component", "补发", "--amount", "10",
                "--reason", "补")  # fmt: skip
    assert plain.exit_code == 0 and "编号 4" in plain.stdout


def test_a_wrong_entry_lists_every_problem_and_writes_nothing(cli, man):
    rid, _ = man
    result = cli("benefit", "add", rid, "--effective", "2019", "--component", "奖金", "--amount", "1.001",
                 "--reason", " ")  # fmt: skip
    assert result.exit_code == 1
    for word in ("生效时间须写到月", "奖金", "必须写明原因"):
        assert word in result.stderr
    assert len(cli("benefit", "list", rid, "--format", "json").json()) == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["#99", "--effective", "2019-01", "--component", "补发", "--amount", "1", "--reason", "x"],
            3,
            "找不到人员",
        ),
        (
            ["1", "--effective", "2009-01", "--component", "基本养老金", "--amount", "1", "--reason", "x"],
            1,
            "早于退休",
        ),
        (
            ["1", "--effective", "2019-01", "--component", "补发", "--amount", "0", "--reason", "x"],
            1,
            "不能为 0",
        ),
    ],
)
def test_benefit_add_error_paths(cli, man, args, code, message):
    result = cli("benefit", "add", *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_reversing_an_entry_and_the_refusals(cli, man):
    _ = man
    result = cli("benefit", "reverse", "2", "--reason", "录错", "--format", "json")
    assert result.exit_code == 0
    assert result.json() == {"id": 3, "seq": 3, "reverses_id": 2}
    again = cli("benefit", "reverse", "2", "--reason", "再冲")
    assert again.exit_code == 4 and "已被记录 3 冲正" in again.stderr
    assert cli("benefit", "reverse", "3", "--reason", "x").exit_code == 4
    assert cli("benefit", "reverse", "99", "--reason", "x").exit_code == 3
    assert cli("benefit", "reverse", "2").exit_code == 2  # --reason is required


def test_listing_entries_filters_and_shows_json_keys(cli, man):
    rid, _ = man
    rows = cli("benefit", "list", rid, "--component", "电话费补贴", "--format", "json").json()
    assert [(r["seq"], r["component"], r["amount"]) for r in rows] == [(2, "phone_allowance", "50.00")]
    assert set(rows[0]) >= {
        "id",
        "retiree_id",
        "name",
        "seq",
        "effective",
        "component",
        "component_name",
        "amount",
        "reason",
        "document",
        "reverses_id",
        "batch_id",
        "correction_id",
        "recorded_at",
        "operator",
    }
    assert cli("benefit", "list", "--month", "2015-12", "--format", "csv").stdout.count("\n") == 3
    assert cli("benefit", "list").exit_code == 0


# ---------------------------------------------------------------- card / cards


def test_the_card_as_json_table_and_csv(cli, man):
    rid, number = man
    data = cli("benefit", "card", rid, "--as-of", "2020-01", "--format", "json").json()
    assert set(data) == {"retiree", "as_of", "components", "changes", "corrections", "current"}
    assert data["retiree"]["id_number"] == number[:6] + "********" + number[-4:]
    assert data["current"]["total"] == "2150.00"
    table = cli("benefit", "card", number[-6:], "--as-of", "2020-01")
    assert table.exit_code == 0
    assert (
        "待遇变更明白卡：王建国" in table.stdout and "2150.00" in table.stdout and number not in table.stdout
    )
    csv = cli("benefit", "card", rid, "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("seq,effective,component_name,amount")
    assert len(csv) == 3


def test_revealing_the_id_on_the_card_needs_a_reason_and_is_audited(cli, man):
    rid, number = man
    refused = cli("benefit", "card", rid, "--reveal", "--format", "json")
    assert refused.exit_code == 1 and "--reason" in refused.stderr
    shown = cli("benefit", "card", rid, "--reveal", "--reason", "本人核对", "--format", "json")
    assert shown.json()["retiree"]["id_number"] == number
    audit = cli("audit", "list", "--format", "json").json()
    assert any(a["action"] == "reveal" and a["reason"] == "本人核对" for a in audit)


def test_the_card_for_an_unknown_person_is_not_found(cli):
    result = cli("benefit", "card", "#5")
    assert result.exit_code == 3 and "找不到人员" in result.stderr


def test_the_card_is_written_as_xlsx(cli, man, tmp_path):
    rid, _ = man
    target = tmp_path / "out" / "card.xlsx"
    target.parent.mkdir()
    result = cli("benefit", "card", rid, "-o", str(target))
    assert result.exit_code == 0 and "已写入 1 张明白卡" in result.stderr
    ws = load_workbook(target).active
    assert ws["A1"].value == "待遇变更明白卡"


def test_many_cards_by_area(cli, man, tmp_path):
    other = cli("retiree", "add", "--name", "李秀英", "--id-number", unique_id(male=False), "--sex", "女",
                "--retired-on", "2005-01", "--area", "二片", "--format", "json").json()["id"]  # fmt: skip
    cli("benefit", "add", str(other), "--effective", "2005-01", "--component", "基本养老金", "--amount", "1500",
        "--reason", "退休")  # fmt: skip
    result = cli("benefit", "cards", "--area", "一片", "-o", str(tmp_path / "cards.xlsx"), "--format", "json")
    assert result.exit_code == 0 and result.json() == {"path": str(tmp_path / "cards.xlsx"), "cards": 1}
    both = cli("benefit", "cards", "-o", str(tmp_path / "all.xlsx"), "--one-sheet")
    assert both.exit_code == 0 and "2 张" in both.stderr
    assert len(load_workbook(tmp_path / "all.xlsx").active.row_breaks.brk) == 1
    nobody = cli("benefit", "cards", "--area", "九片", "-o", str(tmp_path / "none.xlsx"))
    assert nobody.exit_code == 0 and not (tmp_path / "none.xlsx").exists()


# ---------------------------------------------------------------- adjust


def test_a_dry_run_shows_each_person_and_the_total_and_writes_nothing(cli, man):
    rule = RULES / "adjustment-2016.toml"
    result = cli("benefit", "adjust", "--year", "2016", "--rule", str(rule), "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert {k: data[k] for k in ("year", "dry_run", "batch_id", "people")} == {
        "year": 2016,
        "dry_run": True,
        "batch_id": None,
        "people": 1,
    }
    # 70.00 + 41 years × 1.50 + 2.0% × 2100.00 = 42.00 (age 65 on 2015-12-31: no age extra)
    row = data["rows"][0]
    assert (row["years_of_service"], row["service"], row["percent"], row["increase"]) == (
        41,
        "61.50",
        "42.00",
        "173.50",
    )
    assert data["total_increase"] == "173.50"
    assert cli("benefit", "batches", "--format", "json").json() == []


def test_an_adjustment_is_written_listed_and_reversed_as_a_whole(cli, man):
    rule = RULES / "adjustment-2016.toml"
    done = cli("benefit", "adjust", "--year", "2016", "--rule", str(rule), "--format", "json")
    assert done.exit_code == 0 and done.json()["batch_id"] == 1
    again = cli("benefit", "adjust", "--year", "2016", "--rule", str(rule))
    assert again.exit_code == 4 and "批次 1" in again.stderr
    batches = cli("benefit", "batches", "--format", "json").json()
    assert [(b["id"], b["year"], b["people"], b["rule_name"]) for b in batches] == [
        (1, 2016, 1, "adjustment-2016.toml")
    ]
    assert (
        cli("benefit", "card", "1", "--as-of", "2016-01", "--format", "json").json()["current"]["total"]
        == "2323.50"
    )
    undone = cli("benefit", "adjust-reverse", "1", "--reason", "文件有误", "--format", "json")
    assert undone.json() == {"id": 1, "reversed_entries": 1}
    assert cli("benefit", "adjust-reverse", "1", "--reason", "再撤").exit_code == 4
    assert cli("benefit", "adjust-reverse", "9", "--reason", "x").exit_code == 3
    assert (
        cli("benefit", "card", "1", "--as-of", "2016-01", "--format", "json").json()["current"]["total"]
        == "2150.00"
    )


@pytest.mark.parametrize(
    ("year", "rule", "code", "message"),
    [
        ("2017", "adjustment-2016.toml", 1, "不一致"),
        ("2016", "missing.toml", 1, "无法读取"),
    ],
)
def test_adjust_error_paths(cli, man, year, rule, code, message):
    result = cli("benefit", "adjust", "--year", year, "--rule", str(RULES / rule))
    assert result.exit_code == code and message in result.stderr


# ---------------------------------------------------------------- papers


def test_newspaper_subscriptions_are_added_listed_and_removed(cli, man):
    rid, _ = man
    added = cli("benefit", "papers", "add", rid, "--year", "2020", "--paper", "人民日报", "--paper", "矿工报",
                "--format", "json")  # fmt: skip
    assert added.exit_code == 0 and added.json() == {"id": None, "ids": [1, 2]}
    listed = cli("benefit", "papers", "list", "--year", "2020", "--format", "json").json()
    assert listed["totals"] == {"renmin_ribao": 1, "kuanggong_bao": 1} and listed["people"] == 1
    assert [r["paper_name"] for r in listed["rows"]] == ["人民日报", "平顶山矿工报"]
    assert cli("benefit", "papers", "add", rid, "--year", "2020", "--paper", "人民日报").exit_code == 4
    assert cli("benefit", "papers", "add", rid, "--year", "2020", "--paper", "参考消息").exit_code == 1
    assert cli("benefit", "papers", "remove", "1", "--reason", "登记错").exit_code == 0
    assert cli("benefit", "papers", "remove", "1").exit_code == 3
    assert "平顶山矿工报 1" in cli("benefit", "papers", "list").stdout


# ---------------------------------------------------------------- corrections


def test_a_correction_from_found_to_answered(cli, man):
    rid, _ = man
    opened = cli(
        "correction", "open", rid, "--problem", "2016年调整少算工龄", "--on", "2020-03-02", "--format", "json"
    )
    assert opened.json() == {"id": 1}
    asked = cli("correction", "inquire", "1", "--to", "北京", "--sent", "2020-03-05", "--matter", "参加工作时间",
                "--format", "json")  # fmt: skip
    assert asked.json() == {"id": 1, "correction_id": 1}
    replied = cli("correction", "reply", "1", "--reply", "属实", "--on", "2020-03-20", "--format", "json")
    assert replied.json() == {"id": 1, "correction_id": 1}
    fixed = cli("correction", "correct", "1", "--entry", "基本养老金:2016-01:2103.00", "--paid-through", "2016-03",
                "--on", "2020-04-01", "--finding", "少算2年", "--format", "json")  # fmt: skip
    assert fixed.exit_code == 0, fixed.stderr
    data = fixed.json()
    assert (data["status"], data["arrears_total"], data["settlement_component"]) == (
        "corrected",
        "9.00",
        "arrears",
    )
    assert [r["diff"] for r in data["rows"]] == ["3.00", "3.00", "3.00"]
    answered = cli(
        "correction", "answer", "1", "--reply", "已书面告知并补发", "--on", "2020-04-10", "-f", "json"
    )
    assert answered.json() == {"id": 1, "status": "answered", "closed_on": "2020-04-10"}
    shown = cli("correction", "show", "1", "--format", "json").json()
    assert shown["status"] == "answered" and shown["days_open"] == 39 and shown["arrears_total"] == "9.00"
    assert [i["place"] for i in shown["inquiries"]] == ["北京"]
    assert [e["component"] for e in shown["entries"]] == ["basic_pension", "arrears"]
    assert len(shown["arrears"]) == 3
    assert "纠错#1" in cli("benefit", "card", rid, "--format", "json").stdout
    assert cli("correction", "show", "1").exit_code == 0


def test_listing_corrections_by_status_with_days_open(cli, man):
    rid, _ = man
    cli("correction", "open", rid, "--problem", "一", "--on", "2020-03-02")
    cli("correction", "open", rid, "--problem", "二", "--on", "2020-03-02")
    cli("correction", "no-error", "2", "--finding", "无误", "--on", "2020-03-12")
    open_rows = cli("correction", "list", "--format", "json").json()
    assert [r["id"] for r in open_rows] == [1] and open_rows[0]["days_open"] > 0
    closed = cli("correction", "list", "--status", "经核无误", "--format", "json").json()
    assert [(r["id"], r["days_open"], r["status"]) for r in closed] == [(2, 10, "no_error")]
    assert len(cli("correction", "list", "--status", "all", "--retiree", rid, "--format", "json").json()) == 2
    assert cli("correction", "list", "--status", "什么").exit_code == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["answer", "1", "--reply", "答复"], 4, "不能转为"),
        (["reply", "1", "--reply", "答复"], 4, "没有待回复的外调"),
        (["correct", "1", "--entry", "补发:2019-01:1"], 1, "一次性项目"),
        (["correct", "1", "--entry", "基本养老金-2019-01-1"], 1, "项目:起始年月:金额"),
        (["show", "9"], 3, "找不到纠错事项"),
        (["inquire", "9", "--to", "北京"], 3, "找不到纠错事项"),
        (["no-error", "1", "--finding", " "], 1, "核查结论"),
    ],
)
def test_correction_error_paths(cli, man, args, code, message):
    rid, _ = man
    cli("correction", "open", rid, "--problem", "问题")
    result = cli("correction", *args)
    assert result.exit_code == code
    assert message in result.stderr


def test_opening_a_correction_for_nobody_is_not_found(cli):
    assert cli("correction", "open", "#3", "--problem", "x").exit_code == 3


# ---------------------------------------------------------------- retiree died and check


def test_a_death_stops_benefits_records_one_offs_and_opens_a_survivor_household(cli, man):
    rid, _ = man
    result = cli("retiree", "died", rid, "--on", "2020-03-15", "--funeral-grant", "5000", "--lump-sum", "20000",
                 "--survivor", "刘桂兰", "--survivor-id", unique_id("19520101", male=False),
                 "--survivor-support", "800", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert len(data["stopped_entry_ids"]) == 2 and len(data["one_off_entry_ids"]) == 2
    assert data["survivor_id"] == 2 and data["household_id"] == 1
    card = cli("benefit", "card", rid, "--as-of", "2020-04", "--format", "json").json()
    assert card["retiree"]["status"] == "deceased" and card["current"]["total"] == "0.00"
    survivor = cli("benefit", "card", "2", "--as-of", "2020-04", "--format", "json").json()
    assert survivor["current"]["total"] == "800.00"
    assert cli("check").exit_code == 0
    again = cli("retiree", "died", rid, "--on", "2020-03-15", "--funeral-grant", "5000")
    assert again.exit_code == 4


def test_a_death_without_amounts_says_no_one_off_item_was_recorded(cli, man):
    rid, _ = man
    result = cli("retiree", "died", rid, "--on", "2020-03", "--no-defaults")
    assert result.exit_code == 0 and "未记丧葬费" in result.stderr and "已登记" in result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--on", "2020"], 1),
        (["--on", "2020-03", "--survivor", "刘桂兰"], 1),
        (["--on", "2020-03", "--funeral-grant", "abc"], 1),
    ],
)
def test_retiree_died_error_paths(cli, man, args, code):
    rid, _ = man
    assert cli("retiree", "died", rid, *args).exit_code == code


def test_check_names_benefits_paid_after_a_death(cli, man):
    rid, _ = man
    cli("retiree", "edit", rid, "--status", "已故", "--died-on", "2019-06-02")
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    assert [p["key"] for p in json.loads(result.stdout)] == ["ledger.not_stopped"]


def test_the_card_command_loads_neither_the_orm_nor_openpyxl_unless_it_writes_a_file(
    cli, man, db_url, tmp_path
):
    """Start-up cost: `benefit card` reads with plain SQL; openpyxl only with -o (no timing asserted)."""
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from kuangqu.cli import app\n"
        "args = json.loads(sys.argv[1])\n"
        "result = CliRunner().invoke(app, args)\n"
        "loaded = [m for m in ('openpyxl', 'sqlmodel', 'sqlalchemy.orm') if m in sys.modules]\n"
        "print(json.dumps({'exit': result.exit_code, 'loaded': loaded}))\n"
    )
    rid, _ = man

    def loaded(*args: str) -> dict:
        argv = json.dumps(["--db", db_url, "benefit", "card", rid, *args])
        out = subprocess.run([sys.executable, "-c", script, argv], capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert loaded("--format", "json") == {"exit": 0, "loaded": []}
    assert loaded() == {"exit": 0, "loaded": []}
    assert "openpyxl" in loaded("-o", str(tmp_path / "card.xlsx"))["loaded"]
