"""The rules' messages: every key has Chinese and English text, and every raised violation renders."""

import re
import string
from datetime import date
from pathlib import Path

import pytest

import kuangqu.rules
from kuangqu.errors import RuleViolation
from kuangqu.i18n import catalogue, t
from kuangqu.messages.rules import MESSAGES
from kuangqu.rules.dates import PartialDate, check_retirement, parse_partial_date
from kuangqu.rules.ids import check_id_consistency, parse_id_number
from kuangqu.rules.money import parse_yuan
from kuangqu.rules.names import normalize_name
from kuangqu.rules.phones import normalize_phone
from kuangqu.rules.text import check_cell_text

RULES_DIR = Path(kuangqu.rules.__file__).parent
KEY_LITERAL = re.compile(r"""["']((?:rule|warn)\.[a-z0-9_]+)["']""")
TODAY = date(2024, 6, 1)


def keys_in_source() -> set[str]:
    return {key for path in RULES_DIR.glob("*.py") for key in KEY_LITERAL.findall(path.read_text("utf-8"))}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_rules_use_has_a_message_in_the_catalogue():
    assert keys_in_source() - set(catalogue()) == set()


def test_every_rules_message_is_used_by_some_rule():
    assert set(MESSAGES) - keys_in_source() == set()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_the_chinese_and_english_texts_take_the_same_parameters(key):
    zh, en = MESSAGES[key]
    assert placeholders(zh) == placeholders(en)
    assert re.search(r"[\u4e00-\u9fff]", zh), "the Chinese text comes first"
    assert zh != en


VIOLATIONS = [
    lambda: parse_id_number("110105194912310021", today=TODAY),
    lambda: parse_id_number("1101051949123", today=TODAY),
    lambda: parse_id_number(110105194912310020, today=TODAY),
    lambda: parse_id_number("", today=TODAY),
    lambda: parse_id_number("410402195502301238", today=TODAY),
    lambda: parse_id_number("440524188001010014", today=TODAY),
    lambda: parse_id_number("11010519491231002X", today=TODAY, min_age=100),
    lambda: check_id_consistency(parse_id_number("11010519491231002X", today=TODAY), sex="男"),
    lambda: check_id_consistency(parse_id_number("11010519491231002X", today=TODAY), birth=date(1950, 1, 1)),
    lambda: parse_partial_date("2023-02-29"),
    lambda: parse_partial_date("01/02/2024"),
    lambda: parse_partial_date(45292),
    lambda: parse_partial_date("垃圾"),
    lambda: parse_partial_date(None),
    lambda: PartialDate(1975).to_date(),
    lambda: check_retirement(date(1955, 1, 1), PartialDate(1950), today=TODAY),
    lambda: check_retirement(date(1955, 1, 1), PartialDate(1980), today=TODAY),
    lambda: check_retirement(date(1955, 1, 1), PartialDate(2030), today=TODAY),
    lambda: parse_yuan("3456.785"),
    lambda: parse_yuan("3456,78"),
    lambda: parse_yuan("-1"),
    lambda: parse_yuan("99999999"),
    lambda: parse_yuan(""),
    lambda: parse_yuan(float("nan")),
    lambda: normalize_name(""),
    lambda: normalize_name("张" * 51),
    lambda: normalize_name("张3"),
    lambda: normalize_phone("abc"),
    lambda: normalize_phone(""),
    lambda: normalize_phone(3751234567),
    lambda: check_cell_text("a\x00b"),
    lambda: check_cell_text("x" * 40_000),
]


@pytest.mark.parametrize("call", VIOLATIONS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_raised_violation_renders_with_all_its_parameters_filled_in(call, lang):
    with pytest.raises(RuleViolation) as info:
        call()
    error = info.value
    text = t(error.key, lang=lang, **error.params)
    assert error.key in MESSAGES
    assert set(error.params) == placeholders(MESSAGES[error.key][0])
    assert "{" not in text and error.key not in text


def test_no_id_message_repeats_the_id_number():
    for raw in ("110105194912310021", "410402195502301238", "440524188001010014"):
        with pytest.raises(RuleViolation) as info:
            parse_id_number(raw, today=TODAY, min_age=100)
        for lang in ("zh", "en"):
            assert raw[6:14] not in t(info.value.key, lang=lang, **info.value.params)


def test_the_samples_above_raise_every_rule_key_at_least_once():
    raised = set()
    for call in VIOLATIONS:
        try:
            call()
        except RuleViolation as error:
            raised.add(error.key)
    rule_keys = {key for key in MESSAGES if key.startswith("rule.")}
    assert rule_keys - raised == set()
