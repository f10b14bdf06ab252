"""`find_header`, `skip_reason`, `column_letter`, `load_synonyms`.

Rows of /work/shared/bad-inputs.md covered here:

| #  | test |
|----|------|
| 43 | test_the_header_is_found_under_a_merged_title_and_a_unit_and_date_line, test_a_header_on_row_3_of_a_built_workbook_is_found_despite_line_breaks_spaces_and_stars, test_header_text_is_normalised |
| 44 | test_a_missing_required_column_is_listed_by_its_chinese_name, test_a_duplicate_header_names_both_column_letters, test_an_unknown_column_is_returned_with_its_original_text |
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.excel.conftest import Books

from kuangqu.errors import InvalidInput, RuleViolation
from kuangqu.excel.headers import (
    ROSTER_SYNONYMS,
    HeaderMatch,
    column_letter,
    find_header,
    load_synonyms,
    normalise_header,
    skip_reason,
)
from kuangqu.excel.reader import read_workbook

REQUIRED = {"name", "id_number"}
TITLE = ["XX矿离退休人员花名册", None, None, None]
UNIT_LINE = ["填报单位：退管中心", None, "日期：2024年6月", None]


def problems(rows, required=REQUIRED, synonyms=ROSTER_SYNONYMS, **options):
    with pytest.raises(InvalidInput) as caught:
        find_header(rows, synonyms, required, **options)
    return caught.value.problems


def test_the_header_is_found_under_a_merged_title_and_a_unit_and_date_line():
    rows = [TITLE, UNIT_LINE, ["序号", "姓名", "身份证号", "性别"], [1, "张三", "11010519491231002X", "女"]]
    match = find_header(rows, ROSTER_SYNONYMS, REQUIRED)
    assert match.row_index == 2
    assert match.data_start == 3
    assert match.columns == {1: "name", 2: "id_number", 3: "sex"}
    assert match.ignored == [0]
    assert match.unknown == {}


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("身份证号\n（18位）", "身份证号"),
        (" 姓\u3000名 ", "姓名"),
        ("姓\xa0名", "姓名"),
        ("*姓名", "姓名"),
        ("＊身份证号码", "身份证号码"),
        ("出生日期[yyyy-mm-dd]", "出生日期"),
        ("月收入(元)", "月收入"),
        ("备注【选填】", "备注"),
        ("联系电话：", "联系电话"),
        ("参加工作\r\n时间", "参加工作时间"),
        ("（备注）", "备注"),
        (None, ""),
        ("ID", "id"),
    ],
)
def test_header_text_is_normalised(text, normal):
    assert normalise_header(text) == normal


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    assert normalise_header(normalise_header(text)) == normalise_header(text)


def test_a_header_on_row_3_of_a_built_workbook_is_found_despite_line_breaks_spaces_and_stars(books: Books):
    rows = [
        TITLE,
        UNIT_LINE,
        ["序 号", "*姓　名", "身份证号码\n(18位)", " 出生\n年月 ", "联系电话（手机）", "家庭住址"],
        [1, "张三", "11010519491231002X", "1949.12", "13812345678", "幸福路1号"],
    ]
    path = books.xlsx(rows, setup=lambda wb: wb.active.merge_cells("A1:F1"))
    sheet = read_workbook(path).sheets[0]
    match = find_header(sheet.rows, ROSTER_SYNONYMS, REQUIRED)
    assert sheet.row_number(match.row_index) == 3
    assert match.columns == {1: "name", 2: "id_number", 3: "birth_date", 4: "phone", 5: "address"}
    assert match.ignored == [0]


def test_a_two_row_header_with_group_titles_above_is_combined():
    rows = [
        TITLE,
        ["姓名", "身份证号", "时间", None, "联系方式", None],
        [None, None, "参加工作", "退休", "电话", "微信"],
        ["张三", "11010519491231002X", "1968.03", "2005.01", "138", "zs"],
    ]
    match = find_header(rows, ROSTER_SYNONYMS, REQUIRED)
    assert (match.row_index, match.header_rows, match.data_start) == (2, 2, 3)
    assert match.columns == {0: "name", 1: "id_number", 2: "work_start", 3: "retired_on", 4: "phone"}
    assert match.unknown == {5: "微信"}


def test_a_two_row_header_whose_lower_row_holds_most_names_takes_the_merged_names_from_above():
    rows = [
        ["姓名", "身份证号", "基本情况", None, None],
        [None, None, "性别", "民族", "出生日期"],
        ["张三", "11010519491231002X", "女", "汉", "1949.12"],
    ]
    match = find_header(rows, ROSTER_SYNONYMS, REQUIRED)
    assert match.row_index == 1
    assert match.columns == {0: "name", 1: "id_number", 2: "sex", 3: "ethnicity", 4: "birth_date"}


def test_a_data_row_under_a_one_row_header_is_not_mistaken_for_a_second_header_row():
    rows = [["姓名", "身份证号", "类别"], ["张三", "11010519491231002X", "退休"]]
    match = find_header(rows, ROSTER_SYNONYMS, REQUIRED)
    assert (match.row_index, match.header_rows) == (0, 1)


def test_a_data_value_that_happens_to_be_a_header_word_does_not_make_a_second_header_row():
    rows = [["姓名", "身份证号", "联系人"], ["张三", "11010519491231002X", "电话"]]
    match = find_header(rows, ROSTER_SYNONYMS, REQUIRED)
    assert (match.row_index, match.columns, match.unknown) == (0, {0: "name", 1: "id_number"}, {2: "联系人"})


def test_a_missing_required_column_is_listed_by_its_chinese_name():
    [problem] = problems(
        [["姓名", "性别", "电话"]], required=["name", "id_number", "birth_date"], sheet="名册"
    )
    assert problem.key == "excel.missing_columns"
    assert problem.params["names"] == "身份证号、出生日期"
    assert (problem.sheet, problem.row) == ("名册", 1)
    assert "身份证号、出生日期" in problem.message("zh")


def test_a_duplicate_header_names_both_column_letters():
    row = ["姓名", "性别", "电话", "身份证号", "备注", "手机"]
    [problem] = problems([TITLE, row], first_row_number=5)
    assert problem.key == "excel.duplicate_header"
    assert (problem.params["first"], problem.params["second"]) == ("C", "F")
    assert (problem.field, problem.row, problem.column) == ("phone", 6, "F")
    assert "C" in problem.message("en") and "F" in problem.message("en")


def test_a_duplicate_and_a_missing_column_are_reported_together():
    found = problems([["姓名", "姓名", "性别"]])
    assert [p.key for p in found] == ["excel.duplicate_header", "excel.missing_columns"]


def test_an_unknown_column_is_returned_with_its_original_text():
    match = find_header([["姓名", "身份证号", " 党员\n否 ", None, "性别"]], ROSTER_SYNONYMS, REQUIRED)
    assert match.unknown == {2: "党员 否"}
    assert 3 not in match.unknown


def test_no_header_in_the_first_rows_is_reported_with_the_expected_names():
    rows = [["说明"]] + [[f"第{i}行", i] for i in range(30)] + [["姓名", "身份证号"]]
    [problem] = problems(rows)
    assert problem.key == "excel.header_not_found"
    assert "身份证号" in problem.params["expected"]
    assert problems([])[0].key == "excel.header_not_found"


def test_one_known_word_in_a_title_line_is_not_a_header():
    [problem] = problems([["备注：本表由退管中心填写"], ["张三", "11010519491231002X"]])
    assert problem.key == "excel.header_not_found"


def test_other_record_types_pass_their_own_synonym_table():
    households = {
        "head_id_number": ["户主身份证号"],
        "member_name": ["成员姓名"],
        "relation": ["与户主关系"],
        "monthly_income": ["月收入"],
    }
    rows = [
        ["户主身份证号", "成员姓名", "与户主关系", "月收入（元）"],
        ["11010519491231002X", "李梅", "配偶", 1200],
    ]
    match = find_header(rows, households, {"head_id_number", "member_name"})
    assert match.columns == {0: "head_id_number", 1: "member_name", 2: "relation", 3: "monthly_income"}


# --------------------------------------------------------------------------- rows to skip

HEADER = find_header([["序号", "姓名", "身份证号", "性别"]], ROSTER_SYNONYMS, REQUIRED)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ([None, None, None, None], "blank"),
        ([None, "  ", "\u3000", None], "blank"),
        ([], "blank"),
        (["合计", None, None, 3], "total"),
        ([None, "合  计：", None, None], "total"),
        ([None, "总计（人）", None, None], "total"),
        (["小计", None, None, None], "total"),
        (["序号", "姓名", "身份证号", "性别"], "repeated_header"),
        (["序号", "姓 名", "身份证号码", "性别"], "repeated_header"),
        (["序号", "张三", "11010519491231002X", "女"], None),
        ([None, "姓名", "身份证号", "性别"], "repeated_header"),
        ([1, "张三", "11010519491231002X", "女"], None),
        ([2, "合计", None, None], "total"),
        ([3, "李合计", None, None], None),
        ([4, "张三", "11010519491231002X", "合计"], None),  # not among the first filled cells
    ],
)
def test_rows_to_skip_are_classified(row, reason):
    assert skip_reason(row, HEADER) == reason


def test_skip_reason_also_takes_the_header_texts_directly():
    assert skip_reason(["序号", "姓名", "身份证号", "性别"], HEADER.texts) == "repeated_header"
    assert isinstance(HEADER, HeaderMatch)


# --------------------------------------------------------------------------- column letters


@pytest.mark.parametrize(
    ("index", "letters"),
    [(0, "A"), (2, "C"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA"), (16383, "XFD")],
)
def test_column_letters(index, letters):
    assert column_letter(index) == letters


def _index(letters: str) -> int:
    value = 0
    for ch in letters:
        value = value * 26 + string.ascii_uppercase.index(ch) + 1
    return value - 1


@given(st.integers(min_value=0, max_value=200_000))
def test_column_letters_read_back_to_the_same_index(index):
    assert _index(column_letter(index)) == index


def test_a_negative_column_index_is_a_programming_error():
    with pytest.raises(ValueError):
        column_letter(-1)


# --------------------------------------------------------------------------- user synonyms


def test_user_synonyms_are_added_to_the_defaults(tmp_path):
    extra = tmp_path / "columns.toml"
    extra.write_text('[synonyms]\nid_number = ["证件号码"]\nformer_unit = "所在单位"\n', encoding="utf-8")
    merged = load_synonyms(extra)
    assert merged["id_number"][0] == "身份证号"
    assert merged["id_number"][-1] == "证件号码"
    assert merged["former_unit"][-1] == "所在单位"
    assert load_synonyms(None) == {k: list(v) for k, v in ROSTER_SYNONYMS.items()}
    match = find_header([["姓名", "证件号码", "所在单位"]], merged, REQUIRED)
    assert match.columns == {0: "name", 1: "id_number", 2: "former_unit"}


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('[synonyms]\nid_numbr = ["证件号码"]\n', "excel.synonyms_unknown_field"),
        ('[synonyms]\nphone = ["姓名"]\n', "excel.synonym_conflict"),
        ("[synonyms]\nphone = [1, 2]\n", "excel.synonyms_file_invalid"),
        ("[synonyms\nphone = 1\n", "excel.synonyms_file_invalid"),
        ('[columns]\nphone = ["手机号"]\n', "excel.synonyms_file_invalid"),
    ],
)
def test_a_bad_synonym_file_is_refused(tmp_path, content, key):
    extra = tmp_path / "columns.toml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(RuleViolation) as caught:
        load_synonyms(extra)
    assert caught.value.key == key
    assert "columns.toml" in caught.value.message("zh")


def test_a_missing_synonym_file_is_refused(tmp_path):
    with pytest.raises(RuleViolation) as caught:
        load_synonyms(tmp_path / "none.toml")
    assert caught.value.key == "excel.synonyms_file_invalid"


def test_the_default_roster_table_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        ROSTER_SYNONYMS["name"] = ("名字",)  # type: ignore[index]
