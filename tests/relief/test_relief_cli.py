"""`kuangqu relief …` through the CLI: every command, its JSON keys, and its error paths."""

from __future__ import annotations

from datetime import date

import pytest
from typer.main import get_command

from kuangqu.cli import app
from tests.relief.conftest import ISSUE_STANDARD


def relief_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(command, prefix: list[str]) -> None:  # type: ignore[no-untyped-def]
        paths.append(prefix)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*prefix, name])

    walk(get_command(app).commands["relief"], ["relief"])  # type: ignore[attr-defined]
    return paths


@pytest.mark.parametrize("path", relief_paths(), ids=" ".join)
def test_every_relief_command_has_help(cli, path):
    result = cli(*path, "--help")
    assert result.exit_code == 0 and "Usage" in result.stdout


EXPECTED_COMMANDS = {
    "relief standard load",
    "relief standard show",
    "relief standard list",
    "relief assess",
    "relief apply",
    "relief review",
    "relief notice",
    "relief objection add",
    "relief objection resolve",
    "relief approve",
    "relief reject",
    "relief withdraw",
    "relief close",
    "relief list",
    "relief show",
    "relief due",
    "relief pay",
    "relief festival",
    "relief pay-temporary",
    "relief payments list",
    "relief payments reverse",
    "relief pair add",
    "relief pair end",
    "relief pair list",
    "relief check",
    "relief stats",
}


def test_the_relief_commands_are_all_there():
    assert {" ".join(p) for p in relief_paths()} >= EXPECTED_COMMANDS


# ---------------------------------------------------------------- standard


def test_a_standard_is_loaded_listed_and_shown(cli, standard_file):
    created = cli("relief", "standard", "load", str(standard_file), "-f", "json")
    assert created.exit_code == 0 and created.json() == {"id": 1, "version": "2020", "created": True}
    again = cli("relief", "standard", "load", str(standard_file))
    assert again.exit_code == 0 and "已载入过" in again.stderr
    listed = cli("relief", "standard", "list", "-f", "json").json()
    assert [(r["version"], r["dibao_monthly"], r["tiers"]) for r in listed] == [
        ("2020", "520.00", ["A", "B", "C"])
    ]
    shown = cli("relief", "standard", "show", "2020", "-f", "json").json()
    assert shown["source_text"] == ISSUE_STANDARD
    assert [(t["code"], t["income_limit"]) for t in shown["tiers"]] == [
        ("A", "520.00"),
        ("B", "780.00"),
        ("C", "1560.00"),
    ]
    assert "一档（深度困难）" in cli("relief", "standard", "show", "2020").stdout


def test_a_bad_standard_is_rejected_naming_the_line(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(ISSUE_STANDARD.replace("causes = []", 'causes = ["flood"]'), encoding="utf-8")
    result = cli("relief", "standard", "load", str(bad))
    line = next(n for n, text in enumerate(bad.read_text("utf-8").splitlines(), 1) if "flood" in text)
    assert result.exit_code == 1 and f"第 {line} 行" in result.stderr and "flood" in result.stderr
    english = cli("--lang", "en", "relief", "standard", "load", str(bad))
    assert f"Line {line}" in english.stderr
    assert cli("relief", "standard", "list", "-f", "json").json() == []


def test_a_changed_standard_under_the_same_version_is_refused(cli, standard_file, tmp_path):
    cli("relief", "standard", "load", str(standard_file))
    changed = tmp_path / "changed.toml"
    changed.write_text(ISSUE_STANDARD.replace('"300.00"', '"320.00"'), encoding="utf-8")
    result = cli("relief", "standard", "load", str(changed))
    assert result.exit_code == 4 and "2020" in result.stderr


def test_an_unknown_standard_version_is_not_found(cli, standard_file):
    cli("relief", "standard", "load", str(standard_file))
    assert cli("relief", "standard", "show", "1999").exit_code == 3


# ---------------------------------------------------------------- assess


def test_assess_explains_the_tier_with_the_issues_json_keys(cli, standard, family):
    household = family("1000.00", "0")
    result = cli("relief", "assess", f"#{household.id}", "--as-of", "2020-01-05", "-f", "json")
    assert result.exit_code == 0
    data = result.json()
    assert {
        "household",
        "standard_version",
        "per_capita_monthly_income",
        "dibao_monthly",
        "tier",
        "tier_label",
        "excluded_by",
        "checks",
    } <= set(data)
    assert (
        data["household"],
        data["standard_version"],
        data["per_capita_monthly_income"],
        data["dibao_monthly"],
        data["tier"],
        data["excluded_by"],
    ) == (household.id, "2020", "500.00", "520.00", "A", [])
    assert [set(c) >= {"tier", "passed", "reasons"} for c in data["checks"]] == [True, True, True]
    assert "assessment_id" not in data
    table = cli("relief", "assess", f"#{household.id}", "--as-of", "2020-01-05")
    assert "人均月收入 500.00 元 低于 1.0 × 520.00 = 520.00 元" in table.stdout
    assert "再增加 20.00 元" in table.stdout


def test_assess_reports_missing_facts_and_places_nowhere(cli, standard, family):
    household = family("1000.00", None, rigid=None)
    data = cli("relief", "assess", f"#{household.id}", "--as-of", "2020-01-05", "-f", "json").json()
    assert data["tier"] is None and data["per_capita_monthly_income"] is None
    assert [m["fact"] for m in data["missing"]] == ["monthly_income", "annual_rigid_expenses"]
    assert "月收入未登记" in cli("relief", "assess", f"#{household.id}", "--as-of", "2020-01-05").stdout


def test_assess_record_stores_the_assessment_and_says_so(cli, standard, family):
    household = family("1000.00", "0")
    result = cli("relief", "assess", f"#{household.id}", "--as-of", "2020-01-05", "--record", "-f", "json")
    assert result.exit_code == 0 and result.json()["assessment_id"] == 1 and "编号 1" in result.stderr
    audit = cli("audit", "list", "--action", "relief.assess", "-f", "json").json()
    assert len(audit) == 1


def test_assess_all_summarises_per_tier(cli, standard, family):
    family("1000.00", "0")
    family("1300.00", "0", causes=("disability",), name="乙户")
    family("9000.00", name="丙户")
    family("100.00", exclusions=("two_homes",), name="丁户")
    result = cli("relief", "assess", "--all", "--as-of", "2020-01-05", "-f", "json")
    data = result.json()
    counts = {(r["tier"] or r["label"]): r["households"] for r in data["rows"]}
    assert (counts["A"], counts["B"], counts["C"]) == (1, 1, 0)
    assert data["households"] == 4 and data["standard_version"] == "2020"
    assert "不在任何档次" in cli("relief", "assess", "--all", "--as-of", "2020-01-05").stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 2),
        (("#1", "--all"), 2),
        (("#99",), 3),
        (("#1", "--standard", "1999"), 3),
        (("#1", "--as-of", "2019-06-01"), 3),
        (("#1", "--as-of", "2020-02-30"), 1),
    ],
)
def test_assess_error_paths(cli, standard, family, args, code):
    family()
    assert cli("relief", "assess", *args).exit_code == code


# ---------------------------------------------------------------- the review


def run_review(cli, household_id: int) -> int:
    app_id = cli("relief", "apply", f"#{household_id}", "--on", "2020-01-02", "-f", "json").json()["id"]
    assert (
        cli(
            "relief",
            "review",
            str(app_id),
            "--visit",
            "家访#7",
            "--visit-date",
            "2020-01-03",
            "--on",
            "2020-01-03",
        ).exit_code
        == 0
    )
    notice = cli("relief", "notice", str(app_id), "--from", "2020-01-04", "--days", "7")
    assert notice.exit_code == 0 and "2020-01-10" in notice.stderr
    return app_id


def test_an_application_is_reviewed_noticed_objected_to_and_approved(cli, standard, family):
    household = family("1000.00", "0")
    app_id = run_review(cli, household.id)
    early = cli("relief", "approve", str(app_id), "--on", "2020-01-10")
    assert early.exit_code == 4 and "2020-01-10" in early.stderr
    objection = cli(
        "relief",
        "objection",
        "add",
        str(app_id),
        "--content",
        "有车",
        "--by",
        "邻居",
        "--on",
        "2020-01-05",
        "-f",
        "json",
    )
    assert objection.exit_code == 0
    blocked = cli("relief", "approve", str(app_id), "--on", "2020-01-11")
    assert blocked.exit_code == 4 and "尚未核实" in blocked.stderr
    assert (
        cli(
            "relief",
            "objection",
            "resolve",
            str(objection.json()["id"]),
            "--resolution",
            "核实无车",
            "--dismissed",
            "--on",
            "2020-01-08",
        ).exit_code
        == 0
    )
    approved = cli("relief", "approve", str(app_id), "--on", "2020-01-11")
    assert approved.exit_code == 0 and "档次 A" in approved.stderr
    shown = cli("relief", "show", str(app_id), "-f", "json").json()
    assert (shown["status"], shown["tier"], shown["next_review_on"]) == ("approved", "A", "2021-01-11")
    assert [e["action"] for e in shown["events"]] == ["申请", "初审", "公示", "异议", "异议不成立", "批准"]
    assert shown["objections"][0]["resolution"] == "核实无车"
    listed = cli("relief", "list", "--status", "approved", "-f", "json").json()
    assert [r["id"] for r in listed] == [app_id]


@pytest.mark.parametrize(
    "step",
    [
        ("approve", "--on", "2020-01-11"),
        ("notice", "--from", "2020-01-04"),
        ("close", "--reason", "x", "--on", "2020-01-11"),
        ("review", "--visit", "家访#1", "--on", "2020-01-11"),
    ],
)
def test_a_withdrawn_application_refuses_every_further_step(cli, standard, family, step):
    household = family("1000.00", "0")
    app_id = run_review(cli, household.id)
    assert cli("relief", "withdraw", str(app_id), "--on", "2020-01-05", "--reason", "不申请了").exit_code == 0
    result = cli("relief", step[0], str(app_id), *step[1:])
    assert result.exit_code == 4 and "已撤回" in result.stderr


def test_a_rejection_needs_a_reason(cli, standard, family):
    household = family("9000.00")
    app_id = run_review(cli, household.id)
    assert cli("relief", "reject", str(app_id)).exit_code == 2
    assert cli("relief", "reject", str(app_id), "--reason", "  ", "--on", "2020-01-11").exit_code == 1
    no_tier = cli("relief", "approve", str(app_id), "--on", "2020-01-11")
    assert no_tier.exit_code == 4 and "不在任何档次" in no_tier.stderr
    assert cli("relief", "reject", str(app_id), "--reason", "收入超标", "--on", "2020-01-11").exit_code == 0
    assert cli("relief", "show", str(app_id), "-f", "json").json()["decision_reason"] == "收入超标"


def test_closing_an_approval_ends_its_tier(cli, standard, family):
    household = family("1000.00", "0")
    app_id = run_review(cli, household.id)
    cli("relief", "approve", str(app_id), "--on", "2020-01-11")
    assert cli("relief", "close", str(app_id), "--reason", "已脱困", "--on", "2020-06-01").exit_code == 0
    result = cli("relief", "pay", "--month", "2020-06", "--on", "2020-06-20", "-f", "json")
    assert result.json()["paid_count"] == 0


def test_review_without_a_visit_and_unknown_applications(cli, standard, family):
    household = family()
    app_id = cli("relief", "apply", f"#{household.id}", "--on", "2020-01-02", "-f", "json").json()["id"]
    assert cli("relief", "review", str(app_id)).exit_code == 2
    assert cli("relief", "review", str(app_id), "--visit", " ").exit_code == 1
    assert cli("relief", "approve", "999").exit_code == 3
    assert cli("relief", "apply", f"#{household.id}", "--kind", "monthly").exit_code == 1
    assert cli("relief", "apply", f"#{household.id}", "--on", "2020-01-03").exit_code == 4


# ---------------------------------------------------------------- paying


def approve_via_cli(cli, household_id: int) -> int:
    app_id = run_review(cli, household_id)
    assert cli("relief", "approve", str(app_id), "--on", "2020-01-11").exit_code == 0
    return app_id


def test_a_month_is_paid_once_however_often_the_command_runs(cli, standard, family):
    approve_via_cli(cli, family("1000.00", "0").id)
    first = cli("relief", "pay", "--month", "2020-03", "--on", "2020-03-20", "-f", "json")
    second = cli("relief", "pay", "--month", "2020-03", "--on", "2020-03-21", "-f", "json")
    assert (first.json()["paid_count"], first.json()["paid_total"]) == (1, "300.00")
    assert (second.exit_code, second.json()["paid_count"], second.json()["already_paid"]) == (0, 0, 1)
    assert "不会重复发放" in second.stderr
    listed = cli("relief", "payments", "list", "--month", "2020-03", "-f", "json").json()
    assert [(r["kind"], r["period"], r["amount"]) for r in listed] == [("daily", "2020-03", "300.00")]


@pytest.mark.parametrize("month", ["2020", "2020-13", "2020-03-05", "三月"])
def test_a_month_must_be_a_year_and_month(cli, standard, month):
    assert cli("relief", "pay", "--month", month).exit_code == 1


def test_a_dry_run_pays_nothing(cli, standard, family):
    approve_via_cli(cli, family("1000.00", "0").id)
    preview = cli(
        "relief", "pay", "--month", "2020-03", "--on", "2020-03-20", "--dry-run", "-f", "json"
    ).json()
    assert preview["dry_run"] is True and preview["paid_count"] == 1
    assert cli("relief", "payments", "list", "-f", "json").json() == []


def test_festival_relief_is_paid_once_per_festival_and_year(cli, standard, family):
    approve_via_cli(cli, family("1000.00", "0").id)
    first = cli(
        "relief", "festival", "--year", "2020", "--festival", "春节", "--on", "2020-01-15", "-f", "json"
    )
    again = cli(
        "relief", "festival", "--year", "2020", "--festival", "spring", "--on", "2020-01-16", "-f", "json"
    )
    assert first.json()["paid_total"] == "1500.00" and again.json()["paid_count"] == 0
    assert cli("relief", "festival", "--year", "2020", "--festival", "圣诞").exit_code == 1


def test_temporary_relief_is_paid_once_and_never_when_rejected(cli, standard, family):
    household = family("5000.00")
    app_id = cli(
        "relief",
        "apply",
        f"#{household.id}",
        "--kind",
        "temporary",
        "--amount",
        "800",
        "--reason",
        "房屋受灾",
        "--on",
        "2020-07-01",
        "-f",
        "json",
    ).json()["id"]
    cli("relief", "review", str(app_id), "--visit", "家访#9", "--on", "2020-07-02")
    refused = cli("relief", "pay-temporary", str(app_id), "--on", "2020-07-03")
    assert refused.exit_code == 4 and "未批准" in refused.stderr
    cli("relief", "notice", str(app_id), "--from", "2020-07-02", "--days", "3")
    assert cli("relief", "approve", str(app_id), "--on", "2020-07-05", "--amount", "600").exit_code == 0
    paid = cli("relief", "pay-temporary", str(app_id), "--on", "2020-07-06", "-f", "json")
    assert paid.exit_code == 0 and paid.json()["amount"] == "600.00"
    assert cli("relief", "pay-temporary", str(app_id), "--on", "2020-07-07").exit_code == 4
    other = cli(
        "relief",
        "apply",
        f"#{household.id}",
        "--kind",
        "temporary",
        "--amount",
        "100",
        "--reason",
        "x",
        "--on",
        "2020-08-01",
        "-f",
        "json",
    ).json()["id"]
    cli("relief", "reject", str(other), "--reason", "不符合", "--on", "2020-08-02")
    rejected = cli("relief", "pay-temporary", str(other))
    assert rejected.exit_code == 4 and "未批准" in rejected.stderr


def test_a_payment_is_reversed_once_with_a_reason(cli, standard, family):
    approve_via_cli(cli, family("1000.00", "0").id)
    cli("relief", "pay", "--month", "2020-03", "--on", "2020-03-20")
    payment_id = cli("relief", "payments", "list", "-f", "json").json()[0]["id"]
    assert cli("relief", "payments", "reverse", str(payment_id)).exit_code == 2
    reversal = cli(
        "relief",
        "payments",
        "reverse",
        str(payment_id),
        "--reason",
        "误发",
        "--on",
        "2020-03-25",
        "-f",
        "json",
    )
    assert reversal.exit_code == 0 and reversal.json()["amount"] == "-300.00"
    twice = cli("relief", "payments", "reverse", str(payment_id), "--reason", "again")
    assert twice.exit_code == 4
    rows = cli("relief", "payments", "list", "--household", "#1", "--kind", "daily", "-f", "json").json()
    assert [(r["amount"], r["reversal_of"], r["reversed_by"]) for r in rows] == [
        ("300.00", None, reversal.json()["id"]),
        ("-300.00", payment_id, None),
    ]
    assert cli("relief", "payments", "reverse", "999", "--reason", "x").exit_code == 3


# ---------------------------------------------------------------- pairs, due, check, stats


def test_pairs_are_added_listed_masked_and_ended(cli, standard, family):
    a = family("1000.00", "0")
    b = family("1000.00", "0", name="乙户")
    approve_via_cli(cli, a.id)
    approve_via_cli(cli, b.id)
    pair = cli(
        "relief",
        "pair",
        "add",
        f"#{a.id}",
        "--cadre",
        "李建军",
        "--position",
        "矿长",
        "--phone",
        "13903751234",
        "--leader",
        "--on",
        "2020-01-15",
        "-f",
        "json",
    )
    assert pair.exit_code == 0
    second = cli("relief", "pair", "add", f"#{a.id}", "--cadre", "张三丰", "--on", "2020-01-16")
    assert second.exit_code == 4 and "李建军" in second.stderr
    listed = cli("relief", "pair", "list", "-f", "json").json()
    assert [(r["cadre_name"], r["phone"], r["leader"]) for r in listed] == [("李建军", "139****1234", True)]
    assert cli("relief", "pair", "list", "--reveal").exit_code == 1
    revealed = cli("relief", "pair", "list", "--reveal", "--reason", "核对联系方式", "-f", "json").json()
    assert revealed[0]["phone"] == "13903751234"
    unpaired = cli("relief", "pair", "list", "--unpaired", "--as-of", "2020-02-01", "-f", "json").json()
    assert [r["household"] for r in unpaired] == [b.id]
    assert (
        cli(
            "relief", "pair", "end", str(pair.json()["id"]), "--on", "2020-06-30", "--reason", "调离"
        ).exit_code
        == 0
    )
    assert cli("relief", "pair", "end", str(pair.json()["id"])).exit_code == 4
    assert cli("relief", "pair", "list", "--all", "-f", "json").json()[0]["ended_on"] == "2020-06-30"
    assert cli("relief", "pair", "add", f"#{a.id}", "--cadre", "李建军", "--phone", "abc").exit_code == 1


def test_due_lists_the_yearly_recheck(cli, standard, family):
    approve_via_cli(cli, family("1000.00", "0").id)
    assert cli("relief", "due", "--as-of", "2020-06-01", "-f", "json").json() == []
    rows = cli("relief", "due", "--as-of", "2021-01-20", "-f", "json").json()
    assert [(r["due_on"], r["overdue"], r["days"]) for r in rows] == [("2021-01-11", True, -9)]


def test_check_is_silent_when_all_is_well_and_lists_problems_otherwise(cli, standard, family):
    approve_via_cli(cli, family("1000.00", "0").id)
    cli("relief", "festival", "--year", "2020", "--on", "2020-01-15")
    quiet = cli("relief", "check", "--as-of", "2020-06-30")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    child = family("1000.00", "0", children=(("赵小明", date(2010, 5, 1)),), name="赵户")
    approve_via_cli(cli, child.id)
    flagged = cli("relief", "check", "--as-of", "2020-06-30")
    assert flagged.exit_code == 1 and "赵小明" in flagged.stdout and "助学" in flagged.stdout
    as_json = cli("relief", "check", "--as-of", "2020-06-30", "-f", "json").json()
    assert {p["key"] for p in as_json} == {"relief.check.school_age_child", "relief.check.festival_missing"}


def test_stats_prints_the_years_figures_with_exactly_the_issues_keys(cli, standard, family):
    approve_via_cli(cli, family("1000.00", "0").id)
    cli("relief", "festival", "--year", "2020", "--on", "2020-01-15")
    for month in ("2020-01", "2020-02"):
        cli("relief", "pay", "--month", month, "--on", f"{month}-20")
    data = cli("relief", "stats", "--year", "2020", "-f", "json").json()
    assert data == {
        "person_times": 3,
        "daily_relief_total": "600.00",
        "festival_relief_total": "1500.00",
        "temporary_relief_total": "0.00",
        "households_by_tier": {"A": 1},
        "active_pairs": 0,
    }
    assert "人次" in cli("relief", "stats", "--year", "2020").stdout
    assert cli("relief", "stats").exit_code == 2


def test_kuangqu_check_runs_the_relief_checks(cli, standard, family):
    child = family("1000.00", "0", children=(("赵小明", date.today().replace(year=date.today().year - 10)),))
    approve_via_cli(cli, child.id)
    result = cli("check", "--only", "relief_checks")
    # Approved on 2020-01-11, the tier has lapsed by today: nothing is flagged now.
    assert result.exit_code == 0 and result.stdout == ""
