"""The floors: the bare libraries doing a scenario's work on the same data, each in its own process.

- import: python-calamine reads the roster's sheet, and sqlite3 inserts the same rows with one
  `executemany` in one transaction into a plain 20-column table (no indexes, default pragmas);
- export: sqlite3 reads the roster's 20 columns and openpyxl in write-only mode writes the same
  cells, unstyled;
- pass: `python -c pass`, the price of starting any Python process at all.

Run as `python -m kuangqu.bench.floors import|export ARGS` by the harness, which times the whole
child process exactly as it times kuangqu's commands. This is the one module outside excel/
that imports openpyxl and calamine: measuring them bare is its purpose.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

# The registration sheet's columns, in the roster's order (序号 is the row number).
ROSTER_COLUMNS = (
    "name",
    "sex",
    "id_number",
    "birth_date",
    "ethnicity",
    "category",
    "work_start",
    "retired_on",
    "former_unit",
    "position",
    "address",
    "phone",
    "family_situation",
    "area",
    "building",
    "work_group",
    "status",
    "died_on",
    "remarks",
)
_LABELS = {
    "male": "男",
    "female": "女",
    "lixiu": "离休",
    "retired": "退休",
    "tuizhi": "退职",
    "survivor": "遗属",
    "active": "在册",
    "deceased": "已故",
    "moved": "迁出",
}


def command(kind: str, *args: str) -> list[str]:
    """The argv of a floor child process."""
    if kind == "pass":
        return [sys.executable, "-c", "pass"]
    return [sys.executable, "-m", "kuangqu.bench.floors", kind, *args]


def import_floor(workbook: Path, target: Path) -> int:
    """calamine read + sqlite3 executemany of the data rows (after the header) in one transaction."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python(skip_empty_area=True)
    header = next(i for i, row in enumerate(rows) if "姓名" in row)
    width = len(rows[header])
    data = [tuple(_bindable(v) for v in row[:width]) for row in rows[header + 1 :]]
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute(f"CREATE TABLE roster ({', '.join(f'c{i}' for i in range(width))})")
    with conn:
        conn.executemany(f"INSERT INTO roster VALUES ({', '.join('?' * width)})", data)
    conn.close()
    return len(data)


def _bindable(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


def export_floor(database: Path, target: Path) -> int:
    """sqlite3 read of the roster's 20 columns + openpyxl write-only, no styles."""
    from openpyxl import Workbook

    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = conn.execute(
        f"SELECT {', '.join(ROSTER_COLUMNS)} FROM retiree ORDER BY area, building, id"
    ).fetchall()
    conn.close()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("登记表")
    sheet.append(["序号", *ROSTER_COLUMNS])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *(_LABELS.get(v, v) if isinstance(v, str) else v for v in row)])
    book.save(target)
    return len(rows)


def main(argv: list[str]) -> None:
    kind, source, target = argv
    count = (import_floor if kind == "import" else export_floor)(Path(source), Path(target))
    print(count)


if __name__ == "__main__":
    main(sys.argv[1:])
