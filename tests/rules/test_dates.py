"""Partial dates and date cells: bad-inputs rows 20–22 and 25 at the rule level."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.errors import RuleViolation
from kuangqu.i18n import t
from kuangqu.rules.dates import PartialDate, check_retirement, parse_partial_date

TODAY = date(2024, 6, 1)


def violation_key(raw: object) -> str:
    with pytest.raises(RuleViolation) as info:
        parse_partial_date(raw)
    return info.value.key


# --- the value ---


@pytest.mark.parametrize(
    ("value", "precision", "iso", "zh"),
    [
        (PartialDate(1975), "year", "1975", "1975年"),
        (PartialDate(1975, 3), "month", "1975-03", "1975年3月"),
        (PartialDate(1975, 3, 12), "day", "1975-03-12", "1975年3月12日"),
    ],
)
def test_a_partial_date_keeps_its_precision_in_iso_text_and_in_chinese(value, precision, iso, zh):
    assert value.precision == precision
    assert str(value) == iso
    assert value.display_zh() == zh
    assert PartialDate.from_iso(iso) == value


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ((2023, 2, 29), "rule.date_impossible"),
        ((1975, 13), "rule.date_impossible"),
        ((1975, 4, 31), "rule.date_impossible"),
        ((0,), "rule.date_impossible"),
        ((1975, None, 12), "rule.date_format"),
        ((True,), "rule.date_format"),
    ],
    ids=["feb-29-common-year", "month-13", "april-31", "year-0", "day-without-month", "boolean-year"],
)
def test_a_partial_date_that_cannot_exist_cannot_be_built(args, key):
    with pytest.raises(RuleViolation) as info:
        PartialDate(*args)
    assert info.value.key == key


def test_a_year_sorts_before_its_months_and_a_month_before_its_days():
    values = [
        PartialDate(1975, 3, 12),
        PartialDate(1976),
        PartialDate(1975, 3),
        PartialDate(1975),
        PartialDate(1975, 2, 28),
    ]
    assert sorted(values) == [
        PartialDate(1975),
        PartialDate(1975, 2, 28),
        PartialDate(1975, 3),
        PartialDate(1975, 3, 12),
        PartialDate(1976),
    ]
    assert PartialDate(1975) < PartialDate(1975, 1) <= PartialDate(1975, 1) < PartialDate(1975, 1, 1)
    assert PartialDate(1976) > PartialDate(1975, 12, 31) >= PartialDate(1975, 12, 31)


def test_a_partial_date_does_not_compare_with_a_plain_date():
    with pytest.raises(TypeError):
        _ = PartialDate(1975) < date(1975, 1, 1)  # type: ignore[operator]
    assert PartialDate(1975, 1, 1) != date(1975, 1, 1)


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        (PartialDate(1975), date(1975, 1, 1), date(1975, 12, 31)),
        (PartialDate(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        (PartialDate(2023, 2), date(2023, 2, 1), date(2023, 2, 28)),
        (PartialDate(1975, 3, 12), date(1975, 3, 12), date(1975, 3, 12)),
    ],
)
def test_first_and_last_day_span_the_period_a_partial_date_stands_for(value, first, last):
    assert (value.first_day(), value.last_day()) == (first, last)


def test_only_a_full_date_converts_to_a_date():
    assert PartialDate(1975, 3, 12).to_date() == date(1975, 3, 12)
    for partial in (PartialDate(1975), PartialDate(1975, 3)):
        with pytest.raises(RuleViolation) as info:
            partial.to_date()
        assert info.value.key == "rule.date_not_day_precision"


def test_from_date_drops_the_time_of_a_datetime():
    assert PartialDate.from_date(datetime(1975, 3, 12, 8, 30)) == PartialDate(1975, 3, 12)


@pytest.mark.parametrize("text", ["1975-3", "75-03-12", "1975/03", "1975-03-12T00:00", "", "１９７５"])
def test_from_iso_reads_only_the_storage_form(text):
    with pytest.raises(RuleViolation):
        PartialDate.from_iso(text)


# --- parsing cells (row 21: accepted with the right precision) ---


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-01", PartialDate(2024, 1, 1)),
        ("2024-1-1", PartialDate(2024, 1, 1)),
        ("2024.1.1", PartialDate(2024, 1, 1)),
        ("2024/1/1", PartialDate(2024, 1, 1)),
        ("1949/12/31", PartialDate(1949, 12, 31)),
        ("2024年1月1日", PartialDate(2024, 1, 1)),
        ("2024年1月1号", PartialDate(2024, 1, 1)),
        ("2024 年 1 月 1 日", PartialDate(2024, 1, 1)),
        ("19491231", PartialDate(1949, 12, 31)),
        ("２０２４－０１－０１", PartialDate(2024, 1, 1)),
        ("2024-01-01 00:00:00", PartialDate(2024, 1, 1)),
        ("1955.03", PartialDate(1955, 3)),
        ("1955-03", PartialDate(1955, 3)),
        ("1955-3", PartialDate(1955, 3)),
        ("1955年3月", PartialDate(1955, 3)),
        ("195503", PartialDate(1955, 3)),
        ("1955", PartialDate(1955)),
        ("1955年", PartialDate(1955)),
        (" 1955 ", PartialDate(1955)),
        (19491231, PartialDate(1949, 12, 31)),
        (19491231.0, PartialDate(1949, 12, 31)),
        (Decimal(19491231), PartialDate(1949, 12, 31)),
        (1955, PartialDate(1955)),
        (date(1949, 10, 1), PartialDate(1949, 10, 1)),
        (datetime(1949, 10, 1, 0, 0), PartialDate(1949, 10, 1)),
    ],
    ids=[
        "row21-iso",
        "row21-iso-short",
        "row21-dots",
        "row21-slashes",
        "row21-1949-slashes",
        "row21-chinese-day",
        "row21-chinese-hao",
        "row21-chinese-spaced",
        "row21-yyyymmdd-text",
        "row21-fullwidth",
        "row21-midnight-time",
        "row21-1955-dot-03",
        "row21-iso-month",
        "row21-iso-month-short",
        "row21-chinese-month",
        "row21-yyyymm",
        "row21-year",
        "row21-chinese-year",
        "row21-year-spaces",
        "row20-yyyymmdd-int",
        "row20-yyyymmdd-float",
        "row20-yyyymmdd-decimal",
        "row20-year-int",
        "a-date-cell",
        "a-datetime-cell",
    ],
)
def test_a_date_cell_is_read_with_the_precision_it_was_written_with(raw, expected):
    parsed = parse_partial_date(raw)
    assert parsed == expected
    assert parsed.precision == expected.precision


# --- rows 20 and 22: rejected ---


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (45292, "rule.date_number_ambiguous"),
        (45292.0, "rule.date_number_ambiguous"),
        (1955.1, "rule.date_number_ambiguous"),
        (1955.03, "rule.date_number_ambiguous"),
        (Decimal("1955.10"), "rule.date_number_ambiguous"),
        (195503, "rule.date_number_ambiguous"),
        (float("nan"), "rule.date_number_ambiguous"),
        (float("inf"), "rule.date_number_ambiguous"),
        ("01/02/2024", "rule.date_ambiguous"),
        ("1/2/2024", "rule.date_ambiguous"),
        ("13.02.2024", "rule.date_ambiguous"),
        ("2023-02-29", "rule.date_impossible"),
        ("2024-13-01", "rule.date_impossible"),
        ("20231301", "rule.date_impossible"),
        (20230229, "rule.date_impossible"),
        ("195513", "rule.date_impossible"),
        ("garbage", "rule.date_format"),
        ("2024-01-01 08:30", "rule.date_format"),
        ("2024-1/1", "rule.date_format"),
        ("#VALUE!", "rule.date_format"),
        ("", "rule.date_empty"),
        (None, "rule.date_empty"),
        (True, "rule.date_format"),
    ],
    ids=[
        "row20-excel-serial",
        "row20-excel-serial-float",
        "row22-1955.1-as-number",
        "row22-1955.03-as-number",
        "row22-decimal",
        "row20-six-digit-number",
        "nan",
        "inf",
        "row22-day-month-first",
        "row22-single-digits",
        "row22-dotted-day-first",
        "row22-feb-29-2023",
        "row22-month-13",
        "row22-yyyymmdd-month-13",
        "row22-yyyymmdd-int-impossible",
        "row22-yyyymm-month-13",
        "garbage",
        "a-time-of-day",
        "mixed-separators",
        "an-error-cell-text",
        "empty",
        "none",
        "boolean",
    ],
)
def test_an_ambiguous_impossible_or_unreadable_date_is_rejected(raw, key):
    assert violation_key(raw) == key


def test_an_ambiguous_number_asks_for_text_like_1955_10():
    with pytest.raises(RuleViolation) as info:
        parse_partial_date(1955.1)
    assert "1955-10" in t(info.value.key, lang="zh")


def test_an_impossible_date_names_the_date():
    with pytest.raises(RuleViolation) as info:
        parse_partial_date("2023-02-29")
    assert t(info.value.key, lang="zh", **info.value.params) == "日期不存在：2023-02-29"


# --- row 25: retirement ---

BIRTH = date(1955, 6, 15)


@pytest.mark.parametrize(
    ("retired", "key"),
    [
        (PartialDate(1950), "rule.retired_before_birth"),
        (PartialDate(1955, 5), "rule.retired_before_birth"),
        (PartialDate(1990, 1, 1), "rule.retired_too_young"),
        (PartialDate(1995, 5), "rule.retired_too_young"),
        (PartialDate(1994), "rule.retired_too_young"),
        (PartialDate(2024, 6, 2), "rule.retired_in_future"),
        (PartialDate(2025), "rule.retired_in_future"),
    ],
    ids=[
        "row25-year-before-birth",
        "row25-month-before-birth",
        "row25-at-34",
        "row25-month-before-40",
        "row25-year-before-40",
        "row25-tomorrow",
        "row25-next-year",
    ],
)
def test_an_impossible_retirement_date_is_rejected(retired, key):
    with pytest.raises(RuleViolation) as info:
        check_retirement(BIRTH, retired, today=TODAY)
    assert info.value.key == key


@pytest.mark.parametrize(
    "retired",
    [
        PartialDate(2015, 6, 15),
        PartialDate(1995, 6, 15),
        PartialDate(1995, 6),
        PartialDate(1995),
        PartialDate(2024),
        PartialDate(2024, 6, 1),
    ],
    ids=["at-60", "exactly-40", "month-of-40th-birthday", "year-of-40th-birthday", "this-year", "today"],
)
def test_a_retirement_date_that_may_be_right_is_accepted(retired):
    check_retirement(BIRTH, retired, today=TODAY)


def test_the_minimum_retirement_age_is_configurable():
    with pytest.raises(RuleViolation) as info:
        check_retirement(BIRTH, PartialDate(2000, 1), today=TODAY, min_age=45)
    assert info.value.params == {"min_age": 45}
    check_retirement(BIRTH, PartialDate(2000, 6, 15), today=TODAY, min_age=45)


def test_someone_born_on_29_february_reaches_the_minimum_age_on_28_february():
    check_retirement(date(1956, 2, 29), PartialDate(1995, 2, 28), today=TODAY, min_age=39)  # 1995: no 29th


# --- properties ---


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789-./年月日号 ０１"),
        st.integers(),
        st.floats(),
        st.none(),
        st.decimals(),
    )
)
def test_parsing_any_value_either_returns_a_partial_date_or_raises_a_rule_violation(raw):
    try:
        parsed = parse_partial_date(raw)
    except RuleViolation:
        return
    assert isinstance(parsed, PartialDate)


@given(partial_dates())
def test_the_iso_text_and_the_chinese_text_both_parse_back_to_the_same_partial_date(value):
    assert PartialDate.from_iso(str(value)) == value
    assert parse_partial_date(str(value)) == value
    assert parse_partial_date(value.display_zh()) == value


@given(partial_dates(), partial_dates())
def test_the_iso_storage_text_sorts_exactly_like_the_partial_dates(a, b):
    assert (str(a) < str(b)) == (a < b)
    assert (str(a) == str(b)) == (a == b)


@given(partial_dates())
def test_a_partial_date_spans_from_its_first_to_its_last_day(value):
    assert value.first_day() <= value.last_day()
    assert PartialDate.from_date(value.first_day()) >= value
