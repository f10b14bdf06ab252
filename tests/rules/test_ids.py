"""Resident ID numbers: bad-inputs rows 1–11, 14 and 15 at the rule level."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn.ric import calc_check_digit as _stdnum_check  # an independent oracle for the check

from kuangqu.errors import RuleViolation
from kuangqu.i18n import t
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.ids import (
    IdNumber,
    check_character,
    check_id_consistency,
    id_tail,
    parse_id_number,
    upgrade_15,
)

TODAY = date(2024, 6, 1)


def calc_check_digit(first17: str) -> str:
    return _stdnum_check(first17 + "?")  # stdnum wants the number with a check position, and ignores it


def oracle_id(birth: str = "19550312", area: str = "410402", seq: str = "123") -> str:
    first17 = area + birth + seq
    return first17 + calc_check_digit(first17)


def wrong_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def violation(raw: object, **kwargs: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as info:
        parse_id_number(raw, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return info.value


# --- the checksum itself ---


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_the_published_example_ids_have_the_check_character_they_end_with(number):
    assert check_character(number[:17]) == number[17]


def test_the_check_character_agrees_with_python_stdnum_for_every_remainder():
    # Sequence numbers 000..999 cover all 11 remainders many times over.
    for seq in range(1000):
        first17 = f"41040219550312{seq:03d}"
        assert check_character(first17) == calc_check_digit(first17)


def test_the_check_character_of_anything_but_17_digits_is_a_format_violation():
    with pytest.raises(RuleViolation) as info:
        check_character("1234")
    assert info.value.key == "rule.id_format"


# --- accepted IDs ---


def test_a_valid_id_gives_its_birth_date_sex_and_area():
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed == IdNumber("11010519491231002X", None, date(1949, 12, 31), "女", "110105", ())


def test_an_odd_sequence_number_means_male():
    assert parse_id_number(oracle_id(seq="123"), today=TODAY).sex == "男"
    assert parse_id_number(oracle_id(seq="124"), today=TODAY).sex == "女"


def test_an_id_born_in_1880_passes_only_when_the_lower_bound_allows_it():
    assert parse_id_number("440524188001010014", today=TODAY, min_birth_year=1800).birth_date == date(
        1880, 1, 1
    )
    assert violation("440524188001010014").key == "rule.id_birth_date_out_of_range"


def test_an_id_whose_county_code_was_retired_before_the_person_was_born_is_still_accepted():
    # 440524 (潮阳县) existed only 1983–1993; stdnum.cn.ric would refuse this person born in 1880.
    assert parse_id_number("440524188001010014", today=TODAY, min_birth_year=1800).warnings == ()


# row 1
def test_an_id_ending_in_lowercase_x_is_stored_with_capital_x():
    parsed = parse_id_number("11010519491231002x", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.warnings == ()  # only the case changed: nothing to tell the clerk


# row 5
def test_a_15_digit_id_is_upgraded_to_18_and_keeps_the_original_with_a_warning():
    parsed = parse_id_number("110105491231002", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.original == "110105491231002"
    assert parsed.birth_date == date(1949, 12, 31)
    assert "warn.id_upgraded_from_15" in parsed.warnings


def test_upgrading_inserts_19_before_the_year_and_adds_the_check_character():
    assert upgrade_15("110105491231002") == "11010519491231002X"


def test_upgrading_refuses_anything_but_15_digits():
    with pytest.raises(RuleViolation):
        upgrade_15("11010549123100X")


# row 6, row 7
@pytest.mark.parametrize(
    "raw",
    [
        "110105 19491231 002X",
        "110105-19491231-002X",
        "110105\u00a019491231002X",
        "110105\u300019491231002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "110105－19491231－002X",
    ],
    ids=[
        "row6-inner-spaces",
        "row6-hyphens",
        "row6-nbsp",
        "row6-u3000",
        "row7-fullwidth",
        "row7-fullwidth-x",
        "row7-fullwidth-hyphen",
    ],
)
def test_an_id_with_inner_spaces_hyphens_or_full_width_characters_is_normalised_with_a_warning(raw):
    parsed = parse_id_number(raw, today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert "warn.id_normalised" in parsed.warnings


def test_outer_spaces_alone_are_trimmed_without_a_warning():
    assert parse_id_number("  11010519491231002X \u3000", today=TODAY).warnings == ()


# row 11
def test_the_15_and_18_digit_forms_of_one_person_give_the_same_number_so_duplicates_can_be_found():
    assert (
        parse_id_number("110105491231002", today=TODAY).number
        == parse_id_number("11010519491231002X", today=TODAY).number
    )


# row 15
def test_an_unknown_area_code_is_only_a_warning():
    parsed = parse_id_number(oracle_id(area="990000"), today=TODAY)
    assert parsed.warnings == ("warn.id_unknown_area",)


def test_a_known_area_code_gives_no_warning():
    assert parse_id_number(oracle_id(area="410402"), today=TODAY).warnings == ()


def test_the_tail_is_the_last_six_characters():
    assert id_tail("11010519491231002X") == "31002X"


# --- rejected IDs ---


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (wrong_check("11010519491231002X"), "rule.id_checksum"),
        (oracle_id(birth="19490230"), "rule.id_birth_date_invalid"),
        (oracle_id(birth="19551301"), "rule.id_birth_date_invalid"),
        (oracle_id(birth="20300101"), "rule.id_birth_date_out_of_range"),
        (oracle_id(birth="18991231"), "rule.id_birth_date_out_of_range"),
        (110105194912310020, "rule.id_is_number"),
        (1.10105194912310e17, "rule.id_is_number"),
        ("1.10105E+17", "rule.id_is_number"),
        ("1.10105194912310e17", "rule.id_is_number"),
        ("", "rule.id_empty"),
        (None, "rule.id_empty"),
        ("  \u3000 ", "rule.id_empty"),
        ("1101051949123100", "rule.id_format"),
        ("1101051949123100XX", "rule.id_format"),
        ("11010519491231X02X", "rule.id_format"),
        ("身份证号码", "rule.id_format"),
        (True, "rule.id_format"),
        (["11010519491231002X"], "rule.id_format"),
    ],
    ids=[
        "row2-wrong-check-char",
        "row3-february-30",
        "row3-month-13",
        "row4-born-in-the-future",
        "row4-born-before-1900",
        "row8-int-cell",
        "row8-float-cell",
        "row9-scientific-text",
        "row9-scientific-lowercase",
        "row10-empty-text",
        "row10-none",
        "row10-only-spaces",
        "16-digits",
        "two-x",
        "x-in-the-middle",
        "chinese-text",
        "boolean",
        "a-list",
    ],
)
def test_an_unacceptable_id_is_rejected_with_the_matching_rule(raw, key):
    assert violation(raw).key == key


# row 2
def test_a_wrong_check_character_names_the_expected_one_in_chinese():
    error = violation(wrong_check("11010519491231002X"))
    assert error.params == {"expected": "X"}
    assert "校验位错误" in t(error.key, lang="zh", **error.params)
    assert "应为 X" in t(error.key, lang="zh", **error.params)


# row 8
def test_an_id_stored_as_a_number_is_rejected_with_the_reason_and_the_fix():
    error = violation(110105194912310020)
    text = t(error.key, lang="zh")
    assert "15 位有效数字" in text and "文本" in text


# row 4
def test_a_person_younger_than_the_minimum_age_is_rejected():
    error = violation(oracle_id(birth="19900602"), min_age=40)
    assert error.key == "rule.id_too_young"
    assert error.params == {"min_age": 40}


def test_a_person_reaching_the_minimum_age_today_is_accepted():
    assert parse_id_number(oracle_id(birth="19840601"), today=TODAY, min_age=40).birth_date == date(
        1984, 6, 1
    )
    assert violation(oracle_id(birth="19840602"), min_age=40).key == "rule.id_too_young"


def test_a_person_born_today_is_accepted_without_a_minimum_age():
    assert parse_id_number(oracle_id(birth="20240601"), today=TODAY).birth_date == TODAY


def test_a_birth_date_on_29_february_of_a_leap_year_is_valid():
    assert parse_id_number(oracle_id(birth="19560229"), today=TODAY).birth_date == date(1956, 2, 29)
    assert violation(oracle_id(birth="19550229")).key == "rule.id_birth_date_invalid"


# row 14
@pytest.mark.parametrize(
    ("sex", "birth", "key"),
    [
        ("女", None, "rule.id_sex_mismatch"),
        (None, date(1955, 3, 13), "rule.id_birth_date_mismatch"),
        (None, PartialDate(1955, 4), "rule.id_birth_date_mismatch"),
        (None, PartialDate(1956), "rule.id_birth_date_mismatch"),
    ],
    ids=["row14-sex", "row14-birth-day", "row14-birth-month", "row14-birth-year"],
)
def test_a_sex_or_birth_date_contradicting_the_id_is_rejected(sex, birth, key):
    parsed = parse_id_number(oracle_id(birth="19550312", seq="123"), today=TODAY)
    with pytest.raises(RuleViolation) as info:
        check_id_consistency(parsed, sex=sex, birth=birth)
    assert info.value.key == key


def test_a_sex_and_a_partial_birth_date_agreeing_with_the_id_pass():
    parsed = parse_id_number(oracle_id(birth="19550312", seq="123"), today=TODAY)
    for birth in (date(1955, 3, 12), PartialDate(1955, 3), PartialDate(1955), None):
        check_id_consistency(parsed, sex="男", birth=birth)


def test_the_repr_of_a_parsed_id_never_shows_the_birth_date():
    parsed = parse_id_number("110105491231002", today=TODAY)
    for text in (repr(parsed), str(parsed), f"{parsed}", repr([parsed])):
        assert "19491231" not in text and "491231" not in text


# --- properties ---

areas = st.sampled_from(["410402", "410403", "110105", "440524", "650102"])
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    return oracle_id(draw(births).strftime("%Y%m%d"), draw(areas), draw(sequences))


@given(
    st.one_of(
        st.text(), st.text(alphabet="0123456789Xx -１２Ｘ\u3000.E+"), st.integers(), st.floats(), st.none()
    )
)
def test_parsing_any_value_either_returns_an_id_or_raises_a_rule_violation(raw):
    try:
        parsed = parse_id_number(raw, today=TODAY)
    except RuleViolation:
        return
    assert len(parsed.number) == 18


@given(valid_ids())
def test_every_valid_id_parses_to_itself_with_its_birth_date(number):
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date.strftime("%Y%m%d") == number[6:14]


@given(valid_ids())
def test_a_single_changed_digit_is_always_caught(number):
    # GB 11643's mod-11 check detects every single-digit error.
    for position in range(17):
        digit = str((int(number[position]) + 1) % 10)
        mistyped = number[:position] + digit + number[position + 1 :]
        try:
            parse_id_number(mistyped, today=TODAY)
        except RuleViolation:
            continue
        pytest.fail(f"position {position} not caught")


@given(valid_ids(), st.sampled_from([" ", "-", "\u3000", "\u00a0"]), st.booleans())
def test_parsing_a_messy_copy_gives_the_same_number_and_parsing_again_changes_nothing(number, sep, fullwidth):
    messy = f"{number[:6]}{sep}{number[6:14]}{sep}{number[14:]}".lower()
    if fullwidth:
        messy = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in messy)
    once = parse_id_number(messy, today=TODAY)
    twice = parse_id_number(once.number, today=TODAY)
    assert once.number == twice.number == number
    assert "warn.id_normalised" not in twice.warnings


@given(births.filter(lambda d: d.year < 2000), areas, sequences)
def test_every_15_digit_id_upgrades_to_an_id_that_contains_it(birth, area, seq):
    id15 = area + birth.strftime("%y%m%d") + seq
    number = upgrade_15(id15)
    assert number[:6] + number[8:17] == id15
    assert parse_id_number(number, today=TODAY).number == number
