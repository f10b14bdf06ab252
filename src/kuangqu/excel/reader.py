"""Read a workbook into plain Python rows, with python-calamine, safely and fast.

`read_workbook(path, sheet=…, all_sheets=…, expected_sheet_names=…)` checks the file with
`sniff.detect_kind` first (size, encryption, zip/XML bombs, not-a-spreadsheet), picks the
sheet(s), and returns a `Workbook` of `Sheet` objects whose `rows` hold, per cell:
``str``, ``int``, ``float``, ``bool``, ``datetime.date`` / ``datetime`` / ``time`` /
``timedelta``, ``None`` for an empty cell, `ErrorCell` for #N/A, #VALUE!, #REF!… and
`FormulaWithoutValue` for a formula that was never calculated (公式未计算).

``rows[i]`` is sheet row ``first_row_number + i``; index ``j`` in a row is column ``j``
(0 = A) — columns are never shifted, so column letters in messages are the user's.
Leading and trailing blank rows are dropped (thousands of formatted empty rows cost
nothing); sheet-size metadata (``<dimension>``) is ignored, so a wrong one loses no rows.

What python-calamine 0.9 does not tell us, and how this module gets it:

- error cells come back as ``""`` (like empty cells) in every format, and formulas are not
  exposed at all. For xlsx/xlsm the sheet XML is streamed once in 4 MiB pieces and searched
  bytewise (compiled patterns with literal prefixes; about 0.6 s for a 100 MB sheet, mostly
  decompression, run on a second thread while calamine parses: calamine releases the GIL)
  for ``t="e"`` cells and ``<f>`` cells with no or an empty ``<v>`` (a
  ``t="str"`` formula with an empty ``<v>`` is a calculated empty text, hence None). Cells
  without ``r="A1"`` attributes (rare writers) fall back to a full iterparse. For .xls the
  BIFF records of the sheet are walked (BOOLERR and FORMULA records with an error result),
  only when a byte pattern shows one may exist; .xls always stores formula results, so
  `FormulaWithoutValue` never occurs there. For .ods ``content.xml`` is scanned bytewise:
  rows are counted, and only rows holding an error cell, a span or a visibility attribute
  are parsed cell by cell, for LibreOffice's ``calcext:value-type="error"`` (an .ods from
  another writer without that attribute shows its error cells as empty);
- hidden rows/columns and filters: xlsx from the same XML scan (``<row hidden="1">``,
  ``<col hidden="1">``, ``<autoFilter>`` with a ``<filterColumn>`` = an active filter);
  xls from ROW (fDyZero), COLINFO (fHidden) and FILTERMODE records; ods from
  ``table:visibility`` (``collapse``, or ``filter`` = hidden by an active filter). Only
  hidden rows/columns inside the data read are reported;
- merged cells: calamine reports them for xlsx and xls (``merged_cell_ranges``); for ods
  they come from ``table:number-columns-spanned`` / ``number-rows-spanned``;
- the 1904 date system is handled correctly by calamine in all three formats (tested),
  so nothing is corrected.

Known quirks left to the importer: numbers in xlsx arrive as ``float`` (``3.0``), in
xls/ods integers may arrive as ``int``; an ods duration arrives as its ISO text
(``PT30H00M00S``). Known limit: calamine builds a dense grid, so one stray value far to
the right or bottom (say XFD100000) costs memory for the whole rectangle.

Macros in .xlsm are never run: calamine reads cell values only.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeAlias
from xml.etree import ElementTree as ET

from python_calamine import CalamineWorkbook, PasswordError, SheetMetadata, SheetTypeEnum, SheetVisibleEnum

from kuangqu.errors import Problem, RuleViolation
from kuangqu.excel.headers import column_letter
from kuangqu.excel.sniff import DEFAULT_MAX_BYTES, DEFAULT_MAX_UNCOMPRESSED, detect_kind, ole_stream
from kuangqu.threads import Background

XLS_MAX_ROWS = 65_536
XLSX_MAX_ROWS = 1_048_576
_MAX_ROWS = {"xls": XLS_MAX_ROWS, "xlsx": XLSX_MAX_ROWS, "xlsm": XLSX_MAX_ROWS, "ods": XLSX_MAX_ROWS}


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class ErrorCell:
    """A cell holding a spreadsheet error such as ``#N/A`` or ``#DIV/0!``."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class FormulaWithoutValue:
    """A formula cell saved without its calculated value (e.g. written by a program)."""

    def __str__(self) -> str:
        return "=?"


CellValue: TypeAlias = (
    str
    | int
    | float
    | bool
    | dt.date
    | dt.datetime
    | dt.time
    | dt.timedelta
    | ErrorCell
    | FormulaWithoutValue
    | None
)


@dataclass(frozen=True, slots=True)
class MergedRange:
    """A block of merged cells: rows are sheet row numbers (1-based), columns indexes (0 = A)."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @property
    def ref(self) -> str:
        first = f"{column_letter(self.first_column)}{self.first_row}"
        return f"{first}:{column_letter(self.last_column)}{self.last_row}"


@dataclass
class Sheet:
    name: str
    rows: list[list[CellValue]]
    first_row_number: int = 1
    merged_ranges: list[MergedRange] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: list[int] = field(default_factory=list)  # sheet row numbers, within the rows read
    hidden_columns: list[int] = field(default_factory=list)  # column indexes, within the width read
    filter_active: bool = False
    # Whether any cell holds an ErrorCell or FormulaWithoutValue (None: not known, look).
    unreadable_cells: bool | None = None

    def row_number(self, index: int) -> int:
        """The sheet row number (as the user sees it) of ``rows[index]``."""
        return self.first_row_number + index


@dataclass
class Workbook:
    path: Path
    kind: str
    sheets: list[Sheet]
    warnings: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def read_workbook(
    path: Path | str,
    *,
    sheet: str | None = None,
    all_sheets: bool = False,
    expected_sheet_names: Sequence[str] | Callable[[], Sequence[str]] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    beside_parse: Callable[[], object] | None = None,
) -> Workbook:
    """Read the chosen sheet(s) of the workbook at `path`.

    Sheet choice: `sheet` if given (else ``excel.sheet_not_found``); the only worksheet
    (or the only visible one); the first sheet named in `expected_sheet_names`; all
    visible sheets when `all_sheets`; otherwise ``excel.sheet_ambiguous``. `expected_sheet_names`
    may be a function giving the names, called only when the choice needs them (the import
    command loads the importer that knows them while this reads).
    `beside_parse` is work of the caller's run on a second thread while calamine parses the
    first chosen sheet (the parse releases the GIL; the file checks before it do not, so work
    started earlier would slow them down); it has ended when this returns, and what it raised
    is raised here.
    Raises `RuleViolation` for every file-level problem (see `sniff.detect_kind`).
    """
    path = Path(path)
    kind = detect_kind(path, max_bytes=max_bytes, max_uncompressed=max_uncompressed)
    file = path.name
    try:
        book = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise RuleViolation("excel.encrypted", file=file) from None
    except Exception as exc:  # the parser boundary: any failure means a broken file
        raise RuleViolation("excel.corrupt", file=file, detail=_detail(exc)) from None
    facts_for = _FACTS_READERS[kind]
    warnings: list[Problem] = []
    sheets: list[Sheet] = []
    with book:
        metas = list(book.sheets_metadata)
        chosen = _choose_sheets(
            metas, file, sheet=sheet, all_sheets=all_sheets, expected=expected_sheet_names
        )
        chosen_names = {m.name for m in chosen}
        for meta in metas:
            if _is_hidden(meta) and meta.typ == SheetTypeEnum.WorkSheet and meta.name not in chosen_names:
                warnings.append(Problem("excel.hidden_sheet_skipped", {"name": meta.name}, sheet=meta.name))
        beside: Background[object] | None = None
        try:
            for index, meta in enumerate(metas):
                if meta.name not in chosen_names:
                    continue
                if _is_hidden(meta):
                    warnings.append(Problem("excel.hidden_sheet_read", {"name": meta.name}, sheet=meta.name))
                # The scan for what calamine cannot report runs beside calamine's parse, which
                # releases the GIL: for a 100,000-row sheet, 0.6 s of a 2 s parse (two cores).
                scan = Background(facts_for, path, meta.name, index, name="kuangqu-sheet-scan")
                if beside is None and beside_parse is not None:
                    beside = Background(beside_parse, name="kuangqu-beside-parse")
                try:
                    calamine_sheet = book.get_sheet_by_name(meta.name)
                    raw = calamine_sheet.to_python(skip_empty_area=False)
                    merged = calamine_sheet.merged_cell_ranges
                except PasswordError:
                    raise RuleViolation("excel.encrypted", file=file) from None
                except Exception as exc:
                    raise RuleViolation("excel.corrupt", file=file, detail=_detail(exc)) from None
                finally:
                    scan.join()  # never leave the scan running (nor its file open) on the way out
                facts = scan.result()
                sheets.append(_build_sheet(meta, raw, merged, facts, kind, warnings))
        finally:
            if beside is not None:
                beside.join()
        if beside is not None:
            beside.result()
    return Workbook(path=path, kind=kind, sheets=sheets, warnings=warnings)


def merged_in_data(sheet: Sheet, first_data_row: int) -> list[MergedRange]:
    """Merged ranges reaching sheet row `first_data_row` or below (title and header merges are fine).

    Only the first cell of a merge keeps its value, so the importer rejects the rows they cover.
    """
    return [m for m in sheet.merged_ranges if m.last_row >= first_data_row]


def merged_cell_problems(sheet: Sheet, first_data_row: int) -> list[Problem]:
    """One ``excel.merged_cells`` problem per merge inside the data, located at its first cell."""
    return [
        Problem(
            "excel.merged_cells",
            {"ref": m.ref, "first_row": m.first_row, "last_row": m.last_row},
            sheet=sheet.name,
            row=max(m.first_row, first_data_row),
            column=column_letter(m.first_column),
        )
        for m in merged_in_data(sheet, first_data_row)
    ]


def _detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _is_hidden(meta: SheetMetadata) -> bool:
    return meta.visible != SheetVisibleEnum.Visible


def _norm_sheet_name(name: str) -> str:
    return "".join(name.split()).casefold()


def _choose_sheets(
    metas: list[SheetMetadata],
    file: str,
    *,
    sheet: str | None,
    all_sheets: bool,
    expected: Sequence[str] | Callable[[], Sequence[str]],
) -> list[SheetMetadata]:
    listing = ", ".join(f"“{m.name}”" for m in metas)
    if sheet is not None:
        for candidates in (
            [m for m in metas if m.name == sheet],
            [m for m in metas if _norm_sheet_name(m.name) == _norm_sheet_name(sheet)],
        ):
            if len(candidates) == 1:
                return candidates
        raise RuleViolation("excel.sheet_not_found", file=file, name=sheet, available=listing)
    worksheets = [m for m in metas if m.typ == SheetTypeEnum.WorkSheet]
    visible = [m for m in worksheets if not _is_hidden(m)]
    if len(worksheets) == 1:
        return worksheets
    if len(visible) == 1:
        return visible
    for wanted in expected() if callable(expected) else expected:
        for candidates in (
            [m for m in worksheets if m.name == wanted],
            [m for m in worksheets if _norm_sheet_name(m.name) == _norm_sheet_name(wanted)],
        ):
            if candidates:
                return candidates[:1]
    if all_sheets:
        return visible or worksheets
    raise RuleViolation("excel.sheet_ambiguous", file=file, sheets=listing or "—")


# --------------------------------------------------------------------------- building a sheet


@dataclass
class _Facts:
    """What the format-specific scan learned about one sheet (0-based sheet coordinates)."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)  # inclusive ranges
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    filter_active: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] | None = None
    positional: bool = True  # False: some cell had no r="A1" attribute, positions unknown


def _build_sheet(
    meta: SheetMetadata,
    raw: list[list[object]],
    merged: list[tuple[tuple[int, int], tuple[int, int]]] | None,
    facts: _Facts,
    kind: str,
    warnings: list[Problem],
) -> Sheet:
    rows = _empty_to_none(raw)
    _overlay(rows, facts)
    end = len(rows)
    while end and rows[end - 1].count(None) == len(rows[end - 1]):
        end -= 1
    start = 0
    while start < end and rows[start].count(None) == len(rows[start]):
        start += 1
    rows = rows[start:end]
    first, last = start + 1, end  # sheet row numbers of rows[0] and rows[-1]
    width = max((len(r) for r in rows), default=0)

    ranges = merged if merged is not None else (facts.merged or [])
    merged_ranges = [MergedRange(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in ranges]
    hidden_rows = sorted(
        {n for lo, hi in facts.hidden_rows for n in range(max(lo + 1, first), min(hi + 1, last) + 1)}
    )
    hidden_columns = sorted(
        {c for lo, hi in facts.hidden_columns for c in range(max(lo, 0), min(hi, width - 1) + 1)}
    )
    name = meta.name
    if hidden_rows:
        warnings.append(
            Problem(
                "excel.hidden_rows",
                {"rows": _runs(hidden_rows), "count": len(hidden_rows)},
                sheet=name,
                row=hidden_rows[0],
            )
        )
    if hidden_columns:
        warnings.append(
            Problem(
                "excel.hidden_columns",
                {
                    "columns": ", ".join(column_letter(c) for c in hidden_columns[:30]),
                    "count": len(hidden_columns),
                },
                sheet=name,
                column=column_letter(hidden_columns[0]),
            )
        )
    if facts.filter_active:
        warnings.append(Problem("excel.filter_active", {"name": name}, sheet=name))
    limit = _MAX_ROWS[kind]
    if rows and last >= limit:
        warnings.append(
            Problem(
                "excel.rows_may_be_missing",
                {"name": name, "limit": limit, "format": kind},
                sheet=name,
                row=last,
            )
        )
    return Sheet(
        name=name,
        rows=rows,
        first_row_number=first,
        merged_ranges=merged_ranges,
        hidden=_is_hidden(meta),
        hidden_rows=hidden_rows,
        hidden_columns=hidden_columns,
        filter_active=facts.filter_active,
        unreadable_cells=bool(facts.errors or facts.formulas_without_value),
    )


def _empty_to_none(raw: list[list[object]]) -> list[list[CellValue]]:
    """calamine's "" (empty, and also error cells) → None: `[None if v == "" else v …]`, in place.

    calamine's lists are ours, and a second list of lists was a large part of an import's memory
    at 100,000 rows; `count` and `index` compare in C exactly as `v == ""` does.
    """
    for row in raw:
        at = -1
        for _ in range(row.count("")):
            at = row.index("", at + 1)
            row[at] = None
    return raw  # type: ignore[return-value]


def _overlay(rows: list[list[CellValue]], facts: _Facts) -> None:
    """Put error cells and uncalculated formulas where calamine left ``""``."""
    cells: list[tuple[tuple[int, int], CellValue]] = [
        (pos, ErrorCell(code)) for pos, code in facts.errors.items()
    ]
    marker = FormulaWithoutValue()
    cells += [(pos, marker) for pos in facts.formulas_without_value]
    if not cells:
        return
    width = max((len(r) for r in rows), default=0)
    need_rows = max(r for (r, _), _ in cells) + 1
    need_width = max(width, max(c for (_, c), _ in cells) + 1)
    if need_width > width:
        for row in rows:
            row.extend([None] * (need_width - len(row)))
    while len(rows) < need_rows:
        rows.append([None] * need_width)
    for (r, c), value in cells:
        rows[r][c] = value


def _runs(numbers: list[int], limit: int = 20) -> str:
    """``[5, 7, 8, 9]`` → ``"5, 7-9"`` (at most `limit` runs, then ``…``)."""
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(runs[:limit]) + (", …" if len(runs) > limit else "")


# --------------------------------------------------------------------------- xlsx / xlsm

_SCAN_CHUNK = 4 * 1024 * 1024
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_ATTR_CACHE: dict[bytes, re.Pattern[bytes]] = {}


def _attr(tag: bytes, name: bytes) -> bytes | None:
    pattern = _ATTR_CACHE.get(name)
    if pattern is None:
        pattern = _ATTR_CACHE[name] = re.compile(rb"[\s]" + name + rb"""\s*=\s*["']([^"']*)["']""")
    m = pattern.search(tag)
    return m.group(1) if m else None


def _cell_position(ref: bytes | None) -> tuple[int, int] | None:
    if not ref:
        return None
    m = _REF.fullmatch(ref)
    if m is None:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ch - 64
    return int(m.group(2)) - 1, col - 1


@dataclass(frozen=True)
class _XlsxTokens:
    cell_open: bytes  # b"<c "
    row_open: bytes  # b"<row "
    col_open: bytes  # b"<col "
    cell_close: bytes  # b"</c>"
    formula: re.Pattern[bytes]
    value: re.Pattern[bytes]
    error: re.Pattern[bytes]
    hidden: re.Pattern[bytes]
    autofilter: bytes
    filter_column: bytes


def _tokens(prefix: bytes) -> _XlsxTokens:
    p = re.escape(prefix)
    return _XlsxTokens(
        cell_open=b"<" + prefix + b"c ",
        row_open=b"<" + prefix + b"row ",
        col_open=b"<" + prefix + b"col ",
        cell_close=b"</" + prefix + b"c>",
        formula=re.compile(b"<" + p + rb"f[\s>/]"),
        value=re.compile(b"<" + p + rb"v(?:\s[^>]*)?(?:/>|>(.*?)</" + p + b"v>)", re.S),
        error=re.compile(rb"""t\s*=\s*["']e["']"""),
        hidden=re.compile(rb"""hidden\s*=\s*["'](?:1|true)["']"""),
        autofilter=b"<" + prefix + b"autoFilter",
        filter_column=b"<" + prefix + b"filterColumn",
    )


def _xlsx_facts(path: Path, sheet_name: str, index: int) -> _Facts:
    with zipfile.ZipFile(path) as zf:
        member = _xlsx_sheet_member(zf, sheet_name, index)
        if member is None:
            return _Facts()
        facts = _scan_xlsx_sheet(zf, member)
        if not facts.positional:
            facts = _scan_xlsx_sheet_slowly(zf, member)
    return facts


def _xlsx_sheet_member(zf: zipfile.ZipFile, sheet_name: str, index: int) -> str | None:
    """The zip member holding the sheet's XML, via workbook.xml and its relationships."""
    by_lower = {n.lower(): n for n in zf.namelist()}

    def read(name: str) -> bytes | None:
        real = by_lower.get(name.lower())
        return zf.read(real) if real else None

    workbook_part = "xl/workbook.xml"
    root_rels = read("_rels/.rels")
    if root_rels:
        for rel in ET.fromstring(root_rels):
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook_part = rel.get("Target", workbook_part).lstrip("/")
    workbook_xml = read(workbook_part)
    base = posixpath.dirname(workbook_part)
    rels_xml = read(posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels"))
    if workbook_xml is None or rels_xml is None:
        return None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in ET.fromstring(rels_xml)}
    sheets = [el for el in ET.fromstring(workbook_xml).iter() if el.tag.rsplit("}", 1)[-1] == "sheet"]
    chosen = next((el for el in sheets if el.get("name") == sheet_name), None)
    if chosen is None and index < len(sheets):
        chosen = sheets[index]
    if chosen is None:
        return None
    rid = next((v for k, v in chosen.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
    target = targets.get(rid)
    if not target:
        return None
    member = (
        target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
    )
    return by_lower.get(member.lower())


def _scan_xlsx_sheet(zf: zipfile.ZipFile, member: str) -> _Facts:
    """Stream the sheet XML once and pick out what calamine cannot report."""
    facts = _Facts()
    with zf.open(member) as fh:
        buf = fh.read(max(_SCAN_CHUNK, 65536))
        m = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet\b", buf[:65536])
        tokens = _tokens((m.group(1) or b"") if m else b"")
        while True:
            more = fh.read(_SCAN_CHUNK)
            if more:
                # Cut before the last cell or row start: everything before it is complete.
                cut = max(buf.rfind(tokens.cell_open), buf.rfind(tokens.row_open))
                if cut <= 0:
                    buf += more
                    continue
                region, buf = buf[:cut], buf[cut:] + more
            else:
                region = buf
            _scan_region(region, tokens, facts)
            if not more:
                break
    return facts


def _scan_region(region: bytes, tk: _XlsxTokens, facts: _Facts) -> None:
    cell_tag = tk.cell_open[:-1]
    for m in tk.formula.finditer(region):
        start = region.rfind(cell_tag, 0, m.start())
        if start < 0:
            continue
        tag_end = region.find(b">", start)
        attrs = region[start:tag_end]
        kind = _attr(attrs, b"t")
        if kind == b"e":
            continue  # an error result: reported by the error search below
        end = region.find(tk.cell_close, m.end())
        cell = region[tag_end : end if end >= 0 else len(region)]
        value = tk.value.search(cell)
        if value is None or (not value.group(1) and kind != b"str"):
            pos = _cell_position(_attr(attrs, b"r"))
            if pos is None:
                facts.positional = False
            else:
                facts.formulas_without_value.add(pos)
    for m in tk.error.finditer(region):
        if m.start() == 0 or region[m.start() - 1] not in b" \t\r\n":
            continue
        start = region.rfind(b"<", 0, m.start())
        if not region.startswith(cell_tag, start) or region[start + len(cell_tag)] not in b" \t\r\n":
            continue
        tag_end = region.find(b">", m.end())
        if tag_end < 0 or region[tag_end - 1] == ord("/"):
            continue  # <c t="e"/>: no value
        end = region.find(tk.cell_close, tag_end)
        value = tk.value.search(region, tag_end, end if end >= 0 else len(region))
        code = value.group(1).decode("utf-8", "replace").strip() if value and value.group(1) else "#N/A"
        pos = _cell_position(_attr(region[start:tag_end], b"r"))
        if pos is None:
            facts.positional = False
        else:
            facts.errors[pos] = code
    for m in tk.hidden.finditer(region):
        start = region.rfind(b"<", 0, m.start())
        tag_end = region.find(b">", m.end())
        tag = region[start : tag_end if tag_end >= 0 else len(region)]
        if tag.startswith(tk.row_open):
            ref = _attr(tag, b"r")
            if ref is None or not ref.isdigit():
                facts.positional = False
            else:
                facts.hidden_rows.append((int(ref) - 1, int(ref) - 1))
        elif tag.startswith(tk.col_open):
            lo, hi = _attr(tag, b"min"), _attr(tag, b"max")
            if lo and hi and lo.isdigit() and hi.isdigit():
                facts.hidden_columns.append((int(lo) - 1, int(hi) - 1))
    if tk.filter_column in region and tk.autofilter in region:
        facts.filter_active = True


def _scan_xlsx_sheet_slowly(zf: zipfile.ZipFile, member: str) -> _Facts:
    """Full parse for sheets whose cells or rows lack ``r`` attributes (rare writers)."""
    facts = _Facts()
    row = -1
    col = -1
    in_autofilter = False
    with zf.open(member) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if event == "start":
                if tag == "row":
                    ref = el.get("r")
                    row = int(ref) - 1 if ref and ref.isdigit() else row + 1
                    col = -1
                    if el.get("hidden") in ("1", "true"):
                        facts.hidden_rows.append((row, row))
                elif tag == "col" and el.get("hidden") in ("1", "true"):
                    facts.hidden_columns.append((int(el.get("min", "1")) - 1, int(el.get("max", "1")) - 1))
                elif tag == "autoFilter":
                    in_autofilter = True
                elif tag == "filterColumn" and in_autofilter:
                    facts.filter_active = True
                continue
            if tag == "c":
                pos = _cell_position((el.get("r") or "").encode())
                col = pos[1] if pos else col + 1
                children = {child.tag.rsplit("}", 1)[-1]: child for child in el}
                value = children.get("v")
                if el.get("t") == "e":
                    facts.errors[(row, col)] = (value.text or "#N/A").strip() if value is not None else "#N/A"
                elif "f" in children and (value is None or (not value.text and el.get("t") != "str")):
                    facts.formulas_without_value.add((row, col))
                el.clear()
            elif tag == "row":
                el.clear()
    return facts


# --------------------------------------------------------------------------- xls (BIFF)

_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_FORMULA, _BOOLERR, _ROW, _COLINFO, _FILTERMODE = 0x0006, 0x0205, 0x0208, 0x007D, 0x009B
_BIFF_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
# Without one of these byte patterns the sheet has no error cell, hidden row/column or
# active filter, and the record walk is skipped. Patterns: record type + length, then the
# bytes that matter (BOOLERR fError=1; FORMULA result type 2 marked 0xFFFF; ROW fDyZero;
# COLINFO fHidden; FILTERMODE).
_BIT5 = b"[" + b"".join(re.escape(bytes([b])) for b in range(256) if b & 0x20) + b"]"
_BIT0 = b"[" + b"".join(re.escape(bytes([b])) for b in range(256) if b & 0x01) + b"]"
_XLS_PREFILTER = [
    re.compile(rb"\x05\x02\x08\x00.{7}\x01", re.S),
    re.compile(rb"\x06\x00.{8}\x02.{5}\xff\xff", re.S),
    re.compile(rb"\x08\x02\x10\x00.{12}" + _BIT5, re.S),
    re.compile(rb"\x7d\x00\x0c\x00.{8}" + _BIT0, re.S),
    re.compile(rb"\x9b\x00\x00\x00", re.S),
]


def _xls_facts(path: Path, sheet_name: str, index: int) -> _Facts:
    stream = ole_stream(path)
    if stream is None:
        return _Facts()
    sheets = _biff_boundsheets(stream)
    offset = next((off for name, off in sheets if name == sheet_name), None)
    if offset is None and index < len(sheets):
        offset = sheets[index][1]
    if offset is None or offset >= len(stream):
        return _Facts()
    # The sheet's substream ends where the next one starts (or with the stream).
    end = min([off for _, off in sheets if off > offset] or [len(stream)])
    if not any(p.search(stream, offset, end) for p in _XLS_PREFILTER):
        return _Facts()
    return _walk_biff_sheet(stream, offset, end)


def _biff_boundsheets(stream: bytes) -> list[tuple[str, int]]:
    sheets: list[tuple[str, int]] = []
    pos, end, biff8 = 0, len(stream), True
    while pos + 4 <= end:
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4 : pos + 4 + rlen]
        if rtype == _BOF and len(data) >= 2:
            biff8 = struct.unpack_from("<H", data)[0] == 0x0600
        elif rtype == _BOUNDSHEET and len(data) >= 8:
            offset = struct.unpack_from("<I", data)[0]
            cch = data[6]
            if biff8:
                raw = data[8 : 8 + cch * (2 if data[7] & 1 else 1)]
                name = raw.decode("utf-16-le" if data[7] & 1 else "latin-1", "replace")
            else:
                name = data[7 : 7 + cch].decode("gb18030", "replace")
            sheets.append((name, offset))
        elif rtype == _EOF:
            break
        pos += 4 + rlen
    return sheets


_WALKED = frozenset({_BOF, _EOF, _BOOLERR, _FORMULA, _ROW, _COLINFO, _FILTERMODE})


def _walk_biff_sheet(stream: bytes, offset: int, end: int) -> _Facts:
    """Visit every record of one sheet substream (embedded chart substreams skipped)."""
    facts = _Facts()
    pos, depth = offset, 0
    unpack = struct.unpack_from
    walked = _WALKED
    while pos + 4 <= end:
        rtype, rlen = unpack("<HH", stream, pos)
        body = pos + 4
        pos = body + rlen
        if rtype not in walked:
            continue
        if rtype == _BOF:
            depth += 1
        elif rtype == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth != 1:
            continue  # inside an embedded chart
        elif rtype == _BOOLERR and rlen >= 8:
            row, col = unpack("<HH", stream, body)
            if stream[body + 7]:
                facts.errors[(row, col)] = _BIFF_ERRORS.get(stream[body + 6], "#N/A")
        elif rtype == _FORMULA and rlen >= 14:
            if stream[body + 12 : body + 14] == b"\xff\xff" and stream[body + 6] == 2:
                row, col = unpack("<HH", stream, body)
                facts.errors[(row, col)] = _BIFF_ERRORS.get(stream[body + 8], "#N/A")
        elif rtype == _ROW and rlen >= 16:
            if stream[body + 12] & 0x20:
                row = unpack("<H", stream, body)[0]
                facts.hidden_rows.append((row, row))
        elif rtype == _COLINFO and rlen >= 10:
            if stream[body + 8] & 0x1:
                first, last = unpack("<HH", stream, body)
                facts.hidden_columns.append((first, last))
        elif rtype == _FILTERMODE:
            facts.filter_active = True
    return facts


# --------------------------------------------------------------------------- ods

_ODS_TABLE_NS = rb"urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_CALCEXT_NS = rb"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_MAX_REPEAT_EXPANSION = 1000  # error cells copied into at most this many repeated rows


def _ods_facts(path: Path, sheet_name: str, index: int) -> _Facts:
    with zipfile.ZipFile(path) as zf:
        member = {n.lower(): n for n in zf.namelist()}.get("content.xml")
        if member is None:
            return _Facts()
        with zf.open(member) as fh:
            return _scan_ods_content(fh, sheet_name, index)


def _prefix(head: bytes, namespace: bytes, default: bytes) -> bytes:
    m = re.search(rb"xmlns:([A-Za-z_][\w.-]*)=[\"']" + re.escape(namespace) + rb"[\"']", head)
    return m.group(1) + b":" if m else default


class _OdsScanner:
    """Byte-level scan of ``content.xml`` for one table.

    Row numbers are counted (``<table:table-row>`` starts plus ``number-rows-repeated``)
    without parsing; only the rows that contain an error cell, a span or a visibility
    attribute are parsed cell by cell. About 20× faster than a full XML parse.
    """

    def __init__(self, head: bytes, sheet_name: str, index: int) -> None:
        t = re.escape(_prefix(head, _ODS_TABLE_NS, b"table:"))
        calc = re.escape(_prefix(head, _ODS_CALCEXT_NS, b"calcext:"))
        self.row_cut = b"<" + _prefix(head, _ODS_TABLE_NS, b"table:") + b"table-row"
        self.row_start = re.compile(b"<" + t + rb"table-row[\s>/]")
        self.rows_repeated = re.compile(t + rb"number-rows-repeated=[\"'](\d+)[\"']")
        self.table_start = re.compile(b"<" + t + rb"table[\s>]")
        self.table_end = b"</" + _prefix(head, _ODS_TABLE_NS, b"table:") + b"table>"
        self.column = re.compile(b"<" + t + rb"table-column[\s/>][^>]*>")
        self.cell = re.compile(b"<" + t + rb"(table-cell|covered-table-cell)(\s[^>]*?)?(/?)>")
        self.cell_end = re.compile(b"</" + t + rb"table-cell>")
        self.name_attr = re.compile(t + rb"name=[\"']([^\"']*)[\"']")
        self.attrs = {
            key: re.compile(t + key.encode() + rb"=[\"']([^\"']*)[\"']")
            for key in (
                "number-rows-repeated",
                "number-columns-repeated",
                "number-columns-spanned",
                "number-rows-spanned",
                "visibility",
            )
        }
        self.value_type = re.compile(calc + rb"value-type=[\"']([^\"']*)[\"']")
        self.row_tokens = (b"visibility=",)
        self.cell_tokens = (b"number-columns-spanned", b"number-rows-spanned", b"error")
        self.sheet_name, self.index = sheet_name, index
        self.table_index = -1
        self.inside = self.done = False
        self.row = 0
        self.column_cursor = 0
        self.facts = _Facts(merged=[])

    def _attr(self, key: str, tag: bytes, default: bytes | None = None) -> bytes | None:
        m = self.attrs[key].search(tag)
        return m.group(1) if m else default

    def feed(self, region: bytes) -> None:
        pos = 0
        while pos < len(region) and not self.done:
            if self.inside:
                end = region.find(self.table_end, pos)
                stop = end if end >= 0 else len(region)
                self._table_part(region, pos, stop)
                if end < 0:
                    return
                self.done = True
                return
            m = self.table_start.search(region, pos)
            if m is None:
                return
            tag_end = region.find(b">", m.start())
            if tag_end < 0:
                return
            self.table_index += 1
            name_match = self.name_attr.search(region, m.start(), tag_end)
            name = html.unescape(name_match.group(1).decode("utf-8", "replace")) if name_match else None
            self.inside = name == self.sheet_name or (name is None and self.table_index == self.index)
            pos = tag_end + 1

    def _table_part(self, region: bytes, start: int, stop: int) -> None:
        facts = self.facts
        for m in self.column.finditer(region, start, stop):
            tag = m.group(0)
            repeat = min(int(self._attr("number-columns-repeated", tag, b"1") or 1), 16384)
            if self._attr("visibility", tag) in (b"collapse", b"filter"):
                facts.hidden_columns.append((self.column_cursor, self.column_cursor + repeat - 1))
            self.column_cursor += repeat
        if not any(region.find(tok, start, stop) >= 0 for tok in (*self.row_tokens, *self.cell_tokens)):
            rows = len(self.row_start.findall(region, start, stop))
            extra = sum(int(m.group(1)) - 1 for m in self.rows_repeated.finditer(region, start, stop))
            self.row += rows + extra
            return
        starts = [m.start() for m in self.row_start.finditer(region, start, stop)]
        for i, row_start in enumerate(starts):
            row_stop = starts[i + 1] if i + 1 < len(starts) else stop
            tag_end = region.find(b">", row_start, row_stop)
            tag = region[row_start:tag_end]
            repeat = int(self._attr("number-rows-repeated", tag, b"1") or 1)
            visibility = self._attr("visibility", tag)
            if visibility in (b"collapse", b"filter"):
                facts.hidden_rows.append((self.row, self.row + repeat - 1))
                facts.filter_active |= visibility == b"filter"
            if any(region.find(tok, tag_end, row_stop) >= 0 for tok in self.cell_tokens):
                self._cells(region, tag_end, row_stop, repeat)
            self.row += repeat

    def _cells(self, region: bytes, start: int, stop: int, row_repeat: int) -> None:
        facts = self.facts
        assert facts.merged is not None
        col = 0
        for m in self.cell.finditer(region, start, stop):
            attrs = m.group(2) or b""
            repeat = min(int(self._attr("number-columns-repeated", attrs, b"1") or 1), 16384)
            if m.group(1) == b"table-cell":
                spans_c = int(self._attr("number-columns-spanned", attrs, b"1") or 1)
                spans_r = int(self._attr("number-rows-spanned", attrs, b"1") or 1)
                if spans_c > 1 or spans_r > 1:
                    facts.merged.append(((self.row, col), (self.row + spans_r - 1, col + spans_c - 1)))
                kind = self.value_type.search(attrs)
                if kind and kind.group(1) == b"error":
                    code = "#N/A"
                    if not m.group(3):
                        close = self.cell_end.search(region, m.end(), stop)
                        inner = region[m.end() : close.start() if close else stop]
                        text = re.sub(rb"<[^>]*>", b"", inner).decode("utf-8", "replace").strip()
                        code = html.unescape(text) or code
                    for r in range(self.row, self.row + min(row_repeat, _MAX_REPEAT_EXPANSION)):
                        for k in range(repeat):
                            facts.errors[(r, col + k)] = code
            col += repeat


def _scan_ods_content(fh: BinaryIO, sheet_name: str, index: int) -> _Facts:
    buf = fh.read(max(_SCAN_CHUNK, 65536))
    scanner = _OdsScanner(buf[:65536], sheet_name, index)
    while not scanner.done:
        more = fh.read(_SCAN_CHUNK)
        if more:
            cut = buf.rfind(scanner.row_cut)
            if cut <= 0:
                buf += more
                continue
            region, buf = buf[:cut], buf[cut:] + more
        else:
            region = buf
        scanner.feed(region)
        if not more:
            break
    return scanner.facts


_FACTS_READERS: dict[str, Callable[[Path, str, int], _Facts]] = {
    "xlsx": _xlsx_facts,
    "xlsm": _xlsx_facts,
    "xls": _xls_facts,
    "ods": _ods_facts,
}
