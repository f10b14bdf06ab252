"""`detect_kind`: the file's first bytes decide, and hostile files never reach a parser.

Rows of /work/shared/bad-inputs.md covered here:

| #  | test |
|----|------|
| 34 | test_an_empty_file_is_refused_as_empty |
| 35 | test_a_file_that_is_not_a_spreadsheet_is_refused_saying_what_it_looks_like, test_a_gbk_csv_renamed_xlsx_is_called_a_text_file, test_a_word_document_is_not_a_spreadsheet |
| 36 | test_an_encrypted_xlsx_is_refused_from_its_ole_stream_names, test_a_crude_ole_file_naming_encrypted_package_is_refused_as_encrypted, test_a_password_protected_xls_is_refused_as_encrypted, test_an_encrypted_ods_is_refused_as_encrypted |
| 37 | test_each_format_is_recognised_from_its_content_not_its_name |
| 38 | test_a_macro_enabled_workbook_is_recognised_as_xlsm |
| 39 | test_a_600_mib_member_of_zeros_is_refused_before_it_is_decompressed, test_a_large_member_compressed_beyond_200_to_1_is_refused, test_a_workbook_expanding_past_the_total_limit_is_refused, test_a_zip_understating_its_sizes_is_refused_while_decompressing, test_an_xml_entity_bomb_is_refused, test_a_doctype_hidden_behind_a_long_prolog_is_refused |
| 40 | test_a_file_over_the_size_limit_is_refused_naming_the_limit |
"""

from __future__ import annotations

import struct
import zipfile

import pytest
from tests.excel.conftest import BIFF_FILEPASS, OLE_MAGIC, Books, biff_label, ole_file

from kuangqu.errors import RuleViolation
from kuangqu.excel.sniff import MIB, detect_kind

ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def refused(path, **limits) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        detect_kind(path, **limits)
    return caught.value


def test_each_format_is_recognised_from_its_content_not_its_name(books: Books):
    xlsx = books.xlsx([["姓名"]], name="data.bin")
    ods = books.ods({"名册": "<table:table-row><table:table-cell/></table:table-row>"}, name="data.xlsx")
    xls = books.xls([("名册", biff_label(0, 0, "姓名"), False)], name="data.ods")
    assert (detect_kind(xlsx), detect_kind(ods), detect_kind(xls)) == ("xlsx", "ods", "xls")


def test_a_macro_enabled_workbook_is_recognised_as_xlsm(books: Books):
    book = books.xlsx([["姓名"]])
    xlsm = books.patch(
        book,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
        name="macro.xlsm",
    )
    assert detect_kind(book) == "xlsx"
    assert detect_kind(xlsm) == "xlsm"


def test_an_empty_file_is_refused_as_empty(books: Books):
    error = refused(books.bytes(b"", "empty.xlsx"))
    assert error.key == "excel.empty_file"
    assert "文件为空" in error.message("zh")
    assert "empty.xlsx" in error.message("en")


@pytest.mark.parametrize(
    ("content", "kind", "zh"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image", "图片"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image", "图片"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "image", "图片"),
        ("姓名,身份证号\n张三,11010519491231002X\n".encode(), "text", "文本（CSV）"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "html", "网页"),
        (b"Rar!\x1a\x07\x00\xcf\x90s\x00\x00", "archive", "压缩包"),
        (bytes(range(256)) * 4, "unknown", "未知格式"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_saying_what_it_looks_like(
    books: Books, content, kind, zh
):
    error = refused(books.bytes(content, "renamed.xlsx"))
    assert error.key == "excel.not_a_spreadsheet"
    assert error.params["kind"] == kind
    assert zh in error.message("zh")
    assert "renamed.xlsx" in error.message("en")


def test_a_gbk_csv_renamed_xlsx_is_called_a_text_file(books: Books):
    error = refused(books.bytes("姓名,性别\n张三,男\n".encode("gbk"), "gbk.xlsx"))
    assert (error.key, error.params["kind"]) == ("excel.not_a_spreadsheet", "text")


def test_a_word_document_is_not_a_spreadsheet(books: Books):
    docx = books.path("letter.xlsx")
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr("word/document.xml", "<w:document/>")
    doc = books.bytes(ole_file({"WordDocument": b"\xec\xa5" + bytes(100)}), "letter.xls")
    assert refused(docx).params["kind"] == "word"
    assert refused(doc).params["kind"] == "word"


def test_an_excel_2003_xml_file_is_refused_as_unsupported(books: Books):
    xml = b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    error = refused(books.bytes(xml, "old.xls"))
    assert error.key == "excel.unsupported_format"


def test_an_xlsb_workbook_is_refused_as_unsupported(books: Books):
    xlsb = books.path("binary.xlsb")
    with zipfile.ZipFile(xlsb, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.ms-excel.'
            'sheet.binary.macroEnabled.main"/></Types>',
        )
    assert refused(xlsb).key == "excel.unsupported_format"


def test_an_encrypted_xlsx_is_refused_from_its_ole_stream_names(books: Books):
    encrypted = ole_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": bytes(64)}
    )
    error = refused(books.bytes(encrypted, "locked.xlsx"))
    assert error.key == "excel.encrypted"
    assert "文件已加密" in error.message("zh")


def test_a_crude_ole_file_naming_encrypted_package_is_refused_as_encrypted(books: Books):
    crude = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(64)
    assert refused(books.bytes(crude, "locked.xlsx")).key == "excel.encrypted"


def test_a_password_protected_xls_is_refused_as_encrypted(books: Books):
    xls = books.xls([("名册", biff_label(0, 0, "姓名"), False)], globals_extra=BIFF_FILEPASS)
    assert refused(xls).key == "excel.encrypted"


def test_an_encrypted_ods_is_refused_as_encrypted(books: Books):
    ods = books.ods({"名册": "<table:table-row><table:table-cell/></table:table-row>"})
    books.patch(
        ods,
        "META-INF/manifest.xml",
        lambda xml: xml.replace(b"</manifest:manifest>", b"<manifest:encryption-data/></manifest:manifest>"),
    )
    assert refused(ods).key == "excel.encrypted"


def test_an_ole_file_that_is_not_a_compound_file_is_refused_as_corrupt(books: Books):
    assert refused(books.bytes(OLE_MAGIC + bytes(100), "broken.xls")).key == "excel.corrupt"


def test_a_corrupt_zip_is_refused_as_corrupt(books: Books):
    assert refused(books.bytes(b"PK\x03\x04" + bytes(200), "broken.xlsx")).key == "excel.corrupt"


def test_a_truncated_xlsx_is_refused_as_corrupt(books: Books):
    data = books.xlsx([["姓名"]] * 50).read_bytes()
    assert refused(books.bytes(data[: len(data) // 2], "cut.xlsx")).key == "excel.corrupt"


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(books: Books):
    book = books.xlsx([["姓名"]])
    error = refused(book, max_bytes=1024)
    assert error.key == "excel.too_large"
    assert error.params["limit_bytes"] == 1024
    assert "上限" in error.message("zh")
    assert detect_kind(book) == "xlsx"  # the default limit (50 MiB) lets it through


def test_a_600_mib_member_of_zeros_is_refused_before_it_is_decompressed(books: Books):
    bomb = books.path("bomb.xlsx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            zeros = bytes(4 * MIB)
            for _ in range(150):
                member.write(zeros)
    assert bomb.stat().st_size < 5 * MIB
    error = refused(bomb)
    assert error.key == "excel.zip_bomb"
    assert error.params["member"] == "xl/worksheets/sheet1.xml"


def test_a_large_member_compressed_beyond_200_to_1_is_refused(books: Books):
    bomb = books.path("ratio.xlsx")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/sharedStrings.xml", bytes(20 * MIB))
    error = refused(bomb)
    assert error.key == "excel.zip_bomb"
    assert int(error.params["ratio"]) > 200


def test_a_workbook_expanding_past_the_total_limit_is_refused(books: Books):
    book = books.xlsx([[f"张{i}", i] for i in range(2000)])
    assert detect_kind(book) == "xlsx"
    assert refused(book, max_uncompressed=20_000).key == "excel.zip_bomb"


def test_a_zip_understating_its_sizes_is_refused_while_decompressing(books: Books):
    book = books.xlsx([["姓名"]])
    liar = books.path("liar.xlsx")
    with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(book) as original:
            for info in original.infolist():
                zf.writestr(info, original.read(info.filename))
        zf.writestr("xl/media/padding.xml", b"<a>" + b" " * (2 * MIB) + b"</a>")
    data = bytearray(liar.read_bytes())
    # Claim 100 bytes uncompressed for the padding member in both headers.
    with zipfile.ZipFile(liar) as zf:
        info = zf.getinfo("xl/media/padding.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 100)
    name = b"xl/media/padding.xml"
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 100)
    liar.write_bytes(bytes(data))
    with zipfile.ZipFile(liar) as zf:
        assert zf.getinfo("xl/media/padding.xml").file_size == 100
    assert refused(liar).key == "excel.zip_bomb"


def test_an_xml_entity_bomb_is_refused(books: Books):
    book = books.xlsx([["姓名"]])
    books.patch(book, "xl/workbook.xml", lambda xml: ENTITY_BOMB + xml.split(b"?>", 1)[-1])
    error = refused(book)
    assert (error.key, error.params["member"]) == ("excel.xml_entities", "xl/workbook.xml")


def test_a_doctype_hidden_behind_a_long_prolog_is_refused(books: Books):
    book = books.xlsx([["姓名"]])
    padding = b"<!--" + b"x" * (70 * 1024) + b"-->"
    books.patch(
        book, "xl/workbook.xml", lambda xml: b'<?xml version="1.0"?>' + padding + ENTITY_BOMB[21:] + xml
    )
    assert refused(book).key == "excel.xml_entities"


def test_a_missing_file_is_refused_as_unopenable(books: Books):
    assert refused(books.path("nowhere.xlsx")).key == "excel.cannot_open"
