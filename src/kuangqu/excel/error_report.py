"""The errors workbook of a failed import: the offending rows as read, plus 错误说明, to fix and re-import.

The header row is written as it was in the clerk's sheet, so the fixed file imports with
the same columns. Cells are written as text where they were text (an ID stays text), and
text that starts with = + - @ is written as a string, never a formula.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from kuangqu.errors import DatabaseProblem, Problem


def write_error_workbook(target: Path, sheets: list[Any], problems: list[Problem], describe: Any) -> int:
    """Write the rows named by `problems` to `target`; returns how many rows were written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    by_row: dict[tuple[str | None, int | None], list[str]] = defaultdict(list)
    for problem in problems:
        by_row[(problem.sheet, problem.row)].append(describe(problem))
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    red = Font(color="C00000")
    fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    written = 0
    for sheet in sheets:
        rows = [r for r in sheet.rows if (sheet.name, r.row) in by_row]
        general = by_row.get((sheet.name, None), [])
        if not rows and not general:
            continue
        ws = wb.create_sheet(title=sheet.name[:31])
        header = []
        for text in sheet.header_texts:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            header.append(cell)
        note = WriteOnlyCell(ws, value="错误说明")
        note.font = bold
        note.fill = fill
        header.append(note)
        ws.append(["原行号", *header])
        width = len(sheet.header_texts)
        for row in rows:
            values = [_cell(ws, v) for v in (row.cells + [None] * width)[:width]]
            message = WriteOnlyCell(ws, value="；".join(by_row[(sheet.name, row.row)]))
            message.font = red
            message.alignment = wrap
            ws.append([row.row, *values, message])
            written += 1
        for text in general:
            ws.append([None, *([None] * width), text])
    if written == 0 and not problems:
        return 0
    leftover = [p for p in problems if p.sheet not in {s.name for s in sheets}]
    if leftover or written == 0:
        ws = wb.create_sheet(title="其他问题")
        ws.append(["位置", "错误说明"])
        for problem in leftover or problems:
            ws.append([f"{problem.sheet or ''} {problem.row or ''}".strip(), describe(problem)])
    _atomic_save(wb, target)
    return written


def _cell(ws: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # "=HYPERLINK(…)" typed by a clerk stays text
        cell.number_format = "@"
        return cell
    if isinstance(value, (dt.date, dt.datetime, int, float, bool)) or value is None:
        return value
    return str(value)


def _atomic_save(wb: Any, target: Path) -> None:
    target = target.expanduser()
    if not target.parent.is_dir():
        raise DatabaseProblem("export.no_directory", path=str(target.parent))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError as exc:
        raise DatabaseProblem(
            "export.write_failed", path=str(target), reason=exc.strerror or type(exc).__name__
        ) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
