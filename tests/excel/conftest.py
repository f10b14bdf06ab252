"""Workbook builders for the Excel-layer tests, all made in code under tmp_path.

- `books.xlsx(rows)` / `books.workbook({sheet: rows}, setup=…)`: openpyxl workbooks;
- `books.patch(path, member, fn)`: rewrite one zip member (dimension, content types, XML);
- `books.raw_xlsx(sheet_data_xml)`: a hand-written xlsx, for XML openpyxl never writes
  (cached formula values, missing ``r`` attributes, namespace prefixes);
- `books.ods(content_rows_xml)`: a hand-written .ods;
- `books.xls(sheets)`: a hand-written BIFF8 .xls inside a minimal OLE2 file (`ole_file`),
  for error cells, hidden rows/columns, filters and a 65,536-row sheet without LibreOffice;
- `libreoffice(path, "xls" | "ods")`: converts with soffice, or skips the test.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

# --------------------------------------------------------------------------- OLE2 / BIFF8

FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A minimal valid OLE2 compound file (v3, 512-byte sectors) holding `streams`.

    Streams are padded to 4,096 bytes so none needs the mini stream.
    """
    sector = 512
    items = [(name, data + b"\x00" * max(0, 4096 - len(data))) for name, data in streams.items()]
    dir_sectors = ((1 + len(items)) * 128 + sector - 1) // sector
    data_sectors = [(len(data) + sector - 1) // sector for _, data in items]
    used = dir_sectors + sum(data_sectors)
    fat_sectors = 1
    while fat_sectors + used > fat_sectors * 128:
        fat_sectors += 1
    fat = [FATSECT] * fat_sectors
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [END]
    starts = []
    for count in data_sectors:
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END]
    fat += [FREE] * (fat_sectors * 128 - len(fat))
    assert fat_sectors <= 109
    header = bytearray(512)
    header[0:8] = OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, fat_sectors, first_dir, 0, 4096, END, 0, END, 0)
    struct.pack_into("<109I", header, 76, *(list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)))

    def entry(name: str, kind: int, start: int, size: int, child: int = FREE, right: int = FREE) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        out = bytearray(128)
        out[: len(raw)] = raw
        struct.pack_into("<HBB", out, 64, len(raw), kind, 1)
        struct.pack_into("<III", out, 68, FREE, right, child)
        struct.pack_into("<II", out, 116, start, size)
        return bytes(out)

    entries = [entry("Root Entry", 5, END, 0, child=1 if items else FREE)]
    for i, ((name, data), start) in enumerate(zip(items, starts, strict=True)):
        entries.append(entry(name, 2, start, len(data), right=i + 2 if i + 1 < len(items) else FREE))
    directory = b"".join(entries)
    directory += b"\x00" * (dir_sectors * sector - len(directory))
    body = struct.pack(f"<{len(fat)}I", *fat) + directory
    for _, data in items:
        body += data + b"\x00" * (-len(data) % sector)
    return bytes(header) + body


def rec(rtype: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def bof(substream: int) -> bytes:
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 0x0006))


def biff_number(row: int, col: int, value: float) -> bytes:
    return rec(0x0203, struct.pack("<HHHd", row, col, 0, value))


def biff_label(row: int, col: int, text: str) -> bytes:
    return rec(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + text.encode("utf-16-le"))


def biff_error(row: int, col: int, code: int) -> bytes:
    """A BOOLERR record holding an error constant (0x2A = #N/A, 0x07 = #DIV/0!, 0x17 = #REF!)."""
    return rec(0x0205, struct.pack("<HHHBB", row, col, 0, code, 1))


def biff_formula_error(row: int, col: int, code: int) -> bytes:
    """A FORMULA record whose cached result is an error (the formula is ptgErr)."""
    result = bytes([2, 0, code, 0, 0, 0, 0xFF, 0xFF])
    expression = bytes([0x1C, code])
    body = struct.pack("<HHH", row, col, 0) + result + struct.pack("<HIH", 0, 0, len(expression)) + expression
    return rec(0x0006, body)


def biff_row(row: int, *, hidden: bool = False) -> bytes:
    return rec(0x0208, struct.pack("<HHHHHHI", row, 0, 1, 255, 0, 0, 0x100 | (0x20 if hidden else 0)))


def biff_colinfo(first: int, last: int, *, hidden: bool = False) -> bytes:
    return rec(0x007D, struct.pack("<HHHHHH", first, last, 2048, 15, 1 if hidden else 0, 0))


BIFF_FILTERMODE = rec(0x009B)
BIFF_FILEPASS = rec(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))


def biff_workbook(sheets: Sequence[tuple[str, bytes, bool]], globals_extra: bytes = b"") -> bytes:
    """A BIFF8 workbook stream: `sheets` are (name, cell records, hidden)."""

    def globals_for(offsets: Sequence[int]) -> bytes:
        out = bof(0x0005) + globals_extra + rec(0x0042, struct.pack("<H", 1200))
        for (name, _, hidden), offset in zip(sheets, offsets, strict=True):
            out += rec(
                0x0085,
                struct.pack("<IBBBB", offset, 1 if hidden else 0, 0, len(name), 1) + name.encode("utf-16-le"),
            )
        return out + rec(0x000A)

    position = len(globals_for([0] * len(sheets)))
    offsets, substreams = [], []
    for _, cells, _ in sheets:
        substream = bof(0x0010) + cells + rec(0x000A)
        offsets.append(position)
        substreams.append(substream)
        position += len(substream)
    return globals_for(offsets) + b"".join(substreams)


# --------------------------------------------------------------------------- builders

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
</Relationships>"""
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2">
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"""


class Books:
    """Builds test workbooks in one tmp_path."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        return self.root / name

    def workbook(
        self,
        sheets: dict[str, Iterable[Iterable[Any]]],
        *,
        name: str = "book.xlsx",
        setup: Callable[[Any], None] | None = None,
    ) -> Path:
        """An openpyxl workbook with one sheet per entry; `setup(wb)` may style, merge, hide…"""
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets.items():
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(list(row))
        if setup is not None:
            setup(wb)
        target = self.path(name)
        wb.save(target)
        return target

    def xlsx(
        self,
        rows: Iterable[Iterable[Any]],
        *,
        name: str = "book.xlsx",
        sheet: str = "名册",
        setup: Callable[[Any], None] | None = None,
    ) -> Path:
        return self.workbook({sheet: rows}, name=name, setup=setup)

    def patch(
        self,
        source: Path,
        member: str,
        change: Callable[[bytes], bytes],
        *,
        name: str | None = None,
        add: dict[str, bytes] | None = None,
    ) -> Path:
        """Copy a zip, rewriting `member` with `change` (and adding members from `add`)."""
        target = self.path(name) if name else source
        with zipfile.ZipFile(source) as zin:
            members = [(info, zin.read(info.filename)) for info in zin.infolist()]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info, data in members:
                zout.writestr(info, change(data) if info.filename == member else data)
            for extra, data in (add or {}).items():
                zout.writestr(extra, data)
        return target

    def raw_xlsx(
        self,
        sheet_data: str,
        *,
        name: str = "raw.xlsx",
        prefix: str = "",
        extra: str = "",
        sheet_name: str = "名册",
        before_data: str = "",
    ) -> Path:
        """A hand-written xlsx whose only sheet has `sheet_data` inside <sheetData>."""
        p = f"{prefix}:" if prefix else ""
        xmlns = f'xmlns:{prefix}="{MAIN_NS}"' if prefix else f'xmlns="{MAIN_NS}"'
        workbook = (
            f'<?xml version="1.0" encoding="UTF-8"?><{p}workbook {xmlns} xmlns:r="{REL_NS}">'
            f'<{p}sheets><{p}sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>'
        )
        sheet = (
            f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns} xmlns:r="{REL_NS}">{before_data}'
            f"<{p}sheetData>{sheet_data}</{p}sheetData>{extra}</{p}worksheet>"
        )
        target = self.path(name)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", CONTENT_TYPES)
            zf.writestr("_rels/.rels", ROOT_RELS)
            zf.writestr("xl/workbook.xml", workbook)
            zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
            zf.writestr("xl/worksheets/sheet1.xml", sheet)
        return target

    def ods(self, tables: dict[str, str], *, name: str = "book.ods") -> Path:
        """A hand-written .ods: `tables` maps a sheet name to its <table:table-row> XML."""
        body = "".join(
            f'<table:table table:name="{title}">{rows}</table:table>' for title, rows in tables.items()
        )
        target = self.path(name)
        with zipfile.ZipFile(target, "w") as zf:
            zf.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
            zf.writestr("META-INF/manifest.xml", ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
            zf.writestr("content.xml", ODS_CONTENT.format(tables=body), compress_type=zipfile.ZIP_DEFLATED)
        return target

    def xls(
        self, sheets: Sequence[tuple[str, bytes, bool]], *, name: str = "book.xls", globals_extra: bytes = b""
    ) -> Path:
        target = self.path(name)
        target.write_bytes(ole_file({"Workbook": biff_workbook(sheets, globals_extra)}))
        return target

    def bytes(self, data: bytes, name: str = "file.xlsx") -> Path:
        target = self.path(name)
        target.write_bytes(data)
        return target


@pytest.fixture
def books(tmp_path: Path) -> Books:
    return Books(tmp_path)


def ods_cell(value: Any = None, *, error: str | None = None, attrs: str = "") -> str:
    """One <table:table-cell>: a string, a float, an error (as LibreOffice writes it) or empty."""
    if error is not None:
        return (
            f'<table:table-cell table:formula="of:=NA()" office:value-type="string" office:string-value="" '
            f'calcext:value-type="error" {attrs}><text:p>{error}</text:p></table:table-cell>'
        )
    if value is None:
        return f"<table:table-cell {attrs}/>"
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}" {attrs}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string" {attrs}><text:p>{value}</text:p></table:table-cell>'


def ods_row(*cells: str, attrs: str = "") -> str:
    return f"<table:table-row {attrs}>{''.join(cells)}</table:table-row>"


# --------------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Path]:
    """Convert a workbook with LibreOffice (``soffice --headless --convert-to``), or skip."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = tmp_path_factory.mktemp("lo-profile")
    cache: dict[tuple[Path, str], Path] = {}

    def convert(source: Path, fmt: str) -> Path:
        if soffice is None:
            pytest.skip("LibreOffice not installed")
        key = (source, fmt)
        if key not in cache:
            outdir = source.parent / f"lo-{fmt}"
            outdir.mkdir(exist_ok=True)
            filter_name = {"xls": "xls:MS Excel 97", "ods": "ods"}[fmt]
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    filter_name,
                    "--outdir",
                    str(outdir),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            cache[key] = outdir / f"{source.stem}.{fmt}"
        return cache[key]

    return convert


def sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def set_dimension(ref: str) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml)
