"""`kuangqu export template KIND`: one blank sheet per record type `kuangqu import` reads, derived
from the importer's own header table so that the two cannot disagree — a template filled with one
valid row imports cleanly through the real importer (`kuangqu import KIND FILE`)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from tests.excel.test_writer import calamine_rows
from tests.helpers import make_id

from kuangqu.cli.import_ import RECORD_TYPES

HEAD = make_id(birth="19500312", seq="123")  # male
CHILD = make_id(birth="20080101", seq="135")
# One valid row per kind, as a clerk types it into the text columns (field key -> text).
FILLED: dict[str, list[dict[str, str]]] = {
    "retirees": [
        {"name": "王建国", "sex": "男", "id_number": HEAD, "birth_date": "1950.03", "category": "退休",
         "work_start": "1968.09", "retired_on": "2010-05", "phone": "13812345678", "area": "一片",
         "building": "3号楼", "work_group": "第1组", "status": "在册"},
    ],
    "households": [
        {"household_no": "H0001", "head_id_number": HEAD, "name": "王建国", "relation": "本人", "id_number": HEAD,
         "health": "慢病", "work_status": "退休", "monthly_income": "2100.00", "causes": "serious_illness",
         "annual_rigid_expenses": "3600.00"},
        {"household_no": "H0001", "head_id_number": HEAD, "name": "王小明", "relation": "子女", "id_number": CHILD,
         "schooling": "初中", "work_status": "学生", "monthly_income": "0.00"},
    ],
    "payments": [
        {"name": "王建国", "id_number": HEAD, "payment_kind": "日常救济", "period": "2020-02", "amount": "300.00",
         "paid_on": "2020-02-10", "signed_by": "王建国", "remarks": "二月日常救济"},
    ],
    "benefits": [
        {"name": "王建国", "id_number": HEAD, "effective": "2019-01", "item": "基本养老金",
         "amount_after": "3456.78", "reason": "2019年养老金调整", "document": "豫人社〔2019〕5号"},
    ],
    "petitions": [
        {"name": "王建国", "id_number": HEAD, "received_on": "2020-03-12", "channel": "来访",
         "petition_type": "申诉求决", "subject": "待遇", "request": "要求核实2019年养老金调整", "contact": "13812345678",
         "people_count": "1", "accepted_on": "2020-03-13"},
    ],
    "visits": [
        {"name": "王建国", "id_number": HEAD, "visited_on": "2024-03-12", "visitor": "张志强", "visit_form": "入户",
         "notes": "身体尚可", "needs": "希望申请临时救助"},
    ],
    "grid": [
        {"level": "楼长", "area": "一片", "building": "3号楼", "name": "张志强", "phone": "13812345678",
         "position": "退休支部书记", "assigned_on": "2020-01-01"},
    ],
    "pairs": [
        {"cadre_name": "陈国华", "position": "副矿长", "phone": "13812345678", "leader": "是", "name": "王建国",
         "id_number": HEAD, "started_on": "2024-01-15"},
    ],
    "housing": [
        {"name": "王建国", "id_number": HEAD, "building": "3号楼", "room": "401", "applied_on": "2023-03-01",
         "review1_result": "通过", "review1_on": "2023-03-10", "review1_reviewer": "张科长"},
    ],
    "activities": [
        {"activity": "重阳节登山", "start_on": "2025-10-29", "kind": "外出参观", "place": "白龟山", "name": "王建国",
         "id_number": HEAD, "award": "优秀奖", "award_level": "矿级"},
    ],
    "dissuasions": [
        {"happened_on": "2025-03-04", "place": "郑州", "name": "王建国", "id_number": HEAD, "staff": "张志强",
         "destination": "赴省反映养老金"},
    ],
    "applications": [
        {"name": "王建国", "id_number": HEAD, "kind": "日常救助", "applied_on": "2024-03-01", "reason": "老伴住院",
         "app_review_on": "2024-03-15", "reviewer": "张科长", "app_visit": "2024-03-12"},
    ],
}  # fmt: skip
# What each kind needs on record first, imported through the templates too.
NEEDS = {"retirees": (), "households": ("retirees",), "payments": ("retirees", "households"),
         "benefits": ("retirees",), "petitions": ("retirees",), "visits": ("retirees", "households"),
         "grid": (), "pairs": ("retirees", "households"), "housing": ("retirees", "households"),
         "activities": ("retirees",), "dissuasions": ("retirees",),
         "applications": ("retirees", "households", "visits")}  # fmt: skip


def template(cli: Any, kind: str, target: Path) -> dict[str, Any]:
    result = cli("export", "template", kind, "-o", str(target), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def layout_of(kind: str) -> tuple[str, Any]:
    from kuangqu.excel.exports.template import TEMPLATES, template_layout

    return template_layout(TEMPLATES[kind])


def filled_template(cli: Any, kind: str, directory: Path) -> Path:
    """The blank template of `kind`, with FILLED's rows typed in from row 4."""
    import openpyxl

    path = directory / f"{kind}.xlsx"
    template(cli, kind, path)
    sheet, layout = layout_of(kind)
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for r, values in enumerate(FILLED[kind], start=4):
        for c, f in enumerate(layout, start=1):
            if f.key == "seq":
                ws.cell(row=r, column=c, value=r - 3)
            elif f.key in values:
                ws.cell(row=r, column=c, value=values[f.key]).data_type = "s"  # typed into a text column
    wb.save(path)
    return path


def imported(cli: Any, kind: str, path: Path) -> dict[str, Any]:
    result = cli("import", kind, str(path), "--format", "json")
    assert result.exit_code == 0, f"{kind}: {result.stdout}{result.stderr}"
    return json.loads(result.stdout)


def test_every_kind_kuangqu_import_reads_has_a_template_the_cli_offers(cli, tmp_path):
    from kuangqu.excel.exports.template import TEMPLATES

    assert set(TEMPLATES) == set(RECORD_TYPES)
    for kind in RECORD_TYPES:
        assert TEMPLATES[kind].importer == RECORD_TYPES[kind][0]
        sheet, _ = layout_of(kind)
        assert template(cli, kind, tmp_path / f"{kind}.xlsx")["sheets"] == [sheet, "说明"]


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_the_importer_reads_every_column_of_the_template_as_the_template_means_it(cli, tmp_path, kind):
    from kuangqu.excel.exports.template import TEMPLATES, importer_tables
    from kuangqu.excel.headers import find_header

    synonyms, required, sheets = importer_tables(TEMPLATES[kind])
    sheet, layout = layout_of(kind)
    path = tmp_path / "t.xlsx"
    template(cli, kind, path)
    rows = calamine_rows(path, sheet)
    assert sheet == sheets[0] and rows[0][0] == TEMPLATES[kind].title
    header = find_header(rows, synonyms, list(required))
    seq = [i for i, f in enumerate(layout) if f.key == "seq"]  # 序号, which the importer ignores
    assert header.row_index == 2 and header.unknown == {} and header.ignored == seq
    assert [header.columns.get(i) for i in range(len(layout)) if i not in seq] == [
        f.key for f in layout if f.key != "seq"
    ]
    assert set(required) <= {f.key for f in layout if f.required}


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_a_template_filled_with_one_valid_row_imports_cleanly(cli, tmp_path, kind):
    for needed in NEEDS[kind]:
        assert imported(cli, needed, filled_template(cli, needed, tmp_path))["errors"] == []
    summary = imported(cli, kind, filled_template(cli, kind, tmp_path))
    assert (summary["created"], summary["errors"], summary["skipped_rows"]) == (1, [], 0)
    again = imported(cli, kind, tmp_path / f"{kind}.xlsx")
    assert (again["created"], again["errors"]) == (0, [])


@pytest.mark.parametrize(
    ("kind", "column", "values", "strict"),
    [
        ("payments", "D", ["日常救济", "节日救济", "临时救济"], False),
        (
            "benefits",
            "E",
            [
                "基本养老金",
                "过渡性养老金",
                "各项补贴",
                "电话费补贴",
                "遗属补助",
                "丧葬费",
                "抚恤金",
                "补发",
                "扣回",
            ],
            True,
        ),
        ("petitions", "E", ["来信", "来访", "电话", "网上", "越级赴省", "越级进京"], True),
        ("petitions", "F", ["建议意见", "检举控告", "申诉求决"], True),
        ("petitions", "G", ["待遇", "房改", "救济", "工资", "其他"], True),
        ("petitions", "O", ["予以支持", "解释说明", "不予支持"], True),
        ("petitions", "S", ["满意", "基本满意", "不满意"], True),
    ],
)
def test_code_list_columns_offer_the_values_the_importer_accepts(cli, tmp_path, kind, column, values, strict):
    import openpyxl

    path = tmp_path / "t.xlsx"
    template(cli, kind, path)
    sheet, _ = layout_of(kind)
    wb = openpyxl.load_workbook(path)
    lists = {str(dv.sqref): dv for dv in wb[sheet].data_validations.dataValidation}
    dv = lists[f"{column}4:{column}10003"]
    ref = dv.formula1.split("!")[1].replace("$", "")
    assert [c.value for row in wb["说明"][ref] for c in row] == values
    assert (dv.errorStyle == "stop") is strict


def test_the_code_lists_are_the_importers_own(cli, tmp_path):
    from kuangqu.excel.exports.template import TEMPLATES
    from kuangqu.rules.ledger import parse_component
    from kuangqu.rules.petitions import Channel, Opinion, PetitionType, Satisfaction, Subject

    parsers = {"item": parse_component, "channel": Channel.parse, "petition_type": PetitionType.parse,
               "subject": Subject.parse, "opinion": Opinion.parse, "satisfaction": Satisfaction.parse}  # fmt: skip
    checked = 0
    for tpl in TEMPLATES.values():
        for choice in tpl.choices:
            if choice.key in parsers:
                for value in choice.values(()):
                    parsers[choice.key](value)  # raises on a value the importer would refuse
                    checked += 1
    assert checked == 9 + 6 + 3 + 5 + 3 + 3


@pytest.mark.parametrize(
    ("kind", "text_columns"),
    [
        ("payments", {"C": "身份证号", "F": "发放月份", "G": "金额", "H": "发放日期"}),
        ("benefits", {"C": "身份证号", "D": "变更月份", "F": "变更前", "G": "变更后"}),
        (
            "petitions",
            {
                "C": "身份证号",
                "D": "来访日期",
                "J": "联系电话",
                "N": "受理日期",
                "Q": "答复日期",
                "R": "办结日期",
            },
        ),
        ("visits", {"C": "身份证号", "D": "走访日期"}),
    ],
)
def test_id_phone_date_month_and_amount_columns_are_text_so_excel_keeps_them(
    cli, tmp_path, kind, text_columns
):
    import openpyxl

    path = tmp_path / "t.xlsx"
    template(cli, kind, path)
    sheet, _ = layout_of(kind)
    ws = openpyxl.load_workbook(path)[sheet]
    for letter, header in text_columns.items():
        assert ws[f"{letter}3"].value == header
        assert ws.column_dimensions[letter].number_format == "@", header
    assert ws["A4"].value is None and ws.print_title_rows == "$3:$3" and ws.freeze_panes == "D4"


@pytest.mark.parametrize("kind", ["payments", "benefits", "petitions", "visits"])
def test_the_instructions_sheet_lists_every_column_marks_the_required_ones_and_says_how_to_import(
    cli, tmp_path, kind
):
    _, layout = layout_of(kind)
    path = tmp_path / "t.xlsx"
    template(cli, kind, path)
    rows = calamine_rows(path, "说明")
    table = {row[0]: row for row in rows if row and row[0] in {f.header for f in layout}}
    assert set(table) == {f.header for f in layout}
    for f in layout:
        assert (table[f.header][2] == "是") is f.required, f.header
        if f.key != "seq":
            assert table[f.header][1], f"{f.header} has no explanation"
    text = " ".join(str(v) for row in rows for v in row if v)
    assert f"kuangqu import {kind}" in text


def test_the_benefit_templates_reason_column_is_required_as_the_ledger_requires_a_reason():
    _, layout = layout_of("benefits")
    assert {f.key for f in layout if f.required} == {
        "id_number",
        "effective",
        "item",
        "amount_after",
        "reason",
    }


def test_a_template_whose_header_the_importer_would_not_read_is_refused_before_writing(tmp_path):
    from kuangqu.excel.exports import template as templates

    tpl = templates.TEMPLATES["visits"]
    wrong = tuple(replace(f, header="来访人") if f.key == "visitor" else f for f in tpl.columns)
    with pytest.raises(ValueError, match="来访人"):
        templates.template_layout(replace(tpl, columns=wrong))
    without_id = tuple(f for f in tpl.columns if f.key != "id_number")
    with pytest.raises(ValueError, match="id_number"):
        templates.template_layout(replace(tpl, columns=without_id))
