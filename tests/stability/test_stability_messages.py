"""The stability messages: every key the code uses exists, both languages take the same parameters,
and no table shows an untranslated column key."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kuangqu.i18n import catalogue
from kuangqu.messages.stability import MESSAGES

SRC = Path(__file__).resolve().parents[2] / "src" / "kuangqu"
FILES = [
    "rules/petitions.py", "rules/visits.py", "services/petitions.py", "services/visits.py", "services/housing.py",
    "services/activities.py", "cli/petition.py", "cli/visit.py", "cli/housing.py", "cli/activity.py",
    "cli/report.py", "reports/stability.py",
]  # fmt: skip
PREFIXES = "petition|visit|housing|activity|team|award|teacher|thanks|job|entity|stability|report"
KEY = re.compile(rf"""["']((?:{PREFIXES})\.[a-z_]+)["']""")
# Audit action names share the prefixes but are not messages.
AUDIT_ACTIONS = re.compile(r"audit\.record\(\s*\w+,\s*f?[\"']([a-z_.{}]+)[\"']")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_in_source() -> set[str]:
    found: set[str] = set()
    for name in FILES:
        source = (SRC / name).read_text("utf-8")
        actions = set(AUDIT_ACTIONS.findall(source))
        found |= {k for k in KEY.findall(source) if k not in actions}
    return found


def test_every_message_key_the_stability_code_uses_is_in_the_catalogue():
    assert {k for k in keys_in_source() if k not in catalogue()} == set()


def test_the_review_request_messages_built_at_run_time_exist():
    assert {"petition.review_request_late", "petition.rereview_request_late"} <= set(MESSAGES)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_the_chinese_and_english_texts_take_the_same_parameters(key):
    zh, en = MESSAGES[key]
    assert placeholders(zh) == placeholders(en)
    assert re.search(r"[\u4e00-\u9fff]", zh), "the Chinese text comes first"


def test_no_stability_message_redefines_a_foundation_label_differently():
    from kuangqu.messages import columns, core

    foundation = {**columns.MESSAGES, **core.MESSAGES}
    assert {k for k in MESSAGES if k in foundation and foundation[k] != MESSAGES[k]} == set()


def test_no_table_shows_an_untranslated_column_key(cli, household):
    home = household("王建国")
    cli("petition", "add", "--household", f"#{home.id}", "--channel", "来访", "--type", "申诉求决", "--subject",
        "待遇", "--request", "补发", "--received-on", "2020-03-01")  # fmt: skip
    cli("petition", "accept", "1", "--on", "2020-03-02")
    cli(
        "petition", "dissuade", "--place", "郑州", "--staff", "主任", "--persuaded", "3", "--on", "2020-03-03"
    )
    cli("visit", "add", f"#{home.id}", "--visitor", "主任", "--on", "2020-03-04")
    cli("housing", "apply", f"#{home.id}", "--on", "2020-03-05")
    cli("activity", "add", "--name", "西安参观", "--kind", "外出参观", "--start", "2020-05-01")
    cli("activity", "join", "1", f"#{home.head_id}")
    cli("activity", "team", "add", "门球队")
    cli("activity", "award", "add", "--name", "冠军", "--level", "市级", "--on", "2020-06-01")
    cli("activity", "teacher", "add", f"#{home.head_id}", "--subject", "安全")
    cli("activity", "thanks", "add", "--kind", "锦旗", "--from", "甲", "--on", "2020-06-01")
    cli("activity", "job", "add", f"#{home.head_id}", "--child", "王小明", "--employer", "洗煤厂")
    for command in (["petition", "list"], ["petition", "show", "1"], ["petition", "due", "--as-of", "2020-03-10"],
                    ["petition", "dissuasions"], ["visit", "list"], ["visit", "due"],
                    ["visit", "assess", "--quarter", "2020Q1"], ["housing", "list"], ["housing", "show", "1"],
                    ["housing", "stats"], ["activity", "list"], ["activity", "show", "1"],
                    ["activity", "team", "list"], ["activity", "team", "show", "门球队"], ["activity", "award", "list"],
                    ["activity", "teacher", "list"], ["activity", "thanks", "list"], ["activity", "job", "list"],
                    ["report", "annual", "--year", "2020", "--by-month"]):  # fmt: skip
        result = cli(*command)
        assert result.exit_code == 0, (command, result.stderr)
        assert "col." not in result.stdout, command
