"""`kuangqu visit` and `kuangqu housing`: every command, their output and their error paths."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "command",
    [
        ["visit"],
        ["visit", "add"],
        ["visit", "list"],
        ["visit", "due"],
        ["visit", "assess"],
        ["housing"],
        ["housing", "apply"],
        ["housing", "review"],
        ["housing", "show"],
        ["housing", "list"],
        ["housing", "stats"],
    ],
)
def test_every_visit_and_housing_command_has_help(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0 and "Usage" in result.stdout


@pytest.fixture
def grid(household, leader):
    homes = [
        household("甲", area="一片", building="1号楼"),
        household("乙", area="一片", building="1号楼"),
        household("丙", area="二片", building="2号楼", key_support=True),
    ]
    chief = leader("building", "一片/1号楼", "楼长张")
    return homes, chief


def test_a_visit_by_a_grid_leader_is_recorded_and_listed(cli, grid):
    (a, _b, _c), _chief = grid
    created = cli(
        "visit",
        "add",
        f"#{a.id}",
        "--by",
        "楼长张",
        "--on",
        "2020-05-01",
        "--findings",
        "老伴卧病",
        "--needs",
        "申请救济",
        "--follow-up",
        "转救济",
        "-f",
        "json",
    )
    assert created.exit_code == 0 and created.json() == {"id": 1}
    listed = cli("visit", "list", "--leader", "楼长张", "-f", "json").json()
    assert [(r["household_id"], r["visitor"], r["findings"], r["needs"]) for r in listed] == [
        (a.id, "楼长张", "老伴卧病", "申请救济")
    ]
    assert cli("visit", "list", "--year", "2019", "-f", "json").json() == []
    assert "老伴卧病" in cli("visit", "list").stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["#1", "--on", "2020-05-01"], 1),
        (["#1", "--by", "无此人"], 3),
        (["#99", "--visitor", "主任"], 3),
        (["#1", "--visitor", "主任", "--on", "2999-01-01"], 1),
    ],
)
def test_a_visit_without_a_visitor_or_with_unknown_references_fails(cli, grid, args, code):
    result = cli("visit", "add", *args)
    assert result.exit_code == code
    assert "错误" in result.stderr


def test_due_lists_overdue_households_by_area_with_their_leader(cli, grid):
    (a, b, c), _chief = grid
    cli("visit", "add", f"#{a.id}", "--visitor", "主任", "--on", "2020-03-01")
    cli("visit", "add", f"#{c.id}", "--visitor", "主任", "--on", "2020-05-01")
    rows = cli("visit", "due", "--as-of", "2020-06-01", "-f", "json").json()
    assert [(r["household_id"], r["leader"], r["interval_days"], r["days_overdue"]) for r in rows] == [
        (b.id, "楼长张", 90, None),  # never visited: first
        (a.id, "楼长张", 90, 2),  # 1 March + 90 = 30 May
        (c.id, None, 30, 1),  # key support: 1 May + 30 = 31 May
    ]
    assert [
        r["household_id"]
        for r in cli("visit", "due", "--as-of", "2020-06-01", "--area", "二片", "-f", "json").json()
    ] == [c.id]
    table = cli("visit", "due", "--as-of", "2020-06-01")
    assert "超期 3 户" in table.stdout and "col." not in table.stdout


def test_the_quarterly_assessment_lists_each_leader(cli, grid):
    (a, _b, _c), _chief = grid
    cli("visit", "add", f"#{a.id}", "--by", "楼长张", "--on", "2020-08-01")
    rows = cli("visit", "assess", "--quarter", "2020Q3", "-f", "json").json()
    assert [
        (
            r["name"],
            r["households"],
            r["households_visited"],
            r["visits_by_leader"],
            r["overdue"],
            r["visited_share"],
        )
        for r in rows
    ] == [("楼长张", 2, 1, 1, 1, "50.0")]
    assert "2020-07-01 至 2020-09-30" in cli("visit", "assess", "--quarter", "2020年第三季度").stdout
    assert cli("visit", "assess", "--quarter", "2020Q5").exit_code == 1


def test_an_application_passes_its_stages_in_order(cli, grid):
    (a, _b, _c), _chief = grid
    created = cli("housing", "apply", f"#{a.id}", "--on", "2020-03-01", "-f", "json")
    assert created.exit_code == 0 and created.json() == {"id": 1}
    for stage in ("单位初审", "2", "领导小组终审"):
        result = cli(
            "housing", "review", "1", "--stage", stage, "--pass", "--reviewer", "审核人", "--on", "2020-03-05"
        )
        assert result.exit_code == 0, result.stderr
    shown = cli("housing", "show", "1", "-f", "json").json()
    assert (shown["status"], shown["stages_passed"], [r["stage"] for r in shown["reviews"]]) == (
        "passed",
        "3/3",
        ["单位初审", "房改办复审", "领导小组终审"],
    )
    assert "已通过全部审核" in cli("housing", "show", "1").stdout


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["--stage", "领导小组终审", "--pass"], 4, "单位初审"),
        (["--stage", "单位初审"], 1, "--pass"),
        (["--stage", "单位初审", "--return"], 1, "--opinion"),
        (["--stage", "市里审", "--pass"], 1, "市里审"),
    ],
)
def test_a_review_out_of_order_or_incomplete_is_refused(cli, grid, args, code, text):
    (a, _b, _c), _chief = grid
    cli("housing", "apply", f"#{a.id}", "--on", "2020-03-01")
    result = cli("housing", "review", "1", *args, "--reviewer", "审核人", "--on", "2020-03-05")
    assert result.exit_code == code
    assert text in result.stderr


def test_a_returned_application_takes_no_more_reviews_and_a_second_one_is_refused_while_pending(cli, grid):
    (a, _b, _c), _chief = grid
    cli("housing", "apply", f"#{a.id}", "--on", "2020-03-01")
    assert cli("housing", "apply", f"#{a.id}", "--on", "2020-03-02").exit_code == 4
    cli(
        "housing",
        "review",
        "1",
        "--stage",
        "1",
        "--return",
        "--opinion",
        "面积不符",
        "--reviewer",
        "甲",
        "--on",
        "2020-03-05",
    )
    assert cli("housing", "review", "1", "--stage", "1", "--pass", "--reviewer", "甲").exit_code == 4
    assert cli("housing", "show", "9").exit_code == 3
    assert cli("housing", "apply", f"#{a.id}", "--on", "2020-04-01").exit_code == 0


def test_an_application_can_carry_its_own_stages(cli, grid):
    (a, _b, _c), _chief = grid
    cli("housing", "apply", f"#{a.id}", "--on", "2020-03-01", "--stages", "初审,终审")
    assert cli("housing", "show", "1", "-f", "json").json()["stages"] == ["初审", "终审"]
    assert cli("housing", "apply", f"#{_b.id}", "--stages", "甲,甲").exit_code == 1


def test_list_and_stats_count_applications_against_registered_or_given_households(cli, grid):
    (a, b, _c), _chief = grid
    cli("housing", "apply", f"#{a.id}", "--on", "2020-03-01")
    cli("housing", "apply", f"#{b.id}", "--on", "2020-03-01")
    for stage in ("1", "2", "3"):
        cli("housing", "review", "1", "--stage", stage, "--pass", "--reviewer", "甲", "--on", "2020-03-05")
    listed = cli("housing", "list", "--status", "审核中", "-f", "json").json()
    assert [(r["id"], r["head_name"], r["next_stage"]) for r in listed] == [(2, "乙", "单位初审")]
    stats = cli("housing", "stats", "-f", "json").json()
    assert {
        k: stats[k]
        for k in (
            "applications",
            "households_applied",
            "eligible_households",
            "applied_percent",
            "passed_all",
            "eligible_basis",
        )
    } == {
        "applications": 2,
        "households_applied": 2,
        "eligible_households": 3,
        "applied_percent": "66.7",
        "passed_all": 1,
        "eligible_basis": "registered_households",
    }
    given = cli("housing", "stats", "--eligible", "4", "-f", "json").json()
    assert (given["applied_percent"], given["eligible_basis"]) == ("50.0", "given")
    table = cli("housing", "stats")
    assert "登记的全部家庭" in table.stdout and "66.7" in table.stdout
    assert cli("housing", "stats", "--eligible", "0").exit_code == 1
