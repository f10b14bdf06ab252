"""Money in integer fen: bad-inputs rows 26–30 at the rule level."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.errors import RuleViolation
from kuangqu.i18n import t
from kuangqu.rules.money import decimal_to_fen, fen_from_ratio, fen_to_decimal, format_fen, parse_yuan


def violation(raw: object, **kwargs: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as info:
        parse_yuan(raw, **kwargs)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("3456.78", 345678),
        ("3,456.78", 345678),
        ("¥3,456.78", 345678),
        ("￥3456.78", 345678),
        ("3456.78元", 345678),
        ("３４５６．７８", 345678),
        ("￥３，４５６．７８元", 345678),
        (" ¥ 3456.78 元 ", 345678),
        ("12,345.6", 1234560),
        ("3456", 345600),
        ("3456.7", 345670),
        ("3456.780", 345678),
        ("0", 0),
        ("+12.30", 1230),
        (3456, 345600),
        (Decimal("3456.78"), 345678),
        (3456.78, 345678),
        (0.30000000000000004, 30),
        (0.1 + 0.2, 30),
        (99999.99, 9999999),
    ],
    ids=[
        "plain",
        "row29-thousands",
        "row29-yen-thousands",
        "row29-fullwidth-yen",
        "row29-yuan-suffix",
        "row29-fullwidth-digits",
        "row29-everything-fullwidth",
        "row29-spaced-symbols",
        "one-group",
        "whole-yuan",
        "one-decimal",
        "trailing-zero-third-decimal",
        "zero",
        "plus-sign",
        "int-cell",
        "decimal",
        "float-cell",
        "row30-float-noise",
        "row30-formula-noise",
        "just-below-ceiling",
    ],
)
def test_an_amount_cell_is_read_exactly_in_fen(raw, fen):
    assert parse_yuan(raw) == fen


# row 26
@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("-12.30", -1230),
        ("－12.30", -1230),
        ("−12.30", -1230),
        ("¥-12.30", -1230),
        ("-¥12.30", -1230),
        (-12, -1200),
        (-12.3, -1230),
    ],
    ids=[
        "row26-text",
        "row26-fullwidth-minus",
        "row26-unicode-minus",
        "row26-yen-then-minus",
        "row26-minus-then-yen",
        "row26-int",
        "row26-float",
    ],
)
def test_a_negative_amount_is_rejected_unless_negatives_are_allowed(raw, fen):
    error = violation(raw)
    assert error.key == "rule.amount_negative"
    assert "冲正" in t(error.key, lang="zh")
    assert parse_yuan(raw, allow_negative=True) == fen


def test_minus_zero_is_zero_not_a_negative_amount():
    assert parse_yuan("-0.00") == 0


def test_float_noise_just_below_zero_is_zero_not_a_negative_amount():
    assert parse_yuan(0.1 + 0.2 - 0.3 - 1e-16) == 0


# row 27
def test_an_absurd_amount_is_rejected_naming_the_ceiling_in_yuan():
    error = violation("99,999,999")
    assert error.key == "rule.amount_over_ceiling"
    assert "100,000.00 元" in t(error.key, lang="zh", **error.params)


def test_the_ceiling_is_configurable_and_can_be_switched_off():
    assert violation("500.01", ceiling_fen=500_00).params == {"ceiling": "500.00"}
    assert parse_yuan("500.00", ceiling_fen=500_00) == 500_00
    assert parse_yuan("99999999", ceiling_fen=None) == 99_999_999_00


def test_the_ceiling_also_bounds_large_reversals():
    assert violation("-99999999", allow_negative=True).key == "rule.amount_over_ceiling"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("3456.785", "rule.amount_too_many_decimals"),
        (3456.785, "rule.amount_too_many_decimals"),
        (Decimal("3456.785"), "rule.amount_too_many_decimals"),
        ("0.001", "rule.amount_too_many_decimals"),
        ("3456,78", "rule.amount_format"),
        ("3.456,78", "rule.amount_format"),
        ("壹仟元", "rule.amount_format"),
        ("一千元", "rule.amount_format"),
        ("1,23", "rule.amount_format"),
        ("12,345,67", "rule.amount_format"),
        ("1234,567", "rule.amount_format"),
        ("3456.78元元", "rule.amount_format"),
        ("12.30-", "rule.amount_format"),
        ("--12.30", "rule.amount_format"),
        ("1e3", "rule.amount_format"),
        ("NaN", "rule.amount_format"),
        ("#VALUE!", "rule.amount_format"),
        ("", "rule.amount_empty"),
        ("  ", "rule.amount_empty"),
        ("¥", "rule.amount_format"),
        (None, "rule.amount_empty"),
        (float("nan"), "rule.amount_not_finite"),
        (float("inf"), "rule.amount_not_finite"),
        (Decimal("NaN"), "rule.amount_not_finite"),
        (True, "rule.amount_format"),
        ([1], "rule.amount_format"),
    ],
    ids=[
        "row28-three-decimals",
        "row28-three-decimals-float",
        "row28-three-decimals-decimal",
        "a-tenth-of-a-fen",
        "row29-european-comma",
        "row29-european-grouping",
        "row29-chinese-capital-numerals",
        "row29-chinese-numerals",
        "bad-grouping",
        "bad-grouping-tail",
        "four-digits-before-a-group",
        "two-yuan-suffixes",
        "trailing-minus",
        "double-minus",
        "exponent",
        "nan-text",
        "error-cell-text",
        "empty",
        "blank",
        "only-a-symbol",
        "none",
        "nan",
        "inf",
        "decimal-nan",
        "boolean",
        "a-list",
    ],
)
def test_an_unacceptable_amount_is_rejected_and_never_rounded(raw, key):
    assert violation(raw).key == key


def test_three_decimals_are_refused_with_a_message_saying_nothing_was_rounded():
    assert "不会自动四舍五入" in t(violation("3456.785").key, lang="zh")


@pytest.mark.parametrize(
    ("fen", "text"),
    [(345678, "3456.78"), (-5, "-0.05"), (0, "0.00"), (100, "1.00"), (-123456789, "-1234567.89")],
)
def test_fen_are_formatted_with_two_decimals_and_no_grouping(fen, text):
    assert format_fen(fen) == text
    assert str(fen_to_decimal(fen)) == text


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (Decimal("1.005"), 101),
        (Decimal("1.004"), 100),
        (Decimal("-1.005"), -101),
        (Decimal("3456.78"), 345678),
        (12, 1200),
        (Decimal("2.675"), 268),
    ],
)
def test_a_computed_amount_is_rounded_half_up_to_the_fen(value, fen):
    assert decimal_to_fen(value) == fen


def test_a_float_is_never_accepted_as_a_computed_amount():
    with pytest.raises(TypeError):
        decimal_to_fen(1.005)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("numerator", "denominator", "fen"),
    [
        (1000, 3, 333),
        (1001, 2, 501),
        (1000, 6, 167),
        (-1001, 2, -501),
        (-1000, 3, -333),
        (1001, -2, -501),
        (0, 7, 0),
        (999, 2, 500),
    ],
)
def test_a_ratio_of_fen_is_rounded_half_away_from_zero(numerator, denominator, fen):
    assert fen_from_ratio(numerator, denominator) == fen


def test_a_ratio_over_zero_people_is_an_error_not_a_number():
    with pytest.raises(ZeroDivisionError):
        fen_from_ratio(100, 0)


# --- properties ---


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789,.-+¥￥元 ３"),
        st.integers(),
        st.floats(),
        st.decimals(),
        st.none(),
        st.booleans(),
    )
)
def test_parsing_any_value_either_returns_fen_or_raises_a_rule_violation(raw):
    try:
        fen = parse_yuan(raw, allow_negative=True, ceiling_fen=None)
    except RuleViolation:
        return
    assert isinstance(fen, int) and not isinstance(fen, bool)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_formatting_fen_and_parsing_the_text_gives_the_same_fen(fen):
    assert parse_yuan(format_fen(fen), allow_negative=True, ceiling_fen=None) == fen
    assert parse_yuan(f"¥{fen_to_decimal(fen):,}", allow_negative=True, ceiling_fen=None) == fen


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_an_amount_arriving_as_the_nearest_float_is_read_back_to_the_same_fen(fen):
    # What Excel hands over for a number cell typed as 1234.56.
    assert parse_yuan(float(fen_to_decimal(fen)), allow_negative=True, ceiling_fen=None) == fen


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_fen_survive_the_trip_through_decimal(fen):
    assert decimal_to_fen(fen_to_decimal(fen)) == fen


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=1, max_value=100))
def test_a_ratio_of_fen_agrees_with_decimal_half_up_rounding(numerator, denominator):
    expected = decimal_to_fen(Decimal(numerator) / Decimal(denominator) / 100)
    assert fen_from_ratio(numerator, denominator) == expected
