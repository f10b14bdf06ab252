"""Writing .xlsx files: the one place exports touch openpyxl.

`Book(target)` is a streaming (write-only) workbook bound to its target file; `Sheet` lays out
one worksheet top to bottom (widths, print setup, merged title lines, a header, rows, a total
row, drop-downs, charts). It owns: safe cell values (every str becomes a string cell, never a
formula or an error value; control characters and text over Excel's 32,767 units are refused);
the atomic save (a temporary file beside the target, fsync, owner-only, `os.replace`, nothing
left behind on any failure, errors turned into kuangqu messages); print setup (A4, fit to
width, repeated header rows, page numbers); streaming with shared NamedStyles, so a 100k-row
sheet costs one short-lived WriteOnlyCell per cell; totals as live `=SUM()` formulas whose cached
values are written too (openpyxl cannot store them, so the sheet XML is patched while it is
zipped); and native bar/line charts.

Speed: a sheet hands openpyxl finished, positioned cells (its per-value conversion is replaced
by `_as_given`), text and numbers are stored without openpyxl's re-typing once `check_text`
has passed them, and a data cell's style id is looked up once per column. These lean on
openpyxl 3.1 internals (`_values_to_row`, `Cell._value`, `Workbook._cell_styles`); the writer's
tests read every file back, so a change there shows at once.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import LXML, Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.writer.excel import ExcelWriter

from kuangqu.errors import Conflict, ExitCode, KuangquError, RuleViolation
from kuangqu.rules.text import CELL_TEXT_LIMIT, excel_length

# Column kinds: how a column's cells are typed and formatted.
TEXT = "text"  # always a string cell, number format "@" so Excel keeps what the clerk types as text
GENERAL = "general"  # str → string cell, numbers → numbers
INT = "int"
MONEY = "money"  # Decimal yuan, two places
DATE = "date"
DATETIME = "datetime"
ERROR_NOTE = "error_note"  # red, wrapped text: what is wrong with a row (an import's errors workbook)

# Control characters (except tab and line feed), lone surrogates and the two XML non-characters:
# none can be stored in an xlsx cell. One regex search is much cheaper than a per-character loop.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
SHEET_NAME_LIMIT = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_ZERO = Decimal(0)
_LONG = CELL_TEXT_LIMIT // 2  # shorter text cannot exceed the limit, even in UTF-16 units
_EXACT = 10**15  # integers below this are written by "%.16g" exactly as str() writes them


class _FixedStyleCell(Cell):
    """A data cell whose style is never changed after it is made, so its style id (openpyxl looks
    it up in the workbook's style list for every cell it writes) is found once per column."""

    __slots__ = ("_sid",)

    @property
    def style_id(self) -> int:
        return self._sid  # type: ignore[no-any-return]


def _as_given(values: Any, row_idx: int) -> Any:
    """Replaces WriteOnlyWorksheet._values_to_row: kuangqu appends finished, positioned cells."""
    return values


class _RowXml(tuple):  # type: ignore[type-arg]
    """A data row already serialised as sheet XML (`<row …><c …>…</c>…</row>`), as a 1-tuple:
    openpyxl's append takes only sequences."""

    __slots__ = ()


# Without lxml, openpyxl serialises every cell through xml.etree (an Element, its attributes, its
# escaping): about 80 µs a cell, most of a big export. A data row whose values are all text or
# numbers is therefore written as the XML openpyxl would write for it, straight into its stream.
RAW_ROWS = not LXML


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _raw_row_writer(ws: Any) -> None:
    """Let the worksheet's writer (made at its first row) take `_RowXml` rows as they are."""
    make_writer = ws._get_writer

    def get_writer() -> None:
        fresh = ws._writer is None
        make_writer()
        if not fresh:
            return
        write_row = ws._writer.write_row

        def write(xf: Any, row: Any, row_idx: int) -> None:
            if type(row) is _RowXml:
                xf._file(row[0])
            else:
                write_row(xf, row, row_idx)

        ws._writer.write_row = write

    ws._get_writer = get_writer


class TargetProblem(KuangquError):
    """The output path cannot be used (wrong suffix, missing folder, locked file). Exit code 1."""

    exit_code = ExitCode.INVALID


class WriteFailed(KuangquError):
    """The disk filled up or the system refused the write. Exit code 5, like the database's own
    disk-full error: the environment failed, not the user's input."""

    exit_code = ExitCode.DATABASE


@dataclass(frozen=True)
class Col:
    """One column of a table: its header label, width (characters), kind and whether it is totalled."""

    label: str
    width: float = 12.0
    kind: str = GENERAL
    total: bool = False


@dataclass
class Saved:
    """What was written: the path, the sheet names, the data rows, and whether a file was replaced."""

    path: Path
    sheets: list[str]
    rows: int
    replaced: bool


# ----------------------------------------------------------------------------- target checks


def check_target(target: Path | str, *, force: bool = False) -> tuple[Path, bool]:
    """Refuse an unusable output path before any work is done; returns (path, exists).

    An existing .xlsx is replaced (atomically, at the end); an existing file that is not an
    Excel workbook is refused unless `force`, because a mistyped -o must not destroy, say, a
    Word document or the database.
    """
    path = Path(target).expanduser()
    shown = str(path)
    if path.suffix.lower() != ".xlsx":
        raise TargetProblem("xlsx.target_suffix", path=shown)
    if path.is_dir():
        raise TargetProblem("xlsx.target_is_dir", path=shown)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise TargetProblem("xlsx.target_dir_missing", path=str(parent))
    exists = path.exists()
    if exists and not force and path.stat().st_size > 0 and not looks_like_xlsx(path):
        raise Conflict("xlsx.target_not_xlsx", path=shown)
    return path, exists


def looks_like_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def translate_os_error(exc: OSError, path: Path) -> KuangquError:
    """An OSError met while writing `path` → the message the clerk sees."""
    shown = str(path)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return WriteFailed("xlsx.disk_full", path=shown)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.EROFS):
        return TargetProblem("xlsx.target_locked", path=shown)
    return WriteFailed("xlsx.write_failed", path=shown, reason=exc.strerror or type(exc).__name__)


# ----------------------------------------------------------------------------- cell values


def check_text(text: str, *, sheet: str = "", row: int = 0, column: str = "") -> str:
    """`text` if an xlsx cell can hold it; else RuleViolation naming the place."""
    bad = _UNWRITABLE.search(text)
    if bad is not None:
        raise RuleViolation(
            "xlsx.bad_text", sheet=sheet, row=row, column=column, code=f"U+{ord(bad.group()):04X}"
        )
    # Counting UTF-16 units is only worth it when the text could be near the limit.
    if len(text) > CELL_TEXT_LIMIT // 2 and excel_length(text) > CELL_TEXT_LIMIT:
        raise RuleViolation("xlsx.text_too_long", sheet=sheet, row=row, column=column, limit=CELL_TEXT_LIMIT)
    return text


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters, not already in `taken`."""
    base = _SHEET_NAME_BAD.sub("_", name).strip("'") or "Sheet"
    base = base[:SHEET_NAME_LIMIT]
    used = {t.casefold() for t in taken}
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f"({n})"
        candidate = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        n += 1
    return candidate


# ----------------------------------------------------------------------------- styles

_THIN = Side(style="thin", color="808080")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_MIDDLE = Alignment(vertical="center", wrap_text=False)
_WRAP = Alignment(vertical="center", wrap_text=True)

# name → (font, alignment, border, number format, fill); shared by every cell that uses them.
_STYLE_SPECS: dict[str, tuple[Font, Alignment, Border | None, str, PatternFill | None]] = {
    "kq.title": (
        Font(bold=True, size=16),
        Alignment(horizontal="center", vertical="center"),
        None,
        "General",
        None,
    ),
    "kq.line": (Font(size=11), Alignment(horizontal="left", vertical="center"), None, "General", None),
    "kq.note": (
        Font(size=10),
        Alignment(horizontal="left", vertical="top", wrap_text=True),
        None,
        "General",
        None,
    ),
    "kq.header": (
        Font(bold=True),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        _GRID,
        "General",
        PatternFill("solid", fgColor="E7E6E6"),
    ),
    "kq.general": (Font(), _MIDDLE, _GRID, "General", None),
    "kq.text": (Font(), _MIDDLE, _GRID, "@", None),
    "kq.wrap": (Font(), _WRAP, _GRID, "@", None),
    "kq.int": (Font(), _MIDDLE, _GRID, "0", None),
    "kq.money": (Font(), _MIDDLE, _GRID, "#,##0.00", None),
    "kq.date": (Font(), _MIDDLE, _GRID, "yyyy-mm-dd", None),
    "kq.datetime": (Font(), _MIDDLE, _GRID, "yyyy-mm-dd hh:mm", None),
    "kq.error_note": (Font(color="C00000"), _WRAP, _GRID, "@", None),
    "kq.total": (Font(bold=True), _MIDDLE, _GRID, "General", None),
    "kq.total_int": (Font(bold=True), _MIDDLE, _GRID, "0", None),
    "kq.total_money": (Font(bold=True), _MIDDLE, _GRID, "#,##0.00", None),
}
_KIND_STYLE = {
    TEXT: "kq.text",
    GENERAL: "kq.general",
    INT: "kq.int",
    MONEY: "kq.money",
    DATE: "kq.date",
    DATETIME: "kq.datetime",
    ERROR_NOTE: "kq.error_note",
}
_TOTAL_STYLE = {INT: "kq.total_int", MONEY: "kq.total_money"}


class _Styles:
    """The workbook's NamedStyles, registered once, and a prototype style array for each.

    A new cell built with a prototype's style array is what `cell.style = name` gives, without
    the name lookups: that keeps styled cells nearly as cheap as plain ones on big sheets.
    """

    def __init__(self, wb: Workbook, ws: Any) -> None:
        self.arrays: dict[str, Any] = {}
        for name, (font, align, border, fmt, fill) in _STYLE_SPECS.items():
            style = NamedStyle(name=name, font=font, alignment=align, number_format=fmt)
            if border is not None:
                style.border = border
            if fill is not None:
                style.fill = fill
            wb.add_named_style(style)
            proto = WriteOnlyCell(ws)
            proto.style = name
            self.arrays[name] = proto._style

    def array(self, name: str) -> Any:
        return copy(self.arrays[name])


# ----------------------------------------------------------------------------- cached totals

_FORMULA_CELL = re.compile(rb'(<c r="([A-Z]{1,3}[0-9]+)"[^>]*>)<f>([^<]*)</f>(?:<v\s*/>|<v></v>)')


def fill_cached_values(xml: bytes, values: dict[str, str]) -> bytes:
    """Put each formula cell's cached value (`values`: "B12" → "3456.78") into a sheet's XML.

    openpyxl writes formulas with an empty <v/>: Excel recalculates on load, but readers that
    do not calculate (python-calamine, pandas, LibreOffice's default) would see nothing.
    """

    def fill(match: re.Match[bytes]) -> bytes:
        value = values.get(match.group(2).decode())
        if value is None:
            return match.group(0)
        return match.group(1) + b"<f>" + match.group(3) + b"</f><v>" + value.encode() + b"</v>"

    return _FORMULA_CELL.sub(fill, xml)


class _Archive(zipfile.ZipFile):
    """The zip openpyxl writes into; sheets with totals get their cached values on the way in."""

    def __init__(self, file: Any, patches: dict[str, dict[str, str]]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._patches = patches

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        values = self._patches.get(str(arcname))
        if not values:
            super().write(filename, arcname, *args, **kwargs)
            return
        with open(filename, "rb") as fh:
            xml = fh.read()
        self.writestr(str(arcname), fill_cached_values(xml, values))


def _number_text(value: Decimal | int | float) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return repr(value) if isinstance(value, float) else str(value)


# ----------------------------------------------------------------------------- book and sheet


class Book:
    """A streaming workbook bound to its output file. Use as a context manager::

        with Book(path) as book:
            sheet = book.sheet("登记表")
            ...
            saved = book.save()

    Leaving the block without `save()` (an error, or on purpose) writes nothing and removes
    openpyxl's temporary files; an OSError inside the block becomes a kuangqu message.
    """

    def __init__(self, target: Path | str, *, force: bool = False) -> None:
        self.target, self.replacing = check_target(target, force=force)
        self.wb = Workbook(write_only=True)
        self.wb.properties.creator = "kuangqu"
        # Excel and WPS recalculate every formula on open; the cached values are for the rest.
        self.wb.calculation.fullCalcOnLoad = True
        self.sheets: list[Sheet] = []
        self._styles: _Styles | None = None
        self._saved = False

    def __enter__(self) -> Book:
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if exc is None and self._saved:
            return
        self.discard()
        if isinstance(exc, OSError):
            raise translate_os_error(exc, self.target) from None

    def styles(self, ws: Any) -> _Styles:
        if self._styles is None:
            self._styles = _Styles(self.wb, ws)
        return self._styles

    def sheet(self, title: str) -> Sheet:
        name = sheet_title(title, [s.name for s in self.sheets])
        ws = self.wb.create_sheet(name)
        sheet = Sheet(self, ws)
        self.sheets.append(sheet)
        return sheet

    @property
    def data_rows(self) -> int:
        return sum(s.data_rows for s in self.sheets if s.counted)

    def save(self) -> Saved:
        """Write everything to a temporary file beside the target, then rename it over the target."""
        if not self.sheets:
            self.sheet("Sheet")
        patches = {
            f"xl/worksheets/sheet{index}.xml": sheet.cached
            for index, sheet in enumerate(self.sheets, start=1)
            if sheet.cached
        }
        directory = self.target.parent
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.target.stem}.", suffix=".xlsx.tmp", dir=directory)
        except OSError as exc:
            raise translate_os_error(exc, self.target) from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "w+b") as fh:
                os.chmod(tmp, 0o600)
                _write_archive(self.wb, fh, patches)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.target)
        except BaseException as exc:
            _remove(tmp)
            if isinstance(exc, OSError):
                raise translate_os_error(exc, self.target) from None
            raise
        _fsync_dir(directory)
        self._saved = True
        return Saved(self.target, [s.name for s in self.sheets], self.data_rows, self.replacing)

    def discard(self) -> None:
        """Forget the workbook: remove the sheet XML openpyxl streamed into temporary files."""
        for ws in self.wb.worksheets:
            writer = getattr(ws, "_writer", None)
            if writer is None:
                continue
            try:
                if getattr(ws, "_rows", None) is not None:
                    ws._rows.close()  # ends the row stream cleanly before its file is closed
                writer.close()
            except Exception:  # a half-written stream may refuse to close; the file goes anyway
                pass
            out = getattr(writer, "out", None)
            if isinstance(out, str):
                _remove(Path(out))


def _write_archive(wb: Workbook, fh: Any, patches: dict[str, dict[str, str]]) -> None:
    """Zip the workbook into the open temporary file (tests replace this to simulate a full disk)."""
    archive = _Archive(fh, patches)
    try:
        ExcelWriter(wb, archive).save()
    except BaseException:
        # Abandon the half-written zip: left open, its __del__ would try to write the zip's
        # directory into the closed (or full) file at exit and print a traceback.
        archive.fp = None
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # nothing more can be done; the name starts with "." and ends with ".tmp"
        pass


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; the rename is durable enough there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass
class _TotalsState:
    first_row: int = 0
    sums: dict[int, Decimal] = field(default_factory=dict)


class Sheet:
    """One worksheet written top to bottom. Widths, print setup and frozen panes must be set
    before the first row (write-only mode writes them first); everything else may come later."""

    def __init__(self, book: Book, ws: Any) -> None:
        self.book = book
        self.ws = ws
        self.name: str = ws.title
        self.row = 0  # the last row written
        self.data_rows = 0
        self.counted = True  # False for sheets of instructions or summaries: not "data rows"
        self.cached: dict[str, str] = {}
        self._cols: list[Col] = []
        self._styles = book.styles(ws)
        self._arrays: list[Any] = []  # style array of each column of the current table
        self._totalled: frozenset[int] = frozenset()
        self._style_ids: dict[int, int] = {}  # id(style array) → index in the workbook's cell styles
        self._totals = _TotalsState()
        # Rows arrive as finished, positioned cells (see `_emit`): openpyxl's own conversion of
        # each appended value is skipped, which is most of the per-cell cost it adds.
        ws._values_to_row = _as_given
        self._raw = RAW_ROWS
        self._letters: list[str] = []
        # Each column's cell start tag by row width, for the current table (see `_column_heads`).
        self._heads: dict[int, list[tuple[str, str]]] = {}
        if self._raw:
            _raw_row_writer(ws)

    # -- set-up (before the first row) -------------------------------------------------

    def columns(self, cols: Sequence[Col]) -> Sheet:
        """The sheet's columns: their widths (set once, before the first row) and the current table."""
        self.table(cols)
        for index, col in enumerate(self._cols, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = col.width
        return self

    def table(self, cols: Sequence[Col]) -> Sheet:
        """Switch to another table's columns (kinds, labels, totals) further down the same sheet."""
        self._cols = list(cols)
        self._arrays = [self._styles.arrays[_KIND_STYLE.get(c.kind, "kq.general")] for c in self._cols]
        self._totalled = frozenset(i for i, c in enumerate(self._cols) if c.total)
        self._heads = {}
        return self

    def column_format(self, index: int, kind: str = TEXT) -> None:
        """Give a whole column a style, so cells the clerk types into later inherit it (template)."""
        dim = self.ws.column_dimensions[get_column_letter(index)]
        dim._style = self._styles.array(_KIND_STYLE[kind])

    def page(
        self,
        *,
        landscape: bool = True,
        fit_width: bool = True,
        repeat_rows: str | None = None,
        footer: str | None = None,
    ) -> Sheet:
        """A4, orientation, fit all columns on the page width, header rows on every page, page numbers."""
        ws = self.ws
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        if fit_width:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
        ws.print_options.horizontalCentered = True
        if repeat_rows:
            ws.print_title_rows = repeat_rows
        if footer:
            ws.oddFooter.center.text = footer
            ws.evenFooter.center.text = footer
        return self

    def freeze(self, cell: str) -> Sheet:
        self.ws.freeze_panes = cell
        return self

    def row_height(self, row: int, height: float) -> None:
        """Height (points) of a row not written yet."""
        self.ws.row_dimensions[row].height = height

    # -- rows ---------------------------------------------------------------------------

    @property
    def width(self) -> int:
        return max(len(self._cols), 1)

    def _cell(self, style: str | Any, column: int, value: Any = None) -> Any:
        array = self._styles.arrays[style] if isinstance(style, str) else style
        cell = Cell(self.ws, self.row, column, None, array)
        if value is not None:
            self._set(cell, value)
        return cell

    def _emit(self, cells: list[Any]) -> int:
        self.ws.append(cells)
        return self.row

    def merged_line(
        self, text: str, *, style: str = "kq.line", height: float | None = None, span: int | None = None
    ) -> int:
        """A line of text across the table's width (a merged cell): the title or the 填报单位 line."""
        self.row += 1
        if height:
            self.row_height(self.row, height)
        self._emit([self._cell(style, 1, text)])
        span = span or self.width
        if span > 1:
            self.ws.merged_cells.add(f"A{self.row}:{get_column_letter(span)}{self.row}")
        return self.row

    def title(self, text: str, *, span: int | None = None) -> int:
        return self.merged_line(text, style="kq.title", height=30, span=span)

    def blank(self) -> int:
        self.row += 1
        return self._emit([])

    def plain(self, values: Sequence[Any], *, style: str = "kq.line") -> int:
        """A row of unbordered cells (notes, sign-off lines, label/value lists)."""
        self.row += 1
        return self._emit([self._cell(style, i, v) for i, v in enumerate(values, start=1)])

    def header(self, labels: Sequence[str] | None = None, *, height: float | None = None) -> int:
        """The header row (the columns' labels by default); data rows start below it."""
        self.row += 1
        if height:
            self.row_height(self.row, height)
        labels = list(labels) if labels is not None else [c.label for c in self._cols]
        self._emit([self._cell("kq.header", i, label) for i, label in enumerate(labels, start=1)])
        self._totals = _TotalsState(first_row=self.row + 1)
        return self.row

    def append(
        self, values: Sequence[Any], *, kinds: Sequence[str | None] | None = None, height: float | None = None
    ) -> int:
        """One data row, each value typed and styled by its column's kind (or by `kinds`, cell by cell).

        The hot loop of big exports: strings and numbers are stored directly (after the checks
        `check_text` makes), other values go through openpyxl's own typing.
        """
        self.row += 1
        self.data_rows += 1
        row = self.row
        ws, arrays, totalled = self.ws, self._arrays, self._totalled
        general = self._styles.arrays["kq.general"]
        if kinds is not None:
            given = arrays
            arrays = [
                self._styles.arrays[_KIND_STYLE[k]] if k else (given[i] if i < len(given) else general)
                for i, k in enumerate(kinds)
            ]
        if self._raw and row not in ws.row_dimensions:
            heads = self._heads.get(len(values)) if kinds is None else None
            if heads is None:
                heads = self._column_heads(arrays, general, len(values))
                if kinds is None:
                    self._heads[len(values)] = heads
            xml = self._row_xml(values, heads, row, height)
            if xml is not None:
                ws.append(xml)
                return row
        if height:
            self.row_height(row, height)
        width = len(arrays)
        style_ids = self._style_ids
        cells = []
        for index, value in enumerate(values):
            array = arrays[index] if index < width else general
            kind = type(value)
            if (
                kind is str and not (_UNWRITABLE.search(value) or len(value) > _LONG or value[:1].isspace())
            ) or (kind is int or kind is Decimal or kind is float):
                cell = _FixedStyleCell(ws, row, index + 1, None, array)
                sid = style_ids.get(id(array))
                if sid is None:
                    sid = style_ids[id(array)] = self.book.wb._cell_styles.add(array)
                cell._sid = sid
                cell._value = value
                if kind is str:
                    cell.data_type = "s"  # never a formula, never an error value
                elif index in totalled:
                    sums = self._totals.sums
                    sums[index] = sums.get(index, _ZERO) + (value if kind is Decimal else _as_decimal(value))
            else:
                cell = Cell(ws, row, index + 1, None, array)
                if value is not None:
                    self._set(cell, value)
            cells.append(cell)
        ws.append(cells)
        return row

    def _column_heads(self, arrays: Sequence[Any], general: Any, count: int) -> list[tuple[str, str]]:
        """Each column's cell start tag in two parts, around the row number: ('<c r="B', '" s="7"')."""
        letters, style_ids, width = self._letters, self._style_ids, len(arrays)
        while len(letters) < count:
            letters.append(get_column_letter(len(letters) + 1))
        heads = []
        for index in range(count):
            array = arrays[index] if index < width else general
            sid = style_ids.get(id(array))
            if sid is None:
                sid = style_ids[id(array)] = self.book.wb._cell_styles.add(array)
            heads.append((f'<c r="{letters[index]}', f'" s="{sid}"'))
        return heads

    def _row_xml(
        self, values: Sequence[Any], heads: list[tuple[str, str]], row: int, height: float | None
    ) -> _RowXml | None:
        """The row as the XML openpyxl writes for it, or None when a value is not plain text or a
        number (dates, booleans, text that `check_text` must look at): then cells are made."""
        number = str(row)
        if height:
            parts = [f'<row r="{number}" ht="{safe_string(float(height))}" customHeight="1">']
        else:
            parts = [f'<row r="{number}">']
        add = parts.append
        numbers: list[tuple[int, Any]] = []
        for index, value in enumerate(values):
            start, style = heads[index]
            kind = type(value)
            if kind is str:
                if _UNWRITABLE.search(value) or len(value) > _LONG or value[:1].isspace():
                    return None
                if not value:
                    add(f'{start}{number}{style} t="inlineStr"/>')
                    continue
                if "&" in value or "<" in value or ">" in value:
                    value = _escape(value)
                space = ' xml:space="preserve"' if value[-1].isspace() else ""
                add(f'{start}{number}{style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
            elif kind is int and -_EXACT < value < _EXACT:
                add(f'{start}{number}{style} t="n"><v>{value}</v></c>')  # as safe_string's "%.16g"
                numbers.append((index, value))
            elif kind is int or kind is Decimal or kind is float:
                add(f'{start}{number}{style} t="n"><v>{safe_string(value)}</v></c>')
                numbers.append((index, value))
            elif value is None:
                add(f'{start}{number}{style} t="n"/>')
            else:
                return None
        add("</row>")
        totalled = self._totalled
        if totalled:
            sums = self._totals.sums
            for index, value in numbers:
                if index in totalled:
                    amount = value if type(value) is Decimal else _as_decimal(value)
                    sums[index] = sums.get(index, _ZERO) + amount
        return _RowXml(("".join(parts),))

    def extend(
        self,
        rows: Iterable[Sequence[Any]],
        *,
        progress: Callable[[int], None] | None = None,
        every: int = 1000,
    ) -> int:
        """Many data rows; `progress(n)` is called every `every` rows with the number written."""
        count = 0
        for values in rows:
            self.append(values)
            count += 1
            if progress is not None and count % every == 0:
                progress(every)
        if progress is not None and count % every:
            progress(count % every)
        return count

    def total(
        self, label: str, *, label_column: int = 1, overrides: dict[int, Any] | None = None
    ) -> int | None:
        """A 合计 row: `=SUM()` over the data rows for every column marked `total`, with its value cached.

        With no data rows there is nothing to sum: the totals are plain zeros. `overrides` (column
        index from 0 → value) writes a given value instead of the formula, for a total that is not
        the column's sum (people counted once across several rows).
        """
        if not self._totalled:
            return None
        first, last = self._totals.first_row, self.row
        self.row += 1
        cells = []
        for index, col in enumerate(self._cols):
            cell = self._cell(_TOTAL_STYLE.get(col.kind, "kq.total"), index + 1)
            if index + 1 == label_column:
                self._set(cell, label)
            elif overrides and index in overrides:
                self._set(cell, overrides[index])
            elif col.total:
                amount = self._totals.sums.get(index, _ZERO)
                value = amount if col.kind == MONEY else int(amount)
                if last >= first:
                    letter = get_column_letter(index + 1)
                    cell.value = f"=SUM({letter}{first}:{letter}{last})"
                    self.cached[f"{letter}{self.row}"] = _number_text(value)
                else:
                    cell.value = value
            cells.append(cell)
        self._emit(cells)
        return self.row

    def _set(self, cell: Any, value: Any) -> None:
        """Any value through openpyxl's typing, except that text is checked and stays text."""
        if isinstance(value, str):
            if not value.strip():
                # openpyxl drops xml:space="preserve" on text of spaces only, so readers see an
                # empty cell anyway; kuangqu stores text stripped, so this is only ever padding.
                return
            cell.value = check_text(
                value, sheet=self.name, row=cell.row, column=get_column_letter(cell.column)
            )
            # openpyxl reads "=…" as a formula and "#N/A" as an error: text stays text.
            cell.data_type = "s"
        elif isinstance(value, datetime) and value.tzinfo is not None:
            cell.value = value.astimezone().replace(tzinfo=None)
        else:
            cell.value = value

    # -- after the rows ------------------------------------------------------------------

    def dropdown(
        self,
        column: int,
        first_row: int,
        last_row: int,
        *,
        choices: Sequence[str] | None = None,
        source: str | None = None,
        strict: bool = True,
        title: str = "",
        prompt: str = "",
        error: str = "",
    ) -> None:
        """A list drop-down on column `column` (1-based) for rows first..last.

        `choices` inline (joined with commas, at most 255 characters) or `source`, a range such
        as "'说明'!$D$2:$D$7". `strict=False` warns instead of refusing other values.
        """
        if source is None:
            formula = '"' + ",".join(choices or ()) + '"'
            if len(formula) > 257 or any("," in c or '"' in c for c in choices or ()):
                raise ValueError("inline drop-down list too long or with commas; pass a source range")
        else:
            formula = source
        dv = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showDropDown=False,  # (sic) False shows the arrow
            showErrorMessage=True,
            showInputMessage=bool(prompt),
            errorStyle="stop" if strict else "warning",
            errorTitle=title or None,
            error=error or None,
            promptTitle=title or None,
            prompt=prompt or None,
        )
        letter = get_column_letter(column)
        dv.add(f"{letter}{first_row}:{letter}{last_row}")
        self.ws.data_validations.append(dv)

    def range_ref(self, column: int, first_row: int, last_row: int) -> str:
        """An absolute reference to cells of this sheet, for drop-down sources: 'Sheet'!$D$2:$D$7."""
        letter = get_column_letter(column)
        return f"{quote_sheetname(self.name)}!${letter}${first_row}:${letter}${last_row}"

    def chart(
        self,
        title: str,
        *,
        header_row: int,
        last_row: int,
        category_column: int,
        series_columns: Sequence[int],
        anchor: str,
        line: bool = False,
        y_title: str | None = None,
        width: float = 16.0,
        height: float = 7.5,
    ) -> None:
        """A native bar (or line) chart of the given columns, one category per row below `header_row`."""
        if last_row <= header_row or not series_columns:
            return
        chart: BarChart | LineChart = LineChart() if line else BarChart()
        if isinstance(chart, BarChart):
            chart.type = "col"
        chart.title = title
        chart.width, chart.height = width, height
        if y_title:
            chart.y_axis.title = y_title
        # openpyxl ≥3.1 hides axes unless told otherwise; LibreOffice and Excel then draw none.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        for column in series_columns:
            data = Reference(self.ws, min_col=column, min_row=header_row, max_row=last_row)
            chart.add_data(data, titles_from_data=True)
        categories = Reference(self.ws, min_col=category_column, min_row=header_row + 1, max_row=last_row)
        chart.set_categories(categories)
        self.ws.add_chart(chart, anchor)


def _as_decimal(value: Decimal | int | float) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
