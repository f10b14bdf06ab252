"""`kuangqu activity` (with team, award, teacher, thanks, job) and `kuangqu report annual`."""

from __future__ import annotations

import pytest
from tests.stability.test_reports import EXPECTED_KEYS

ACTIVITY_COMMANDS = [
    ["activity"],
    ["activity", "add"],
    ["activity", "join"],
    ["activity", "list"],
    ["activity", "show"],
    ["activity", "team"],
    ["activity", "team", "add"],
    ["activity", "team", "member"],
    ["activity", "team", "list"],
    ["activity", "team", "show"],
    ["activity", "award"],
    ["activity", "award", "add"],
    ["activity", "award", "list"],
    ["activity", "teacher"],
    ["activity", "teacher", "add"],
    ["activity", "teacher", "lecture"],
    ["activity", "teacher", "list"],
    ["activity", "thanks"],
    ["activity", "thanks", "add"],
    ["activity", "thanks", "list"],
    ["activity", "job"],
    ["activity", "job", "add"],
    ["activity", "job", "list"],
    ["report"],
    ["report", "annual"],
]


@pytest.mark.parametrize("command", ACTIVITY_COMMANDS)
def test_every_activity_and_report_command_has_help(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_a_trip_with_its_participants(cli, someone):
    a, b = someone("甲", category="离休"), someone("乙")
    created = cli(
        "activity",
        "add",
        "--name",
        "离休干部西安参观",
        "--kind",
        "外出参观",
        "--start",
        "2020-09-01",
        "--end",
        "2020-09-05",
        "--place",
        "西安",
        "-f",
        "json",
    )
    assert created.json() == {"id": 1}
    joined = cli("activity", "join", "离休干部西安参观", f"#{a.id}", f"#{b.id}")
    assert joined.exit_code == 0 and "2" in joined.stderr
    assert cli("activity", "join", "1", f"#{a.id}").exit_code == 4
    assert cli("activity", "join", "1", "#999").exit_code == 3
    listed = cli("activity", "list", "--year", "2020", "-f", "json").json()
    assert [(r["name"], r["kind"], r["participants"]) for r in listed] == [("离休干部西安参观", "trip", 2)]
    shown = cli("activity", "show", "1", "-f", "json").json()
    assert (shown["name"], [p["name"] for p in shown["people"]]) == ("离休干部西安参观", ["甲", "乙"])
    table = cli("activity", "list")
    assert "活动名称" in table.stdout and "共 1 项，参加 2 人次" in table.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--kind", "登月"], 1), (["--kind", "疗养", "--end", "2020-08-01"], 1)],
)
def test_an_invalid_activity_is_refused(cli, args, code):
    result = cli("activity", "add", "--name", "汝州温泉疗养", "--start", "2020-09-01", *args)
    assert result.exit_code == code
    assert cli("activity", "list", "-f", "json").json() == []


def test_teams_and_their_members(cli, someone):
    a = someone("甲")
    assert cli("activity", "team", "add", "锣鼓秧歌队", "--leader", "甲", "-f", "json").json() == {"id": 1}
    assert cli("activity", "team", "add", "锣鼓秧歌队").exit_code == 4
    assert cli("activity", "team", "member", "锣鼓秧歌队", f"#{a.id}", "--role", "鼓手").exit_code == 0
    assert cli("activity", "team", "member", "锣鼓秧歌队", f"#{a.id}").exit_code == 4
    assert [(r["name"], r["members"]) for r in cli("activity", "team", "list", "-f", "json").json()] == [
        ("锣鼓秧歌队", 1)
    ]
    assert cli("activity", "team", "show", "锣鼓秧歌队", "-f", "json").json()[0]["role"] == "鼓手"
    assert cli("activity", "team", "member", "锣鼓秧歌队", f"#{a.id}", "--leave", "2020-12-01").exit_code == 0
    assert cli("activity", "team", "show", "锣鼓秧歌队", "-f", "json").json() == []
    assert cli("activity", "team", "show", "太极拳队").exit_code == 3


def test_awards_for_a_team_a_person_or_the_office(cli, someone):
    a = someone("甲")
    cli("activity", "team", "add", "门球队")
    assert cli(
        "activity",
        "award",
        "add",
        "--name",
        "门球赛冠军",
        "--level",
        "市级",
        "--on",
        "2020-10-01",
        "--team",
        "门球队",
        "-f",
        "json",
    ).json() == {"id": 1}
    cli(
        "activity",
        "award",
        "add",
        "--name",
        "先进个人",
        "--level",
        "矿级",
        "--on",
        "2020-12-01",
        "--person",
        f"#{a.id}",
    )
    cli("activity", "award", "add", "--name", "先进集体", "--level", "集团公司级", "--on", "2020-12-20")
    both = cli(
        "activity",
        "award",
        "add",
        "--name",
        "x",
        "--level",
        "矿级",
        "--on",
        "2020-12-01",
        "--team",
        "门球队",
        "--person",
        f"#{a.id}",
    )
    assert both.exit_code == 1
    listed = cli("activity", "award", "list", "--year", "2020", "-f", "json").json()
    assert [(r["winner"], r["level"]) for r in listed] == [
        ("门球队", "city"),
        ("甲", "mine"),
        ("中心集体", "group"),
    ]


def test_the_teacher_pool_and_its_lectures(cli, someone):
    a = someone("甲", position="高级工程师")
    assert cli(
        "activity", "teacher", "add", f"#{a.id}", "--subject", "安全", "--subject", "技术", "-f", "json"
    ).json() == {"id": 1}
    assert cli("activity", "teacher", "add", f"#{a.id}", "--subject", "管理").exit_code == 4
    assert cli("activity", "teacher", "add", f"#{a.id}", "--subject", "烹饪").exit_code == 1
    lecture = cli(
        "activity",
        "teacher",
        "lecture",
        "#1",
        "--topic",
        "瓦斯防治",
        "--on",
        "2020-04-01",
        "--subject",
        "安全",
        "--audience",
        "采煤一队",
        "--attendees",
        "40",
        "-f",
        "json",
    )
    assert lecture.json() == {"id": 1}
    assert cli("activity", "teacher", "lecture", "#9", "--topic", "x").exit_code == 3
    listed = cli("activity", "teacher", "list", "-f", "json").json()
    assert [(r["name"], r["subjects"], r["lectures"]) for r in listed] == [
        ("甲", ["safety", "technology"], 1)
    ]
    assert cli("activity", "teacher", "list", "--subject", "管理", "-f", "json").json() == []


def test_thanks_received_and_temporary_jobs(cli, someone):
    a = someone("甲")
    assert cli(
        "activity",
        "thanks",
        "add",
        "--kind",
        "锦旗",
        "--from",
        "王某家属",
        "--on",
        "2020-05-01",
        "-f",
        "json",
    ).json() == {"id": 1}
    cli("activity", "thanks", "add", "--kind", "感谢信", "--from", "李某", "--on", "2020-06-01")
    assert cli("activity", "thanks", "add", "--kind", "花篮", "--from", "李某").exit_code == 1
    assert "锦旗 1 面，感谢信 1 封" in cli("activity", "thanks", "list").stdout
    assert [
        r["kind"] for r in cli("activity", "thanks", "list", "--kind", "感谢信", "-f", "json").json()
    ] == ["letter"]
    job = cli(
        "activity",
        "job",
        "add",
        f"#{a.id}",
        "--child",
        "王小明",
        "--employer",
        "洗煤厂",
        "--job",
        "临时工",
        "--start",
        "2020-07-01",
        "-f",
        "json",
    )
    assert job.json() == {"id": 1}
    assert cli("activity", "job", "add", "#99", "--child", "王小明", "--employer", "洗煤厂").exit_code == 3
    assert [
        (r["parent_name"], r["child_name"]) for r in cli("activity", "job", "list", "-f", "json").json()
    ] == [("甲", "王小明")]


def test_report_annual_gives_the_years_figures_in_json_with_the_documented_keys(cli, household):
    home = household("甲")
    cli(
        "petition",
        "add",
        "--outsider",
        "赵六",
        "--channel",
        "越级进京",
        "--type",
        "申诉求决",
        "--subject",
        "待遇",
        "--request",
        "x",
        "--received-on",
        "2020-03-01",
    )
    cli(
        "petition", "dissuade", "--place", "郑州", "--staff", "主任", "--persuaded", "7", "--on", "2020-03-02"
    )
    cli("visit", "add", f"#{home.id}", "--visitor", "主任", "--on", "2020-04-01")
    figures = cli("report", "annual", "--year", "2020", "-f", "json").json()
    assert set(figures) >= EXPECTED_KEYS
    assert figures["year"] == 2020
    assert (
        figures["petitions_total"],
        figures["petitions_by_channel"]["beijing"],
        figures["petitions_overdue"],
    ) == (1, 1, 1)
    assert (figures["dissuaded_person_times"], figures["visits"], figures["households_visited"]) == (7, 1, 1)


def test_report_annual_as_a_table_has_chinese_labels(cli):
    table = cli("report", "annual", "--year", "2020")
    assert table.exit_code == 0
    for label in ("信访件总数", "劝返人次", "房改通过三审", "收到锦旗", "越级进京"):
        assert label in table.stdout
    assert "petitions_total" not in table.stdout
    csv = cli("report", "annual", "--year", "2020", "-f", "csv").stdout
    assert "petitions_by_channel.beijing" in csv


def test_report_annual_by_month_lists_the_months(cli):
    result = cli("report", "annual", "--year", "2020", "--by-month", "-f", "json").json()
    assert [row["month"] for row in result["stability_by_month"]][:2] == ["2020-01", "2020-02"]
    assert "2020年信访与家访（分月）" in cli("report", "annual", "--year", "2020", "--by-month").stdout


def test_report_annual_needs_a_year(cli):
    assert cli("report", "annual").exit_code == 2
