"""The monthly report's benefit changes, made fast (issue 8), are the same rows as before, and the
writer's quick row XML is the same workbook as openpyxl's own cells.

`reference_month_changes` is the former implementation, kept here as the slow reference: every
changed person's whole card through the level rule (`rules.levels_at`). Ledgers are drawn at
random (seeded) with back-dated entries, one-off items, reversals in the month and a reversal
filed in another month than its entry (which the ledger service never writes, but a database
might hold), and every month's rows must be equal.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from tests.helpers import make_id

from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.masking import mask_id
from kuangqu.rules.money import format_fen

MONTHS = [
    PartialDate(2019, 10),
    PartialDate(2019, 11),
    PartialDate(2019, 12),
    PartialDate(2020, 1),
    PartialDate(2020, 2),
]


def reference_month_changes(session: Any, month: PartialDate) -> list[dict[str, Any]]:
    """The implementation before issue 8, verbatim but for the import of `component_name`."""
    from sqlalchemy import select

    from kuangqu.models.ledger import LedgerEntry
    from kuangqu.models.registry import Retiree
    from kuangqu.reports.ledger import component_name
    from kuangqu.services.ledger import facts_by_retiree

    query = (
        select(LedgerEntry, Retiree)
        .join(Retiree, Retiree.id == LedgerEntry.retiree_id)
        .where(LedgerEntry.effective == month)
        .order_by(Retiree.area, Retiree.id, LedgerEntry.seq)  # type: ignore[arg-type]
    )
    found = list(session.execute(query))
    history = facts_by_retiree(session, sorted({entry.retiree_id for entry, _ in found}))
    rows = []
    for entry, person in found:
        mine = history.get(person.id or 0, [])
        here = (rules.month_index(month), entry.seq)
        regular = rules.BY_CODE[entry.component].kind == rules.REGULAR
        old = rules.levels_at([f for f in mine if f.key < here], month)[entry.component] if regular else None
        new = (
            rules.levels_at([f for f in mine if f.key <= here], month)[entry.component]
            if regular
            else entry.amount_fen
        )
        rows.append(
            {
                "retiree_id": person.id,
                "name": person.name,
                "id_number": mask_id(person.id_number),
                "area": person.area,
                "component_name": component_name(entry.component),
                "old_amount": format_fen(old) if old is not None else None,
                "new_amount": format_fen(new),
                "reason": entry.reason,
                "document": entry.document,
                "entry_id": entry.id,
                "component": entry.component,
            }
        )
    return rows


def random_ledgers(write: Any, person: Any, seed: int) -> None:
    """Eight people (two areas, one without) with random entries, reversals and one odd reversal."""
    from kuangqu.services.ledger import Appender

    rng = random.Random(seed)
    codes = ["basic_pension", "basic_pension", "allowance", "phone_allowance", "arrears", "recovery"]
    people = [
        person(
            f"测试{name}", id_number=make_id(seq=f"{101 + 2 * n}"), area=rng.choice(["一片", "二片", None])
        )
        for n, name in enumerate("甲乙丙丁戊己庚辛")
    ]
    with write() as s:
        appender = Appender(s)
        made: list[Any] = []
        for _ in range(70):
            who = rng.choice(people)
            action = rng.random()
            live = [
                e
                for e in made
                if e.retiree_id == who.id and e.reverses_id is None and e.id not in reversed_ids(made)
            ]
            if action < 0.2 and live:
                target = rng.choice(live)
                made.append(
                    appender.append(
                        who.id,
                        target.effective,
                        target.component,
                        target.amount_fen,
                        "冲正",
                        reverses_id=target.id,
                    )
                )
            else:
                month = rng.choice(MONTHS)
                amount = rng.randrange(1, 400) * 1000 + rng.choice([0, 5, 50])
                made.append(
                    appender.append(
                        who.id, month, rng.choice(codes), amount, "测试", document=rng.choice([None, "文1"])
                    )
                )
            appender.flush()
        # A reversal filed in a later month than its entry: the quick pass must not be fooled by it.
        target = next(
            e
            for e in made
            if e.reverses_id is None and e.id not in reversed_ids(made) and e.effective < MONTHS[-1]
        )
        appender.append(
            target.retiree_id,
            MONTHS[-1],
            target.component,
            target.amount_fen,
            "跨月冲正",
            reverses_id=target.id,
        )
        appender.flush()


def reversed_ids(entries: list[Any]) -> set[int]:
    return {e.reverses_id for e in entries if e.reverses_id is not None}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_months_changes_equal_the_slow_reference_on_random_ledgers(write, read, person, seed):
    from kuangqu.reports.ledger import month_changes

    random_ledgers(write, person, seed)
    with read() as s:
        for month in MONTHS:
            expected = reference_month_changes(s, month)
            assert month_changes(s, month) == expected, str(month)
        assert sum(len(reference_month_changes(s, m)) for m in MONTHS) == 71


def test_the_months_changes_revealed_differ_from_the_masked_only_by_the_full_id(write, read, person):
    from kuangqu.reports.ledger import month_changes

    random_ledgers(write, person, 7)
    with read() as s:
        masked = month_changes(s, MONTHS[3])
        revealed = month_changes(s, MONTHS[3], reveal=True)
        full = {r.id: r.id_number for r in s.execute(_retirees())}
    assert masked and len(masked) == len(revealed)
    for hidden, shown in zip(masked, revealed, strict=True):
        assert shown["id_number"] == full[shown["retiree_id"]] != hidden["id_number"]
        assert hidden["id_number"] == mask_id(shown["id_number"])
        assert {k: v for k, v in hidden.items() if k != "id_number"} == {
            k: v for k, v in shown.items() if k != "id_number"
        }


def _retirees() -> Any:
    from sqlalchemy import select

    from kuangqu.models.registry import Retiree

    return select(Retiree.id, Retiree.id_number)


# ----------------------------------------------------------------------------- the writer's row XML


def _write(path: Any, raw: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from kuangqu.excel import writer
    from kuangqu.excel.writer import DATE, INT, MONEY, TEXT, Book, Col

    monkeypatch.setattr(writer, "RAW_ROWS", raw)
    with Book(path) as book:
        sheet = book.sheet("表")
        sheet.columns(
            [Col("文本", 10, TEXT), Col("数", 8, INT, True), Col("钱", 10, MONEY, True), Col("日", 10, DATE)]
        )
        sheet.header()
        rows: list[list[Any]] = [
            ["普通", 1, Decimal("12.50"), None],
            ["=SUM(A1)", 2, Decimal("-0.05"), None],
            ["a < b & c > d", 3, None, None],
            ["尾随空格  ", 4, Decimal("1234567.89"), None],
            ["", 0, Decimal(0), None],
            ["@cmd", -7, 3.25, None],
            ["#N/A", 10**12, Decimal("0.10"), None],
            [None, None, None, None],
            ["多一列", 5, Decimal("1.00"), None, "超出", 6],
            ["有日期", 6, Decimal("2.00"), date(2020, 3, 9)],
        ]
        for n, row in enumerate(rows):
            sheet.append(row, height=30 if n % 3 == 0 else None)
        sheet.append(["种类", "7"], kinds=[None, TEXT])
        sheet.total("合计")
        book.save()


def test_the_quick_row_xml_makes_the_same_workbook_as_openpyxls_cells(tmp_path, monkeypatch):
    import openpyxl

    quick, plain = tmp_path / "quick.xlsx", tmp_path / "plain.xlsx"
    _write(quick, True, monkeypatch)
    _write(plain, False, monkeypatch)
    a, b = openpyxl.load_workbook(quick)["表"], openpyxl.load_workbook(plain)["表"]
    assert a.max_row == b.max_row == 13 and a.max_column == b.max_column
    for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
        for x, y in zip(row_a, row_b, strict=True):
            assert (x.value, x.data_type, x.number_format) == (y.value, y.data_type, y.number_format), (
                x.coordinate
            )
            assert (x.font.b, x.border.left.style, x.alignment.wrap_text) == (
                y.font.b,
                y.border.left.style,
                y.alignment.wrap_text,
            ), x.coordinate
    for n in range(1, 14):
        assert a.row_dimensions[n].height == b.row_dimensions[n].height, n
    assert a["A3"].value == "=SUM(A1)" and a["A3"].data_type == "s"
    assert a["A5"].value == "尾随空格  "
    assert a["B13"].value == "=SUM(B2:B12)"


def test_the_quick_row_xml_is_used_when_openpyxl_has_no_lxml(tmp_path, monkeypatch):
    import zipfile

    from kuangqu.excel import writer

    if not writer.RAW_ROWS:
        pytest.skip("lxml is installed: openpyxl writes cells fast itself")
    _write(tmp_path / "q.xlsx", True, monkeypatch)
    xml = zipfile.ZipFile(tmp_path / "q.xlsx").read("xl/worksheets/sheet1.xml").decode()
    # the quick path leaves no space before "/>", openpyxl's ElementTree writer does
    assert '<c r="D2" s="' in xml and 't="n"/>' in xml
