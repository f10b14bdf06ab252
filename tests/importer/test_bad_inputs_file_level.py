"""Bad inputs (../shared/bad-inputs.md rows 3–25 and 32) through `kuangqu import retirees`.

The rule-level tests call the parsers; these put the same values in a real workbook cell and
check what the clerk sees and what the database holds: a rejected row exits 1 naming the
sheet, row and column with the value masked, and writes nothing; a warned row is imported,
the warning shown and counted in the import history; an accepted value is stored with the
precision it was written with.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.helpers import make_id
from tests.importer.conftest import person_row
from tests.trust.helpers import fingerprint

A = make_id(birth="19480312", seq="111")  # male, born 1948-03-12
A_X = make_id(birth="19480312", seq="105")  # ends in X
OLD = make_id(birth="19350615", seq="113")  # born 1935, worked from 1955
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
COLUMN = {"name": "B", "sex": "C", "id": "D", "birth": "E", "work": "G", "retired": "H", "phone": "I"}


def imported(cli: Any, path: Any) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "retirees", str(path), "--format", "json")
    return result, json.loads(result.stdout)


def shown(cli: Any, ref: str = "#1") -> dict[str, Any]:
    return cli("retiree", "show", ref, "--format", "json").json()


# ------------------------------------------------------------------------------ rejected rows

REJECTED = [
    # (row builder, column key, the typed ID that must never be printed unmasked, message fragment)
    pytest.param(person_row(1, "王建国", make_id(birth="19490230")), "id", make_id(birth="19490230"),
                 "出生日期", id="row3-february-30"),
    pytest.param(person_row(1, "王建国", make_id(birth="19481301")), "id", make_id(birth="19481301"),
                 "出生日期", id="row3-month-13"),
    pytest.param(person_row(1, "王建国", make_id(birth="20300101")), "id", make_id(birth="20300101"),
                 "", id="row4-born-in-the-future"),
    pytest.param(person_row(1, "王建国", make_id(birth="18991231")), "id", make_id(birth="18991231"),
                 "", id="row4-born-before-1900"),
    pytest.param(person_row(1, "王建国", make_id(birth="20100101")), "id", make_id(birth="20100101"),
                 "", id="row4-too-young"),
    pytest.param(person_row(1, "王建国", "4.10402E+17"), "id", None, "文本", id="row9-scientific-text"),
    pytest.param(person_row(1, "王建国", "4.10402e+17"), "id", None, "文本", id="row9-scientific-lowercase"),
    pytest.param(person_row(1, "王建国", None), "id", None, "身份证号", id="row10-empty-cell"),
    pytest.param(person_row(1, "王建国", "   "), "id", None, "身份证号", id="row10-only-spaces"),
    pytest.param(person_row(1, "王建国", A, 性别="女"), "sex", A, "性别", id="row14-sex"),
    pytest.param(person_row(1, "王建国", A, 出生年月="1949.01"), "birth", A, "1948-03-12", id="row14-birth-month"),
    pytest.param(person_row(1, "王建国", A, 出生年月="1948-03-13"), "birth", A, "1948-03-12", id="row14-birth-day"),
    pytest.param(person_row(1, "王建国", A, 联系电话="abc"), "phone", A, "电话", id="row19-garbage"),
    pytest.param(person_row(1, "王建国", A, 联系电话="1381234567"), "phone", A, "电话", id="row19-ten-digits"),
    pytest.param(person_row(1, "王建国", A, 退休时间=45292), "retired", A, "数字", id="row20-excel-serial"),
    pytest.param(person_row(1, "王建国", A, 退休时间=45292.0), "retired", A, "数字", id="row20-excel-serial-float"),
    pytest.param(person_row(1, "王建国", A, 退休时间="01/02/2008"), "retired", A, "", id="row22-day-month-first"),
    pytest.param(person_row(1, "王建国", A, 退休时间="2003-02-29"), "retired", A, "", id="row22-feb-29-2003"),
    pytest.param(person_row(1, "王建国", A, 退休时间=2008.1), "retired", A, "数字", id="row22-2008.1-as-number"),
    pytest.param(person_row(1, "王建国", A, 退休时间="1940.01"), "retired", A, "", id="row25-before-birth"),
    pytest.param(person_row(1, "王建国", A, 退休时间="1982.05"), "retired", A, "", id="row25-at-34"),
    pytest.param(person_row(1, "王建国", A, 退休时间="2099.01"), "retired", A, "今天", id="row25-future"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "column", "typed_id", "says"), REJECTED)
def test_a_bad_cell_rejects_the_file_naming_the_place_with_the_value_masked_and_writes_nothing(
    cli, roster, db_url, row, column, typed_id, says
):
    before = fingerprint(db_url)
    path = roster([person_row(1, "李秀英", make_id(birth="19520704", seq="122"), 性别="女"), row])
    result, summary = imported(cli, path)
    assert result.exit_code == 1, summary
    error = summary["errors"][0]
    assert len(summary["errors"]) == 1, summary["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("登记表", 5, COLUMN[column])
    assert says in error["message"]
    table = cli("import", "retirees", str(path))  # the clerk's screen: the errors on stderr
    assert table.exit_code == 1
    assert "第5行" in table.stderr and f"{COLUMN[column]}列" in table.stderr
    for output in (result.stdout, result.stderr, table.stdout, table.stderr):
        assert "Traceback" not in output
        if typed_id:
            assert typed_id not in output
    if error["value"] and column == "id":
        assert "*" in error["value"]
    assert fingerprint(db_url) == before  # not even the good row, nor an import-history entry


# ------------------------------------------------------------------------------- warned rows

WARNED = [
    # (ID cell, name cell, what is stored: ID, name; a fragment of the warning)
    pytest.param("410402480312111", "王建国", make_id(birth="19480312", seq="111")[:17], "王建国", "15 位",
                 id="row5-15-digits"),
    pytest.param(f"{A[:6]} {A[6:14]} {A[14:]}", "王建国", A, "王建国", "空格", id="row6-inner-spaces"),
    pytest.param(f"{A[:6]}-{A[6:14]}-{A[14:]}", "王建国", A, "王建国", "连字符", id="row6-hyphens"),
    pytest.param(f"{A[:6]}\u00a0{A[6:]}", "王建国", A, "王建国", "空格", id="row6-nbsp"),
    pytest.param(f"{A[:6]}\u3000{A[6:]}", "王建国", A, "王建国", "空格", id="row6-u3000"),
    pytest.param(A.translate(FULL_WIDTH), "王建国", A, "王建国", "全角", id="row7-fullwidth"),
    pytest.param(A_X.translate(FULL_WIDTH), "王建国", A_X, "王建国", "全角", id="row7-fullwidth-x"),
    pytest.param(make_id(area="990101"), "王建国", make_id(area="990101"), "王建国", "地区代码",
                 id="row15-unknown-area"),
    pytest.param(A, "王\u3000建国", A, "王建国", "空格", id="row16-inner-u3000"),
    pytest.param(A, "王 建国", A, "王建国", "空格", id="row16-inner-space"),
    pytest.param(A, "阿卜杜•热合曼", A, "阿卜杜·热合曼", "·", id="row17-bullet"),
    pytest.param(A, "阿卜杜．热合曼", A, "阿卜杜·热合曼", "·", id="row17-fullwidth-stop"),
    pytest.param(A, "阿卜杜・热合曼", A, "阿卜杜·热合曼", "·", id="row17-katakana-dot"),
]  # fmt: skip


@pytest.mark.parametrize(("id_cell", "name_cell", "stored_id", "stored_name", "says"), WARNED)
def test_a_cell_that_needs_normalising_is_imported_with_a_warning_recorded_in_the_history(
    cli, roster, id_cell, name_cell, stored_id, stored_name, says
):
    result, summary = imported(cli, roster([person_row(1, name_cell, id_cell)]))
    assert result.exit_code == 0, summary["errors"]
    assert summary["created"] == 1
    assert len(summary["warnings"]) == 1 and says in summary["warnings"][0]
    assert "第4行" in summary["warnings"][0]
    history = cli("import", "history", "--format", "json").json()
    assert [h["warnings"] for h in history] == [1]
    table = cli("import", "retirees", str(roster([person_row(1, name_cell, id_cell)], name="again.xlsx")))
    assert table.exit_code == 0 and says in table.stderr  # shown on the clerk's screen too
    revealed = cli("retiree", "show", "#1", "--format", "json", "--reveal", "--reason", "核对").json()
    assert revealed["name"] == stored_name
    if len(stored_id) == 17:  # the 15-digit case: upgraded, original kept
        assert revealed["id_number"][:17] == stored_id and len(revealed["id_number"]) == 18
        assert revealed["id_number_original"] == id_cell
    else:
        assert revealed["id_number"] == stored_id
    for output in (result.stdout, result.stderr, table.stdout, table.stderr):
        assert stored_id not in output and "Traceback" not in output


def test_an_id_ending_in_lowercase_x_is_stored_with_capital_x(cli, roster):
    result, _summary = imported(cli, roster([person_row(1, "王建国", A_X.lower())]))
    assert result.exit_code == 0
    assert shown(cli, A_X)["name"] == "王建国"


# ------------------------------------------------------------------------------ accepted values


ACCEPTED_DATES = [
    # (参加工作时间, 退休时间, stored work_start, stored retired_on)
    pytest.param("1955.03", "1995年3月", "1955-03", "1995-03", id="row21-1955.03-month"),
    pytest.param("1955年3月", "1995.3", "1955-03", "1995-03", id="row21-chinese-month"),
    pytest.param("1955", "1995.1.1", "1955", "1995-01-01", id="row21-year-and-dots"),
    pytest.param("1955年3月1日", "1995/12/31", "1955-03-01", "1995-12-31", id="row21-chinese-day-and-slashes"),
    pytest.param("19550301", "1995-12-31", "1955-03-01", "1995-12-31", id="row21-yyyymmdd-text"),
    pytest.param(19550301, 19951231, "1955-03-01", "1995-12-31", id="row20-yyyymmdd-number"),
]  # fmt: skip


@pytest.mark.parametrize(("work", "retired", "work_start", "retired_on"), ACCEPTED_DATES)
def test_a_date_cell_is_stored_with_the_precision_it_was_written_with(
    cli, roster, work, retired, work_start, retired_on
):
    result, summary = imported(
        cli, roster([person_row(1, "王老汉", OLD, 参加工作时间=work, 退休时间=retired)])
    )
    assert result.exit_code == 0, summary["errors"]
    person = shown(cli)
    assert (person["work_start"], person["retired_on"]) == (work_start, retired_on)


PHONES = [
    pytest.param(13812345678, "138****5678", "13812345678", id="row19-mobile-int-cell"),
    pytest.param(13812345678.0, "138****5678", "13812345678", id="row19-mobile-float-cell"),
    pytest.param("+86 138 1234 5678", "138****5678", "13812345678", id="row19-plus-86"),
    pytest.param("138-1234-5678", "138****5678", "13812345678", id="row19-mobile-dashes"),
    pytest.param("１３８１２３４５６７８", "138****5678", "13812345678", id="row19-fullwidth-mobile"),
    pytest.param("0375-1234567", None, "0375-1234567", id="row19-landline"),
]


@pytest.mark.parametrize(("cell", "masked", "stored"), PHONES)
def test_a_phone_cell_is_stored_as_text_in_one_standard_form(cli, roster, cell, masked, stored):
    result, summary = imported(cli, roster([person_row(1, "王建国", A, 联系电话=cell)]))
    assert result.exit_code == 0, summary["errors"]
    if masked:
        assert shown(cli)["phone"] == masked
    revealed = cli("retiree", "show", "#1", "--format", "json", "--reveal", "--reason", "核对").json()
    assert revealed["phone"] == stored


# ---------------------------------------------------------------- row 18: outside the BMP


RARE_NAMES = [
    pytest.param("𠮷田", id="row18-outside-bmp"),
    pytest.param("𠮷" * 50, id="row18-fifty-outside-bmp"),
    pytest.param("王" + "𪚥" * 48 + "𠀀", id="row18-extension-b-fifty"),
]


@pytest.mark.parametrize("name", RARE_NAMES)
def test_a_name_outside_the_bmp_round_trips_through_import_screen_export_and_import_again(
    cli, roster, tmp_path, name
):
    from python_calamine import CalamineWorkbook

    result, summary = imported(cli, roster([person_row(1, name, A)]))
    assert result.exit_code == 0, summary["errors"]
    assert summary["warnings"] == []
    assert shown(cli)["name"] == name
    table = cli("retiree", "show", "#1")
    assert table.exit_code == 0 and name in table.stdout.replace("\n", "").replace("│", "").replace(" ", "")
    out = tmp_path / "roster-export.xlsx"
    exported = cli("export", "roster", "--output", str(out), "--reveal", "--reason", "核对")
    assert exported.exit_code == 0, exported.stderr
    book = CalamineWorkbook.from_path(str(out))
    cells = [c for sheet in book.sheet_names for r in book.get_sheet_by_name(sheet).to_python() for c in r]
    assert name in cells
    again = cli("import", "retirees", str(out), "--format", "json")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert (again.json()["created"], again.json()["updated"]) == (0, 0)
    assert shown(cli)["name"] == name


# ---------------------------------------------------------------- row 32: formula-like text


FORMULA_LIKE = [
    pytest.param('=HYPERLINK("http://evil.example","点我")', id="row32-equals"),
    pytest.param("+86 家属代领", id="row32-plus"),
    pytest.param("-已核实-", id="row32-minus"),
    pytest.param("@SUM(A1:A3)", id="row32-at"),
]


@pytest.mark.parametrize("remark", FORMULA_LIKE)
def test_formula_like_text_is_stored_as_typed_and_exported_as_text(cli, roster, tmp_path, remark):
    from openpyxl import load_workbook

    path = roster([person_row(1, "王建国", A)])
    typed = load_workbook(path)
    cell = typed["登记表"]["N4"]
    cell.value, cell.data_type = remark, "s"  # typed as text (Excel: '= or a text-formatted cell)
    typed.save(path)
    result, summary = imported(cli, path)
    assert result.exit_code == 0, summary["errors"]
    assert shown(cli)["remarks"] == remark
    out = tmp_path / "roster-export.xlsx"
    assert cli("export", "roster", "--output", str(out)).exit_code == 0
    book = load_workbook(out)
    found = [c for ws in book.worksheets for r in ws.iter_rows() for c in r if c.value == remark]
    assert found, "the remark is exported"
    assert all(c.data_type == "s" for c in found)  # a string cell, never a formula
