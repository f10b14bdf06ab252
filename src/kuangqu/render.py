"""The one renderer: Reports (tables) and Records (one object) → rich table, JSON or CSV.

Services and report queries return data; this module alone decides how it looks.
JSON keys are the stable snake_case English column keys; table headers are localised.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from kuangqu.i18n import current_lang, t


@dataclass
class Column:
    key: str
    label_key: str | None = None  # message key; defaults to "col.<key>"
    justify: str = "left"

    def label(self) -> str:
        return t(self.label_key or f"col.{self.key}")


@dataclass
class Report:
    """A table of rows (dicts keyed by column key), with a title and optional footer lines."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    footer: list[str] = field(default_factory=list)
    # Extra top-level JSON members (e.g. a summary); when set, JSON is an object with "rows".
    json_extra: dict[str, Any] | None = None
    # The key under which this table appears inside a Record's JSON object.
    json_key: str | None = None


@dataclass
class Record:
    """One object shown as label/value pairs (table) or a JSON object."""

    title: str
    fields: list[tuple[str, Any]]  # (key, value); label is t("col.<key>")
    sections: list[Report] = field(default_factory=list)
    json_extra: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {k: jsonable(v) for k, v in self.fields}
        for section in self.sections:
            data[section.json_key or _snake(section.title)] = [
                {c.key: jsonable(r.get(c.key)) for c in section.columns} for r in section.rows
            ]
        if self.json_extra:
            data.update({k: jsonable(v) for k, v in self.json_extra.items()})
        return data


def _snake(title: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in title.lower()).strip("_") or "rows"


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return str(value)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("word.yes") if value else t("word.no")
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return value.value if current_lang() == "en" or label is None else str(label)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    return str(value)


def to_json(data: Report | Record | dict[str, Any] | list[Any]) -> str:
    if isinstance(data, Report):
        rows = [{c.key: jsonable(r.get(c.key)) for c in data.columns} for r in data.rows]
        payload: Any = rows if data.json_extra is None else {**jsonable(data.json_extra), "rows": rows}
    elif isinstance(data, Record):
        payload = data.as_dict()
    else:
        payload = jsonable(data)
    return json.dumps(payload, ensure_ascii=False, indent=2)


def to_csv(data: Report | Record) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if isinstance(data, Record):
        writer.writerow(["field", "value"])
        for key, value in data.fields:
            writer.writerow([key, _csv_safe(cell_text(value))])
    else:
        writer.writerow([c.key for c in data.columns])
        for row in data.rows:
            writer.writerow([_csv_safe(cell_text(row.get(c.key))) for c in data.columns])
    return buffer.getvalue()


def _csv_safe(text: str) -> str:
    # A spreadsheet opening the CSV would run "=…" as a formula: prefix it so it stays text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def rich_renderables(data: Report | Record) -> Sequence[Any]:
    from rich.table import Table
    from rich.text import Text

    if isinstance(data, Record):
        table = Table(title=data.title, show_header=False, title_justify="left")
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for key, value in data.fields:
            table.add_row(t(f"col.{key}"), Text(cell_text(value)))
        out: list[Any] = [table]
        for sub in data.sections:
            out.extend(rich_renderables(sub))
        return out
    table = Table(title=data.title, title_justify="left")
    for column in data.columns:
        table.add_column(column.label(), justify=column.justify, overflow="fold")  # type: ignore[arg-type]
    for row in data.rows:
        table.add_row(*(Text(cell_text(row.get(c.key))) for c in data.columns))
    out = [table]
    out.extend(Text(line) for line in data.footer)
    return out


def render(data: Report | Record, fmt: str, console: Any) -> None:
    """Print `data` to `console` (a rich Console on stdout) in the chosen format."""
    if fmt == "json":
        console.file.write(to_json(data) + "\n")
    elif fmt == "csv":
        console.file.write(to_csv(data))
    else:
        for renderable in rich_renderables(data):
            console.print(renderable)
