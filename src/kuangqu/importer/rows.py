"""From a workbook to located rows: header found, rows skipped with reasons, cells checked.

Every value keeps its place (sheet, row number, column letter) so that a problem found
later — by validation or against the database — can be reported where the clerk will
look for it.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kuangqu.errors import InvalidInput, Problem
from kuangqu.excel.headers import SynonymTable, column_letter, find_header, skip_reason
from kuangqu.excel.reader import ErrorCell, FormulaWithoutValue, Workbook, merged_in_data
from kuangqu.rules.masking import mask_value

_UNREADABLE = (ErrorCell, FormulaWithoutValue)


@dataclass(slots=True)
class SourceRow:
    sheet: str
    row: int  # the sheet row number the clerk sees
    cells: list[Any]  # the whole row as read, for the errors workbook
    extra: dict[str, Any]  # unknown column header → value (kept, never dropped)
    mapped: Sequence[tuple[int, str]]  # (column index, field key) of the sheet's known columns

    @property
    def values(self) -> dict[str, Any]:
        """Field key → cell value (mapped columns only; text stripped; error cells left out).

        Made from the cells when asked rather than stored: a 20-key dict per row, held through
        the whole import of 100,000 rows, was a large part of its peak memory.
        """
        cells, width = self.cells, len(self.cells)
        values: dict[str, Any] = {}
        for index, key in self.mapped:
            value = cells[index] if index < width else None
            if value.__class__ is str:  # the common case first: this runs for every cell
                values[key] = value.strip()
            elif not isinstance(value, _UNREADABLE):
                values[key] = value.strip() if isinstance(value, str) else value
        return values


@dataclass
class SheetRows:
    name: str
    header_texts: list[str]  # the header cells as written (for the errors workbook)
    columns: dict[str, str]  # field key → column letter
    rows: list[SourceRow] = field(default_factory=list)


@dataclass
class ReadResult:
    sheets: list[SheetRows]
    warnings: list[Problem]
    errors: list[Problem]
    skipped: Counter[str]
    kind: str

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


@contextmanager
def fewer_full_collections(threshold: int = 1000) -> Iterator[None]:
    """Python's cycle collector, with its full (oldest-generation) passes made rare for a while.

    Reading, validating and inserting 100,000 rows keeps millions of objects alive, and CPython
    runs a full collection, which visits every one of them, each time the live set has grown by a
    quarter: about 1.5 CPU-seconds of a 100k import for nothing (these phases make no lasting
    cycles). The young generations are still collected as usual, so short-lived cycles (a refused
    value's exception) are freed as before; the old setting is restored on the way out.
    """
    first, second, full = gc.get_threshold()
    gc.set_threshold(first, second, max(full, threshold))
    try:
        yield
    finally:
        gc.set_threshold(first, second, full)


def locate_rows(book: Workbook, synonyms: SynonymTable, required: Iterable[str]) -> ReadResult:
    """The rows of a read workbook's sheets (`excel.reader.read_workbook`), located under each
    sheet's header.

    A sheet without a recognisable header is a problem (raised when no sheet has one);
    blank, total and repeated-header rows are counted as skipped; error cells, uncalculated
    formulas and merged cells inside the data are problems at their place.
    """
    warnings = list(book.warnings)
    errors: list[Problem] = []
    skipped: Counter[str] = Counter()
    sheets: list[SheetRows] = []
    required = list(required)
    header_problems: list[Problem] = []
    for sh in book.sheets:
        if not sh.rows:
            warnings.append(Problem("import.sheet_empty", {"name": sh.name}, sheet=sh.name))
            continue
        try:
            header = find_header(
                sh.rows, synonyms, required, sheet=sh.name, first_row_number=sh.first_row_number
            )
        except InvalidInput as exc:
            header_problems.extend(exc.problems)
            continue
        header_row = sh.rows[header.row_index]
        texts = ["" if v is None else str(v) for v in header_row]
        letters = {key: column_letter(index) for index, key in header.columns.items()}
        for index, original in header.unknown.items():
            warnings.append(
                Problem(
                    "import.unknown_column",
                    {"header": original, "column": column_letter(index)},
                    sheet=sh.name,
                )
            )
        out = SheetRows(sh.name, texts, letters)
        first_data = header.data_start
        merged_rows: set[int] = set()
        for merged in merged_in_data(sh, sh.row_number(first_data)):
            merged_rows.update(range(merged.first_row, merged.last_row + 1))
            errors.append(
                Problem("import.merged_cells", {"ref": merged.ref}, sheet=sh.name, row=merged.first_row)
            )
        mapped = tuple(header.columns.items())
        # A sheet the reader found no error cell or uncalculated formula in needs no look per cell.
        look = getattr(sh, "unreadable_cells", None) is not False
        for offset, cells in enumerate(sh.rows[first_data:]):
            row_number = sh.row_number(first_data + offset)
            reason = skip_reason(cells, header)
            if reason is not None:
                skipped[reason] += 1
                continue
            if row_number in merged_rows:
                continue
            if look:
                width = len(cells)
                for index, key in mapped:
                    value = cells[index] if index < width else None
                    if value.__class__ is not str and isinstance(value, _UNREADABLE):
                        errors.append(_cell_problem(value, sh.name, row_number, column_letter(index), key))
            extra = {
                original: cells[index]
                for index, original in header.unknown.items()
                if index < len(cells)
                and _present(cells[index])
                and not isinstance(cells[index], (ErrorCell, FormulaWithoutValue))
            }
            # The row list itself, not a copy: nothing changes it after reading (memory at 100k rows).
            out.rows.append(SourceRow(sh.name, row_number, cells, extra, mapped))
        sheets.append(out)
    if header_problems and not sheets:
        raise InvalidInput(header_problems)
    errors = header_problems + errors
    return ReadResult(sheets, warnings, errors, skipped, book.kind)


def _cell_problem(value: Any, sheet: str, row: int, column: str, key: str) -> Problem:
    if isinstance(value, FormulaWithoutValue):
        return Problem("import.formula_without_value", {}, field=key, sheet=sheet, row=row, column=column)
    return Problem(
        "import.error_cell",
        {"code": str(value)},
        field=key,
        value=str(value),
        sheet=sheet,
        row=row,
        column=column,
    )


def locate(problems: Iterable[Problem], row: SourceRow, columns: dict[str, str]) -> list[Problem]:
    """Give validation problems (which know only their field) the row's sheet, row and column."""
    located = []
    for p in problems:
        p.sheet, p.row = row.sheet, row.row
        if p.field and p.column is None:
            p.column = columns.get(p.field)
        if p.value is not None and p.field:
            p.value = mask_value(p.field, p.value)
        located.append(p)
    return located
