"""The benefit card (待遇变更明白卡) as an xlsx file that prints on A4, with a line for the signature.

One card fits one landscape A4 page; many cards go one per sheet, or one after another on a single
print-ready sheet with a page break after each. Text that starts with = + - @ is stored as text,
never as a formula; amounts are exact decimals. The file is written to a temporary file beside the
target, made owner-only, then renamed over it.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from kuangqu.i18n import t
from kuangqu.render import cell_text
from kuangqu.reports.ledger import Card, card_header, card_json, component_name, current_parts

FIXED_COLUMNS = ("seq", "effective", "component_name", "amount", "reason", "document", "note")
WIDTHS = {
    "seq": 5,
    "effective": 9,
    "component_name": 12,
    "amount": 10,
    "reason": 30,
    "document": 14,
    "note": 18,
}
LEVEL_WIDTH = 11
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMULA_START = ("=", "+", "-", "@")


def put(
    ws: Worksheet,
    row: int,
    column: int,
    value: Any,
    *,
    bold: bool = False,
    wrap: bool = False,
    border: bool = False,
    size: int | None = None,
    align: str | None = None,
) -> None:
    """Write one cell; text that a spreadsheet would run as a formula stays text."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
    elif value is None or isinstance(value, (int, Decimal)):
        cell.value = value
    else:
        cell.value = cell_text(value)
    if bold or size:
        cell.font = Font(bold=bold, size=size or 11)
    if wrap or align:
        cell.alignment = Alignment(wrap_text=wrap, horizontal=align, vertical="center")
    if border:
        cell.border = BOX


def _yuan(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _columns(card: Card) -> list[str]:
    return [*FIXED_COLUMNS, *card.components, "total"]


def _label(key: str) -> str:
    from kuangqu.rules.ledger import BY_CODE

    return component_name(key) if key in BY_CODE else t(f"col.{key}")


HEADER_KEYS = ("name", "sex", "id_number", "birth_date", "category", "status", "work_start", "retired_on",
               "died_on", "former_unit", "position", "area", "building")  # fmt: skip


def _across(
    ws: Worksheet, row: int, width: int, text: str, *, bold: bool = False, size: int | None = None
) -> None:
    """A line centred across the card's width without merging cells: openpyxl checks every new merge
    against all earlier ones, which made a 3,000-card sheet take minutes."""
    put(ws, row, 1, text, bold=bold, size=size, align="centerContinuous")
    for column in range(2, width + 1):
        ws.cell(row=row, column=column).alignment = Alignment(horizontal="centerContinuous")


def draw_card(ws: Worksheet, card: Card, top: int, *, reveal: bool = False) -> int:
    """Draw one card from row `top`; returns the row after it. Long lines run over the empty cells
    to their right (no merged cells, see _across)."""
    data = card_json(card, reveal=reveal)
    columns = _columns(card)
    width = len(columns)
    header = card_header(card, reveal=reveal, labels=True)
    row = top
    _across(ws, row, width, t("card.title"), bold=True, size=16)
    _across(ws, row + 1, width, t("card.as_of", month=data["as_of"]))
    row += 2
    pairs = [(k, header.get(k)) for k in HEADER_KEYS if header.get(k) not in (None, "")]
    per_line = 4
    span = max(1, width // per_line)
    for start in range(0, len(pairs), per_line):
        for n, (key, value) in enumerate(pairs[start : start + per_line]):
            put(ws, row, 1 + n * span, t(f"col.{key}") + "：" + cell_text(value))
        row += 1
    row += 1
    for i, key in enumerate(columns, start=1):
        put(ws, row, i, _label(key), bold=True, border=True, wrap=True, align="center")
    row += 1
    money = {"amount", "total", *card.components}
    for change in data["changes"]:
        values = {**change, **{code: _yuan(change["levels"].get(code)) for code in card.components}}
        values["amount"], values["total"] = _yuan(change["amount"]), _yuan(change["total"])
        for i, key in enumerate(columns, start=1):
            put(ws, row, i, values.get(key), border=True, wrap=key in ("reason", "note", "document"))
            if key in money:
                ws.cell(row=row, column=i).number_format = "0.00"
        row += 1
    current = data["current"]
    parts = current_parts(card)
    total = t("card.current_total", month=current["month"], total=current["total"], parts=parts)
    put(ws, row, 1, total, bold=True)
    row += 1
    for correction in data["corrections"]:
        text = t("card.correction_line", id=correction["id"], status=correction["status_name"],
                 problem=correction["problem"], arrears=correction["arrears"] or "—")  # fmt: skip
        put(ws, row, 1, text)
        row += 1
    row += 1
    put(ws, row, 1, t("card.signature"))
    return row + 1


def _setup(ws: Worksheet, card: Card, *, one_page: bool) -> None:
    for i, key in enumerate(_columns(card), start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(key, LEVEL_WIDTH)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4


_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(card: Card, used: set[str]) -> str:
    base = _BAD_TITLE.sub("", f"{card.retiree.id}{card.retiree.name}")[:28] or str(card.retiree.id)
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}-{n}", n + 1
    used.add(title)
    return title


def build_workbook(
    cards: Sequence[Card],
    *,
    one_sheet: bool = False,
    reveal: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Workbook:
    wb = Workbook()
    first = wb.active
    assert first is not None
    if one_sheet or len(cards) <= 1:
        ws = first
        ws.title = t("card.sheet_title")
        if cards:
            widest = max(cards, key=lambda c: len(c.components))
            _setup(ws, widest, one_page=len(cards) == 1)
        row = 1
        for index, card in enumerate(cards):
            row = draw_card(ws, card, row, reveal=reveal)
            if index < len(cards) - 1:
                ws.row_breaks.append(Break(id=row))  # the break comes after row `row`
            row += 1
            if progress:
                progress(1)
        return wb
    wb.remove(first)
    used: set[str] = set()
    for card in cards:
        ws = wb.create_sheet(_sheet_title(card, used))
        _setup(ws, card, one_page=True)
        draw_card(ws, card, 1, reveal=reveal)
        if progress:
            progress(1)
    return wb


def save_atomic(wb: Workbook, path: Path) -> None:
    """Write beside the target, owner-only, then rename: never a half-written or world-readable card."""
    target = path.expanduser()
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        os.close(fd)
        wb.save(tmp)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_cards(
    path: Path,
    cards: Sequence[Card],
    *,
    one_sheet: bool = False,
    reveal: bool = False,
    progress: Callable[[int], None] | None = None,
) -> None:
    save_atomic(build_workbook(cards, one_sheet=one_sheet, reveal=reveal, progress=progress), path)
