"""Relief's messages: every key the code uses exists, in Chinese and English with the same parameters."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kuangqu.i18n import catalogue
from kuangqu.messages.relief import MESSAGES

SRC = Path(__file__).resolve().parents[2] / "src" / "kuangqu"
FILES = [
    SRC / "rules" / "relief.py",
    *sorted((SRC / "cli" / "relief").glob("*.py")),
    SRC / "reports" / "relief.py",
    *sorted((SRC / "services" / "relief").glob("*.py")),
]
KEY = re.compile(r"""["'](relief\.[a-z_.]+[a-z_])["']""")
# Audit action names are not messages.
AUDIT_ACTIONS = re.compile(
    r"relief\.(apply|review|notice|approve|reject|withdraw|close|assess|objection|"
    r"objection_resolve|standard_load|pay_temporary|reverse|pair_add|pair_end)$"
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_relief_key_in_the_code_has_a_message():
    used = {k for path in FILES for k in KEY.findall(path.read_text("utf-8")) if not AUDIT_ACTIONS.match(k)}
    assert used and used - set(catalogue()) == set()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_chinese_and_english_take_the_same_parameters(key):
    zh, en = MESSAGES[key]
    assert placeholders(zh) == placeholders(en)
    assert re.search(r"[\u4e00-\u9fff]", zh) and zh != en
    assert "key" not in placeholders(zh), "t(key, …) would receive `key` twice"
