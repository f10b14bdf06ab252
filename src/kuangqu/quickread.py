"""Quick reads: the roster queries behind `retiree show` and `retiree search` in plain SQL, no ORM.

These commands (and `benefit card`, see reports.ledger.read_card) start a whole process per call and must
answer within half a second on a 100,000-person roster. Importing SQLModel and the ORM costs about 0.4 s
and SQLAlchemy Core alone about 0.2 s, so on a SQLite file the statements here run through sqlite3
directly (db.open_sqlite_reader); on PostgreSQL, or inside an ORM session (a revealing `show` that writes
its audit entry), the same SQL runs through SQLAlchemy Core (`CoreReader`). The statements mirror
services.retirees.get/search and services.grid.responsible_for, and `retiree_row` mirrors
views.retiree_row: tests/cli/test_quick_reads.py keeps both pairs equal.

SQL is written by hand here, on purpose: it is what the ORM would send, minus the import cost.
Parameters use the `:name` style, which both sqlite3 and SQLAlchemy's text() understand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kuangqu.errors import NotFound, RuleViolation
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.masking import mask_id, mask_phone

# ---------------------------------------------------------------- readers


class SqliteReader:
    """Statements on a raw sqlite3 connection; rows come back as dicts keyed by column name."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.connection.execute(sql, params or {})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class CoreReader:
    """The same statements through a SQLAlchemy Connection (PostgreSQL, or an ORM session's connection)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from sqlalchemy import text

        return [dict(row._mapping) for row in self.connection.execute(text(sql), params or {})]


Reader = SqliteReader | CoreReader


def as_reader(conn: Any) -> Reader:
    """A reader for `conn`: itself when it is one, else a SQLAlchemy Connection wrapped in CoreReader."""
    if isinstance(conn, (SqliteReader, CoreReader)):
        return conn
    return CoreReader(conn)


def first(reader: Reader, sql: str, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
    found = reader.rows(sql, params)
    return found[0] if found else None


# ---------------------------------------------------------------- values as the ORM would type them

# The registry's codes and labels (models.enums), repeated: importing kuangqu.models loads SQLModel.
# A test keeps them equal to the models' enums.
SEX_LABELS = {"male": "男", "female": "女"}
CATEGORY_LABELS = {"lixiu": "离休", "retired": "退休", "tuizhi": "退职", "survivor": "遗属"}
STATUS_LABELS = {"active": "在册", "deceased": "已故", "moved": "迁出"}


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return SEX_LABELS[self.value]


class Category(StrEnum):
    LIXIU = "lixiu"
    RETIRED = "retired"
    TUIZHI = "tuizhi"
    SURVIVOR = "survivor"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.value]


class Status(StrEnum):
    ACTIVE = "active"
    DECEASED = "deceased"
    MOVED = "moved"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.value]


def _enum_or_raw(enum_cls: Any, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        return value


def day(value: Any) -> date | None:
    """A DATE column: sqlite3 gives its ISO text, PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def partial(value: Any) -> PartialDate | None:
    """A PartialDateType column (ISO text of a year, month or day)."""
    return None if value is None else PartialDate.from_iso(str(value))


def json_value(value: Any) -> Any:
    """A JSON column: text on SQLite (sqlite3 does not decode it), already decoded on PostgreSQL."""
    if isinstance(value, (str, bytes)):
        return json.loads(value)
    return value


# ---------------------------------------------------------------- finding a person

_ID_LIKE = re.compile(r"^\d{17}[\dX]$|^\d{15}$")
_MAX_ID = 2**63 - 1  # larger numbers are no row's id (and overflow the drivers' integers)


def _by_id(reader: Reader, number: int) -> int | None:
    if number > _MAX_ID:
        return None
    row = first(reader, "SELECT id FROM retiree WHERE id = :n", {"n": number})
    return int(row["id"]) if row else None


def _by_id_number(reader: Reader, id_number: str) -> int | None:
    # services.retirees.find_by_id_number: the current or the original (15-digit) number.
    row = first(
        reader,
        "SELECT id FROM retiree WHERE id_number = :n OR id_number_original = :n",
        {"n": id_number},
    )
    return int(row["id"]) if row else None


def resolve_retiree(reader: Reader, ref: str | int) -> int:
    """The id of a retiree by resident ID (15 or 18), its last 6 characters when unique, or `#N` / N:
    services.retirees.get's references, NotFound / RuleViolation with the same message keys."""
    text = str(ref).strip().upper()
    if not text:
        raise NotFound("retiree.not_found", ref=str(ref))
    found: int | None = None
    if text.startswith("#") and text[1:].isdigit():
        found = _by_id(reader, int(text[1:]))
    elif _ID_LIKE.match(text):
        from kuangqu.rules.ids import upgrade_15

        number = upgrade_15(text) if len(text) == 15 else text
        found = _by_id_number(reader, number) or _by_id_number(reader, text)
    elif len(text) == 6 and re.fullmatch(r"\d{5}[\dX]", text):
        matches = reader.rows(
            "SELECT id FROM retiree WHERE id_number LIKE :tail LIMIT 2", {"tail": "%" + text}
        )
        if len(matches) > 1:
            raise RuleViolation("retiree.ambiguous_tail", ref=text)
        found = int(matches[0]["id"]) if matches else None
    elif text.isdigit():
        found = _by_id(reader, int(text))
    if found is None:
        raise NotFound("retiree.not_found", ref=mask_id(text) if len(text) >= 15 else text)
    return found


# ---------------------------------------------------------------- one person, as views.retiree_row

RETIREE_COLUMNS = (
    "id, name, sex, id_number, id_number_original, birth_date, ethnicity, category, work_start, retired_on, "
    "former_unit, position, address, phone, family_situation, status, died_on, area, building, work_group, "
    "photo_path, remarks, extra"
)


def _age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def retiree_row(r: dict[str, Any], *, reveal: bool = False, today: date | None = None) -> dict[str, Any]:
    """views.retiree_row for a row of RETIREE_COLUMNS: the same keys, values and masking."""
    today = today or date.today()
    birth = day(r["birth_date"])
    original = r["id_number_original"]
    phone = r["phone"]
    return {
        "id": r["id"],
        "name": r["name"],
        "sex": _enum_or_raw(Sex, r["sex"]),
        "id_number": r["id_number"] if reveal else mask_id(r["id_number"]),
        "id_number_original": (original if reveal else mask_id(original)) if original else None,
        "birth_date": birth,
        "age": _age_on(birth, today),
        "ethnicity": r["ethnicity"],
        "category": _enum_or_raw(Category, r["category"]),
        "work_start": partial(r["work_start"]),
        "retired_on": partial(r["retired_on"]),
        "former_unit": r["former_unit"],
        "position": r["position"],
        "address": r["address"],
        "phone": (phone if reveal else mask_phone(phone)) if phone else None,
        "family_situation": r["family_situation"],
        "status": _enum_or_raw(Status, r["status"]),
        "died_on": partial(r["died_on"]),
        "area": r["area"],
        "building": r["building"],
        "work_group": r["work_group"],
        "photo_path": r["photo_path"],
        "remarks": r["remarks"],
        "extra": json_value(r["extra"]),
    }


@dataclass
class Leader:
    level: str  # area | building | work_group
    name: str
    phone: str | None


@dataclass
class Shown:
    """What `retiree show` prints: the person's row, the grid leaders answering for them, their household."""

    id: int
    name: str
    row: dict[str, Any]
    leaders: list[Leader]
    household_id: int | None
    household_no: str | None


def _current_leader(reader: Reader, level: str, unit: str) -> Leader | None:
    # services.grid.current_leader: the first active leader of the unit.
    row = first(
        reader,
        "SELECT name, phone FROM grid_leader WHERE level = :level AND unit = :unit AND ended_on IS NULL",
        {"level": level, "unit": unit},
    )
    return Leader(level, row["name"], row["phone"]) if row else None


def leaders_for(
    reader: Reader, area: str | None, building: str | None, work_group: str | None
) -> list[Leader]:
    """services.grid.responsible_for: the leaders of the area, the building and the work group, if any."""
    wanted = []
    if area:
        wanted.append(("area", area))
    if area and building:
        wanted.append(("building", f"{area}/{building}"))
    if work_group:
        wanted.append(("work_group", work_group))
    found = (_current_leader(reader, level, unit) for level, unit in wanted)
    return [leader for leader in found if leader is not None]


def show_retiree(reader: Reader, ref: str, *, reveal: bool = False) -> Shown:
    """One person for `retiree show`: four to six short statements, each on an index."""
    retiree_id = resolve_retiree(reader, ref)
    person = first(reader, f"SELECT {RETIREE_COLUMNS} FROM retiree WHERE id = :id", {"id": retiree_id})
    if person is None:  # deleted between the two statements: only possible outside a transaction
        raise NotFound("retiree.not_found", ref=str(ref))
    membership = first(
        reader,
        "SELECT household.id, household.household_no FROM household_member "
        "JOIN household ON household.id = household_member.household_id "
        "WHERE household_member.retiree_id = :id AND household_member.removed_on IS NULL",
        {"id": retiree_id},
    )
    return Shown(
        id=retiree_id,
        name=person["name"],
        row=retiree_row(person, reveal=reveal),
        leaders=leaders_for(reader, person["area"], person["building"], person["work_group"]),
        household_id=membership["id"] if membership else None,
        household_no=membership["household_no"] if membership else None,
    )


# ---------------------------------------------------------------- search, as services.retirees.search


def search_conditions(text: str) -> tuple[list[str], dict[str, Any]]:
    """The WHERE alternatives of services.retirees.search and their parameters (no alternatives: no rows).

    Wildcards go into the parameters; like the ORM's contains/startswith/endswith, the text itself is not
    escaped, so the same rows match on both paths.
    """
    needle = text.strip()
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if not needle:
        return conditions, params
    if any(not ch.isascii() for ch in needle):
        conditions.append("name LIKE :contains")
        params["contains"] = f"%{needle}%"
    else:
        # Latin letters match the pinyin keys stored at registration: no pinyin is computed here.
        lowered = needle.lower().replace(" ", "")
        if lowered.isalpha():
            conditions += ["name_pinyin LIKE :prefix", "name_initials LIKE :prefix"]
            params["prefix"] = f"{lowered}%"
        digits = needle.upper()
        if len(digits) >= 4 and re.fullmatch(r"\d+X?", digits):
            conditions.append("id_number LIKE :tail")
            params["tail"] = f"%{digits}"
            if digits.isdigit():
                conditions.append("phone LIKE :tail")
    return conditions, params


def search_rows(reader: Reader, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Masked rows (views.retiree_row) of the people matching `text`, in pinyin order, at most `limit`."""
    conditions, params = search_conditions(text)
    if not conditions:
        return []
    # Ordered by the expression `name_pinyin || ''` (the same order) rather than the column: on the
    # column, SQLite walks the pinyin index and fetches every row out of order until it has `limit`
    # matches (~90 ms on 100,000 people for a rare name); scanning the table and sorting the matches
    # takes ~20 ms whatever the name.
    sql = (
        f"SELECT {RETIREE_COLUMNS} FROM retiree WHERE {' OR '.join(conditions)} "
        "ORDER BY name_pinyin || '', id LIMIT :limit"
    )
    return [retiree_row(r) for r in reader.rows(sql, {**params, "limit": limit})]


def leader_rows(leaders: Sequence[Leader], *, reveal: bool) -> list[dict[str, Any]]:
    """The grid leaders as `retiree show` lists them (phones masked unless revealed)."""
    from kuangqu.i18n import t

    return [
        {
            "level": t(f"grid.level.{leader.level}"),
            "name": leader.name,
            "phone": leader.phone if reveal else (mask_phone(leader.phone) if leader.phone else None),
        }
        for leader in leaders
    ]
