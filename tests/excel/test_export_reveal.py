"""`kuangqu export monthly --reveal --reason`: the sections that list people show full ID numbers
(the clerk pays from the sign-off sheet by them), and the same report without --reveal holds none.

Every workbook is read back with python-calamine, every sheet, so an ID that leaks anywhere shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import make_id
from tests.relief.conftest import approved, family, standard  # noqa: F401 (fixtures)

from kuangqu.rules.masking import mask_id

OTHER_ID = make_id(birth="19520203", seq="468")
SECRET_ID = make_id(birth="19530304", seq="579")


def all_cells(path: Path) -> dict[str, list[str]]:
    """Every sheet's cells as text."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {
        name: [str(v) for row in book.get_sheet_by_name(name).to_python() for v in row]
        for name in book.sheet_names
    }


def sheet_named(cells: dict[str, list[str]], fragment: str) -> list[str]:
    (name,) = [n for n in cells if fragment in n]
    return cells[name]


@pytest.fixture
def march(write: Any, family: Any, approved: Any, person: Any) -> dict[str, Any]:  # noqa: F811
    """A household paid its daily relief for March 2020; its head's pension changed in March; a
    pensioner's petition and a confidential one received in March."""
    from kuangqu.models.registry import Retiree
    from kuangqu.services import ledger, petitions
    from kuangqu.services.relief import payments

    home = family("300.00", name="周守田", work_start="1966-03", retired_on="2008-07")
    approved(home)
    other = person("吴长顺", id_number=OTHER_ID)
    secret = person("郑秘密", id_number=SECRET_ID)
    with write() as s:
        payments.pay_month(s, 2020, 3, paid_on=date(2020, 3, 20))
        head = s.get(Retiree, home.head_id)
        head_id = head.id_number
        ledger.add(s, head, ledger.add_input("2019-01", "基本养老金", "2000.00", "核定"))
        ledger.add(s, head, ledger.add_input("2020-03", "基本养老金", "2100.00", "调整"))
        for who, confidential in ((other, False), (secret, True)):
            data = petitions.PetitionInput(
                petitioner_kind="retiree",
                petitioner_name=who.name,
                retiree_id=who.id,
                received_on=date(2020, 3, 9),
                channel="visit",
                petition_type="claim",
                subject="benefit",
                request="补发",
                confidential=confidential,
            )
            petitions.register(s, data, today=date(2020, 3, 9))
    return {"home": home, "head_id": head_id}


def export_monthly(cli: Any, target: Path, *extra: str) -> None:
    result = cli("export", "monthly", "--month", "2020-03", "-o", str(target), "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr


def test_the_revealed_sign_off_sheet_holds_the_paid_heads_full_id_and_the_masked_one_does_not(
    cli, march, tmp_path
):
    masked, revealed = tmp_path / "masked.xlsx", tmp_path / "revealed.xlsx"
    export_monthly(cli, masked)
    export_monthly(cli, revealed, "--reveal", "--reason", "发放核对")

    head_id = march["head_id"]
    shown = all_cells(revealed)
    assert head_id in sheet_named(shown, "签领表")
    assert head_id in sheet_named(shown, "待遇变更")
    hidden = all_cells(masked)
    assert mask_id(head_id) in sheet_named(hidden, "签领表")
    assert mask_id(head_id) in sheet_named(hidden, "待遇变更")
    assert not any(head_id in cell for cells in hidden.values() for cell in cells)


def test_the_sign_off_sheet_lists_the_id_beside_the_head_it_belongs_to(cli, march, tmp_path):
    from python_calamine import CalamineWorkbook

    target = tmp_path / "r.xlsx"
    export_monthly(cli, target, "--reveal", "--reason", "发放核对")
    book = CalamineWorkbook.from_path(str(target))
    (name,) = [n for n in book.sheet_names if "签领表" in n]
    rows = book.get_sheet_by_name(name).to_python()
    header = rows[2]
    line = rows[3]
    assert header[:4] == ["序号", "户号", "户主", "身份证号"]
    assert (line[2], line[3]) == ("周守田", march["head_id"])


def test_a_revealed_report_shows_a_pensioners_petition_id_but_never_a_confidential_petitioner(
    cli, march, tmp_path
):
    masked, revealed = tmp_path / "masked.xlsx", tmp_path / "revealed.xlsx"
    export_monthly(cli, masked)
    export_monthly(cli, revealed, "--reveal", "--reason", "信访核对")
    listed = sheet_named(all_cells(revealed), "收到的信访件")
    assert OTHER_ID in listed and "吴长顺" in listed
    assert mask_id(SECRET_ID) in listed
    assert not any(SECRET_ID in c or "郑秘密" in c for c in listed)
    hidden = sheet_named(all_cells(masked), "收到的信访件")
    assert mask_id(OTHER_ID) in hidden and OTHER_ID not in hidden


def test_every_registered_section_takes_reveal(read):
    import inspect

    from kuangqu import reports

    for dotted in reports.MONTHLY_SECTIONS:
        parameter = inspect.signature(reports.resolve(dotted)).parameters.get("reveal")
        assert parameter is not None and parameter.default is False, dotted
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, dotted


def test_the_reveal_is_audited_once_with_its_reason(cli, march, tmp_path, read):
    from sqlalchemy import select

    from kuangqu.models.audit import AuditEntry

    export_monthly(cli, tmp_path / "r.xlsx", "--reveal", "--reason", "发放核对")
    with read() as s:
        entries = s.execute(
            select(AuditEntry.entity, AuditEntry.reason).where(AuditEntry.action == "reveal")
        ).all()
    assert [tuple(e) for e in entries] == [("monthly_report", "发放核对")]


def test_reveal_without_a_reason_writes_nothing(cli, march, tmp_path):
    target = tmp_path / "r.xlsx"
    result = cli("export", "monthly", "--month", "2020-03", "-o", str(target), "--reveal")
    assert result.exit_code != 0 and not target.exists()
