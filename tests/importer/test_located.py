"""The row helpers the petition, visit, payment and benefit imports share (importer/located.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.helpers import make_id

WANG = make_id(birth="19480312", seq="111")
LI = make_id(birth="19520704", seq="122")
STRANGER = make_id(birth="19500101", seq="131")
FIELDS = ("name", "id_number", "note")


def read_result(*rows: tuple[Any, ...], sheet: str = "表1") -> Any:
    """One sheet whose data rows start at row 3, columns A (name), B (id_number), C (note)."""
    from kuangqu.importer.rows import ReadResult, SheetRows, SourceRow

    mapped = tuple(enumerate(FIELDS))
    out = SheetRows(sheet, list(FIELDS), {"name": "A", "id_number": "B", "note": "C"})
    for n, cells in enumerate(rows, start=3):
        out.rows.append(SourceRow(sheet, n, list(cells), {}, mapped))
    return ReadResult([out], [], [], Counter(), "xlsx")


def new_summary() -> Any:
    from kuangqu.importer.summary import ImportSummary

    return ImportSummary("test", "f.xlsx", "0")


def where(problem: Any) -> tuple[Any, ...]:
    return (problem.key, problem.sheet, problem.row, problem.column, problem.value)


def test_a_row_repeating_the_key_of_an_earlier_row_is_an_error_naming_both_rows_and_is_not_kept():
    from kuangqu.importer.located import each_row

    summary = new_summary()
    kept = each_row(
        read_result(("甲", "1", "a"), ("乙", "2", "b"), ("丙", "3", "a")),
        summary,
        lambda at: (at.source.row, at.values["note"]),
        key=lambda row: row[1],
    )
    assert kept == [(3, "a"), (4, "b")]
    [error] = summary.errors
    assert (error.key, error.sheet, error.row, error.params) == (
        "import.duplicate_record",
        "表1",
        5,
        {"first_sheet": "表1", "first_row": 3, "row": 5},
    )
    assert "第3行" in error.message("zh")


def test_a_row_the_validator_finds_wrong_is_skipped_and_its_problem_names_sheet_row_column_and_value():
    from kuangqu.importer.located import each_row

    def validate(at: Any) -> str | None:
        day = at.day("note")
        return None if day is None else day.isoformat()

    summary = new_summary()
    kept = each_row(read_result(("甲", "1", "2024-03-01"), ("乙", "2", "2024-03")), summary, validate)
    assert kept == ["2024-03-01"]
    assert [where(p) for p in summary.errors] == [("import.day_precision", "表1", 4, "C", "2024-03")]


def test_progress_is_told_the_row_index_every_500_rows_of_a_sheet():
    from kuangqu.importer.located import each_row

    told: list[int] = []
    rows = [("甲", str(n), "x") for n in range(1201)]
    kept = each_row(read_result(*rows), new_summary(), lambda at: at.source.row, progress=told.append)
    assert (told, len(kept)) == ([0, 500, 1000], 1201)


def test_a_shown_value_is_masked_by_its_field_and_a_long_one_cut_short():
    from kuangqu.importer.located import Located

    summary = new_summary()
    at = Located(read_result(("王建国", WANG, "很" * 100)).sheets[0].rows[0], {"id_number": "B"}, summary)
    at.error("import.person_not_registered", "id_number", WANG)
    at.error("rule.text_too_long", "note", "很" * 100, limit=10)
    masked, cut = (p.value for p in summary.errors)
    assert masked != WANG and masked.startswith(WANG[:6]) and "*" in masked
    assert cut == "很" * 57 + "…"
    assert at.failed and [p.key for p in at.problems] == [
        "import.person_not_registered",
        "rule.text_too_long",
    ]


def test_the_people_of_a_file_are_found_in_one_query_and_another_name_is_an_identity_conflict(person, read):
    from sqlalchemy import event

    from kuangqu.importer.located import People, each_row

    person("王建国", id_number=WANG)
    person("李秀英", id_number=LI, sex="女")
    rows = [("王建国", WANG, ""), ("李秀英", LI, ""), ("王建国", STRANGER, ""), ("李四", WANG, "")] * 50
    file = read_result(*rows)
    summary = new_summary()
    with read() as s:
        statements: list[str] = []
        engine = s.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            people = People(s)
            people.prefetch(file, payees=False)
            found = each_row(file, summary, lambda at: people.retiree(at, at.name()))
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert {p.name for p in found} == {"王建国", "李秀英"} and len(found) == 100
    assert Counter(p.key for p in summary.errors) == {
        "import.person_not_registered": 50,
        "retiree.identity_conflict": 50,
    }
    conflict = next(p for p in summary.errors if p.key == "retiree.identity_conflict")
    assert (conflict.row, conflict.column, conflict.value, conflict.params["name"]) == (
        6,
        "A",
        "李四",
        "王建国",
    )
    assert WANG not in conflict.message("zh")
