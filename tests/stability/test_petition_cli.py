"""`kuangqu petition`: every command, its exit codes, and the masking of confidential petitions."""

from __future__ import annotations

import json

import pytest

COMMANDS = [
    "add",
    "accept",
    "reject",
    "handle",
    "extend",
    "request-review",
    "review",
    "request-rereview",
    "rereview",
    "close",
    "link",
    "show",
    "list",
    "due",
    "dissuade",
    "dissuasions",
]


def add(cli, *extra, received="2020-03-01", outsider="赵六", kind="申诉求决"):
    result = cli(
        "petition",
        "add",
        "--outsider",
        outsider,
        "--channel",
        "来访",
        "--type",
        kind,
        "--subject",
        "待遇",
        "--request",
        "要求补发待遇",
        "--received-on",
        received,
        *extra,
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    return result.json()["id"]


def accusation(cli):
    return add(cli, "--facts", "某日收受礼金", "--contact", "13812345678", outsider="钱七", kind="检举控告")


def step(cli, *args):
    return cli("petition", *args)


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_every_petition_command_has_help(cli, command):
    result = cli("petition", *command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_adding_a_petition_prints_its_id(cli):
    assert add(cli) == 1
    table = cli(
        "petition",
        "add",
        "--outsider",
        "孙八",
        "--channel",
        "来信",
        "--type",
        "建议意见",
        "--subject",
        "其他",
        "--request",
        "建议",
        "--received-on",
        "2020-03-02",
    )
    assert table.exit_code == 0 and "2" in table.stdout


def test_a_petition_by_a_registered_person_or_household_takes_their_name(cli, household):
    home = household("王建国")
    by_household = cli(
        "petition",
        "add",
        "--household",
        f"#{home.id}",
        "--channel",
        "电话",
        "--type",
        "申诉求决",
        "--subject",
        "房改",
        "--request",
        "房改",
        "--received-on",
        "2020-03-01",
        "-f",
        "json",
    )
    shown = cli("petition", "show", str(by_household.json()["id"]), "-f", "json").json()
    assert (shown["petitioner"], shown["petitioner_kind"]) == ("王建国", "household")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--channel", "飞鸽"], 1),
        (["--channel", "来访", "--person", "#99"], 3),
        (
            [
                "--channel",
                "来访",
                "--people",
                "40",
                *[arg for n in "甲乙丙丁戊己" for arg in ("--representative", n)],
            ],
            1,
        ),
        (["--channel", "来访", "--received-on", "2999-01-01"], 1),
        (["--channel", "来访", "--repeat-of", "99"], 3),
    ],
)
def test_adding_an_invalid_petition_fails_with_its_exit_code_and_writes_nothing(cli, args, code):
    extra = [] if "--person" in args else ["--outsider", "赵六"]
    result = cli(
        "petition", "add", *extra, "--type", "申诉求决", "--subject", "待遇", "--request", "x", *args
    )
    assert result.exit_code == code
    assert "错误" in result.stderr
    assert cli("petition", "list", "-f", "json").json() == []


def test_a_petitioner_must_be_given_exactly_once(cli):
    result = cli(
        "petition", "add", "--channel", "来访", "--type", "申诉求决", "--subject", "待遇", "--request", "x"
    )
    assert result.exit_code == 1
    assert "信访人" in result.stderr


def test_each_step_moves_the_petition_and_show_prints_the_timeline(cli):
    pid = str(add(cli))
    for args in (
        ["accept", pid, "--on", "2020-03-16"],
        ["extend", pid, "--days", "30", "--reason", "需外调", "--on", "2020-04-01"],
        ["handle", pid, "--opinion", "予以支持", "--text", "补发", "--on", "2020-05-01"],
        ["request-review", pid, "--on", "2020-05-20"],
        ["review", pid, "--result", "维持", "--on", "2020-06-10"],
        ["request-rereview", pid, "--on", "2020-06-20"],
        ["rereview", pid, "--result", "变更", "--on", "2020-07-01"],
        ["close", pid, "--on", "2020-07-02", "--satisfaction", "满意"],
    ):
        result = step(cli, *args)
        assert result.exit_code == 0, (args, result.stderr)
    shown = cli("petition", "show", pid, "-f", "json").json()
    assert shown["status"] == "closed"
    assert [e["action"] for e in shown["events"]] == [
        "register",
        "accept",
        "extend",
        "handle",
        "request_review",
        "review",
        "request_rereview",
        "rereview",
        "close",
    ]
    assert [(d["stage"], d["due"], d["late"]) for d in shown["deadlines"]] == [
        ("acceptance", "2020-03-16", False),
        ("handling", "2020-06-14", False),
        ("review", "2020-06-19", False),
        ("rereview", "2020-07-20", False),
    ]
    table = cli("petition", "show", pid)
    assert "办理过程" in table.stdout and "申请复核" in table.stdout and "col." not in table.stdout


def test_reject_records_the_reason_and_close_follows(cli):
    pid = str(add(cli))
    assert step(cli, "reject", pid, "--reason", "不属于本单位职责", "--on", "2020-03-05").exit_code == 0
    assert step(cli, "close", pid, "--on", "2020-03-06").exit_code == 0
    shown = cli("petition", "show", pid, "-f", "json").json()
    assert (shown["not_accepted_reason"], shown["status"]) == ("不属于本单位职责", "closed")


@pytest.mark.parametrize(
    "args",
    [
        ["handle", "{id}", "--opinion", "予以支持", "--on", "2020-03-05"],
        ["close", "{id}", "--on", "2020-03-05"],
        ["request-review", "{id}", "--on", "2020-03-05"],
        ["review", "{id}", "--on", "2020-03-05"],
        ["request-rereview", "{id}", "--on", "2020-03-05"],
        ["rereview", "{id}", "--on", "2020-03-05"],
        ["extend", "{id}", "--days", "5", "--reason", "x", "--on", "2020-03-05"],
    ],
)
def test_a_step_the_status_does_not_allow_is_refused_with_exit_4(cli, args):
    pid = str(add(cli))
    result = step(cli, *[a.replace("{id}", pid) for a in args])
    assert result.exit_code == 4
    assert "已登记" in result.stderr


def test_a_second_extension_is_refused_with_exit_4_and_31_days_are_invalid(cli):
    pid = str(add(cli))
    step(cli, "accept", pid, "--on", "2020-03-10")
    assert step(cli, "extend", pid, "--days", "31", "--reason", "x", "--on", "2020-04-01").exit_code == 1
    assert step(cli, "extend", pid, "--days", "30", "--reason", "需外调", "--on", "2020-04-01").exit_code == 0
    second = step(cli, "extend", pid, "--days", "1", "--reason", "再延", "--on", "2020-04-02")
    assert second.exit_code == 4
    assert "只能延长一次" in second.stderr


def test_a_late_review_request_is_refused_with_exit_4(cli):
    pid = str(add(cli))
    step(cli, "accept", pid, "--on", "2020-03-10")
    step(cli, "handle", pid, "--opinion", "不予支持", "--on", "2020-04-01")
    result = step(cli, "request-review", pid, "--on", "2020-05-02")
    assert result.exit_code == 4
    assert "2020-05-01" in result.stderr


def test_an_unknown_petition_is_not_found(cli):
    assert step(cli, "accept", "42").exit_code == 3
    assert cli("petition", "show", "42").exit_code == 3


def test_a_repeat_of_a_closed_matter_is_warned_about(cli):
    pid = str(add(cli))
    step(cli, "reject", pid, "--reason", "重复", "--on", "2020-03-02")
    step(cli, "close", pid, "--on", "2020-03-03")
    result = cli(
        "petition",
        "add",
        "--outsider",
        "赵六",
        "--channel",
        "来信",
        "--type",
        "申诉求决",
        "--subject",
        "待遇",
        "--request",
        "再次要求",
        "--received-on",
        "2020-04-01",
    )
    assert result.exit_code == 0
    assert f"#{pid}" in result.stderr


def test_confidential_petitions_are_masked_in_list_show_json_and_csv(cli):
    pid = str(accusation(cli))
    step(cli, "accept", pid, "--on", "2020-03-05")
    step(cli, "extend", pid, "--days", "10", "--reason", "核查某科长账目", "--on", "2020-03-20")
    outputs = [
        cli("petition", "list").stdout,
        cli("petition", "list", "-f", "json").stdout,
        cli("petition", "list", "-f", "csv").stdout,
        cli("petition", "show", pid).stdout,
        cli("petition", "show", pid, "-f", "json").stdout,
        cli("petition", "show", pid, "-f", "csv").stdout,
        cli("petition", "due", "--as-of", "2020-05-10", "-f", "json").stdout,
    ]
    for text in outputs:
        assert "钱七" not in text and "要求补发待遇" not in text and "某日收受礼金" not in text
        assert "核查某科长账目" not in text
        assert "13812345678" not in text
    listed = json.loads(outputs[1])[0]
    assert (listed["petitioner"], listed["request"], listed["confidential"]) == ("钱*", "（保密）", True)


def test_reveal_needs_a_reason_and_is_audited_per_petition(cli):
    pid = str(accusation(cli))
    add(cli, outsider="孙八")
    refused = cli("petition", "show", pid, "--reveal")
    assert refused.exit_code == 1
    shown = cli("petition", "show", pid, "--reveal", "--reason", "纪委调查", "-f", "json").json()
    assert (shown["petitioner"], shown["facts"]) == ("钱七", "某日收受礼金")
    listed = cli("petition", "list", "--reveal", "--reason", "纪委调查", "-f", "json").json()
    assert listed[0]["petitioner"] == "钱七"
    reveals = cli("audit", "list", "--format", "json").json()
    revealed = [e for e in reveals if e["action"] == "reveal"]
    assert [(e["entity"], e["entity_id"], e["reason"]) for e in revealed] == [
        ("petition", int(pid), "纪委调查")
    ] * 2


def test_the_list_filters_by_status_channel_type_and_overdue(cli):
    first = str(add(cli, received="2020-03-01"))
    add(cli, received="2020-03-20")
    accusation(cli)
    step(cli, "accept", first, "--on", "2020-03-05")
    ids = lambda *args: [r["id"] for r in cli("petition", "list", *args, "-f", "json").json()]  # noqa: E731
    assert ids("--status", "已受理") == [1]
    assert ids("--type", "检举控告") == [3]
    assert ids("--channel", "来信") == []
    assert ids("--overdue", "--as-of", "2020-04-01") == [3]  # undecided since 1 March; #2 is due 4 April
    assert ids("--overdue", "--as-of", "2020-03-16") == []
    assert cli("petition", "list", "--status", "不存在").exit_code == 1


def test_due_lists_what_falls_due_within_n_days_and_what_is_overdue(cli):
    add(cli, received="2020-02-01")  # due 16 February: overdue
    add(cli, received="2020-03-01")  # due 16 March: within 7 days of 10 March
    add(cli, received="2020-03-09")  # due 24 March: outside
    result = cli("petition", "due", "--days", "7", "--as-of", "2020-03-10", "-f", "json").json()
    assert [(r["id"], r["due"], r["days_left"], r["overdue"]) for r in result] == [
        (1, "2020-02-16", -23, True),
        (2, "2020-03-16", 6, False),
    ]
    table = cli("petition", "due", "--days", "7", "--as-of", "2020-03-10")
    assert "即将到期 1 件，已超期 1 件" in table.stdout
    assert cli("petition", "due", "--days", "-1").exit_code == 1


def test_link_records_the_relief_application_a_petition_led_to(cli):
    pid = str(add(cli))
    created = cli("petition", "link", pid, "--entity", "relief_application", "--entity-id", "7", "-f", "json")
    assert created.exit_code == 0 and created.json()["id"] == 1
    again = cli("petition", "link", pid, "--entity", "relief_application", "--entity-id", "7")
    assert again.exit_code == 4
    assert cli("petition", "link", pid, "--entity", "rocket", "--entity-id", "7").exit_code == 1
    shown = cli("petition", "show", pid, "-f", "json").json()
    assert shown["links"] == [{"entity": "relief_application", "entity_id": 7, "note": None}]


def test_dissuasions_are_recorded_and_listed_with_their_person_times(cli):
    pid = str(add(cli))
    first = cli(
        "petition",
        "dissuade",
        "--place",
        "郑州",
        "--staff",
        "主任、信访科长",
        "--persuaded",
        "12",
        "--on",
        "2020-03-02",
        "--petition",
        pid,
        "-f",
        "json",
    )
    assert first.exit_code == 0 and first.json() == {"id": 1}
    cli(
        "petition",
        "dissuade",
        "--place",
        "平顶山火车站",
        "--staff",
        "科长",
        "--persuaded",
        "3",
        "--on",
        "2020-05-02",
    )
    listed = cli("petition", "dissuasions", "--year", "2020", "-f", "json").json()
    assert (listed["count"], listed["person_times"]) == (2, 15)
    assert listed["rows"][0]["petitions"] == [1]
    assert "劝返 15 人次" in cli("petition", "dissuasions").stdout
    bad = cli("petition", "dissuade", "--place", "郑州", "--staff", "主任", "--persuaded", "-2")
    assert bad.exit_code == 1
