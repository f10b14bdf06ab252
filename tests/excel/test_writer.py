"""The xlsx writer: text stays text, bad text is refused, totals are live and correct, files appear
whole or not at all, print setup and streaming.

Bad inputs (../shared/bad-inputs.md), export side:
- 32 text starting with = + - @ → test_text_that_looks_like_a_formula_is_written_as_a_string_cell,
  test_a_hundred_rows_of_formula_like_text_round_trip_as_text, test_any_writable_text_round_trips_exactly
- 33 control characters / text over 32,767 → test_control_characters_are_refused_naming_the_place,
  test_text_longer_than_excels_cell_limit_is_refused
- 51 disk full during export → test_a_full_disk_while_saving_leaves_no_file_and_no_temporary_file,
  test_a_full_disk_while_streaming_rows_leaves_nothing_behind
- 59 export target locked or existing → test_an_existing_workbook_is_replaced_atomically,
  test_a_locked_target_is_reported_and_left_unchanged, test_a_file_that_is_not_a_workbook_is_not_overwritten

LibreOffice checks run when `soffice` is installed; with KUANGQU_REQUIRE_LIBREOFFICE set (CI) a
missing soffice fails them instead of skipping.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tracemalloc
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuangqu.errors import Conflict, ExitCode, RuleViolation
from kuangqu.excel import writer
from kuangqu.excel.writer import DATE, INT, MONEY, TEXT, Book, Col, TargetProblem, WriteFailed

FORMULA_LIKE = [
    '=HYPERLINK("http://example.com","点我")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1:A3)",
    "#N/A",
    "#REF!",
    "=",
    "'=quoted",
    "\t=tab first",
]

# ----------------------------------------------------------------------------- helpers (also used by test_exports)

_RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>"""


def soffice_or_skip() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("KUANGQU_REQUIRE_LIBREOFFICE"):
            pytest.fail("KUANGQU_REQUIRE_LIBREOFFICE is set but soffice is not installed")
        pytest.skip("LibreOffice (soffice) not installed")
    return found


def libreoffice_convert(source: Path, workdir: Path, fmt: str = "xlsx") -> Path:
    """Convert a copy of `source` with LibreOffice headless, recalculating every formula on load
    (a profile setting: by default LibreOffice trusts the cached values we want to check)."""
    soffice = soffice_or_skip()
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_PROFILE, encoding="utf-8")
    inbox, outbox = workdir / "lo-in", workdir / "lo-out"
    inbox.mkdir(exist_ok=True)
    outbox.mkdir(exist_ok=True)
    copy = inbox / source.name
    shutil.copyfile(source, copy)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outbox), str(copy)],
        capture_output=True, timeout=240, check=False,
    )  # fmt: skip
    converted = outbox / f"{source.stem}.{fmt}"
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert converted.exists(), result.stderr.decode(errors="replace")
    return converted


def calamine_rows(path: Path, sheet: str | int = 0) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    ws = book.get_sheet_by_index(sheet) if isinstance(sheet, int) else book.get_sheet_by_name(sheet)
    return ws.to_python()


def formula_cells(path: Path) -> list[str]:
    """Every formula in the workbook (as openpyxl reads them)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


def simple_book(path: Path, texts: list[str], *, force: bool = False) -> writer.Saved:
    with Book(path, force=force) as book:
        sheet = book.sheet("表")
        sheet.columns([Col("文字", 30, TEXT), Col("金额", 12, MONEY, total=True)])
        sheet.header()
        for text in texts:
            sheet.append([text, Decimal("1.00")])
        sheet.total("合计")
        return book.save()


# ----------------------------------------------------------------------------- safe text


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_text_that_looks_like_a_formula_is_written_as_a_string_cell(tmp_path, text):
    import openpyxl

    target = tmp_path / "t.xlsx"
    simple_book(target, [text])
    cell = openpyxl.load_workbook(target).active["A2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert calamine_rows(target)[1][0] == text
    assert formula_cells(target) == ["=SUM(B2:B2)"]


def test_a_hundred_rows_of_formula_like_text_round_trip_as_text(tmp_path):
    import openpyxl

    texts = [FORMULA_LIKE[i % len(FORMULA_LIKE)] + f" #{i}" * (i % 2) for i in range(100)]
    target = tmp_path / "bad.xlsx"
    simple_book(target, texts)
    ws = openpyxl.load_workbook(target).active
    assert [ws.cell(row=r, column=1).value for r in range(2, 102)] == texts
    assert {ws.cell(row=r, column=1).data_type for r in range(2, 102)} == {"s"}
    assert [row[0] for row in calamine_rows(target)[1:101]] == texts
    assert formula_cells(target) == ["=SUM(B2:B101)"]


_WRITABLE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)]))
        + "\r\ufffe\uffff",
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(_WRITABLE, st.sampled_from(["=A1", "𠮷" * 50, "+" * 3, "@", "-0"]).map(str)))
def test_any_writable_text_round_trips_exactly(tmp_path, text):
    import openpyxl

    target = tmp_path / "p.xlsx"
    simple_book(target, [text])
    assert openpyxl.load_workbook(target).active["A2"].value == text
    assert calamine_rows(target)[1][0] == text


@pytest.mark.parametrize(
    "char", ["\x00", "\x08", "\x0b", "\x1f", "\x7f", "\x9f", "\r", "\ud800", "\ufffe", "\uffff"]
)
def test_control_characters_are_refused_naming_the_place(tmp_path, char):
    target = tmp_path / "c.xlsx"
    with pytest.raises(RuleViolation) as caught:
        simple_book(target, ["fine", f"备注{char}后"])
    assert caught.value.key == "xlsx.bad_text"
    assert caught.value.params == {"sheet": "表", "row": 3, "column": "A", "code": f"U+{ord(char):04X}"}
    assert "第3行" in caught.value.message() and "A列" in caught.value.message()
    assert not target.exists() and leftovers(tmp_path) == []


def test_text_of_spaces_only_is_written_as_an_empty_cell(tmp_path):
    target = tmp_path / "blank.xlsx"
    simple_book(target, ["  ", "\u3000", " x "])
    assert [r[0] for r in calamine_rows(target)[1:4]] == ["", "", " x "]


def test_tab_and_line_break_are_kept(tmp_path):
    target = tmp_path / "n.xlsx"
    simple_book(target, ["第一行\n第二行\t尾"])
    assert calamine_rows(target)[1][0] == "第一行\n第二行\t尾"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("字" * 32_767, True),
        ("字" * 32_768, False),
        ("𠮷" * 16_383 + "a", True),  # 32,767 UTF-16 units
        ("𠮷" * 16_384, False),  # 16,384 characters but 32,768 units, as Excel counts
    ],
)
def test_text_longer_than_excels_cell_limit_is_refused(tmp_path, text, ok):
    target = tmp_path / "long.xlsx"
    if ok:
        simple_book(target, [text])
        assert calamine_rows(target)[1][0] == text
    else:
        with pytest.raises(RuleViolation) as caught:
            simple_book(target, [text])
        assert caught.value.key == "xlsx.text_too_long"
        assert not target.exists()


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("2020-03 救济发放", [], "2020-03 救济发放"),
        ("a/b:c*d?e[f]g\\h", [], "a_b_c_d_e_f_g_h"),
        ("长" * 40, [], "长" * 31),
        ("汇总", ["汇总"], "汇总(2)"),
        ("长" * 40, ["长" * 31], "长" * 28 + "(2)"),
        ("", [], "Sheet"),
    ],
)
def test_sheet_names_are_made_valid_and_unique(name, taken, expected):
    assert writer.sheet_title(name, taken) == expected


# ----------------------------------------------------------------------------- values and totals


def test_numbers_dates_and_aware_datetimes_keep_their_types(tmp_path):
    import openpyxl

    target = tmp_path / "v.xlsx"
    stamp = datetime(2020, 3, 5, 1, 2, tzinfo=UTC)
    with Book(target) as book:
        sheet = book.sheet("值")
        sheet.columns(
            [Col("n", 8, INT), Col("m", 10, MONEY), Col("d", 12, DATE), Col("t", 16, writer.DATETIME)]
        )
        sheet.header()
        sheet.append([7, Decimal("412.50"), date(2020, 3, 1), stamp])
        book.save()
    ws = openpyxl.load_workbook(target).active
    assert ws["A2"].value == 7 and ws["B2"].value == 412.5
    assert ws["C2"].value == datetime(2020, 3, 1) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["D2"].value == stamp.astimezone().replace(tzinfo=None)
    assert ws["B2"].number_format == "#,##0.00" and ws["A2"].number_format == "0"


def test_totals_are_live_formulas_whose_cached_values_are_the_sums(tmp_path):
    import openpyxl

    target = tmp_path / "sum.xlsx"
    amounts = [Decimal("0.10"), Decimal("0.20"), Decimal("3456.78"), Decimal("-0.05")]
    with Book(target) as book:
        sheet = book.sheet("合计")
        sheet.columns(
            [Col("项目", 10, TEXT), Col("人次", 8, INT, total=True), Col("金额", 12, MONEY, total=True)]
        )
        sheet.title("标题")
        sheet.header()
        for n, amount in enumerate(amounts, start=1):
            sheet.append([f"第{n}项", n, amount])
        sheet.append(["空", None, None])
        row = sheet.total("合计")
        book.save()
    ws = openpyxl.load_workbook(target).active
    assert row == 8
    assert (ws["B8"].value, ws["C8"].value) == ("=SUM(B3:B7)", "=SUM(C3:C7)")
    assert calamine_rows(target)[7] == ["合计", 10.0, float(sum(amounts))]
    assert openpyxl.load_workbook(target).calculation.fullCalcOnLoad is True


def test_a_total_without_data_rows_is_zero_not_a_formula(tmp_path):
    target = tmp_path / "zero.xlsx"
    with Book(target) as book:
        sheet = book.sheet("空")
        sheet.columns([Col("项目", 10, TEXT), Col("金额", 12, MONEY, total=True)])
        sheet.header()
        sheet.total("合计")
        book.save()
    assert formula_cells(target) == []
    assert calamine_rows(target)[1] == ["合计", 0.0]


def test_a_given_total_that_is_not_the_sum_is_kept_as_a_number(tmp_path):
    target = tmp_path / "given.xlsx"
    with Book(target) as book:
        sheet = book.sheet("户")
        sheet.columns([Col("片", 10, TEXT), Col("户数", 8, INT, total=True), Col("人次", 8, INT, total=True)])
        sheet.header()
        sheet.append(["一片", 3, 4])
        sheet.append(["二片", 2, 5])
        sheet.total("合计", overrides={1: 4})
        book.save()
    assert formula_cells(target) == ["=SUM(C2:C3)"]
    assert calamine_rows(target)[3] == ["合计", 4.0, 9.0]


def test_fill_cached_values_only_touches_the_named_formula_cells():
    xml = b'<row r="5"><c r="B5" s="3"><f>SUM(B2:B4)</f><v /></c><c r="C5"><f>SUM(C2:C4)</f><v></v></c></row>'
    assert writer.fill_cached_values(xml, {"B5": "12.50"}) == (
        b'<row r="5"><c r="B5" s="3"><f>SUM(B2:B4)</f><v>12.50</v></c><c r="C5"><f>SUM(C2:C4)</f><v></v></c></row>'
    )


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_totals_to_the_values_written(tmp_path):
    amounts = [Decimal("1234.56"), Decimal("0.07"), Decimal("99.99")]
    target = tmp_path / "lo.xlsx"
    with Book(target) as book:
        sheet = book.sheet("救济")
        sheet.columns([Col("户", 10, TEXT), Col("金额", 12, MONEY, total=True)])
        sheet.header()
        for n, amount in enumerate(amounts):
            sheet.append([f"=户{n}", amount])
        sheet.total("合计")
        book.save()
    converted = libreoffice_convert(target, tmp_path)
    rows = calamine_rows(converted)
    assert rows[4] == ["合计", pytest.approx(float(sum(amounts)))]
    assert [r[0] for r in rows[1:4]] == ["=户0", "=户1", "=户2"]


@pytest.mark.libreoffice
def test_the_libreoffice_check_recalculates_instead_of_trusting_cached_values(tmp_path):
    """A wrong cached value is corrected by the conversion: the check above really tests the formula."""
    target = tmp_path / "wrong.xlsx"
    with Book(target) as book:
        sheet = book.sheet("s")
        sheet.columns([Col("a", 8, TEXT), Col("b", 8, INT, total=True)])
        sheet.header()
        sheet.append(["x", 2])
        sheet.append(["y", 3])
        sheet.total("合计")
        book.save()
    with zipfile.ZipFile(target) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(
        b"<v>5</v>", b"<v>999</v>"
    )
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    assert calamine_rows(target)[3][1] == 999
    assert calamine_rows(libreoffice_convert(target, tmp_path))[3][1] == 5


# ----------------------------------------------------------------------------- the output file


def test_a_new_file_is_owner_only_and_no_temporary_file_remains(tmp_path):
    target = tmp_path / "new.xlsx"
    saved = simple_book(target, ["a"])
    assert saved.path == target and saved.replaced is False and saved.sheets == ["表"] and saved.rows == 1
    assert target.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == []


def test_an_existing_workbook_is_replaced_atomically(tmp_path, monkeypatch):
    target = tmp_path / "old.xlsx"
    simple_book(target, ["old"])
    target.chmod(0o644)
    old_inode = target.stat().st_ino
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: Any, dst: Any) -> None:
        renames.append((Path(src).name, Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", spy)
    saved = simple_book(target, ["new"])
    assert saved.replaced is True
    assert len(renames) == 1 and renames[0][1] == "old.xlsx" and renames[0][0].endswith(".xlsx.tmp")
    assert calamine_rows(target)[1][0] == "new"
    assert target.stat().st_ino != old_inode  # a new file renamed over the old, not rewritten in place
    assert target.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == []


def _full_disk(wb: Any, fh: Any, patches: Any) -> None:
    fh.write(b"PK\x03\x04 half a workbook")
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("existing", [False, True])
def test_a_full_disk_while_saving_leaves_no_file_and_no_temporary_file(tmp_path, monkeypatch, existing):
    target = tmp_path / "full.xlsx"
    if existing:
        simple_book(target, ["before"])
    monkeypatch.setattr(writer, "_write_archive", _full_disk)
    with pytest.raises(WriteFailed) as caught:
        simple_book(target, ["after"])
    assert caught.value.key == "xlsx.disk_full" and caught.value.exit_code == ExitCode.DATABASE
    assert "磁盘空间不足" in caught.value.message()
    assert leftovers(tmp_path) == []
    if existing:
        assert calamine_rows(target)[1][0] == "before"
    else:
        assert not target.exists()


class _FillsUp:
    """The temporary file on a disk that fills after `room` bytes."""

    def __init__(self, fh: Any, room: int) -> None:
        self._fh, self._room = fh, room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return int(self._fh.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> _FillsUp:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._fh.close()


@pytest.mark.parametrize("room", [0, 100, 3_000, 20_000])
def test_a_disk_that_fills_while_zipping_fails_cleanly_without_a_stray_traceback(tmp_path, monkeypatch, room):
    import gc
    import sys

    real_fdopen = os.fdopen
    monkeypatch.setattr(writer.os, "fdopen", lambda fd, mode: _FillsUp(real_fdopen(fd, mode), room))
    unraisable: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    target = tmp_path / "filling.xlsx"
    with pytest.raises(WriteFailed) as caught:
        simple_book(target, [f"第{n}行" for n in range(2_000)])
    gc.collect()
    assert caught.value.key == "xlsx.disk_full"
    assert not target.exists() and leftovers(tmp_path) == []
    assert unraisable == []  # nothing printed "Exception ignored in: <zipfile.ZipFile …>" at exit


def test_a_full_disk_at_fsync_is_reported_the_same_way(tmp_path, monkeypatch):
    target = tmp_path / "sync.xlsx"

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", no_space)
    with pytest.raises(WriteFailed):
        simple_book(target, ["x"])
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_full_disk_while_streaming_rows_leaves_nothing_behind(tmp_path):
    target = tmp_path / "stream.xlsx"
    streamed: list[str] = []
    with pytest.raises(WriteFailed) as caught, Book(target) as book:
        sheet = book.sheet("s")
        sheet.columns([Col("a", 8, TEXT)])
        for n in range(50):
            sheet.append([f"row {n}"])
        streamed.append(book.wb.worksheets[0]._writer.out)
        raise OSError(errno.ENOSPC, "No space left on device")
    assert caught.value.key == "xlsx.disk_full"
    assert not target.exists() and leftovers(tmp_path) == []
    assert streamed and not Path(streamed[0]).exists()  # openpyxl's temporary sheet XML is gone too


def test_a_locked_target_is_reported_and_left_unchanged(tmp_path, monkeypatch):
    target = tmp_path / "locked.xlsx"
    simple_book(target, ["before"])

    def locked(src: Any, dst: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(writer.os, "replace", locked)
    with pytest.raises(TargetProblem) as caught:
        simple_book(target, ["after"])
    assert caught.value.key == "xlsx.target_locked" and caught.value.exit_code == ExitCode.INVALID
    assert "被占用" in caught.value.message()
    assert calamine_rows(target)[1][0] == "before"
    assert leftovers(tmp_path) == []


def test_a_folder_that_refuses_the_temporary_file_is_reported(tmp_path, monkeypatch):
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(writer.tempfile, "mkstemp", refuse)
    with pytest.raises(TargetProblem) as caught:
        simple_book(tmp_path / "x.xlsx", ["a"])
    assert caught.value.key == "xlsx.target_locked"


def test_another_os_error_names_its_reason(tmp_path, monkeypatch):
    def broken(wb: Any, fh: Any, patches: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(writer, "_write_archive", broken)
    with pytest.raises(WriteFailed) as caught:
        simple_book(tmp_path / "io.xlsx", ["a"])
    assert caught.value.key == "xlsx.write_failed" and caught.value.params["reason"] == "Input/output error"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "key"),
    [("report.xls", "xlsx.target_suffix"), ("report.csv", "xlsx.target_suffix"), ("report", "xlsx.target_suffix"),
     ("missing/report.xlsx", "xlsx.target_dir_missing"), ("folder.xlsx", "xlsx.target_is_dir")],
)  # fmt: skip
def test_an_unusable_target_is_refused_before_any_work(tmp_path, name, key):
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(TargetProblem) as caught:
        writer.check_target(tmp_path / name)
    assert caught.value.key == key


def test_a_file_that_is_not_a_workbook_is_not_overwritten(tmp_path):
    target = tmp_path / "notes.xlsx"
    target.write_text("这是一份重要的文字材料", encoding="utf-8")
    with pytest.raises(Conflict) as caught:
        simple_book(target, ["x"])
    assert caught.value.key == "xlsx.target_not_xlsx" and caught.value.exit_code == ExitCode.CONFLICT
    assert target.read_text(encoding="utf-8") == "这是一份重要的文字材料"
    simple_book(target, ["x"], force=True)
    assert calamine_rows(target)[1][0] == "x"


def test_an_empty_file_may_be_replaced(tmp_path):
    target = tmp_path / "empty.xlsx"
    target.touch()
    assert simple_book(target, ["x"]).replaced is True


def test_leaving_the_block_without_saving_writes_nothing(tmp_path):
    target = tmp_path / "unsaved.xlsx"
    with Book(target) as book:
        book.sheet("s").append(["x"])
    assert not target.exists() and leftovers(tmp_path) == []


# ----------------------------------------------------------------------------- print setup, drop-downs, charts


def test_print_setup_is_a4_fitted_to_width_with_repeated_header_and_page_numbers(tmp_path):
    import openpyxl

    target = tmp_path / "print.xlsx"
    with Book(target) as book:
        sheet = book.sheet("登记表")
        sheet.columns([Col("姓名", 10, TEXT), Col("电话", 15, TEXT)])
        sheet.page(landscape=True, repeat_rows="3:3", footer="第 &P 页，共 &N 页")
        sheet.freeze("B4")
        sheet.title("离退休人员情况登记表")
        sheet.merged_line("填报单位：十矿退管中心")
        sheet.header()
        sheet.append(["张三", "13812345678"])
        book.save()
    ws = openpyxl.load_workbook(target).active
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws.freeze_panes == "B4"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:B1", "A2:B2"}
    assert ws.column_dimensions["B"].width == 15
    assert ws["B4"].number_format == "@"


def test_drop_downs_inline_and_from_a_range(tmp_path):
    import openpyxl

    target = tmp_path / "dv.xlsx"
    with Book(target) as book:
        sheet = book.sheet("表")
        sheet.columns([Col("性别", 6, TEXT), Col("片区", 8, TEXT)])
        sheet.header()
        sheet.dropdown(1, 2, 100, choices=["男", "女"])
        sheet.dropdown(2, 2, 100, source="'说明'!$E$2:$E$4", strict=False)
        lists = book.sheet("说明")
        lists.append(["一片"])
        book.save()
    dvs = openpyxl.load_workbook(target)["表"].data_validations.dataValidation
    assert [(dv.formula1, str(dv.sqref), dv.errorStyle) for dv in dvs] == [
        ('"男,女"', "A2:A100", "stop"),
        ("'说明'!$E$2:$E$4", "B2:B100", "warning"),
    ]


def test_an_inline_list_with_commas_or_too_long_is_refused(tmp_path):
    with Book(tmp_path / "x.xlsx") as book:
        sheet = book.sheet("s")
        with pytest.raises(ValueError):
            sheet.dropdown(1, 2, 3, choices=["a,b"])
        with pytest.raises(ValueError):
            sheet.dropdown(1, 2, 3, choices=["很长的片区名称" * 5] * 10)


def test_charts_are_native_excel_charts(tmp_path):
    import openpyxl

    target = tmp_path / "chart.xlsx"
    with Book(target) as book:
        sheet = book.sheet("图")
        sheet.columns([Col("档次", 8, TEXT), Col("金额", 10, MONEY, total=True)])
        header = sheet.header()
        for tier, amount in (("A", Decimal("300")), ("B", Decimal("200"))):
            sheet.append([tier, amount])
        sheet.chart(
            "救济", header_row=header, last_row=sheet.row, category_column=1, series_columns=[2], anchor="D2"
        )
        sheet.chart("线", header_row=header, last_row=sheet.row, category_column=1, series_columns=[2], anchor="D20",
                    line=True)  # fmt: skip
        book.save()
    with zipfile.ZipFile(target) as zf:
        charts = sorted(n for n in zf.namelist() if n.startswith("xl/charts/chart"))
        xml = b"".join(zf.read(n) for n in charts)
    assert len(charts) == 2 and b"<barChart>" in xml and b"<lineChart>" in xml
    assert "'图'!$B$2:$B$3".encode() in xml
    assert len(openpyxl.load_workbook(target)["图"]._charts) == 2


# ----------------------------------------------------------------------------- streaming


def test_big_sheets_stream_instead_of_keeping_every_cell(tmp_path):
    """Peak memory does not grow with the rows: each cell is written and dropped."""

    def peak(rows: int) -> int:
        tracemalloc.start()
        with Book(tmp_path / f"s{rows}.xlsx") as book:
            sheet = book.sheet("s")
            sheet.columns([Col(str(i), 8, TEXT) for i in range(5)])
            sheet.extend([f"第{r}行{c}" for c in range(5)] for r in range(rows))
            book.save()
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak_bytes

    small, big = peak(300), peak(3_000)
    # Holding 15,000 cells (openpyxl's normal mode) costs about 5 MB here; ten times the rows
    # must not cost ten times the memory.
    assert big < small * 2
    assert big < 2 * 1024 * 1024


def test_the_workbook_is_written_in_write_only_mode(tmp_path):
    with Book(tmp_path / "w.xlsx") as book:
        assert book.wb.write_only is True
