"""Display masking of personal data: IDs keep at most the first 6 and last 4, never the birth date."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.rules.masking import mask_id, mask_name, mask_phone, mask_value


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("410402195503121234", "410402********1234"),
        ("11010519491231002X", "110105********002X"),
        ("110105 19491231 002X", "110105********002X"),
        ("410402550312123", "410402******123"),
        (None, ""),
        ("", ""),
        ("1101051949", "**********"),
        ("41040219550312", "**************"),
        ("41040219550312123", "**************123"),
        ("4104021955031212345", "***************2345"),
    ],
    ids=[
        "18-digits",
        "ending-in-x",
        "with-spaces",
        "15-digits",
        "none",
        "empty",
        "a-fragment-ending-in-a-year",
        "14-digits",
        "17-digits",
        "19-digits",
    ],
)
def test_an_id_keeps_at_most_the_area_code_and_the_last_four(raw, masked):
    assert mask_id(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0375-1234567", "0375-***4567"),
        ("010-12345678", "010-****5678"),
        ("1234567", "***4567"),
        ("+86 138", "*** 138"),
        ("123", "***"),
        (None, ""),
    ],
    ids=["mobile", "landline", "beijing", "local", "odd", "short", "none"],
)
def test_a_phone_keeps_only_what_the_usual_masks_show(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("𠮷", "𠮷"),
        ("阿依古丽·买买提", "阿*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_name_keeps_its_first_character_only(raw, masked):
    assert mask_name(raw) == masked


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("id_number", "410402195503121234", "410402********1234"),
        ("id_number_original", "410402550312123", "410402******123"),
        ("spouse_id_number", "410402195503121234", "410402********1234"),
        ("phone", "13812345678", "138****5678"),
        ("contact_phone", 13812345678, "138****5678"),
        ("name", "张三", "张三"),
        ("pension_fen", 345678, "345678"),
        ("phone", None, ""),
    ],
)
def test_values_are_masked_by_field_name_and_other_fields_pass_unchanged(field, value, masked):
    assert mask_value(field, value) == masked


birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31))


@given(
    st.from_regex(r"\d{6}", fullmatch=True),
    birth_dates,
    st.from_regex(r"\d{3}[\dX]", fullmatch=True),
    st.integers(min_value=-4, max_value=2),
)
def test_no_mask_of_an_id_or_of_a_fragment_of_one_shows_more_than_two_digits_of_the_birth_date(
    area, birth, tail, cut
):
    # A fragment: the ID with up to 4 characters cut off its end, or up to 2 extra digits. An 18-digit
    # ID missing 3 characters looks like a 15-digit one and shows its birth day, and no more.
    number = area + birth.strftime("%Y%m%d") + tail
    text = number[:cut] if cut < 0 else number + "7" * cut
    masked = mask_id(text)
    assert len(masked) == len(text)
    visible_birth_positions = [i for i in range(6, 14) if masked[i] != "*"]
    assert len(visible_birth_positions) <= 2


@given(st.from_regex(r"\d{6}", fullmatch=True), birth_dates, st.from_regex(r"\d{3}", fullmatch=True))
def test_the_mask_of_a_15_digit_id_hides_its_whole_birth_date(area, birth, seq):
    masked = mask_id(area + birth.strftime("%y%m%d") + seq)
    assert masked[6:12] == "******"


@given(st.text())
def test_a_mask_of_anything_shows_at_most_ten_characters(raw):
    masked = mask_id(raw)
    assert sum(ch != "*" for ch in masked) <= 10
    assert sum(ch != "*" for ch in mask_phone(raw)) <= 7
