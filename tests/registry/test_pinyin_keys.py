"""Pinyin search keys: the per-character shortcut gives exactly what pypinyin gives for the whole name."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from kuangqu.services.retirees import pinyin_keys

ROOT = Path(__file__).resolve().parents[2]
# Surnames and given-name characters of the sample mine, heteronyms (长 重 行 乐 单 解 朴 区 查 仇
# 曾 缪 翟), and characters that start pypinyin phrases (国华, 长江, 重庆 …).
COMMON = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "长重行乐单解朴区查仇缪翟建国华明伟芳秀英敏静丽强磊军洋勇艳杰娟涛超霞平刚桂兰红梅玉珍凤花春生德福喜江庆"
)
NAME_CHARS = st.one_of(
    st.sampled_from(COMMON),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("·•． A1-〇𠮷"),
)


def whole_name_keys(name: str) -> tuple[str, str]:
    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isascii()]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


@settings(max_examples=3000, deadline=None)
@given(st.text(NAME_CHARS, min_size=1, max_size=6))
def test_any_name_gets_the_keys_pypinyin_gives_for_the_whole_name(name):
    assert pinyin_keys(name) == whole_name_keys(name)


def test_names_holding_a_word_are_read_as_that_word_not_character_by_character():
    # 长 alone reads zhang, 行 alone xing; in 长江 and 行长 pypinyin knows better.
    assert pinyin_keys("王长江") == ("wangchangjiang", "wcj")
    assert pinyin_keys("李行长") == whole_name_keys("李行长") == ("lihangzhang", "lhz")
    assert pinyin_keys("张三") == ("zhangsan", "zs")


def test_every_name_of_the_sample_roster_gets_the_whole_name_keys():
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(ROOT / "sample_data" / "roster.xlsx"))
    rows = book.get_sheet_by_index(0).to_python()
    header = next(i for i, row in enumerate(rows) if "姓名" in row)
    column = rows[header].index("姓名")
    names = {str(row[column]).strip() for row in rows[header + 1 :] if row[column]}
    assert len(names) > 1000
    assert [n for n in names if pinyin_keys(n) != whole_name_keys(n)] == []
