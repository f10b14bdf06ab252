"""The standard file: read exactly as the issue defines it, and every problem named with its line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kuangqu.errors import InvalidInput, RuleViolation
from kuangqu.i18n import t
from kuangqu.rules.relief import parse_standard
from tests.relief.conftest import ISSUE_STANDARD


def problems_of(text: str) -> list[tuple[str, int]]:
    with pytest.raises(InvalidInput) as info:
        parse_standard(text)
    return [(p.key, p.params["line"]) for p in info.value.problems]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def test_the_issues_standard_is_read_with_every_key():
    std = parse_standard(ISSUE_STANDARD)
    assert (std.name, std.version, std.effective_from, std.dibao_monthly_fen) == (
        "十矿困难职工家庭救济标准",
        "2020",
        date(2020, 1, 1),
        52000,
    )
    assert [e.code for e in std.exclusions] == ["two_homes"]
    assert [
        (t.code, t.max_income_ratio, t.causes, t.monthly_relief_fen, t.festival_relief_fen) for t in std.tiers
    ] == [
        ("A", Decimal("1.0"), (), 30000, 150000),
        (
            "B",
            Decimal("1.5"),
            ("serious_illness", "disability", "school_children", "single_parent", "no_work_capacity"),
            20000,
            100000,
        ),
        ("C", Decimal("3.0"), ("accident", "disaster", "work_death", "serious_illness"), 0, 80000),
    ]
    assert std.tiers[1].label == "二档（相对困难）"


def test_the_shipped_sample_standard_is_valid():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "sample_data" / "relief-standard.toml"
    if not path.exists():
        pytest.skip("sample_data/relief-standard.toml not generated yet")
    assert [t.code for t in parse_standard(path.read_text(encoding="utf-8")).tiers] == ["A", "B", "C"]


def test_an_unknown_top_level_key_is_rejected_with_its_line():
    text = ISSUE_STANDARD.replace('version = "2020"', 'version = "2020"\ndibao_yearly = "6240.00"')
    assert problems_of(text) == [("relief.std.unknown_key", line_of(text, "dibao_yearly"))]


def test_an_unknown_key_inside_the_second_tier_is_rejected_with_its_line():
    text = ISSUE_STANDARD.replace('max_income_ratio = "1.5"', 'max_income_ratio = "1.5"\nmin_members = 2')
    assert problems_of(text) == [("relief.std.unknown_key", line_of(text, "min_members"))]


def test_an_unknown_table_is_rejected_at_its_header_line():
    text = ISSUE_STANDARD + '\n[extras]\nnote = "x"\n'
    assert problems_of(text) == [("relief.std.unknown_key", line_of(text, "[extras]"))]


def test_an_unknown_cause_code_is_rejected_on_the_line_that_holds_it():
    text = ISSUE_STANDARD.replace(
        'causes = ["accident", "disaster"', 'causes = [\n  "accident",\n  "flood",\n  "disaster"'
    )
    assert problems_of(text) == [("relief.std.unknown_cause", line_of(text, '"flood"'))]


def test_an_unknown_exclusion_code_is_rejected_with_its_line():
    text = ISSUE_STANDARD.replace('code = "two_homes"', 'code = "three_homes"')
    assert problems_of(text) == [("relief.std.unknown_exclusion", line_of(text, "three_homes"))]


@pytest.mark.parametrize("ratio", ["1.0", "0.9"])
def test_tiers_whose_ratios_do_not_rise_are_rejected_at_the_later_tier(ratio):
    text = ISSUE_STANDARD.replace('max_income_ratio = "1.5"', f'max_income_ratio = "{ratio}"')
    line = line_of(text, f'max_income_ratio = "{ratio}"', 2 if ratio == "1.0" else 1)
    assert problems_of(text) == [("relief.std.ratio_not_rising", line)]


@pytest.mark.parametrize("key", ["monthly_relief", "festival_relief", "dibao_monthly"])
def test_a_negative_amount_is_rejected_with_its_line(key):
    text = ISSUE_STANDARD.replace(f'{key} = "', f'{key} = "-', 1)
    assert problems_of(text) == [("relief.std.negative_amount", line_of(text, f'{key} = "-'))]


def test_every_problem_is_reported_at_once():
    text = (
        ISSUE_STANDARD.replace('version = "2020"', 'version = "2020"\ncolour = "red"')
        .replace('"single_parent"', '"lonely"')
        .replace('monthly_relief = "0.00"', 'monthly_relief = "-1.00"')
    )
    keys = [key for key, _ in problems_of(text)]
    assert sorted(keys) == [
        "relief.std.negative_amount",
        "relief.std.unknown_cause",
        "relief.std.unknown_key",
    ]


def test_a_missing_required_key_is_named():
    text = ISSUE_STANDARD.replace('festival_relief = "800.00"\n', "")
    assert problems_of(text) == [("relief.std.missing_key", line_of(text, "[[tier]]", 3))]


def test_a_toml_syntax_error_names_its_line():
    text = ISSUE_STANDARD.replace('label = "二档（相对困难）"', "label = 二档")
    with pytest.raises(RuleViolation) as info:
        parse_standard(text)
    assert info.value.key == "relief.std.syntax"
    assert info.value.params["line"] == line_of(text, "label = 二档")


def test_a_ratio_written_as_a_toml_number_is_read_as_written():
    std = parse_standard(ISSUE_STANDARD.replace('max_income_ratio = "1.5"', "max_income_ratio = 1.5"))
    assert std.tiers[1].max_income_ratio == Decimal("1.5")


def test_an_amount_with_three_decimals_is_rejected_not_rounded():
    assert problems_of(ISSUE_STANDARD.replace('"300.00"', '"300.005"'))[0][0] == "relief.std.bad_amount"


def test_duplicate_tier_codes_are_rejected():
    text = ISSUE_STANDARD.replace('code = "C"', 'code = "B"')
    assert problems_of(text) == [("relief.std.duplicate_code", line_of(text, 'code = "B"', 2))]


def test_a_key_inside_a_multiline_string_is_not_mistaken_for_a_key():
    text = ISSUE_STANDARD.replace('name = "十矿困难职工家庭救济标准"', 'name = """十矿\nversion = "x"\n"""')
    assert parse_standard(text).name.startswith("十矿")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_problem_message_names_the_line(lang):
    text = ISSUE_STANDARD.replace('version = "2020"', 'version = "2020"\ncolour = "red"')
    with pytest.raises(InvalidInput) as info:
        parse_standard(text)
    message = info.value.problems[0].message(lang)
    assert str(line_of(text, "colour")) in message and "colour" in message
    assert "{" not in t(info.value.key, lang=lang, **info.value.params)
