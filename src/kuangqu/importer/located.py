"""Reading one source row at a time, for the importers of records about people already on the roster.

This module owns three things the petition, visit, payment and benefit imports share:

- `Located`, the row accessor: it turns a cell into a value with the pure rules (text, day,
  month, amount, name, codes …) or records a located problem — sheet, row number, column
  letter, the value masked (and cut short) and the message key — in the import's summary.
- `People`, the roster lookup: every resident ID of the file is looked up in a few queries
  before the rows are read (a sheet repeats its people), and a row names its person by ID;
  a name differing from the one recorded for that ID is an identity conflict, never a guess.
- `each_row`, the plan loop: validate each row in file order, skip the rows the validation
  refuses, report a row whose key an earlier row already has (naming both rows), report progress.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kuangqu.config import settings
from kuangqu.errors import KuangquError, Problem, RuleViolation
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.rules.dates import PartialDate, parse_partial_date
from kuangqu.rules.ids import parse_id_number
from kuangqu.rules.masking import mask_id, mask_value
from kuangqu.rules.money import parse_yuan
from kuangqu.rules.names import normalize_name
from kuangqu.services import retirees as retiree_service
from kuangqu.validate import clean_text

T = TypeVar("T")


class Located:
    """A row and its sheet's columns: reads its cells and records problems that name sheet, row,
    column and masked value in the import's summary (errors and warnings, in the order found)."""

    __slots__ = ("_start", "columns", "source", "summary", "values")

    def __init__(self, source: SourceRow, columns: dict[str, str], summary: ImportSummary) -> None:
        self.source = source
        self.columns = columns
        self.summary = summary
        self.values: dict[str, Any] = source.values  # built from the cells on each access: once per row
        self._start = len(summary.errors)

    # ------------------------------------------------------------ problems

    @property
    def problems(self) -> list[Problem]:
        """The errors recorded since this row began to be read (meaningful while it is read)."""
        return self.summary.errors[self._start :]

    @property
    def failed(self) -> bool:
        """Whether reading this row has recorded an error (meaningful while it is read)."""
        return len(self.summary.errors) > self._start

    def error(self, key: str, field: str | None = None, value: Any = None, /, **params: Any) -> None:
        # Positional-only: a rule's parameters may be named `field` or `key` (rule.choice).
        self.summary.errors.append(self._problem(key, field, value, params))

    def warn(self, key: str, field: str | None = None, value: Any = None, /, **params: Any) -> None:
        self.summary.warnings.append(self._problem(key, field, value, params))

    def refused(self, exc: KuangquError, field: str | None = None, value: Any = None) -> None:
        """The rule's refusal of a value, as a row error at the field's column."""
        self.error(exc.key, field, value, **exc.params)

    def _problem(self, key: str, field: str | None, value: Any, params: dict[str, Any]) -> Problem:
        return Problem(
            key,
            dict(params),
            field=field,
            value=None if value is None else mask_value(field or "", _short(value)),
            sheet=self.source.sheet,
            row=self.source.row,
            column=self.columns.get(field) if field else None,
        )

    # ------------------------------------------------------------ cells

    def blank(self, field: str) -> bool:
        value = self.values.get(field)
        return value is None or (isinstance(value, str) and not value.strip())

    def parsed(self, field: str, parse: Callable[[Any], T], *, required: bool = False) -> T | None:
        """`parse(cell)`, or None with the rule's refusal; a blank cell is None without a problem
        unless `required` (then the rule itself says what is missing)."""
        if not required and self.blank(field):
            return None
        raw = self.values.get(field)
        try:
            return parse(raw)
        except RuleViolation as exc:
            self.refused(exc, field, raw)
            return None

    def text(self, field: str, *, limit: int, required_key: str | None = None) -> str | None:
        """The cell's text normalised by the text rules (full-width letters and odd spaces made plain,
        characters Excel cannot store refused); empty is None, a problem under `required_key`."""
        raw = self.values.get(field)
        try:
            text = clean_text(raw)
        except RuleViolation as exc:
            self.refused(exc, field, raw)
            return None
        if text is None:
            if required_key is not None:
                self.error(required_key, field)
            return None
        if len(text) > limit:
            self.error("rule.text_too_long", field, raw, limit=limit)
            return None
        return text

    def plain_text(self, field: str, *, limit: int | None = None) -> str | None:
        """The cell as written, stripped (a whole-number cell without '.0', a date cell without its
        time); blank is None, longer than `limit` a row error."""
        raw = self.values.get(field)
        if raw is None:
            return None
        text = _cell_text(raw)
        if not text:
            return None
        if limit is not None and len(text) > limit:
            self.error("import.text_too_long", field, text[:20] + "…", limit=limit)
            return None
        return text

    def name(self) -> str | None:
        """The person's name in the name column, normalised by the name rules (required)."""
        return self.parsed("name", lambda raw: normalize_name(raw)[0], required=True)

    def amount(self, field: str, *, required: bool = True) -> int | None:
        """An amount cell in fen (rules.money: no negative, nothing above the ceiling, two decimals)."""
        if self.blank(field):
            if required:
                self.error("rule.amount_empty", field)
            return None
        return self.parsed(field, lambda raw: parse_yuan(raw, ceiling_fen=settings().amount_ceiling_fen))

    def month(self, field: str) -> PartialDate | None:
        """A month cell: 2019-01, 2019.1, 2019年1月, or a date cell (Excel keeps a month as its 1st)."""
        raw = self.values.get(field)
        value = self.parsed(field, parse_partial_date, required=True)
        if value is None:
            return None
        if isinstance(raw, date) and value.month is not None:
            return PartialDate(value.year, value.month)
        if value.precision != "month":
            self.error("import.month_precision", field, raw)
            return None
        return value

    def day(self, field: str) -> date | None:
        """A date cell written to the day (required)."""
        raw = self.values.get(field)
        value = self.parsed(field, parse_partial_date, required=True)
        if value is None:
            return None
        if value.precision != "day":
            self.error("import.day_precision", field, raw)
            return None
        return value.to_date()

    def past_day(self, field: str, *, today: date, required: bool = False) -> date | None:
        """An exact date (to the day) not after today; blank is None, a problem when required."""
        if self.blank(field):
            if required:
                self.error("rule.date_empty", field)
            return None
        raw = self.values.get(field)
        day = self.parsed(field, lambda cell: parse_partial_date(cell).to_date())
        if day is not None and day > today:
            self.error("import.date_in_future", field, raw, on=day.isoformat())
            return None
        return day


def _short(raw: object) -> str:
    text = str(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def _cell_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime):
        raw = raw.date()
    return str(raw).strip()


class PlannedRow(Protocol):
    """A validated row that remembers where it came from (what `problem_at` needs)."""

    source: SourceRow
    columns: dict[str, str]


def problem_at(row: PlannedRow, field_name: str, key: str, **params: Any) -> Problem:
    """A problem found after validation (in `apply`: the database or a service refused), located
    at the row's sheet, row and the field's column."""
    return Problem(
        key,
        dict(params),
        field=field_name,
        sheet=row.source.sheet,
        row=row.source.row,
        column=row.columns.get(field_name),
    )


def rows_list(rows: list[int], limit: int = 20) -> str:
    """'3、5、9' — the row numbers of an aggregated warning (the first `limit`, then '…')."""
    shown = "、".join(str(r) for r in rows[:limit])
    return shown + ("…" if len(rows) > limit else "")


def extras_text(source: SourceRow) -> str | None:
    """The row's values under unknown columns, kept as 'header：value' text (never dropped)."""
    parts = []
    for header, value in source.extra.items():
        try:
            text = clean_text(value)
        except RuleViolation:
            text = None
        if text:
            parts.append(f"{header}：{text}")
    return "；".join(parts) or None


# ------------------------------------------------------------------ the plan loop


def each_row(
    read: ReadResult,
    summary: ImportSummary,
    validate: Callable[[Located], T | None],
    *,
    key: Callable[[T], Hashable] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """`validate` each row of the file in order and keep what it returns (it returns None for a row
    it has found errors in: that row is skipped).

    With `key`, a row whose key an earlier kept row has is an error naming both rows
    (``import.duplicate_record``) and is not kept. `progress` is told the row index every 500 rows
    of a sheet.
    """
    kept: list[T] = []
    seen: dict[Hashable, SourceRow] = {}
    for sheet in read.sheets:
        for index, source in enumerate(sheet.rows):
            if progress is not None and index % 500 == 0:
                progress(index)
            at = Located(source, sheet.columns, summary)
            value = validate(at)
            if value is None:
                continue
            if key is not None:
                found = key(value)
                first = seen.get(found)
                if first is not None:
                    summary.errors.append(
                        Problem(
                            "import.duplicate_record",
                            {"first_sheet": first.sheet, "first_row": first.row, "row": source.row},
                            sheet=source.sheet,
                            row=source.row,
                        )
                    )
                    continue
                seen[found] = source
            kept.append(value)
    return kept


# ------------------------------------------------------------------ the people rows name


@dataclass
class Payee:
    """Whom a payment row names: a retiree heading a household, or a recorded household member."""

    household: Household
    head: Retiree
    name: str


class People:
    """Looks people up by ID once per import (a sheet repeats the same people month after month)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.retirees: dict[str, Retiree | None] = {}
        self.payees: dict[str, Payee | None] = {}
        # A cell → its ID or the problem (by type too: the number 1.0 and the text "1.0" differ).
        self.parsed: dict[tuple[type, str], str | RuleViolation] = {}

    def _parse(self, raw: Any) -> str | RuleViolation:
        key = (raw.__class__, str(raw))
        if key not in self.parsed:
            try:
                self.parsed[key] = parse_id_number(raw, min_birth_year=settings().min_birth_year).number
            except RuleViolation as exc:
                self.parsed[key] = exc
        return self.parsed[key]

    def prefetch(self, read: ReadResult, *, payees: bool) -> None:
        """Look up every ID of the file in a few queries (a sheet repeats its people month after month)."""
        numbers: set[str] = set()
        for sheet in read.sheets:
            index = next(
                (i for i, key in (sheet.rows[0].mapped if sheet.rows else ()) if key == "id_number"), None
            )
            if index is None:
                continue
            for row in sheet.rows:
                raw = row.cells[index] if index < len(row.cells) else None
                number = self._parse(raw.strip() if isinstance(raw, str) else raw)
                if isinstance(number, str):
                    numbers.add(number)
        wanted = sorted(numbers)
        s = self.session
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found = list(
                s.scalars(
                    select(Retiree).where(
                        or_(Retiree.id_number.in_(chunk), Retiree.id_number_original.in_(chunk))  # type: ignore[union-attr]
                    )
                )
            )
            for person in found:
                for number in (person.id_number, person.id_number_original):
                    if number in chunk:
                        self.retirees[number] = person
            for number in chunk:
                self.retirees.setdefault(number, None)
            if not payees:
                continue
            heads = {p.id: p for p in found}
            homes = s.scalars(select(Household).where(Household.head_id.in_(list(heads))))  # type: ignore[attr-defined]
            for home in homes:
                head = heads[home.head_id]
                for number in (head.id_number, head.id_number_original):
                    if number in chunk:
                        self.payees[number] = Payee(home, head, head.name)
        # IDs that head no household are members, if anyone: looked up one by one (few).

    def _id_number(self, at: Located) -> str | None:
        raw = at.values.get("id_number")
        number = self._parse(raw)
        if isinstance(number, RuleViolation):
            at.error(number.key, "id_number", mask_id(str(raw or "")), **number.params)
            return None
        return number

    def _person(self, number: str) -> Retiree | None:
        if number not in self.retirees:
            self.retirees[number] = retiree_service.find_by_id_number(self.session, number)
        return self.retirees[number]

    def _name_matches(
        self, at: Located, name: str | None, number: str, recorded: str, internal: int | None
    ) -> bool:
        if name is None or name == recorded:
            return True
        at.error(
            "retiree.identity_conflict",
            "name",
            name,
            id_number=mask_id(number),
            name=recorded,
            internal=internal,
        )
        return False

    def retiree(self, at: Located, name: str | None) -> Retiree | None:
        """The person on the roster with the row's ID (a row error when there is none, or when the
        row's `name` is not the name recorded for that ID; None as the name is not compared)."""
        number = self._id_number(at)
        if number is None:
            return None
        person = self._person(number)
        if person is None:
            at.error("import.person_not_registered", "id_number", number)
            return None
        return person if self._name_matches(at, name, person.id_number, person.name, person.id) else None

    def payee(self, at: Located) -> Payee | None:
        """The household of the person with the row's ID: the one they head, else the one they belong to."""
        number = self._id_number(at)
        if number is None:
            return None
        if number not in self.payees:
            self.payees[number] = self._find_payee(number)
        payee = self.payees[number]
        if payee is None:
            on_roster = self._person(number) is not None
            key = "import.payee_without_household" if on_roster else "import.payee_not_found"
            at.error(key, "id_number", number)
            return None
        name = at.plain_text("name")
        return payee if self._name_matches(at, name, number, payee.name, payee.head.id) else None

    def _find_payee(self, number: str) -> Payee | None:
        s = self.session
        person = self._person(number)
        if person is not None:
            household = s.scalars(select(Household).where(Household.head_id == person.id)).first()
            if household is not None:
                return Payee(household, person, person.name)
        member = s.scalars(
            select(HouseholdMember).where(
                HouseholdMember.id_number == number,
                HouseholdMember.removed_on.is_(None),  # type: ignore[union-attr]
            )
        ).first()
        if member is None:
            return None
        household = s.get(Household, member.household_id)
        head = s.get(Retiree, household.head_id) if household is not None else None
        if household is None or head is None:
            return None
        return Payee(household, head, member.name)
