"""Importing dissuasions (劝阻/劝返): the rows of one date and place are one trip, counted in 劝阻人次."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import make_id
from tests.importer.conftest import person_row, register_workbook_of

WANG = make_id(birth="19480312", seq="111")
OUTSIDER = make_id(birth="19600101", seq="142")
HEADER = [
    "序号",
    "日期",
    "地点",
    "被劝返人",
    "身份证号",
    "劝返人",
    "劝返人数",
    "去向/诉求",
    "关联信访件",
    "备注",
]


def dissuasion_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    """The office's 劝返 register: a title line, the header, one row per person (or per trip)."""
    return register_workbook_of(
        path, "劝返登记表", ["十矿退管中心劝阻劝返登记表"], header or HEADER, rows, text_column="E"
    )


def persuaded(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "日期": "2025-03-04",
        "地点": "郑州",
        "被劝返人": "王建国",
        "身份证号": WANG,
        "劝返人": "张志强、刘德明",
        "去向/诉求": "赴省反映养老金",
    }
    values.update(overrides)
    return values


def imported(cli, path: Path, *args: str) -> tuple[Any, dict[str, Any]]:
    result = cli("import", "dissuasions", str(path), "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else {})


def trips(read) -> list[tuple[str, str, str, int, str | None, list[int]]]:
    from kuangqu.services import petitions

    with read() as s:
        return [
            (d.happened_on.isoformat(), d.place, d.staff, d.persuaded_count, d.notes, linked)
            for d, linked in petitions.dissuasions(s)
        ]


def a_petition(cli) -> int:
    result = cli("petition", "add", "--channel", "越级赴省", "--type", "申诉求决", "--subject", "待遇",
                 "--request", "要求提高养老金", "--outsider", "孙立新", "--received-on", "2025-03-01",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return int(json.loads(result.stdout)["id"])


def test_the_people_of_one_date_and_place_make_one_trip_counting_each_person(cli, read, roster, tmp_path):
    assert cli("import", "retirees", str(roster([person_row(1, "王建国", WANG)]))).exit_code == 0
    pid = a_petition(cli)
    rows = [
        persuaded(关联信访件=f"#{pid}"),
        persuaded(被劝返人="孙立新", 身份证号=OUTSIDER, 劝返人="张志强", **{"去向/诉求": None}),
        persuaded(
            日期="2025-04-10",
            地点="许昌",
            被劝返人=None,
            身份证号=None,
            劝返人数=5,
            劝返人="王强",
            **{"去向/诉求": None},
        ),
    ]
    result, summary = imported(cli, dissuasion_workbook(tmp_path / "d.xlsx", rows))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["errors"]) == (2, 0, 0, [])
    assert trips(read) == [
        ("2025-03-04", "郑州", "张志强、刘德明", 2, "王建国：赴省反映养老金\n孙立新", [pid]),
        ("2025-04-10", "许昌", "王强", 5, None, []),
    ]
    shown = cli("petition", "dissuasions", "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    assert (shown.json()["count"], shown.json()["person_times"]) == (2, 7)  # 劝阻人次 of the office report


def test_importing_the_same_register_again_changes_nothing(cli, read, tmp_path):
    path = dissuasion_workbook(
        tmp_path / "d.xlsx", [persuaded(身份证号=None), persuaded(被劝返人="李四", 身份证号=None)]
    )
    assert imported(cli, path)[0].exit_code == 0
    before = trips(read)
    result, summary = imported(cli, path)
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    assert trips(read) == before


def test_a_later_register_with_more_people_for_a_recorded_trip_updates_its_count(cli, read, tmp_path):
    assert (
        imported(cli, dissuasion_workbook(tmp_path / "d.xlsx", [persuaded(身份证号=None)]))[0].exit_code == 0
    )
    rows = [persuaded(身份证号=None), persuaded(被劝返人="李四", 身份证号=None)]
    result, summary = imported(cli, dissuasion_workbook(tmp_path / "d2.xlsx", rows))
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["updated"]) == (0, 1)
    assert summary["changes"][0]["fields"]["persuaded_count"] == {"old": 1, "new": 2}
    [(_, _, _, count, _, _)] = trips(read)
    assert count == 2


def test_every_bad_cell_is_located_and_nothing_is_written(cli, read, roster, tmp_path):
    assert cli("import", "retirees", str(roster([person_row(1, "王建国", WANG)]))).exit_code == 0
    rows = [
        persuaded(日期="2999-01-01"),  # row 3: in the future
        persuaded(地点=None),  # row 4: no place
        persuaded(劝返人=None),  # row 5: no staff
        persuaded(被劝返人=None, 身份证号=None),  # row 6: neither a count nor a person
        persuaded(劝返人数="三人", 日期="2025-05-01"),  # row 7: not a number
        persuaded(关联信访件="99", 日期="2025-05-02"),  # row 8: no such petition
        persuaded(身份证号="410402195003121234", 日期="2025-05-03"),  # row 9: a wrong check digit
        persuaded(被劝返人="王建民", 日期="2025-05-04"),  # row 10: another name for a roster ID
    ]
    result, summary = imported(cli, dissuasion_workbook(tmp_path / "d.xlsx", rows))
    assert result.exit_code == 1
    places = sorted((e["row"], e["column"]) for e in summary["errors"])
    assert places == [(3, "B"), (4, "C"), (5, "F"), (6, "G"), (7, "G"), (8, "I"), (9, "E"), (10, "D")]
    assert "身份冲突" in next(e["message"] for e in summary["errors"] if e["row"] == 10)
    assert "410402195003121234" not in json.dumps(summary, ensure_ascii=False)
    assert trips(read) == []


def test_the_same_person_twice_in_one_trip_is_an_error_naming_both_rows(cli, tmp_path):
    result, summary = imported(cli, dissuasion_workbook(tmp_path / "d.xlsx", [persuaded(), persuaded()]))
    assert result.exit_code == 1
    [error] = summary["errors"]
    assert error["row"] == 4 and "第3行" in error["message"]


def test_a_dry_run_reports_what_it_would_do_and_writes_nothing(cli, read, tmp_path):
    result, summary = imported(cli, dissuasion_workbook(tmp_path / "d.xlsx", [persuaded()]), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (summary["created"], summary["dry_run"]) == (1, True)
    assert trips(read) == []


def test_the_errors_option_writes_the_failing_rows_to_fix_and_reimport(cli, tmp_path):
    out = tmp_path / "errors.xlsx"
    rows = [persuaded(), persuaded(地点="许昌", 劝返人=None)]
    result, _ = imported(cli, dissuasion_workbook(tmp_path / "d.xlsx", rows), "--errors", str(out))
    assert result.exit_code == 1 and out.is_file()
    from python_calamine import CalamineWorkbook

    text = json.dumps(
        CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python(),
        ensure_ascii=False,
        default=str,
    )
    assert "许昌" in text and "郑州" not in text
