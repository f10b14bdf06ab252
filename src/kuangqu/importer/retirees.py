"""Importing the registration sheet (离退休人员情况登记表): new people created, known people updated.

Two phases: every row is validated and compared with the database first, and every
problem collected; only a clean plan is written, in the caller's one transaction. New
people go in with one Core insert (fast at 100k rows); changed people are updated field
by field through the retiree service, which audits each change. A person is known by
the resident ID (18 digits, or the old 15-digit form it came from); the same ID with
another name is an identity conflict, never a merge.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

from sqlalchemy import String, func, insert, select, text, type_coerce
from sqlalchemy.orm import Session

from kuangqu.errors import Problem
from kuangqu.excel.headers import ROSTER_SYNONYMS
from kuangqu.importer.rows import ReadResult, SourceRow, fewer_full_collections, locate
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.base import utcnow
from kuangqu.models.registry import Retiree
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.masking import mask_id
from kuangqu.services import retirees as retiree_service
from kuangqu.validate import RetireeInput, retiree_input

REQUIRED = ("name", "id_number")
SYNONYMS = ROSTER_SYNONYMS
EXPECTED_SHEETS = ("登记表", "离退休人员情况登记表", "花名册", "名册", "Sheet1")
# Columns that only matter when creating a person: absent from a sheet, they change nothing.
_FIELD_COLUMNS = {
    "name", "sex", "id_number", "birth_date", "ethnicity", "category", "work_start", "retired_on",
    "former_unit", "position", "address", "phone", "family_situation", "area", "building", "work_group",
    "status", "died_on", "remarks",
}  # fmt: skip
_CHUNK = 500
_INPUT_FIELDS = tuple(f.name for f in fields(RetireeInput))
_INSERT_CHUNK = 5000


@dataclass
class PlannedRow:
    source: SourceRow
    data: RetireeInput
    given: frozenset[str]  # fields whose column is in the sheet


@dataclass
class RetireePlan:
    creates: list[PlannedRow] = field(default_factory=list)
    updates: list[tuple[Retiree, PlannedRow, list[retiree_service.Change]]] = field(default_factory=list)
    unchanged: int = 0


@lru_cache(maxsize=65536)
def _pinyin(name: str) -> tuple[str, str]:
    # Names repeat a lot across a mine (王建国…): the cache makes pinyin nearly free.
    return retiree_service.pinyin_keys(name)


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> RetireePlan:
    """Validate every row and compare it with the database; problems go to `summary.errors`."""
    with fewer_full_collections():  # see there: ~1 CPU-second at 100,000 rows
        return _plan(session, read, summary, today=today, progress=progress)


def _plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None,
    progress: Callable[[int], None] | None,
) -> RetireePlan:
    today = today or date.today()
    rows: list[PlannedRow] = []
    seen: dict[str, SourceRow] = {}
    for sheet in read.sheets:
        # Two shared sets per sheet rather than a new one per row (a set is ~1 KB; 100,000 rows).
        present = frozenset(set(sheet.columns) & _FIELD_COLUMNS)
        with_extra = present | {"extra"}
        for index, source in enumerate(sheet.rows):
            raw = source.values  # a new dict each time (see SourceRow.values)
            if source.extra:
                raw["extra"] = {k: _jsonable(v) for k, v in source.extra.items()}
            result = retiree_input(raw, today=today)
            if result.warnings:
                summary.warnings.extend(locate(result.warnings, source, sheet.columns))
            if result.problems or result.value is None:
                summary.errors.extend(locate(result.problems, source, sheet.columns))
            else:
                data = result.value
                keys = (
                    (data.id_number, data.id_number_original)
                    if data.id_number_original
                    else (data.id_number,)
                )
                first = seen.get(keys[0]) or (seen.get(keys[1]) if len(keys) > 1 else None)
                if first is not None:
                    summary.errors.append(
                        Problem(
                            "import.duplicate_id",
                            {"first_sheet": first.sheet, "first_row": first.row},
                            field="id_number",
                            value=mask_id(data.id_number),
                            sheet=source.sheet,
                            row=source.row,
                            column=sheet.columns.get("id_number"),
                        )
                    )
                else:
                    for k in keys:
                        seen[k] = source
                    given = with_extra if source.extra else present
                    rows.append(PlannedRow(source, data, given))
            if progress is not None and index % 500 == 0:
                progress(index)
    result_plan = RetireePlan()
    existing = _existing(session, rows)
    changed: list[tuple[int, PlannedRow]] = []
    for row in rows:
        person = existing.get(row.data.id_number) or (
            existing.get(row.data.id_number_original) if row.data.id_number_original else None
        )
        if person is None:
            result_plan.creates.append(row)
            continue
        if person.name != row.data.name and "name" in row.given:
            summary.errors.append(
                Problem(
                    "retiree.identity_conflict",
                    {"id_number": mask_id(row.data.id_number), "name": person.name, "internal": person.id},
                    field="name",
                    value=row.data.name,
                    sheet=row.source.sheet,
                    row=row.source.row,
                    column=None,
                )
            )
            continue
        if _same(person, row):
            result_plan.unchanged += 1
        else:
            changed.append((person.id, row))
    # Only the people who change are loaded as ORM objects: the service updates and audits them.
    people = _load(session, [person_id for person_id, _ in changed])
    for person_id, row in changed:
        retiree = people[person_id]
        changes = _changes(retiree, row)
        if changes:
            result_plan.updates.append((retiree, row, changes))
        else:
            result_plan.unchanged += 1
    return result_plan


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _existing(session: Session, rows: list[PlannedRow]) -> dict[str, _Stored]:
    """The people the sheet names, as compact rows of the compared columns (not ORM objects).

    A re-import of 100,000 unchanged people compares values: building ORM objects for them all
    cost more than the rest of the import, and twice the memory.
    """
    keys = {r.data.id_number for r in rows} | {
        r.data.id_number_original for r in rows if r.data.id_number_original
    }
    if not keys:
        return {}
    table = Retiree.__table__  # type: ignore[attr-defined]
    columns = [
        type_coerce(table.c[name], String).label(name) if name in _AS_TEXT else table.c[name]
        for name in _STORED_FIELDS
    ]
    found: dict[str, _Stored] = {}
    reader = _Reader()
    id_at, original_at = _AT["id_number"], _AT["id_number_original"]

    def keep(values: Any) -> None:
        person = _Stored(reader.values(values))
        found[values[id_at]] = person
        if values[original_at]:
            found[values[original_at]] = person

    # A sheet naming a good part of the roster (a re-import): one pass over the table is cheaper
    # than hundreds of lookups. (`id_number IN … OR id_number_original IN …` per chunk scanned
    # the whole table each time: quadratic, minutes at 100,000 people.)
    total = session.scalar(select(func.count()).select_from(table)) or 0
    if len(keys) * 4 >= total:
        scan = session.execute(select(*columns).execution_options(yield_per=5000))
        for part in scan.partitions():
            for values in part:
                if values[id_at] in keys or values[original_at] in keys:
                    keep(values)
        return found
    # Otherwise by the indexed ID in chunks, and the few people stored with an old 15-digit ID
    # in one pass.
    ordered = sorted(keys)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        for values in session.execute(select(*columns).where(table.c.id_number.in_(chunk))).all():
            keep(values)
    with_original = select(*columns).where(table.c.id_number_original.is_not(None))
    for values in session.execute(with_original).all():
        if values[original_at] in keys and values[id_at] not in found:
            keep(values)
    return found


_STORED_FIELDS = ("id", *retiree_service.EDITABLE_FIELDS)
_AT = {name: index for index, name in enumerate(_STORED_FIELDS)}
_PARTIAL_DATES = ("work_start", "retired_on", "died_on")
# Read as stored text and decoded here: `extra` is JSON "null" for nearly everyone, and the JSON
# type would call json.loads on every row.
_AS_TEXT = (*_PARTIAL_DATES, "extra")
# Columns with few distinct values: one shared str per value instead of one per row.
_SHARED = ("sex", "category", "status", "ethnicity", "area", "building", "work_group", "former_unit",
           "position", "family_situation")  # fmt: skip


class _Reader:
    """Turns a row as read into the values a Retiree would show, sharing repeated values."""

    def __init__(self) -> None:
        self.dates: dict[str, PartialDate] = {}
        self.pool: dict[Any, Any] = {}

    def values(self, row: Any) -> tuple[Any, ...]:
        values = list(row)
        for name in _PARTIAL_DATES:
            text = values[_AT[name]]
            if text is not None:
                value = self.dates.get(text)
                if value is None:
                    value = self.dates[text] = PartialDate.from_iso(text)
                values[_AT[name]] = value
        extra = values[_AT["extra"]]
        if extra is not None:
            # SQLite hands back the JSON text; psycopg has already decoded it into a dict.
            values[_AT["extra"]] = (
                None if extra == "null" else json.loads(extra) if isinstance(extra, str) else extra
            )
        pool = self.pool
        for name in _SHARED:
            value = values[_AT[name]]
            if value is not None:
                values[_AT[name]] = pool.setdefault(value, value)
        return tuple(values)


class _Stored:
    """A stored person's compared fields, read like a Retiree (`person.name`) by the diff."""

    __slots__ = ("values",)

    def __init__(self, values: tuple[Any, ...]) -> None:
        self.values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[_AT[name]]
        except KeyError:
            raise AttributeError(name) from None


def _load(session: Session, ids: list[int]) -> dict[int, Retiree]:
    loaded: dict[int, Retiree] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for person in session.scalars(select(Retiree).where(Retiree.id.in_(chunk))):  # type: ignore[union-attr]
            loaded[person.id] = person
    return loaded


@lru_cache(maxsize=64)
def _compared(given: frozenset[str]) -> tuple[str, ...]:
    """The fields `_changes` compares for rows whose sheet gives these columns."""
    return tuple(
        name for name in _INPUT_FIELDS
        if name in given and name != "id_number" and name in retiree_service.EDITABLE_FIELDS
    )  # fmt: skip


def _same(person: _Stored, row: PlannedRow) -> bool:
    """`not _changes(person, row)`, without building dicts: most rows of a re-import are unchanged."""
    data, stored = row.data, person.values
    for name in _compared(row.given):
        new, old = getattr(data, name), stored[_AT[name]]
        if name == "extra":
            if ({**(old or {}), **(new or {})} or None) != (old or None):
                return False
        elif new != old:
            return False
    return not (data.id_number_original and data.id_number_original != stored[_AT["id_number_original"]])


def _changes(person: Any, row: PlannedRow) -> list[retiree_service.Change]:
    values = {k: v for k, v in row.data.as_dict().items() if k in row.given}
    if "id_number" in values:
        values.pop("id_number")  # the key itself: a 15-digit sheet row must not rewrite the 18-digit ID
    # A sheet that does not carry the old 15-digit form must not erase it.
    if row.data.id_number_original and row.data.id_number_original != person.id_number_original:
        values["id_number_original"] = row.data.id_number_original
    return retiree_service.diff(person, values)


def apply(session: Session, plan_: RetireePlan, summary: ImportSummary) -> None:
    """Write a clean plan: one Core insert for new people, audited field-by-field updates."""
    with fewer_full_collections():
        _apply(session, plan_, summary)


def _apply(session: Session, plan_: RetireePlan, summary: ImportSummary) -> None:
    now = utcnow()
    if plan_.creates:
        _roomy_cache(session)
        if session.get_bind().dialect.name == "sqlite":
            _insert_sqlite(session, plan_.creates, now)
        else:
            _insert_core(session, plan_.creates, now)
    for person, _row, changes in plan_.updates:
        retiree_service.apply_changes(session, person, changes, action="retiree.import_update")
        summary.changes.append(
            {
                "id": person.id,
                "name": person.name,
                "fields": {
                    c.field: {"old": _shown(c.field, c.old), "new": _shown(c.field, c.new)} for c in changes
                },
            }
        )
    summary.created = len(plan_.creates)
    summary.updated = len(plan_.updates)
    summary.unchanged = plan_.unchanged
    session.flush()


_INSERTED = (*_INPUT_FIELDS, "name_pinyin", "name_initials", "created_at", "updated_at")


def _insert_core(session: Session, creates: list[PlannedRow], now: datetime) -> None:
    """New people with one Core insert (SQLAlchemy processes every row's parameters)."""
    table = Retiree.__table__  # type: ignore[attr-defined]
    # The rows' dicts are built a chunk at a time, not all 100,000 at once (memory).
    for start in range(0, len(creates), _INSERT_CHUNK):
        values = []
        for row in creates[start : start + _INSERT_CHUNK]:
            pinyin, initials = _pinyin(row.data.name)
            values.append({**row.data.as_dict(), "name_pinyin": pinyin, "name_initials": initials,
                           "created_at": now, "updated_at": now})  # fmt: skip
        session.execute(insert(table), values)


def _insert_sqlite(session: Session, creates: list[PlannedRow], now: datetime) -> None:
    """The same rows as `_insert_core`, given to the driver's executemany as ready tuples.

    Each column's value goes through the bind processor SQLAlchemy itself would use for this
    dialect (dates → text, PartialDate → its ISO text, `extra` → JSON), so the stored values are
    the same (tests/importer/test_import_speedups.py compares them); but the processors run
    once per distinct value (a few thousand birth dates and months) instead of once per cell,
    and none of SQLAlchemy's per-row parameter handling runs (≈1.5 s at 100,000 rows).
    """
    table = Retiree.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in _INSERTED]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table.name), ", ".join(quote(name) for name in _INSERTED), ", ".join("?" * len(_INSERTED))
    )
    # Immutable values whose text depends on the value alone: processed once per distinct value.
    by_value = {"birth_date", *_PARTIAL_DATES}
    # The two timestamps are the same for every row: processed once, here.
    stamped = {"created_at", "updated_at"}
    stamps = tuple(
        process(now) if process is not None else now
        for name, process in zip(_INSERTED, processors, strict=True)
        if name in stamped
    )
    processed = [
        (index, process, {} if name in by_value else None)
        for index, (name, process) in enumerate(zip(_INSERTED, processors, strict=True))
        if process is not None and name not in stamped
    ]
    nothing = {index: process(None) for index, process, _seen in processed}
    fields_of = attrgetter(*_INPUT_FIELDS)
    rebuilt = _indexes_to_rebuild(connection, table.name, len(creates))
    for name, _sql in rebuilt:
        connection.exec_driver_sql(f"DROP INDEX {quote(name)}")
    for start in range(0, len(creates), _INSERT_CHUNK):
        batch = []
        for row in creates[start : start + _INSERT_CHUNK]:
            data = row.data
            values = list(fields_of(data))
            values += (*_pinyin(data.name), *stamps)
            for index, process, seen in processed:
                value = values[index]
                if seen is None:
                    # `extra`: JSON text of a dict; None (nearly everyone) gives the same text each time.
                    values[index] = process(value) if value is not None else nothing[index]
                elif value in seen:
                    values[index] = seen[value]
                else:
                    values[index] = seen[value] = process(value)
            batch.append(tuple(values))
        connection.exec_driver_sql(sql, batch)
    for _name, create in rebuilt:
        connection.exec_driver_sql(create)


def _indexes_to_rebuild(connection: Any, table_name: str, adding: int) -> list[tuple[str, str]]:
    """The table's own indexes (name, CREATE statement as stored) to drop before a bulk insert
    and create again after it, in the same transaction; none for a small insert.

    Building an index once from all its rows (a sort) costs SQLite far less than updating it row
    by row: about 0.5 CPU-seconds (and more in page writes) for 100,000 people. The statements
    are the ones SQLite stored, so the schema afterwards is the same text; a rollback (a failed
    or dry run) undoes the drop with everything else. The UNIQUE constraint's own index on
    `id_number` (no stored statement) is kept. Only when the insert at least doubles the table:
    rebuilding a large table for a few rows would cost more than it saves. (Statistics from an
    ANALYZE would go with the dropped indexes; kuangqu never runs ANALYZE.)
    """
    if adding < _REBUILD_INDEXES_FROM:
        return []
    quote = connection.dialect.identifier_preparer.quote
    stored = connection.exec_driver_sql(f"SELECT count(*) FROM {quote(table_name)}").scalar() or 0
    if stored > adding:
        return []
    found = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY name",
        (table_name,),
    )
    return [(name, sql) for name, sql in found]


_REBUILD_INDEXES_FROM = 10_000  # new people in one import


def _roomy_cache(session: Session) -> None:
    """On SQLite, a 64 MB page cache for this connection: inserting 100,000 people updates six
    indexes, and SQLite's default 2 MB cache sends most of those page writes through the OS."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA cache_size = -65536"))


def _shown(field_name: str, value: Any) -> Any:
    from kuangqu.rules.masking import mask_value
    from kuangqu.services.audit import jsonable

    return mask_value(field_name, jsonable(value)) if value is not None else None
