"""`read_workbook`: values as Python objects, with what calamine hides made visible.

Rows of /work/shared/bad-inputs.md covered here (the importer turns these values and
warnings into rejections):

| #   | test |
|-----|------|
| 20  | test_numbers_dates_and_date_like_text_arrive_as_the_cells_own_types |
| 21  | test_numbers_dates_and_date_like_text_arrive_as_the_cells_own_types |
| 22  | test_numbers_dates_and_date_like_text_arrive_as_the_cells_own_types |
| 23  | test_error_cells_are_read_as_error_cells, test_an_xls_reports_error_cells_from_its_biff_records, test_an_ods_reports_error_cells_and_merges_from_its_content, test_libreoffice_xls_and_ods_are_read_with_errors_merges_and_hidden_rows |
| 24  | test_dates_in_a_1904_workbook_are_correct, test_libreoffice_xls_and_ods_keep_1904_dates_correct |
| 31  | test_a_formula_without_a_cached_value_is_marked_as_not_calculated |
| 37  | test_libreoffice_xls_and_ods_are_read_with_errors_merges_and_hidden_rows, test_an_xls_reports_error_cells_from_its_biff_records, test_an_ods_reports_error_cells_and_merges_from_its_content |
| 38  | test_an_xlsm_with_a_vba_project_is_read_without_running_anything |
| 41  | test_a_wrong_dimension_loses_no_rows |
| 42  | test_five_thousand_formatted_empty_trailing_rows_are_dropped |
| 45  | test_merged_cells_in_the_data_are_singled_out_but_title_merges_are_not |
| 46  | test_hidden_sheets_rows_and_columns_are_warned_with_their_numbers, test_an_active_filter_is_warned, test_an_xls_reports_hidden_rows_columns_and_filters |
| 47  | test_several_sheets_without_an_expected_name_are_ambiguous_and_listed, test_the_sheet_option_chooses_the_sheet |
| 48a | test_an_xls_sheet_filled_to_65536_rows_warns_that_rows_may_be_missing |
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from tests.excel.conftest import (
    BIFF_FILTERMODE,
    Books,
    biff_colinfo,
    biff_error,
    biff_formula_error,
    biff_label,
    biff_number,
    biff_row,
    ods_cell,
    ods_row,
    set_dimension,
    sheet_xml,
)

from kuangqu.errors import RuleViolation
from kuangqu.excel import reader
from kuangqu.excel.reader import (
    ErrorCell,
    FormulaWithoutValue,
    MergedRange,
    merged_cell_problems,
    merged_in_data,
    read_workbook,
)

ERROR_CODES = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"]


def keys(book) -> list[str]:
    return [w.key for w in book.warnings]


def only_sheet(path, **options):
    book = read_workbook(path, **options)
    assert len(book.sheets) == 1
    return book.sheets[0]


# --------------------------------------------------------------------------- values


def test_values_come_back_as_python_types_and_empty_cells_as_none(books: Books):
    path = books.xlsx(
        [
            ["姓名", "出生日期", "工龄", "在册", "时间", "备注"],
            ["张三", dt.date(1955, 3, 1), 35, True, dt.time(8, 30), ""],
            ["李四", dt.datetime(1960, 1, 2, 3, 4), 2.5, False, None, "=文本"],
        ],
        setup=lambda wb: setattr(wb.active["F3"], "data_type", "s"),
    )
    sheet = only_sheet(path)
    assert sheet.rows[0] == ["姓名", "出生日期", "工龄", "在册", "时间", "备注"]
    assert sheet.rows[1] == ["张三", dt.date(1955, 3, 1), 35, True, dt.time(8, 30), None]
    assert sheet.rows[2] == ["李四", dt.datetime(1960, 1, 2, 3, 4), 2.5, False, None, "=文本"]
    assert sheet.first_row_number == 1
    assert sheet.row_number(2) == 3


def test_numbers_dates_and_date_like_text_arrive_as_the_cells_own_types(books: Books):
    path = books.xlsx(
        [["出生日期"], [45292], ["2024.1.1"], ["1955年3月"], [19491231], [1955.1], [dt.date(2024, 1, 1)]]
    )
    values = [row[0] for row in only_sheet(path).rows[1:]]
    assert values == [45292, "2024.1.1", "1955年3月", 19491231, 1955.1, dt.date(2024, 1, 1)]
    assert isinstance(values[0], (int, float)) and not isinstance(values[0], dt.date)


def test_error_cells_are_read_as_error_cells(books: Books):
    def add_errors(wb):
        for row, code in enumerate(ERROR_CODES, start=2):
            cell = wb.active.cell(row=row, column=2, value=code)
            cell.data_type = "e"

    sheet = only_sheet(books.xlsx([["姓名", "值"]] + [["张三"]] * 7, setup=add_errors))
    assert [row[1] for row in sheet.rows[1:]] == [ErrorCell(code) for code in ERROR_CODES]
    assert str(sheet.rows[1][1]) == "#N/A"


def test_a_formula_without_a_cached_value_is_marked_as_not_calculated(books: Books):
    path = books.xlsx([["姓名", "合计"], ["张三", "=1+1"], ["李四", "=A2"]])
    assert b"<f>1+1</f><v" in sheet_xml(path)  # openpyxl writes the formula with an empty value
    sheet = only_sheet(path)
    assert sheet.rows[1][1] == FormulaWithoutValue()
    assert sheet.rows[2][1] == FormulaWithoutValue()


def test_a_formula_with_a_cached_value_gives_its_value_and_an_empty_text_result_is_none(books: Books):
    path = books.raw_xlsx(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>合计</t></is></c><c r="B1"><f>1+1</f><v>2</v></c>'
        '<c r="C1" t="str"><f>IF(1,"","x")</f><v></v></c><c r="D1"><f t="shared" si="0"/></c>'
        '<c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    assert only_sheet(path).rows == [["合计", 2, None, FormulaWithoutValue(), ErrorCell("#DIV/0!")]]


def test_a_sheet_with_a_namespace_prefix_is_scanned_too(books: Books):
    path = books.raw_xlsx(
        '<x:row r="1" hidden="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1" t="e"><x:v>#REF!</x:v></x:c>'
        '<x:c r="C1"><x:f>A1</x:f></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row>',
        prefix="x",
    )
    sheet = only_sheet(path)
    assert sheet.rows[0] == [1, ErrorCell("#REF!"), FormulaWithoutValue()]
    assert sheet.hidden_rows == [1]


def test_cells_without_position_attributes_are_located_by_their_order(books: Books):
    path = books.raw_xlsx(
        '<row><c><v>1</v></c><c t="e"><v>#N/A</v></c></row>'
        '<row hidden="1"><c><v>2</v></c><c><f>A1</f></c></row>'
    )
    sheet = only_sheet(path)
    assert sheet.rows == [[1, ErrorCell("#N/A")], [2, FormulaWithoutValue()]]
    assert sheet.hidden_rows == [2]


def test_dates_in_a_1904_workbook_are_correct(books: Books):
    def use_1904(wb):
        wb.epoch = CALENDAR_MAC_1904

    path = books.xlsx(
        [["出生日期", "退休时间"], [dt.date(1955, 3, 1), dt.datetime(2015, 3, 1, 8, 0)]], setup=use_1904
    )
    assert _workbook_xml_has_1904(path)  # the test really builds a 1904 workbook
    assert only_sheet(path).rows[1] == [dt.date(1955, 3, 1), dt.datetime(2015, 3, 1, 8, 0)]


def _workbook_xml_has_1904(path) -> bool:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return b'date1904="1"' in zf.read("xl/workbook.xml")


@pytest.mark.parametrize("chunk", [97, 1000, 4096])
def test_the_xlsx_scan_finds_the_same_cells_whatever_the_read_size(books: Books, monkeypatch, chunk):
    def decorate(wb):
        ws = wb.active
        for row in range(2, 400):
            if row % 7 == 0:
                ws.cell(row=row, column=2, value="#N/A").data_type = "e"
            if row % 11 == 0:
                ws.cell(row=row, column=3, value="=A1")
            if row % 13 == 0:
                ws.row_dimensions[row].hidden = True

    path = books.xlsx([["姓名", "值", "公式"]] + [[f"张{i}", i, None] for i in range(2, 400)], setup=decorate)
    expected = read_workbook(path).sheets[0]
    monkeypatch.setattr(reader, "_SCAN_CHUNK", chunk)
    sheet = read_workbook(path).sheets[0]
    assert sheet.rows == expected.rows
    assert sheet.hidden_rows == expected.hidden_rows == list(range(13, 400, 13))
    assert sum(isinstance(row[1], ErrorCell) for row in sheet.rows) == len(range(7, 400, 7))
    assert sum(row[2] == FormulaWithoutValue() for row in sheet.rows) == len(range(11, 400, 11))


@pytest.mark.parametrize("chunk", [97, 1000])
def test_the_ods_scan_finds_the_same_cells_whatever_the_read_size(books: Books, monkeypatch, chunk):
    rows = ods_row(ods_cell("姓名"), ods_cell("值"))
    for i in range(1, 300):
        hidden = 'table:visibility="collapse"' if i % 13 == 0 else ""
        value = ods_cell(error="#N/A") if i % 7 == 0 else ods_cell(i)
        rows += ods_row(ods_cell(f"张{i}"), value, attrs=hidden)
        if i % 50 == 0:
            rows += ods_row(ods_cell(), ods_cell(), attrs='table:number-rows-repeated="4"')
    path = books.ods({"名册": rows})
    expected = read_workbook(path).sheets[0]
    monkeypatch.setattr(reader, "_SCAN_CHUNK", chunk)
    sheet = read_workbook(path).sheets[0]
    assert sheet.rows == expected.rows
    assert sheet.hidden_rows == expected.hidden_rows
    assert len(sheet.hidden_rows) == len(range(13, 300, 13))
    errors = [
        (sheet.row_number(i), row[0]) for i, row in enumerate(sheet.rows) if isinstance(row[1], ErrorCell)
    ]
    assert errors == [(n, f"张{i}") for i in range(7, 300, 7) for n in [i + 1 + 4 * (i // 50)]]


# --------------------------------------------------------------------------- rows and sheet size


def test_a_wrong_dimension_loses_no_rows(books: Books):
    path = books.xlsx([[f"张{i}", i] for i in range(1, 201)])
    books.patch(path, "xl/worksheets/sheet1.xml", set_dimension("A1:B2"))
    assert b'<dimension ref="A1:B2"' in sheet_xml(path)
    sheet = only_sheet(path)
    assert len(sheet.rows) == 200
    assert sheet.rows[-1] == ["张200", 200]


def test_five_thousand_formatted_empty_trailing_rows_are_dropped(books: Books):
    fill = PatternFill("solid", fgColor="FFFF00")

    def format_rows(wb):
        ws = wb.active
        for row in range(4, 5004):
            for col in (1, 2):
                ws.cell(row=row, column=col).fill = fill
            ws.cell(row=row, column=3, value="")

    path = books.xlsx([["姓名", "性别"], ["张三", "男"], ["李四", "女"]], setup=format_rows)
    assert b'<row r="5003"' in sheet_xml(path)
    sheet = only_sheet(path)
    assert len(sheet.rows) == 3
    assert sheet.rows[-1][:2] == ["李四", "女"]


def test_leading_blank_rows_are_dropped_and_counted_in_the_first_row_number(books: Books):
    sheet = only_sheet(books.xlsx([[], [], ["姓名"], ["张三"]]))
    assert sheet.rows == [["姓名"], ["张三"]]
    assert sheet.first_row_number == 3


def test_columns_keep_their_letters_when_the_data_starts_in_column_c(books: Books):
    sheet = only_sheet(books.xlsx([[None, None, "姓名", "性别"], [None, None, "张三", "男"]]))
    assert sheet.rows[1] == [None, None, "张三", "男"]


def test_an_xls_sheet_filled_to_65536_rows_warns_that_rows_may_be_missing(books: Books):
    full = books.xls(
        [("名册", biff_label(0, 0, "姓名") + biff_label(65535, 0, "最后"), False)], name="full.xls"
    )
    short = books.xls(
        [("名册", biff_label(0, 0, "姓名") + biff_label(65534, 0, "最后"), False)], name="short.xls"
    )
    book = read_workbook(full)
    assert len(book.sheets[0].rows) == 65536
    warning = next(w for w in book.warnings if w.key == "excel.rows_may_be_missing")
    assert (warning.row, warning.params["limit"]) == (65536, 65536)
    assert "65536" in warning.message("zh")
    assert "excel.rows_may_be_missing" not in keys(read_workbook(short))


def test_an_xlsx_sheet_filled_to_its_last_row_warns_that_rows_may_be_missing(books: Books, monkeypatch):
    monkeypatch.setitem(reader._MAX_ROWS, "xlsx", 5)  # 1,048,576 rows would take seconds to build
    assert "excel.rows_may_be_missing" in keys(read_workbook(books.xlsx([["姓名"]] * 5)))
    assert "excel.rows_may_be_missing" not in keys(read_workbook(books.xlsx([["姓名"]] * 4)))


# --------------------------------------------------------------------------- hidden things and merges


def test_hidden_sheets_rows_and_columns_are_warned_with_their_numbers(books: Books):
    def hide(wb):
        ws = wb["名册"]
        for row in (3, 5, 6, 7):
            ws.row_dimensions[row].hidden = True
        ws.column_dimensions["C"].hidden = True
        ws.row_dimensions[50].hidden = True  # beyond the data: nothing hidden there
        wb["旧表"].sheet_state = "hidden"

    rows = [["姓名", "性别", "电话"]] + [[f"张{i}", "男", "138"] for i in range(8)]
    path = books.workbook({"名册": rows, "旧表": [["x"]]}, setup=hide)
    book = read_workbook(path)
    sheet = book.sheets[0]
    assert sheet.name == "名册"
    assert sheet.hidden_rows == [3, 5, 6, 7]
    assert sheet.hidden_columns == [2]
    by_key = {w.key: w for w in book.warnings}
    assert by_key["excel.hidden_rows"].params["rows"] == "3, 5-7"
    assert by_key["excel.hidden_rows"].row == 3
    assert by_key["excel.hidden_columns"].column == "C"
    assert by_key["excel.hidden_sheet_skipped"].sheet == "旧表"
    assert "3, 5-7" in by_key["excel.hidden_rows"].message("zh")


def test_a_hidden_sheet_chosen_by_name_is_read_with_a_warning(books: Books):
    path = books.workbook(
        {"名册": [["姓名"]], "旧表": [["x"]]}, setup=lambda wb: setattr(wb["旧表"], "sheet_state", "hidden")
    )
    book = read_workbook(path, sheet="旧表")
    assert book.sheets[0].hidden
    assert keys(book) == ["excel.hidden_sheet_read"]


def test_an_active_filter_is_warned(books: Books):
    def filter_rows(wb):
        ws = wb.active
        ws.auto_filter.ref = "A1:B5"
        ws.auto_filter.add_filter_column(1, ["男"])
        ws.row_dimensions[3].hidden = True

    book = read_workbook(
        books.xlsx([["姓名", "性别"], ["甲", "男"], ["乙", "女"], ["丙", "男"]], setup=filter_rows)
    )
    assert book.sheets[0].filter_active
    assert {"excel.filter_active", "excel.hidden_rows"} <= set(keys(book))


def test_filter_buttons_without_criteria_are_not_warned(books: Books):
    book = read_workbook(
        books.xlsx(
            [["姓名", "性别"], ["甲", "男"]], setup=lambda wb: setattr(wb.active.auto_filter, "ref", "A1:B2")
        )
    )
    assert b"<autoFilter" in sheet_xml(book.path)
    assert not book.sheets[0].filter_active
    assert keys(book) == []


def test_merged_cells_in_the_data_are_singled_out_but_title_merges_are_not(books: Books):
    def merge(wb):
        ws = wb.active
        ws.merge_cells("A1:C1")  # title
        ws.merge_cells("C4:C5")  # two people sharing one 原单位 cell

    rows = [
        ["2024年离退休人员名册"],
        ["姓名", "性别", "原单位"],
        ["张三", "男", "一矿"],
        ["李四", "女", "二矿"],
        ["王五", "男", None],
    ]
    sheet = only_sheet(books.xlsx(rows, setup=merge))
    assert set(sheet.merged_ranges) == {MergedRange(1, 0, 1, 2), MergedRange(4, 2, 5, 2)}
    inside = merged_in_data(sheet, first_data_row=3)
    assert inside == [MergedRange(4, 2, 5, 2)]
    assert inside[0].ref == "C4:C5"
    [problem] = merged_cell_problems(sheet, first_data_row=3)
    assert (problem.key, problem.sheet, problem.row, problem.column) == ("excel.merged_cells", "名册", 4, "C")
    assert "C4:C5" in problem.message("zh")
    assert sheet.rows[4] == ["王五", "男", None]


# --------------------------------------------------------------------------- choosing sheets


def test_several_sheets_without_an_expected_name_are_ambiguous_and_listed(books: Books):
    path = books.workbook({"Sheet1": [["姓名"]], "Sheet2": [["姓名"]], "说明": [["x"]]})
    with pytest.raises(RuleViolation) as caught:
        read_workbook(path, expected_sheet_names=["名册"])
    error = caught.value
    assert error.key == "excel.sheet_ambiguous"
    for name in ("Sheet1", "Sheet2", "说明"):
        assert name in error.message("zh")
    assert "--sheet" in error.message("zh")


def test_the_sheet_option_chooses_the_sheet(books: Books):
    path = books.workbook({"Sheet1": [["甲"]], "名册 ": [["乙"]]})
    assert only_sheet(path, sheet="Sheet1").rows == [["甲"]]
    assert only_sheet(path, sheet="名册").name == "名册 "  # spaces around a name forgiven when unambiguous


def test_an_unknown_sheet_name_is_refused_listing_the_sheets(books: Books):
    path = books.workbook({"Sheet1": [["甲"]], "Sheet2": [["乙"]]})
    with pytest.raises(RuleViolation) as caught:
        read_workbook(path, sheet="名册")
    assert caught.value.key == "excel.sheet_not_found"
    assert "Sheet2" in caught.value.message("en")


def test_an_expected_sheet_name_is_chosen_among_several(books: Books):
    path = books.workbook({"说明": [["x"]], "离退休人员": [["姓名"]], "统计": [["y"]]})
    assert only_sheet(path, expected_sheet_names=["名册", "离退休人员"]).name == "离退休人员"


def test_all_sheets_reads_every_visible_sheet(books: Books):
    path = books.workbook(
        {"一片": [["甲"]], "二片": [["乙"]], "旧": [["丙"]]},
        setup=lambda wb: setattr(wb["旧"], "sheet_state", "hidden"),
    )
    book = read_workbook(path, all_sheets=True)
    assert [s.name for s in book.sheets] == ["一片", "二片"]
    assert keys(book) == ["excel.hidden_sheet_skipped"]


def test_the_only_visible_sheet_is_chosen_when_the_others_are_hidden(books: Books):
    path = books.workbook(
        {"名册": [["姓名"]], "旧": [["丙"]]}, setup=lambda wb: setattr(wb["旧"], "sheet_state", "hidden")
    )
    assert only_sheet(path).name == "名册"


def test_expected_sheet_names_given_as_a_function_are_asked_for_only_when_the_choice_needs_them(books: Books):
    asked: list[str] = []

    def expected() -> list[str]:
        asked.append("asked")
        return ["离退休人员"]

    single = books.workbook({"名册": [["姓名"]]})
    assert only_sheet(single, expected_sheet_names=expected).name == "名册"
    assert asked == []
    several = books.workbook({"说明": [["x"]], "离退休人员": [["姓名"]]}, name="several.xlsx")
    assert only_sheet(several, expected_sheet_names=expected).name == "离退休人员"
    assert asked == ["asked"]


# --------------------------------------------------------------------------- work beside the parse


def test_work_given_to_run_beside_the_parse_has_ended_when_the_workbook_is_returned(books: Books):
    import threading

    path = books.xlsx([["姓名"], ["张三"]])
    ran: list[str] = []
    book = read_workbook(path, beside_parse=lambda: ran.append(threading.current_thread().name))
    assert book.sheets[0].rows == [["姓名"], ["张三"]]
    assert len(ran) == 1 and ran[0] != threading.current_thread().name  # on a thread of its own


def test_an_error_in_the_work_beside_the_parse_is_raised_by_read_workbook(books: Books):
    path = books.xlsx([["姓名"], ["张三"]])

    def failing() -> None:
        raise ModuleNotFoundError("kuangqu.importer.nothing")

    with pytest.raises(ModuleNotFoundError, match="nothing"):
        read_workbook(path, beside_parse=failing)


def test_a_corrupt_sheet_is_refused_as_corrupt_after_the_work_beside_the_parse_has_ended(books: Books):
    import time

    path = books.xlsx([["姓名"], ["张三"]])
    books.patch(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", b'<row r="x">'))
    ended: list[bool] = []
    with pytest.raises(RuleViolation) as caught:
        read_workbook(path, beside_parse=lambda: (time.sleep(0.2), ended.append(True)))
    assert caught.value.key == "excel.corrupt"
    assert ended == [True]  # not left running behind the refusal


def test_a_file_refused_before_the_parse_never_starts_the_work_beside_it(books: Books, tmp_path):
    path = tmp_path / "不是表格.xlsx"
    path.write_bytes(b"this is not a workbook at all")
    started: list[bool] = []
    with pytest.raises(RuleViolation):
        read_workbook(path, beside_parse=lambda: started.append(True))
    assert started == []


# --------------------------------------------------------------------------- other formats


def test_an_xlsm_with_a_vba_project_is_read_without_running_anything(books: Books):
    source = books.xlsx([["姓名"], ["张三"]])

    def macro_enabled(xml: bytes) -> bytes:
        xml = xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
        return xml.replace(
            b"</Types>",
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )

    xlsm = books.patch(
        source,
        "[Content_Types].xml",
        macro_enabled,
        name="macro.xlsm",
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really a VBA project"},
    )
    book = read_workbook(xlsm)
    assert book.kind == "xlsm"
    assert book.sheets[0].rows == [["姓名"], ["张三"]]


def test_an_xls_reports_error_cells_from_its_biff_records(books: Books):
    cells = (
        biff_label(0, 0, "姓名")
        + biff_label(0, 1, "金额")
        + biff_label(1, 0, "张三")
        + biff_number(1, 1, 2.5)
        + biff_label(2, 0, "李四")
        + biff_error(2, 1, 0x2A)
        + biff_label(3, 0, "王五")
        + biff_formula_error(3, 1, 0x07)
    )
    sheet = only_sheet(books.xls([("名册", cells, False)]))
    assert sheet.rows == [
        ["姓名", "金额"],
        ["张三", 2.5],
        ["李四", ErrorCell("#N/A")],
        ["王五", ErrorCell("#DIV/0!")],
    ]


def test_an_xls_reports_hidden_rows_columns_and_filters(books: Books):
    cells = (
        biff_colinfo(1, 1, hidden=True)
        + biff_row(0)
        + biff_row(2, hidden=True)
        + BIFF_FILTERMODE
        + biff_label(0, 0, "姓名")
        + biff_label(0, 1, "性别")
        + biff_label(1, 0, "张三")
        + biff_label(2, 0, "李四")
    )
    book = read_workbook(books.xls([("名册", cells, False), ("旧", biff_label(0, 0, "x"), True)]))
    sheet = book.sheets[0]
    assert (sheet.hidden_rows, sheet.hidden_columns, sheet.filter_active) == ([3], [1], True)
    assert set(keys(book)) == {
        "excel.hidden_rows",
        "excel.hidden_columns",
        "excel.filter_active",
        "excel.hidden_sheet_skipped",
    }


def test_an_ods_reports_error_cells_and_merges_from_its_content(books: Books):
    rows = (
        ods_row(
            ods_cell("离退休人员名册", attrs='table:number-columns-spanned="2"'),
            "<table:covered-table-cell/>",
        )
        + ods_row(ods_cell("姓名"), ods_cell("金额"))
        + ods_row(ods_cell("张三"), ods_cell(error="#N/A"))
        + ods_row(ods_cell(), ods_cell(), attrs='table:number-rows-repeated="3"')
        + ods_row(ods_cell("李四"), ods_cell(error="Err:502"), attrs='table:visibility="filter"')
    )
    book = read_workbook(books.ods({"名册": rows}))
    sheet = book.sheets[0]
    assert sheet.rows[2] == ["张三", ErrorCell("#N/A")]
    assert sheet.rows[6] == ["李四", ErrorCell("Err:502")]
    assert sheet.merged_ranges == [MergedRange(1, 0, 1, 1)]
    assert sheet.hidden_rows == [7]
    assert sheet.filter_active


def test_a_damaged_sheet_is_refused_as_corrupt(books: Books):
    path = books.xlsx([["姓名"], ["张三"]])
    books.patch(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", b'<row r="x">'))
    with pytest.raises(RuleViolation) as caught:
        read_workbook(path)
    assert caught.value.key == "excel.corrupt"


# --------------------------------------------------------------------------- LibreOffice-written files


@pytest.fixture(scope="module")
def office_source(tmp_path_factory) -> object:
    """One xlsx with a title, errors from formulas, a merge, a hidden row and column, for LibreOffice."""
    root = tmp_path_factory.mktemp("lo-source")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(["2024年离退休人员名册"])
    ws.append(["姓名", "出生日期", "金额", "核对"])
    ws.append(["张三", dt.date(1955, 3, 1), "=1/0", "=NA()"])
    ws.append(["李四", dt.date(1949, 12, 31), 12.5, '="x"+1'])
    ws.append(["王五", dt.date(1960, 6, 30), 3, "=#REF!"])
    ws.merge_cells("A1:D1")
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["D"].hidden = True
    path = root / "office.xlsx"
    wb.save(path)
    wb.epoch = CALENDAR_MAC_1904
    wb.save(root / "office1904.xlsx")
    return path


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_libreoffice_xls_and_ods_are_read_with_errors_merges_and_hidden_rows(libreoffice, office_source, fmt):
    book = read_workbook(libreoffice(office_source, fmt))
    assert book.kind == fmt
    sheet = book.sheets[0]
    assert sheet.rows[0][0] == "2024年离退休人员名册"
    assert sheet.rows[2] == ["张三", dt.date(1955, 3, 1), ErrorCell("#DIV/0!"), ErrorCell("#N/A")]
    assert sheet.rows[3][3] == ErrorCell("#VALUE!")
    assert sheet.rows[4][3] == ErrorCell("#REF!")
    assert sheet.rows[3][2] == 12.5
    assert MergedRange(1, 0, 1, 3) in sheet.merged_ranges
    assert (sheet.hidden_rows, sheet.hidden_columns) == ([4], [3])
    assert {"excel.hidden_rows", "excel.hidden_columns"} <= set(keys(book))


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_libreoffice_xls_and_ods_keep_1904_dates_correct(libreoffice, office_source, fmt):
    sheet = read_workbook(libreoffice(office_source.with_name("office1904.xlsx"), fmt)).sheets[0]
    assert [row[1] for row in sheet.rows[2:5]] == [
        dt.date(1955, 3, 1),
        dt.date(1949, 12, 31),
        dt.date(1960, 6, 30),
    ]


# --------------------------------------------------------------------------- messages


def test_every_excel_message_key_used_in_the_code_has_matching_chinese_and_english_texts():
    import string
    from pathlib import Path

    import kuangqu.excel
    from kuangqu.i18n import catalogue
    from kuangqu.messages.excel_read import MESSAGES

    source = "".join(p.read_text("utf-8") for p in Path(kuangqu.excel.__file__).parent.glob("*.py"))
    used = set(re.findall(r"""["'](excel\.[a-z_0-9.]+)["']""", source))
    assert used - set(catalogue()) == set()
    for zh, en in MESSAGES.values():
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
        assert fields[0] - {"looks_like_zh"} == fields[1] - {"looks_like_en"}
        assert re.search(r"[\u4e00-\u9fff]", zh)
