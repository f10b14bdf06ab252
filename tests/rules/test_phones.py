"""Phone numbers: bad-inputs row 19 at the rule level."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.errors import RuleViolation
from kuangqu.rules.phones import normalize_phone


@pytest.mark.parametrize(
    ("raw", "phone", "warned"),
    [
        ("13812345678", "13812345678", False),
        (" 13812345678 ", "13812345678", False),
        (13812345678, "13812345678", False),
        (13812345678.0, "13812345678", False),
        (Decimal(13812345678), "13812345678", False),
        ("+86 138 1234 5678", "13812345678", True),
        ("+8613812345678", "13812345678", True),
        ("0086-13812345678", "13812345678", True),
        ("86-13812345678", "13812345678", True),
        ("8613812345678", "13812345678", True),
        ("138-1234-5678", "13812345678", True),
        ("１３８１２３４５６７８", "13812345678", True),
        ("0375-1234567", "0375-1234567", False),
        ("03751234567", "0375-1234567", True),
        ("(0375)1234567", "0375-1234567", True),
        ("（0375）1234567", "0375-1234567", True),
        ("0375 123 4567", "0375-1234567", True),
        ("０３７５－１２３４５６７", "0375-1234567", True),
        ("010-12345678", "010-12345678", False),
        ("01012345678", "010-12345678", True),
        ("+86 10 12345678", "010-12345678", True),
        ("+86 375 1234567", "0375-1234567", True),
        ("0375-12345678", "0375-12345678", False),
        ("1234567", "1234567", False),
        ("22345678", "22345678", False),
        (2345678, "2345678", False),
    ],
    ids=[
        "mobile",
        "mobile-outer-spaces",
        "row19-mobile-int-cell",
        "row19-mobile-float-cell",
        "mobile-decimal",
        "row19-plus-86-spaced",
        "row19-plus-86",
        "row19-0086",
        "row19-86-dash",
        "86-without-plus",
        "row19-mobile-dashes",
        "row19-fullwidth-mobile",
        "row19-landline",
        "landline-without-dash",
        "landline-parentheses",
        "landline-fullwidth-parentheses",
        "landline-spaced",
        "row19-fullwidth-landline",
        "beijing",
        "beijing-without-dash",
        "beijing-from-abroad",
        "pingdingshan-from-abroad",
        "eight-digit-local",
        "local-seven",
        "local-eight",
        "local-int-cell",
    ],
)
def test_a_phone_is_stored_in_one_standard_form(raw, phone, warned):
    assert normalize_phone(raw) == (phone, ["warn.phone_normalised"] if warned else [])


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("garbage", "rule.phone_format"),
        ("12345", "rule.phone_format"),
        ("1381234567", "rule.phone_format"),
        ("138123456789", "rule.phone_format"),
        ("12812345678", "rule.phone_format"),
        ("037-51234567", "rule.phone_format"),
        ("0375-123456", "rule.phone_format"),
        ("0375-1234567转801", "rule.phone_format"),
        ("13812345678/13912345678", "rule.phone_format"),
        ("0375-01234567", "rule.phone_format"),
        (3751234567, "rule.phone_lost_leading_zero"),
        (1012345678, "rule.phone_lost_leading_zero"),
        (13812345678.5, "rule.phone_format"),
        (-13812345678, "rule.phone_format"),
        (float("nan"), "rule.phone_format"),
        (True, "rule.phone_format"),
        ("", "rule.phone_empty"),
        (None, "rule.phone_empty"),
    ],
    ids=[
        "row19-garbage",
        "too-short",
        "mobile-one-digit-short",
        "mobile-one-digit-long",
        "no-such-mobile-prefix",
        "area-code-split-wrongly",
        "local-number-too-short",
        "an-extension",
        "two-numbers",
        "local-number-starting-with-0",
        "row19-landline-int-cell-lost-its-0",
        "beijing-int-cell-lost-its-0",
        "a-fraction",
        "negative",
        "nan",
        "boolean",
        "empty",
        "none",
    ],
)
def test_a_value_that_is_no_phone_number_is_rejected(raw, key):
    with pytest.raises(RuleViolation) as info:
        normalize_phone(raw)
    assert info.value.key == key


@given(st.one_of(st.text(), st.text(alphabet="+0123456789-() ８"), st.integers(), st.floats(), st.none()))
def test_normalising_any_value_either_returns_a_phone_or_raises_a_rule_violation(raw):
    try:
        phone, _ = normalize_phone(raw)
    except RuleViolation:
        return
    assert phone.replace("-", "").isdigit()


@given(st.text(alphabet="+0123456789-() ８"))
def test_normalising_a_normalised_phone_changes_nothing_and_warns_nothing(raw):
    try:
        phone, _ = normalize_phone(raw)
    except RuleViolation:
        return
    assert normalize_phone(phone) == (phone, [])
