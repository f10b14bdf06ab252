"""Personal names: bad-inputs rows 16–18 at the rule level."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuangqu.errors import RuleViolation
from kuangqu.rules.names import normalize_name


# row 16
def test_outer_spaces_are_stripped_without_a_warning():
    assert normalize_name("  张三\u3000 ") == ("张三", [])


@pytest.mark.parametrize(
    "raw",
    ["张\u3000三", "张 三", "张\u00a0三", "欧阳 娜 娜"],
    ids=["row16-u3000", "row16-ascii-space", "row16-nbsp", "row16-two-spaces"],
)
def test_inner_spaces_are_removed_with_a_warning(raw):
    name, warnings = normalize_name(raw)
    assert " " not in name and "\u3000" not in name
    assert warnings == ["warn.name_inner_space"]


# row 17
@pytest.mark.parametrize(
    "dot",
    ["\u2022", "\uff0e", "\u30fb", "\u2027", "\u2219", "\u22c5", "\uff65", "."],
    ids=[
        "row17-bullet",
        "row17-fullwidth-stop",
        "row17-katakana-dot",
        "row17-hyphenation-point",
        "row17-bullet-operator",
        "row17-dot-operator",
        "row17-halfwidth-katakana-dot",
        "row17-ascii-dot",
    ],
)
def test_a_look_alike_dot_in_a_minority_name_becomes_the_middle_dot_with_a_warning(dot):
    assert normalize_name(f"阿依古丽{dot}买买提") == ("阿依古丽·买买提", ["warn.name_dot_normalised"])


def test_the_proper_middle_dot_is_left_alone():
    assert normalize_name("阿依古丽·买买提") == ("阿依古丽·买买提", [])


def test_spaces_around_a_look_alike_dot_give_both_warnings():
    assert normalize_name("阿依古丽 • 买买提") == (
        "阿依古丽·买买提",
        ["warn.name_inner_space", "warn.name_dot_normalised"],
    )


def test_an_ascii_dot_not_between_chinese_characters_is_kept():
    assert normalize_name("张.")[0] == "张."


# row 18
@pytest.mark.parametrize(
    "raw",
    ["𠮷田", "王𠀀𪚥", "李〇", "\ue000明", "丽\uf9e9"],
    ids=[
        "row18-outside-bmp",
        "row18-extension-b",
        "row18-ling",
        "private-use-rare-character",
        "compatibility-ideograph",
    ],
)
def test_rare_characters_are_kept_exactly(raw):
    assert normalize_name(raw) == (raw, [])


def test_a_name_of_50_characters_outside_the_bmp_is_accepted_and_51_is_not():
    assert normalize_name("𠮷" * 50)[0] == "𠮷" * 50
    with pytest.raises(RuleViolation) as info:
        normalize_name("𠮷" * 51)
    assert info.value.key == "rule.name_too_long"
    assert info.value.params == {"limit": 50}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "rule.name_empty"),
        ("   ", "rule.name_empty"),
        ("\u3000", "rule.name_empty"),
        (None, "rule.name_empty"),
        ("张3", "rule.name_characters"),
        ("张３", "rule.name_characters"),
        ("张\x07三", "rule.name_characters"),
        ("张\n三", "rule.name_characters"),
        ("张\u200b三", "rule.name_characters"),
        (123, "rule.name_characters"),
    ],
    ids=[
        "empty",
        "blank",
        "only-u3000",
        "none",
        "a-digit",
        "a-fullwidth-digit",
        "a-control-character",
        "a-line-break",
        "a-zero-width-space",
        "a-number-cell",
    ],
)
def test_a_value_that_cannot_be_a_name_is_rejected(raw, key):
    with pytest.raises(RuleViolation) as info:
        normalize_name(raw)
    assert info.value.key == key


@given(st.one_of(st.text(), st.none(), st.integers()))
def test_normalising_any_value_either_returns_a_name_or_raises_a_rule_violation(raw):
    try:
        name, _ = normalize_name(raw)
    except RuleViolation:
        return
    assert name and name == name.strip()


@given(st.text())
def test_normalising_a_normalised_name_changes_nothing_and_warns_nothing(raw):
    try:
        name, _ = normalize_name(raw)
    except RuleViolation:
        return
    assert normalize_name(name) == (name, [])
