"""Raw field values (typed at the CLI or read from a sheet) → typed input records.

Every field is checked and every problem collected, with the field's name and the value
masked, instead of stopping at the first: the CLI shows them all, the importer reports
them row by row. The same functions serve both entry points, so a person typed by hand
and a person imported from Excel obey the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Generic, TypeVar

from kuangqu.config import settings
from kuangqu.errors import Problem, RuleViolation
from kuangqu.models.enums import Category, Health, Relation, Sex, Status
from kuangqu.rules.dates import PartialDate, check_retirement, parse_partial_date
from kuangqu.rules.ids import IdNumber, parse_id_number
from kuangqu.rules.masking import mask_value
from kuangqu.rules.money import parse_yuan
from kuangqu.rules.names import normalize_name
from kuangqu.rules.phones import normalize_phone
from kuangqu.rules.text import check_cell_text, normalize_text

T = TypeVar("T")


@dataclass
class Validated(Generic[T]):
    value: T | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.value is not None


@dataclass(slots=True)  # slots: an import holds 100,000 of these at once
class RetireeInput:
    """A validated person for the roster; None means "not given"."""

    name: str
    id_number: str
    id_number_original: str | None
    sex: str
    birth_date: date
    category: str = Category.RETIRED.value
    ethnicity: str | None = None
    work_start: PartialDate | None = None
    retired_on: PartialDate | None = None
    former_unit: str | None = None
    position: str | None = None
    address: str | None = None
    phone: str | None = None
    family_situation: str | None = None
    status: str = Status.ACTIVE.value
    died_on: PartialDate | None = None
    area: str | None = None
    building: str | None = None
    work_group: str | None = None
    remarks: str | None = None
    extra: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _RETIREE_FIELDS}


_RETIREE_FIELDS = tuple(f.name for f in fields(RetireeInput))

RETIREE_TEXT_FIELDS = (
    "ethnicity",
    "former_unit",
    "position",
    "address",
    "family_situation",
    "area",
    "building",
    "work_group",
    "remarks",
)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Collector:
    """Runs field parsers, turning RuleViolations into Problems that name the field."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def run(self, field_name: str, raw: object, parser: Callable[[Any], Any]) -> Any:
        try:
            return parser(raw)
        except RuleViolation as exc:
            self.refused(field_name, raw, exc)
            return None

    def refused(self, field_name: str, raw: object, exc: RuleViolation) -> None:
        """What `run` records when the parser refuses `raw` (for callers that call it inline)."""
        self.problems.append(
            Problem(exc.key, {**exc.params}, field=field_name, value=mask_value(field_name, _show(raw)))
        )

    def warn(self, field_name: str, key: str, raw: object = None, **params: Any) -> None:
        self.warnings.append(Problem(key, params, field=field_name, value=mask_value(field_name, _show(raw))))

    def error(self, field_name: str, key: str, raw: object = None, **params: Any) -> None:
        self.problems.append(Problem(key, params, field=field_name, value=mask_value(field_name, _show(raw))))


_MISSING = object()


class _Memo:
    """`parser` with its results remembered per raw value (and type: 1, 1.0 and True differ).

    For pure parsers of one cell whose values repeat down a sheet (汉族, 退休, 1975.03, 一片, 王建国):
    a 100,000-row roster holds a few thousand distinct values in most columns. Results must be
    immutable (str, PartialDate, enum members, tuples); a refusal is not remembered and is raised
    again each time, so the messages are exactly those of the parser.

    A plain str is its own key (the common case: no key tuple to build), anything else is keyed
    by (type, value); a str and a tuple are never equal, so the two kinds of key cannot collide.
    `cache.get(text)` for a str `text` is therefore a valid look-up for callers in a hurry.
    """

    __slots__ = ("cache", "limit", "parser")

    def __init__(self, parser: Callable[[Any], Any], limit: int) -> None:
        self.parser, self.limit = parser, limit
        self.cache: dict[Any, Any] = {}

    def __call__(self, raw: Any) -> Any:
        cls = raw.__class__
        key = raw if cls is str else (cls, raw)
        try:
            hit = self.cache.get(key, _MISSING)
        except TypeError:  # an unhashable value: nothing to remember
            return self.parser(raw)
        if hit is _MISSING:
            hit = self.parser(raw)
            if len(self.cache) < self.limit:
                self.cache[key] = hit
        return hit


def _memo(parser: Callable[[Any], Any], limit: int = 200_000) -> _Memo:
    """`parser` remembered per raw value: see `_Memo`."""
    return _Memo(parser, limit)


def _cached(memo: _Memo, c: _Collector, field_name: str, raw: Any) -> Any:
    """`c.run(field_name, raw, memo)`, the same result (see `_Memo`)."""
    if raw.__class__ is str:
        hit = memo.cache.get(raw, _MISSING)
        if hit is not _MISSING:
            return hit
    return c.run(field_name, raw, memo)


def _show(raw: object) -> str | None:
    if raw is None:
        return None
    text = str(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def clean_text(raw: object) -> str | None:
    if _is_blank(raw):
        return None
    text, _ = normalize_text(str(raw))
    check_cell_text(text)
    return text or None


def _frozen_name(name: str, warnings: list[str]) -> tuple[str, tuple[str, ...]]:
    return name, tuple(warnings)


# The same parsers, remembered per value (see _memo): the importer calls them 100,000 times.
_clean_text = _memo(clean_text)
_partial_date = _memo(parse_partial_date)
_name = _memo(lambda v: _frozen_name(*normalize_name(v)))
# These give the code itself (a plain str): an enum member's `.value` is a property, slow in a loop.
_category = _memo(lambda v: Category.parse(v, "category").value)
_status = _memo(lambda v: Status.parse(v, "status").value)
_sex = _memo(lambda v: Sex.parse(v, "sex").value)
_sex_code = _memo(lambda v: Sex.parse(v).value)
_RETIRED, _SURVIVOR, _TUIZHI = Category.RETIRED.value, Category.SURVIVOR.value, Category.TUIZHI.value
_ACTIVE, _DECEASED = Status.ACTIVE.value, Status.DECEASED.value


def retiree_input(raw: Mapping[str, object], *, today: date | None = None) -> Validated[RetireeInput]:
    """Validate one person's fields (keys as in RetireeInput; `sex` etc. in Chinese or English)."""
    today = today or date.today()
    conf = settings()
    c = _Collector()
    # Each raw value read once: this function runs for every row of a 100,000-row roster.
    get = raw.get
    raw_name, raw_category, raw_sex = get("name"), get("category"), get("sex")
    raw_id_number = get("id_number")
    raw_birth_date, raw_status, raw_phone = get("birth_date"), get("status"), get("phone")
    raw_work_start, raw_retired_on, raw_died_on = get("work_start"), get("retired_on"), get("died_on")
    raw_extra = get("extra")

    name = None
    if _is_blank(raw_name):
        c.error("name", "rule.required", field_label="name")
    else:
        result = _cached(_name, c, "name", raw_name)
        if result:
            name, name_warnings = result
            for key in name_warnings:
                c.warn("name", key, raw_name)

    category = _RETIRED
    if not _is_blank(raw_category):
        parsed = _cached(_category, c, "category", raw_category)
        category = parsed if parsed else category

    ident: IdNumber | None = None
    if _is_blank(raw_id_number) and not isinstance(raw_id_number, (int, float)):
        c.error("id_number", "rule.id_empty", raw_id_number)
    else:
        min_age = 0 if category == _SURVIVOR else conf.min_retiree_age
        try:  # c.run inline (no closure per row)
            ident = parse_id_number(
                raw_id_number, today=today, min_birth_year=conf.min_birth_year, min_age=min_age
            )
        except RuleViolation as exc:
            c.refused("id_number", raw_id_number, exc)
        if ident:
            for key in ident.warnings:
                c.warn("id_number", key, ident.number)

    sex = ident.sex if ident else None
    sex_code = _sex_code.cache.get(sex) or _sex_code(sex) if sex else None  # see _Memo
    if not _is_blank(raw_sex):
        given = _cached(_sex, c, "sex", raw_sex)
        if given and sex_code and given != sex_code:
            c.error("sex", "rule.sex_contradicts_id", raw_sex, id_sex=Sex(sex_code).label)
        elif given and not sex_code:
            sex_code = given

    birth = ident.birth_date if ident else None
    if not _is_blank(raw_birth_date):
        given_birth = _cached(_partial_date, c, "birth_date", raw_birth_date)
        if given_birth and birth and not _partial_matches(given_birth, birth):
            c.error("birth_date", "rule.birth_contradicts_id", raw_birth_date, id_birth=birth.isoformat())

    values: dict[str, Any] = {}
    for key, given_date in (
        ("work_start", raw_work_start),
        ("retired_on", raw_retired_on),
        ("died_on", raw_died_on),
    ):
        if not _is_blank(given_date):
            values[key] = _cached(_partial_date, c, key, given_date)
    if birth and values.get("retired_on"):
        try:  # c.run inline
            check_retirement(birth, values["retired_on"], today=today, min_age=_min_retirement_age(category))
        except RuleViolation as exc:
            c.refused("retired_on", raw_retired_on, exc)
    if birth and values.get("work_start") and values["work_start"].last_day() < birth:
        c.error("work_start", "rule.work_start_before_birth", raw_work_start)
    if values.get("work_start") and values["work_start"].first_day() > today:
        c.error("work_start", "rule.date_in_future", raw_work_start)

    status = _ACTIVE
    if not _is_blank(raw_status):
        parsed_status = _cached(_status, c, "status", raw_status)
        status = parsed_status if parsed_status else status
    died_on = values.get("died_on")
    if died_on is not None:
        if _is_blank(raw_status):
            status = _DECEASED
        elif status != _DECEASED:
            c.error("died_on", "rule.died_but_not_deceased", raw_died_on)
        if birth and died_on.last_day() < birth:
            c.error("died_on", "rule.died_before_birth", raw_died_on)
        if died_on.first_day() > today:
            c.error("died_on", "rule.date_in_future", raw_died_on)
    elif status == _DECEASED:
        c.warn("died_on", "warn.deceased_without_date")

    phone = None
    if not _is_blank(raw_phone):
        try:  # c.run inline
            result = normalize_phone(raw_phone)
        except RuleViolation as exc:
            c.refused("phone", raw_phone, exc)
            result = None
        if result:
            phone, phone_warnings = result
            for key in phone_warnings:
                c.warn("phone", key, phone)

    texts: dict[str, Any] = {}
    text_cache = _clean_text.cache
    for key in RETIREE_TEXT_FIELDS:
        text = get(key)
        if text is None:
            texts[key] = None  # clean_text(None) is None
        elif text.__class__ is str and (hit := text_cache.get(text, _MISSING)) is not _MISSING:
            texts[key] = hit  # what c.run(key, text, _clean_text) gives: see _Memo
        else:
            texts[key] = c.run(key, text, _clean_text)
    extra = raw_extra
    if c.problems or not (name and ident and sex_code):
        return Validated(None, c.problems, c.warnings)
    return Validated(
        RetireeInput(
            name=name,
            id_number=ident.number,
            id_number_original=ident.original,
            sex=sex_code,
            birth_date=ident.birth_date,
            category=category,
            work_start=values.get("work_start"),
            retired_on=values.get("retired_on"),
            phone=phone,
            status=status,
            died_on=died_on,
            extra=dict(extra) if isinstance(extra, Mapping) and extra else None,
            **texts,
        ),
        c.problems,
        c.warnings,
    )


def _min_retirement_age(category: str) -> int:
    """Survivors never retired; 退职 left early without meeting the conditions, so younger is plausible."""
    conf = settings()
    if category == _SURVIVOR:
        return 0
    if category == _TUIZHI:
        return conf.min_tuizhi_age
    return conf.min_retirement_age


def _partial_matches(partial: PartialDate, full: date) -> bool:
    return partial.first_day() <= full <= partial.last_day()


@dataclass
class MemberInput:
    """A validated household member."""

    name: str
    relation: str
    id_number: str | None = None
    id_number_original: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    health: str | None = None
    disability_grade: int | None = None
    schooling: str | None = None
    work_status: str | None = None
    monthly_income_fen: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DISABILITY_GRADES = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def member_input(raw: Mapping[str, object], *, today: date | None = None) -> Validated[MemberInput]:
    today = today or date.today()
    conf = settings()
    c = _Collector()
    name = None
    if _is_blank(raw.get("name")):
        c.error("name", "rule.required", field_label="name")
    else:
        result = c.run("name", raw.get("name"), normalize_name)
        if result:
            name, name_warnings = result
            for key in name_warnings:
                c.warn("name", key, raw.get("name"))
    relation = None
    if _is_blank(raw.get("relation")):
        c.error("relation", "rule.required", field_label="relation")
    else:
        parsed = c.run("relation", raw.get("relation"), lambda v: Relation.parse(v, "relation"))
        relation = parsed.value if parsed else None

    ident: IdNumber | None = None
    if not _is_blank(raw.get("id_number")) or isinstance(raw.get("id_number"), (int, float)):
        ident = c.run(
            "id_number",
            raw.get("id_number"),
            lambda v: parse_id_number(v, today=today, min_birth_year=conf.min_birth_year, min_age=0),
        )
        if ident:
            for key in ident.warnings:
                c.warn("id_number", key, ident.number)
    sex = Sex.parse(ident.sex).value if ident else None
    if not _is_blank(raw.get("sex")):
        given = c.run("sex", raw.get("sex"), lambda v: Sex.parse(v, "sex"))
        if given and sex and given.value != sex:
            c.error("sex", "rule.sex_contradicts_id", raw.get("sex"), id_sex=Sex(sex).label)
        elif given:
            sex = given.value
    birth = ident.birth_date if ident else None
    if not _is_blank(raw.get("birth_date")):
        given_birth = c.run("birth_date", raw.get("birth_date"), parse_partial_date)
        if given_birth and birth and not _partial_matches(given_birth, birth):
            c.error(
                "birth_date", "rule.birth_contradicts_id", raw.get("birth_date"), id_birth=birth.isoformat()
            )
        elif given_birth and not birth:
            if given_birth.precision == "day":
                birth = given_birth.to_date()
            else:
                c.warn("birth_date", "warn.member_birth_partial", raw.get("birth_date"))
    health = None
    if not _is_blank(raw.get("health")):
        parsed_health = c.run("health", raw.get("health"), lambda v: Health.parse(v, "health"))
        health = parsed_health.value if parsed_health else None
    grade = None
    if not _is_blank(raw.get("disability_grade")):
        grade_text = str(raw.get("disability_grade")).strip().removesuffix(".0")
        grade = DISABILITY_GRADES.get(grade_text)
        if grade is None:
            c.error("disability_grade", "rule.disability_grade", raw.get("disability_grade"))
        elif health is None:
            health = Health.DISABLED.value
    income = None
    if not _is_blank(raw.get("monthly_income")) or isinstance(raw.get("monthly_income"), (int, float)):
        income = c.run(
            "monthly_income",
            raw.get("monthly_income"),
            lambda v: parse_yuan(v, ceiling_fen=conf.amount_ceiling_fen),
        )
    schooling = c.run("schooling", raw.get("schooling"), clean_text)
    work_status = c.run("work_status", raw.get("work_status"), clean_text)
    if c.problems or not (name and relation):
        return Validated(None, c.problems, c.warnings)
    return Validated(
        MemberInput(
            name=name,
            relation=relation,
            id_number=ident.number if ident else None,
            id_number_original=ident.original if ident else None,
            sex=sex,
            birth_date=birth,
            health=health,
            disability_grade=grade,
            schooling=schooling,
            work_status=work_status,
            monthly_income_fen=income,
        ),
        c.problems,
        c.warnings,
    )
