"""`kuangqu export households`: the household member list in the import template's layout, masked by
default; exported with --reveal, edited and imported again it changes exactly what was edited."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import make_id

from kuangqu.rules.masking import mask_id

WANG = make_id(birth="19500312", seq="131")
LI = make_id(birth="19551120", seq="242")
SPOUSE = make_id(birth="19520407", seq="462")
SON = make_id(birth="19800101", seq="171")


@pytest.fixture
def homes(person: Any, write: Any) -> dict[str, Any]:
    """Two households: 王建国 (一片) with his wife and son and the household's facts; 李秀英 (二片) alone."""
    from kuangqu.services import households
    from kuangqu.validate import member_input

    wang = person("王建国", id_number=WANG, area="一片")
    li = person("李秀英", id_number=LI, area="二片")
    with write() as s:
        home = households.create(s, wang, household_no="H001")
        for raw in (
            {
                "name": "张桂兰",
                "relation": "配偶",
                "id_number": SPOUSE,
                "health": "慢性病",
                "monthly_income": "800.00",
            },
            {
                "name": "王小军",
                "relation": "子女",
                "id_number": SON,
                "work_status": "待业",
                "disability_grade": "二级",
            },
        ):
            result = member_input(raw)
            assert result.ok, [p.message() for p in result.problems]
            households.add_member(s, home, result.value)
        households.set_facts(
            s,
            home,
            households.FactsUpdate(
                annual_rigid_expenses_fen=1_200_000, add_causes=("serious_illness", "disability")
            ),
        )
        households.create(s, li, household_no="H002")
    return {"wang": wang, "li": li}


def export(cli: Any, target: Path, *args: str) -> dict[str, Any]:
    result = cli("export", "households", "-o", str(target), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return result.json()


def rows_of(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("家庭成员").to_python()


def imported(cli: Any, path: Path) -> dict[str, Any]:
    result = cli("import", "households", str(path), "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.json()


def test_the_households_export_has_the_templates_layout_with_one_row_per_member(cli, homes, tmp_path):
    target = tmp_path / "家庭.xlsx"
    data = export(cli, target, "--reveal", "--reason", "核对")
    assert (data["sheets"], data["rows"]) == (["家庭成员"], 4)
    rows = rows_of(target)
    assert rows[0][0] == "困难职工家庭成员登记表"
    assert rows[2] == ["户号", "户主身份证号", "成员姓名", "与户主关系", "成员身份证号", "出生日期", "健康状况",
                       "残疾等级", "就学情况", "就业情况", "月收入（元）", "致困原因", "排除情形", "年刚性支出（元）"]  # fmt: skip
    wang_self, spouse, son, li_self = rows[3:7]
    assert wang_self[:4] == ["H001", WANG, "王建国", "本人"]
    assert (wang_self[11], wang_self[13]) == ("患重特大疾病、残疾", "12000.00")
    assert spouse[2:7] == ["张桂兰", "配偶", SPOUSE, "1952-04-07", "慢病"]
    assert (spouse[10], spouse[11]) == ("800.00", "")  # the facts are on the 本人 row only
    assert (son[2], son[7], son[9]) == ("王小军", "二级", "待业")
    assert li_self[:4] == ["H002", LI, "李秀英", "本人"]


def test_the_households_export_is_print_ready_with_drop_downs(cli, homes, tmp_path):
    import openpyxl

    target = tmp_path / "家庭.xlsx"
    export(cli, target)
    ws = openpyxl.load_workbook(target)["家庭成员"]
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    assert ws.freeze_panes == "D4"
    assert ws["B4"].number_format == "@" and ws["B4"].data_type == "s"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "本人" in lists["D"] and "一级" in lists["H"]


def test_the_masked_households_export_holds_no_full_id_and_birth_years_only(cli, homes, tmp_path):
    target = tmp_path / "masked.xlsx"
    export(cli, target)
    text = [str(v) for row in rows_of(target) for v in row]
    assert not any(full in cell for full in (WANG, LI, SPOUSE, SON) for cell in text)
    assert mask_id(SPOUSE) in text and mask_id(WANG) in text
    assert "1952" in text and "1952-04-07" not in text
    assert any("脱敏" in cell for cell in text[:30])


def test_the_households_export_filters_by_the_heads_area(cli, homes, tmp_path):
    target = tmp_path / "一片.xlsx"
    assert export(cli, target, "--area", "一片")["rows"] == 3
    assert {row[0] for row in rows_of(target)[3:]} == {"H001"}


def test_the_reveal_is_audited(cli, homes, tmp_path, read):
    from sqlalchemy import select

    from kuangqu.models.audit import AuditEntry

    export(cli, tmp_path / "r.xlsx", "--reveal", "--reason", "年度核对")
    with read() as s:
        entries = s.execute(
            select(AuditEntry.entity, AuditEntry.reason).where(AuditEntry.action == "reveal")
        ).all()
    assert [tuple(e) for e in entries] == [("household", "年度核对")]


def test_an_exported_household_list_edited_and_imported_changes_only_what_was_edited(
    cli, homes, tmp_path, read
):
    import openpyxl
    from sqlalchemy import select

    from kuangqu.models.registry import Household, HouseholdMember

    target = tmp_path / "往返.xlsx"
    export(cli, target, "--reveal", "--reason", "核对")
    with read() as s:
        before = {
            (m.name, m.relation): m.model_dump(exclude={"created_at"})
            for m in s.scalars(select(HouseholdMember))
        }
        facts_before = {
            h.household_no: (h.causes, h.exclusions, h.annual_rigid_expenses_fen)
            for h in s.scalars(select(Household))
        }

    unchanged = imported(cli, target)
    assert {k: unchanged[k] for k in ("created", "updated", "unchanged")} == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
    }

    wb = openpyxl.load_workbook(target)
    ws = wb["家庭成员"]
    assert ws["C5"].value == "张桂兰"
    ws["K5"].value = "950.00"
    wb.save(target)
    edited = imported(cli, target)
    assert {k: edited[k] for k in ("created", "updated", "unchanged")} == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
    }
    with read() as s:
        after = {
            (m.name, m.relation): m.model_dump(exclude={"created_at"})
            for m in s.scalars(select(HouseholdMember))
        }
        facts_after = {
            h.household_no: (h.causes, h.exclusions, h.annual_rigid_expenses_fen)
            for h in s.scalars(select(Household))
        }
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {("张桂兰", "spouse")}
    assert {k for k, v in before[("张桂兰", "spouse")].items() if after[("张桂兰", "spouse")][k] != v} == {
        "monthly_income_fen"
    }
    assert after[("张桂兰", "spouse")]["monthly_income_fen"] == 95_000
    assert facts_after == facts_before


def test_a_masked_export_cannot_be_imported_back_by_mistake(cli, homes, tmp_path, read):
    from sqlalchemy import func, select

    from kuangqu.models.registry import HouseholdMember

    target = tmp_path / "masked.xlsx"
    export(cli, target)
    result = cli("import", "households", str(target), "--format", "json")
    assert result.exit_code == 1
    with read() as s:
        assert s.scalar(select(func.count()).select_from(HouseholdMember)) == 4


def test_an_empty_database_exports_the_header_only(cli, tmp_path):
    target = tmp_path / "空.xlsx"
    assert export(cli, target)["rows"] == 0
    assert rows_of(target)[2][0] == "户号"
    assert date.today().year  # the date line is today's
