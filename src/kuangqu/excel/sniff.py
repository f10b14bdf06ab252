"""What kind of file is this, and is it safe to hand to a parser?

`detect_kind(path)` decides from the file's bytes, never from its name:

- ``PK\\x03\\x04`` (zip): ``xlsx`` / ``xlsm`` from ``[Content_Types].xml`` (macro-enabled
  content type → ``xlsm``), ``ods`` from the ``mimetype`` member;
- ``D0 CF 11 E0 A1 B1 1A E1`` (OLE2 compound file): ``xls`` when it holds a ``Workbook``
  (or BIFF5 ``Book``) stream; an encrypted xlsx is an OLE file with ``EncryptionInfo`` /
  ``EncryptedPackage`` streams, and a password-protected xls has a FILEPASS record at the
  start of its workbook stream — both are refused as ``excel.encrypted``;
- anything else is refused as ``excel.not_a_spreadsheet`` saying what it looks like
  (PDF, image, text/CSV, web page, Word…).

Before a zip reaches calamine every member is decompressed once here, in bounded
chunks, counting the bytes it really produces (the sizes in a zip header can lie):
the total is capped (``max_uncompressed``), a large member with an extreme compression
ratio is refused, and the first 64 KiB of every XML member are searched for a DTD
(``<!DOCTYPE`` / ``<!ENTITY``: entity bombs). A member whose root element does not start
within those 64 KiB is refused too, so a DTD cannot hide behind a padded prolog.

The minimal OLE2 reader at the bottom (`ole_stream`) is shared with the reader, which
walks the BIFF records of an .xls sheet for what calamine does not report.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from kuangqu.errors import RuleViolation

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MIB
DEFAULT_MAX_UNCOMPRESSED = 500 * MIB
DEFAULT_MAX_RATIO = 200
RATIO_MIN_MEMBER_BYTES = 10 * MIB
XML_SCAN_BYTES = 64 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_ODS_MIMETYPES = {
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
}
_CHUNK = 1 * MIB
# Members never parsed as XML: don't look for a DTD in pictures or the VBA project.
_BINARY_SUFFIXES = (".bin", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".tif", ".tiff", ".wdp")
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_ROOT_START = re.compile(rb"<[A-Za-z_]")

# What a non-spreadsheet looks like: kind → (Chinese, English) description.
LOOKS_LIKE: dict[str, tuple[str, str]] = {
    "pdf": ("PDF 文件", "a PDF file"),
    "image": ("图片", "an image"),
    "text": ("文本（CSV）文件", "a text (CSV) file"),
    "html": ("网页（HTML）文件", "a web page (HTML)"),
    "xml": ("XML 文件", "an XML file"),
    "word": ("Word 文档", "a Word document"),
    "powerpoint": ("PowerPoint 演示文稿", "a PowerPoint presentation"),
    "odf": ("OpenDocument 文档（非表格）", "an OpenDocument file that is not a spreadsheet"),
    "archive": ("压缩包", "a compressed archive"),
    "ole": ("Office 文件（非表格）", "an Office file that is not a spreadsheet"),
    "unknown": ("未知格式", "an unknown format"),
}


def detect_kind(
    path: Path | str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> str:
    """Return ``"xlsx"``, ``"xlsm"``, ``"xls"`` or ``"ods"``, or raise `RuleViolation`.

    Keys raised (all with ``file``, the file's name): ``excel.cannot_open``,
    ``excel.empty_file``, ``excel.too_large``, ``excel.not_a_spreadsheet``,
    ``excel.unsupported_format``, ``excel.encrypted``, ``excel.corrupt``,
    ``excel.zip_bomb``, ``excel.xml_entities``.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IsADirectoryError(str(path))
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise RuleViolation("excel.cannot_open", file=name, detail=type(exc).__name__) from None
    if size == 0:
        raise RuleViolation("excel.empty_file", file=name)
    if size > max_bytes:
        raise RuleViolation(
            "excel.too_large",
            file=name,
            size_mib=_mib(size),
            limit_mib=_mib(max_bytes),
            limit_bytes=max_bytes,
        )
    if head.startswith(ZIP_MAGIC):
        return _inspect_zip(path, max_uncompressed=max_uncompressed, max_ratio=max_ratio)
    if head.startswith(OLE_MAGIC):
        return _inspect_ole(path)
    looks = _looks_like(head)
    if looks == "xml2003":
        raise RuleViolation("excel.unsupported_format", file=name, format="Excel 2003 XML")
    raise _not_a_spreadsheet(name, looks)


# --------------------------------------------------------------------------- helpers


def _mib(n: int) -> str:
    value = n / MIB
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _not_a_spreadsheet(name: str, kind: str) -> RuleViolation:
    zh, en = LOOKS_LIKE[kind]
    return RuleViolation("excel.not_a_spreadsheet", file=name, kind=kind, looks_like_zh=zh, looks_like_en=en)


def _looks_like(head: bytes) -> str:
    """Name what a non-spreadsheet file looks like, from its first bytes."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
    ):
        return "image" if not head.startswith(b"BM") or b"\x00" in head[:64] else "text"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"PK\x05\x06", b"PK\x07\x08")):
        return "archive"
    text = _as_text(head)
    if text is None:
        return "unknown"
    start = text.lstrip().lower()
    if start.startswith("{\\rtf"):
        return "word"
    if start.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text:
            return "xml2003"
        return "html" if "<html" in start else "xml"
    if start.startswith(("<!doctype html", "<html", "<table", "<meta", "<head")) or "<table" in start:
        return "html"
    return "text"


def _as_text(head: bytes) -> str | None:
    """The head decoded as text if it plausibly is text (UTF-8/16 or GB18030), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if b"\x00" in head:
        return None
    sample = head[:-4] if len(head) >= 8192 else head  # a cut multibyte character at the end is fine
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        return text if controls <= len(text) // 100 else None
    return None


# --------------------------------------------------------------------------- zip containers


def _inspect_zip(path: Path, *, max_uncompressed: int, max_ratio: int) -> str:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [info for info in zf.infolist() if not info.is_dir()]
            _check_declared_sizes(name, infos, max_uncompressed, max_ratio)
            if any(info.flag_bits & 0x1 for info in infos):
                raise RuleViolation("excel.encrypted", file=name)
            kind = _zip_kind(zf, name)
    except zipfile.BadZipFile as exc:
        raise RuleViolation("excel.corrupt", file=name, detail=str(exc)) from None
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise RuleViolation("excel.corrupt", file=name, detail=type(exc).__name__) from None
    _verify_members(path, infos, max_uncompressed=max_uncompressed, max_ratio=max_ratio)
    return kind


def _check_declared_sizes(
    name: str, infos: list[zipfile.ZipInfo], max_uncompressed: int, max_ratio: int
) -> None:
    """Refuse on the sizes the zip declares (cheap; the real sizes are checked later)."""
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_MEMBER_BYTES and ratio > max_ratio:
            raise _zip_bomb(name, info.filename, info.file_size, ratio, max_uncompressed, max_ratio)
        if total > max_uncompressed:
            raise _zip_bomb(name, info.filename, total, ratio, max_uncompressed, max_ratio)


def _zip_bomb(name: str, member: str, size: int, ratio: float, limit: int, max_ratio: int) -> RuleViolation:
    return RuleViolation(
        "excel.zip_bomb",
        file=name,
        member=member,
        uncompressed_mib=_mib(size),
        ratio=f"{ratio:.0f}",
        limit_mib=_mib(limit),
        max_ratio=max_ratio,
    )


def _zip_kind(zf: zipfile.ZipFile, name: str) -> str:
    by_lower = {n.lower(): n for n in zf.namelist()}
    if "mimetype" in by_lower:
        mimetype = _read_small(zf, by_lower["mimetype"]).strip()
        if mimetype in _ODS_MIMETYPES:
            manifest = by_lower.get("meta-inf/manifest.xml")
            if manifest and b"encryption-data" in _read_small(zf, manifest, limit=4 * MIB):
                raise RuleViolation("excel.encrypted", file=name)
            return "ods"
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise _not_a_spreadsheet(name, "odf")
    content_types_name = by_lower.get("[content_types].xml")
    if content_types_name is not None:
        content_types = _read_small(zf, content_types_name, limit=4 * MIB)
        if b"sheet.binary.macroEnabled" in content_types:
            raise RuleViolation("excel.unsupported_format", file=name, format="xlsb")
        if b"ms-excel.sheet.macroEnabled.main+xml" in content_types or (
            b"ms-excel.template.macroEnabled.main+xml" in content_types
        ):
            return "xlsm"
        if (
            b"spreadsheetml.sheet.main+xml" in content_types
            or b"spreadsheetml.template.main+xml" in content_types
        ):
            return "xlsx"
        if b"wordprocessingml" in content_types:
            raise _not_a_spreadsheet(name, "word")
        if b"presentationml" in content_types:
            raise _not_a_spreadsheet(name, "powerpoint")
    if "xl/workbook.xml" in by_lower:
        return "xlsx"
    raise _not_a_spreadsheet(name, "archive")


def _read_small(zf: zipfile.ZipFile, member: str, limit: int = 4096) -> bytes:
    with zf.open(member) as fh:
        return fh.read(limit)


def _verify_members(
    path: Path, infos: list[zipfile.ZipInfo], *, max_uncompressed: int, max_ratio: int
) -> None:
    """Decompress every member once, counting real output; look for DTDs in XML members."""
    name = path.name
    total = 0
    with path.open("rb") as fh:
        for info in infos:
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) < 30 or local[:4] != ZIP_MAGIC:
                raise RuleViolation("excel.corrupt", file=name, detail=f"bad local header: {info.filename}")
            name_len, extra_len = struct.unpack_from("<HH", local, 26)
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            scan_xml = not info.filename.lower().endswith(_BINARY_SUFFIXES)
            head = bytearray()
            produced = 0
            for piece in _member_pieces(fh, info, name):
                produced += len(piece)
                if scan_xml and len(head) < XML_SCAN_BYTES:
                    head += piece[: XML_SCAN_BYTES - len(head)]
                if produced > info.file_size or total + produced > max_uncompressed:
                    raise _zip_bomb(
                        name,
                        info.filename,
                        total + produced,
                        produced / max(info.compress_size, 1),
                        max_uncompressed,
                        max_ratio,
                    )
                if produced > RATIO_MIN_MEMBER_BYTES and produced / max(info.compress_size, 1) > max_ratio:
                    raise _zip_bomb(
                        name,
                        info.filename,
                        produced,
                        produced / max(info.compress_size, 1),
                        max_uncompressed,
                        max_ratio,
                    )
            if produced != info.file_size:
                raise RuleViolation("excel.corrupt", file=name, detail=f"size mismatch: {info.filename}")
            total += produced
            if scan_xml:
                _check_xml_head(name, info.filename, bytes(head), produced)


def _member_pieces(fh, info: zipfile.ZipInfo, name: str):  # type: ignore[no-untyped-def]
    """Yield the decompressed bytes of one member in pieces of at most 1 MiB."""
    remaining = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while remaining > 0:
            data = fh.read(min(_CHUNK, remaining))
            if not data:
                raise RuleViolation("excel.corrupt", file=name, detail=f"truncated: {info.filename}")
            remaining -= len(data)
            yield data
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise RuleViolation("excel.corrupt", file=name, detail=f"compression method {info.compress_type}")
    inflater = zlib.decompressobj(-15)
    try:
        while remaining > 0 and not inflater.eof:
            data = fh.read(min(_CHUNK, remaining))
            if not data:
                raise RuleViolation("excel.corrupt", file=name, detail=f"truncated: {info.filename}")
            remaining -= len(data)
            out = inflater.decompress(data, _CHUNK)
            yield out
            while inflater.unconsumed_tail and not inflater.eof:
                yield inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        while not inflater.eof:  # output still held back by the 1 MiB cap
            out = inflater.decompress(b"", _CHUNK)
            if not out:
                break
            yield out
        if not inflater.eof:
            raise RuleViolation(
                "excel.corrupt", file=name, detail=f"incomplete deflate stream: {info.filename}"
            )
    except zlib.error as exc:
        raise RuleViolation("excel.corrupt", file=name, detail=f"{info.filename}: {exc}") from None


def _check_xml_head(name: str, member: str, head: bytes, size: int) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if any(marker in head for marker in _DTD_MARKERS):
        raise RuleViolation("excel.xml_entities", file=name, member=member)
    if size > len(head) and not _ROOT_START.search(head):
        raise RuleViolation("excel.xml_entities", file=name, member=member)


# --------------------------------------------------------------------------- OLE2 (xls)

_ENCRYPTION_STREAMS = ("encryptioninfo", "encryptedpackage")
_BIFF_BOF = 0x0809
_BIFF_EOF = 0x000A
_BIFF_FILEPASS = 0x002F


def _inspect_ole(path: Path) -> str:
    name = path.name
    data = path.read_bytes()
    try:
        ole = OleFile(data)
    except (ValueError, struct.error):
        # Not a well-formed compound file; an encrypted workbook still names its streams.
        if any(stream.encode("utf-16-le") in data for stream in ("EncryptionInfo", "EncryptedPackage")):
            raise RuleViolation("excel.encrypted", file=name) from None
        raise RuleViolation("excel.corrupt", file=name, detail="bad OLE2 structure") from None
    streams = ole.stream_names()
    if any(stream in streams for stream in _ENCRYPTION_STREAMS):
        raise RuleViolation("excel.encrypted", file=name)
    workbook = next((s for s in ("workbook", "book") if s in streams), None)
    if workbook is None:
        if "worddocument" in streams:
            raise _not_a_spreadsheet(name, "word")
        if "powerpoint document" in streams:
            raise _not_a_spreadsheet(name, "powerpoint")
        raise _not_a_spreadsheet(name, "ole")
    try:
        stream = ole.read(workbook)
    except (ValueError, struct.error):
        raise RuleViolation("excel.corrupt", file=name, detail="bad OLE2 structure") from None
    if biff_has_filepass(stream):
        raise RuleViolation("excel.encrypted", file=name)
    return "xls"


def biff_has_filepass(stream: bytes) -> bool:
    """True when the workbook globals of a BIFF stream contain a FILEPASS (password) record."""
    pos, end = 0, len(stream)
    seen_bof = False
    while pos + 4 <= end:
        rtype, rlen = struct.unpack_from("<HH", stream, pos)
        if rtype == _BIFF_FILEPASS:
            return True
        if rtype == _BIFF_BOF:
            if seen_bof:
                return False
            seen_bof = True
        elif rtype == _BIFF_EOF:
            return False
        pos += 4 + rlen
    return False


class OleFile:
    """A minimal, bounds-checked reader of OLE2 compound files (enough for .xls).

    Raises ValueError on anything malformed; never follows a sector chain longer than
    the file, so a crafted loop cannot hang it.
    """

    _FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise ValueError("not an OLE2 file")
        self.data = data
        sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if sector_shift not in (9, 12) or mini_shift != 6:
            raise ValueError("bad sector size")
        self.sector_size = 1 << sector_shift
        self.mini_size = 1 << mini_shift
        self.sector_count = (len(data) - 512 + self.sector_size - 1) // self.sector_size
        (n_fat, first_dir, _, self.mini_cutoff, first_minifat, n_minifat, first_difat, n_difat) = (
            struct.unpack_from("<IIIIIIII", data, 44)
        )
        difat = list(struct.unpack_from("<109I", data, 76))
        sector, guard = first_difat, 0
        while sector < self._END and n_difat and guard <= self.sector_count:
            block = self._sector(sector)
            entries = struct.unpack(f"<{self.sector_size // 4}I", block)
            difat.extend(entries[:-1])
            sector, guard = entries[-1], guard + 1
        fat_sectors = [s for s in difat if s < self._END][: max(n_fat, 0) or None]
        fat = bytearray()
        for s in fat_sectors:
            fat += self._sector(s)
        self.fat = struct.unpack(f"<{len(fat) // 4}I", bytes(fat))
        directory = self._chain_bytes(first_dir, self.fat, self._sector)
        self.entries: dict[str, tuple[int, int, int]] = {}
        for offset in range(0, len(directory) - 127, 128):
            name_len = struct.unpack_from("<H", directory, offset + 64)[0]
            kind = directory[offset + 66]
            if kind not in (1, 2, 5) or not 2 <= name_len <= 64:
                continue
            entry_name = directory[offset : offset + name_len - 2].decode("utf-16-le", errors="replace")
            start, size = struct.unpack_from("<II", directory, offset + 116)
            self.entries.setdefault(entry_name.lower(), (kind, start, size))
        root = next((e for e in self.entries.values() if e[0] == 5), None)
        self._ministream = b""
        self._minifat: tuple[int, ...] = ()
        if root is not None and n_minifat:
            self._ministream = self._chain_bytes(root[1], self.fat, self._sector)[: root[2]]
            minifat = self._chain_bytes(first_minifat, self.fat, self._sector)
            self._minifat = struct.unpack(f"<{len(minifat) // 4}I", minifat)

    def stream_names(self) -> set[str]:
        """Lower-case names of the streams (and storages) in the file."""
        return {name for name, entry in self.entries.items() if entry[0] in (1, 2)}

    def read(self, name: str) -> bytes:
        kind, start, size = self.entries[name.lower()]
        if kind != 2:
            raise ValueError(f"{name} is not a stream")
        if size < self.mini_cutoff:
            return self._chain_bytes(start, self._minifat, self._mini_sector)[:size]
        return self._chain_bytes(start, self.fat, self._sector)[:size]

    def _sector(self, index: int) -> bytes:
        if index >= self.sector_count:
            raise ValueError("sector out of range")
        offset = 512 + index * self.sector_size
        block = self.data[offset : offset + self.sector_size]
        return block + bytes(self.sector_size - len(block))  # a short last sector is padded

    def _mini_sector(self, index: int) -> bytes:
        offset = index * self.mini_size
        if offset + self.mini_size > len(self._ministream):
            raise ValueError("mini sector out of range")
        return self._ministream[offset : offset + self.mini_size]

    def _chain_bytes(self, start: int, table, read) -> bytes:  # type: ignore[no-untyped-def]
        parts = []
        sector, guard = start, 0
        while sector not in (self._END, self._FREE):
            if sector >= len(table) or guard > len(table):
                raise ValueError("broken sector chain")
            parts.append(read(sector))
            sector, guard = table[sector], guard + 1
        return b"".join(parts)


def ole_stream(path: Path, names: tuple[str, ...] = ("workbook", "book")) -> bytes | None:
    """The first of `names` found in the OLE2 file at `path`, or None."""
    try:
        ole = OleFile(path.read_bytes())
        streams = ole.stream_names()
        for name in names:
            if name in streams:
                return ole.read(name)
    except (ValueError, struct.error, OSError):
        return None
    return None
