"""Cell text: full-width and odd spaces, and what an xlsx cell can hold (bad-inputs row 33)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.errors import RuleViolation
from kuangqu.rules.text import check_cell_text, fullwidth_to_ascii, normalize_text


def test_full_width_digits_and_letters_become_plain_with_a_warning():
    assert normalize_text("ＡＢＣ１２３ａｂｃ") == ("ABC123abc", ["warn.fullwidth_normalised"])


def test_chinese_punctuation_is_kept_in_free_text():
    text = "家庭困难，需要帮扶：（一）看病；（二）上学！"
    assert normalize_text(text) == (text, [])


def test_cjk_compatibility_ideographs_that_nfkc_would_change_are_kept():
    # NFKC turns U+F9E9 into U+7406 and ㈱ into (株): both must survive untouched.
    assert normalize_text("\uf9e9㈱𠮷") == ("\uf9e9㈱𠮷", [])


@pytest.mark.parametrize("space", ["\u3000", "\u00a0", "\u2002", "\u202f"])
def test_odd_inner_spaces_become_ordinary_spaces_with_a_warning(space):
    assert normalize_text(f"平顶山{space}新华区") == ("平顶山 新华区", ["warn.space_normalised"])


def test_outer_spaces_of_any_kind_are_stripped_without_a_warning():
    assert normalize_text("\u3000 平顶山\u00a0 ") == ("平顶山", [])


def test_windows_line_breaks_become_plain_line_breaks():
    assert normalize_text("第一行\r\n第二行\r第三行") == ("第一行\n第二行\n第三行", [])


def test_the_code_helper_maps_the_whole_full_width_block():
    assert fullwidth_to_ascii("（０３７５）－１２３，￥") == "(0375)-123,￥"


@pytest.mark.parametrize(
    "text", ["", "普通文字", "两行\n文字", "制表\t符", '=HYPERLINK("x")', "x" * 32_767, "𠮷" * 16_383]
)
def test_ordinary_text_up_to_the_excel_limit_is_accepted(text):
    check_cell_text(text)


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\ud800"],
    ids=[
        "row33-nul",
        "row33-bell",
        "row33-vertical-tab",
        "row33-escape",
        "row33-delete",
        "row33-next-line",
        "row33-lone-surrogate",
    ],
)
def test_text_with_a_control_character_is_rejected(char):
    with pytest.raises(RuleViolation) as info:
        check_cell_text(f"备注{char}内容")
    assert info.value.key == "rule.text_control_chars"


@pytest.mark.parametrize(
    "text", ["x" * 32_768, "𠮷" * 16_384], ids=["row33-ascii", "row33-outside-bmp-counts-double"]
)
def test_text_over_32767_characters_is_rejected_naming_the_limit(text):
    with pytest.raises(RuleViolation) as info:
        check_cell_text(text)
    assert info.value.key == "rule.text_too_long"
    assert info.value.params == {"limit": 32_767}


@given(st.text())
def test_normalising_twice_changes_nothing_more_and_warns_nothing(raw):
    once, _ = normalize_text(raw)
    assert normalize_text(once) == (once, [])


@given(st.text())
def test_checking_any_text_either_passes_or_raises_a_rule_violation(raw):
    try:
        check_cell_text(raw)
    except RuleViolation:
        pass


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)))
def test_chinese_characters_are_never_changed(raw):
    assert normalize_text(raw) == (raw, [])
