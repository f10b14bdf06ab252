"""The benefit ledger's pure rules: components, the hash chain, levels, arrears, yearly adjustments.

The ledger is a "new level" ledger: an entry of a regular component (基本养老金 …) states that
component's monthly amount from its effective month on, until a later entry of the same component;
a reversal (冲正) points at the entry it cancels, which then counts as if it had never been made, so
the previous level comes back. One-off items (丧葬费, 抚恤金, 补发, 扣回) are paid once in their
effective month. Nothing here touches a database: services hand in `Fact`s and get numbers back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.rules.dates import PartialDate, parse_partial_date
from kuangqu.rules.money import decimal_to_fen, fen_to_decimal, parse_yuan

REGULAR = "regular"
ONE_OFF = "one_off"


@dataclass(frozen=True)
class Component:
    code: str
    zh: str
    en: str
    kind: str
    sign: int = 1  # 扣回 (recovery) is stored as a positive amount and counts against the person
    aliases: tuple[str, ...] = ()


COMPONENTS: tuple[Component, ...] = (
    Component("basic_pension", "基本养老金", "basic pension", REGULAR, aliases=("基本", "养老金")),
    Component("transitional_pension", "过渡性养老金", "transitional pension", REGULAR, aliases=("过渡性",)),
    Component("allowance", "各项补贴", "allowances", REGULAR, aliases=("补贴", "津补贴")),
    # A monthly allowance of retired section-level cadres and above, paid with the pension.
    Component("phone_allowance", "电话费补贴", "phone allowance", REGULAR, aliases=("电话补贴", "电话费")),
    Component(
        "survivor_support", "遗属补助", "survivor support", REGULAR, aliases=("遗属生活补助", "遗属补贴")
    ),
    Component("funeral_grant", "丧葬费", "funeral grant", ONE_OFF, aliases=("丧葬补助费",)),
    Component("lump_sum_compensation", "抚恤金", "lump-sum compensation", ONE_OFF, aliases=("一次性抚恤金",)),
    Component("arrears", "补发", "arrears", ONE_OFF, aliases=("补发待遇",)),
    Component("recovery", "扣回", "recovery", ONE_OFF, sign=-1, aliases=("扣回多发",)),
)
BY_CODE: dict[str, Component] = {c.code: c for c in COMPONENTS}
REGULAR_CODES: tuple[str, ...] = tuple(c.code for c in COMPONENTS if c.kind == REGULAR)


def parse_component(raw: object) -> Component:
    """A component by its code, Chinese name or a common alias (补贴, 电话费 …)."""
    text = str(raw).strip() if raw is not None else ""
    for component in COMPONENTS:
        if text in (component.code, component.zh, *component.aliases) or text.lower() == component.code:
            return component
    raise RuleViolation(
        "rule.choice", field="component", value=text, choices="、".join(c.zh for c in COMPONENTS)
    )


# ---------------------------------------------------------------- months


def parse_month(raw: object) -> PartialDate:
    """An effective month: "2019-01", "2019.1", "2019年1月"; a bare year or a full date is refused."""
    value = parse_partial_date(raw)
    if value.precision != "month":
        raise RuleViolation("ledger.month_precision", value=str(value))
    return value


def month_of(value: PartialDate | date) -> PartialDate:
    """The month a date (or a day-precision PartialDate) falls in; a bare year is refused."""
    if isinstance(value, date):
        return PartialDate(value.year, value.month)
    if value.month is None:
        raise RuleViolation("ledger.month_precision", value=str(value))
    return PartialDate(value.year, value.month)


def month_index(month: PartialDate) -> int:
    return month.year * 12 + (month.month or 1) - 1


def add_months(month: PartialDate, count: int) -> PartialDate:
    year, zero_based = divmod(month_index(month) + count, 12)
    return PartialDate(year, zero_based + 1)


def months(first: PartialDate, last: PartialDate) -> list[PartialDate]:
    """Every month from `first` to `last`, both included (empty when last < first)."""
    return [add_months(first, k) for k in range(month_index(last) - month_index(first) + 1)]


# ---------------------------------------------------------------- levels


@dataclass(frozen=True)
class Fact:
    """What the arithmetic needs of one ledger entry."""

    id: int
    seq: int
    effective: PartialDate
    component: str
    amount_fen: int
    reverses_id: int | None = None

    @property
    def key(self) -> tuple[int, int]:
        # Entries of one month apply in the order they were recorded (seq), never by clock time.
        return (month_index(self.effective), self.seq)


def live(facts: Iterable[Fact]) -> list[Fact]:
    """The entries that count: neither a reversal nor reversed by one."""
    items = list(facts)
    reversed_ids = {f.reverses_id for f in items if f.reverses_id is not None}
    return [f for f in items if f.reverses_id is None and f.id not in reversed_ids]


def levels_at(facts: Iterable[Fact], month: PartialDate) -> dict[str, int]:
    """The monthly amount of every regular component in `month` (0 when never set)."""
    levels = dict.fromkeys(REGULAR_CODES, 0)
    latest: dict[str, tuple[int, int]] = {}
    limit = month_index(month)
    for fact in live(facts):
        if BY_CODE[fact.component].kind != REGULAR or month_index(fact.effective) > limit:
            continue
        if fact.component not in latest or fact.key > latest[fact.component]:
            latest[fact.component] = fact.key
            levels[fact.component] = fact.amount_fen
    return levels


def monthly_total(facts: Iterable[Fact], month: PartialDate) -> int:
    return sum(levels_at(facts, month).values())


def one_offs_in(facts: Iterable[Fact], month: PartialDate) -> int:
    """The one-off items paid in `month`, 扣回 counted negative."""
    return sum(
        BY_CODE[f.component].sign * f.amount_fen
        for f in live(facts)
        if BY_CODE[f.component].kind == ONE_OFF and f.effective == month
    )


@dataclass(frozen=True)
class Step:
    """One line of the card: an entry and every regular component's level right after it."""

    fact: Fact
    levels: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.levels.values())


def card_steps(facts: Sequence[Fact]) -> list[Step]:
    """The entries in card order (effective month, then seq) with the levels after each one.

    A reversal carries its target's month, so it appears right after what it cancels and the level
    shown after it is the one it restores.
    """
    ordered = sorted(facts, key=lambda f: f.key)
    return [Step(fact, levels_at(ordered[: i + 1], fact.effective)) for i, fact in enumerate(ordered)]


# ---------------------------------------------------------------- arrears


@dataclass(frozen=True)
class ArrearsLine:
    month: PartialDate
    component: str
    paid_fen: int
    due_fen: int

    @property
    def diff_fen(self) -> int:
        return self.due_fen - self.paid_fen


def arrears(
    paid: Sequence[Fact], due: Sequence[Fact], first: PartialDate, through: PartialDate
) -> list[ArrearsLine]:
    """Month by month and component by component, what was due minus what was paid, in fen.

    Levels are whole fen and no month is prorated, so every difference is exact: nothing is
    rounded here (rounding happens once, where a percentage makes a fraction of a fen).
    """
    lines = []
    for month in months(first, through):
        before, after = levels_at(paid, month), levels_at(due, month)
        for code in REGULAR_CODES:
            if before[code] != after[code]:
                lines.append(ArrearsLine(month, code, before[code], after[code]))
    return lines


def arrears_total(lines: Iterable[ArrearsLine]) -> int:
    return sum(line.diff_fen for line in lines)


# ---------------------------------------------------------------- hash chain

GENESIS = "0" * 64
HASHED_FIELDS = (
    "retiree_id", "seq", "effective", "component", "amount_fen", "reason", "document",
    "reverses_id", "batch_id", "correction_id", "recorded_at", "operator",
)  # fmt: skip


def canonical_timestamp(value: datetime) -> str:
    """UTC with microseconds; a naive value (SQLite gives those back) is taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_content(content: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in HASHED_FIELDS:
        value = content.get(name)
        if isinstance(value, datetime):
            value = canonical_timestamp(value)
        elif isinstance(value, PartialDate):
            value = str(value)
        out[name] = value
    return out


def entry_hash(content: Mapping[str, Any], prev_hash: str) -> str:
    """sha256 over the canonical JSON of the entry's content and the previous entry's hash."""
    import hashlib
    import json

    payload = {"content": canonical_content(content), "prev_hash": prev_hash}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Link:
    id: int
    seq: int
    content: Mapping[str, Any]
    prev_hash: str
    hash: str


def first_broken(chain: Sequence[Link]) -> tuple[Link, str] | None:
    """The first entry of one retiree's chain (in seq order) that does not hold, and why.

    Reasons: "seq" (a gap or repeat: an entry was removed or inserted), "prev_hash" (it does not
    point at the entry before it), "hash" (its content was changed after it was written).
    """
    previous_hash = GENESIS
    for expected_seq, link in enumerate(chain, start=1):
        if link.seq != expected_seq:
            return link, "seq"
        if link.prev_hash != previous_hash:
            return link, "prev_hash"
        if entry_hash(link.content, link.prev_hash) != link.hash:
            return link, "hash"
        previous_hash = link.hash
    return None


# ---------------------------------------------------------------- yearly adjustment


@dataclass(frozen=True)
class AgeExtra:
    min_age: int
    amount_fen: int


@dataclass(frozen=True)
class AdjustmentRule:
    """A yearly increase: flat + per year of service + % of the basic pension + the highest age band."""

    year: int
    effective: PartialDate
    flat_fen: int
    per_year_fen: int
    percent: Decimal
    age_extras: tuple[AgeExtra, ...] = ()
    component: str = "basic_pension"
    # Ages are taken on this day; by default the day before the effective month (31 December of
    # the previous year for a January increase), as the office's rule files say.
    age_on: date | None = None
    categories: tuple[str, ...] | None = None

    @property
    def age_reference(self) -> date:
        return self.age_on or (self.effective.first_day() - timedelta(days=1))


def _rule_amount(data: Mapping[str, Any], key: str, *, required: bool = True) -> int:
    if key not in data:
        if required:
            raise RuleViolation("ledger.rule_missing", name=key)
        return 0
    try:
        return parse_yuan(str(data[key]))
    except RuleViolation as exc:
        raise RuleViolation("ledger.rule_bad_value", name=key, value=str(data[key])) from exc


def parse_rule(text: str) -> AdjustmentRule:
    """Read a rule file (TOML): year, effective, flat, per_year_of_service, basic_pension_percent,
    [[age_extra]] min_age + amount; optional component, age_on, categories."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleViolation("ledger.rule_toml", detail=str(exc)) from exc
    for key in ("year", "effective"):
        if key not in data:
            raise RuleViolation("ledger.rule_missing", name=key)
    year = data["year"]
    if not isinstance(year, int) or isinstance(year, bool) or not 1950 <= year <= 2100:
        raise RuleViolation("ledger.rule_bad_value", name="year", value=str(year))
    effective = parse_month(str(data["effective"]))
    if effective.year != year:
        raise RuleViolation("ledger.rule_year_mismatch", year=year, effective=str(effective))
    try:
        percent = Decimal(str(data.get("basic_pension_percent", "0")))
    except InvalidOperation as exc:
        raise RuleViolation(
            "ledger.rule_bad_value",
            name="basic_pension_percent",
            value=str(data.get("basic_pension_percent")),
        ) from exc
    if not percent.is_finite() or not 0 <= percent <= 100:
        raise RuleViolation("ledger.rule_bad_value", name="basic_pension_percent", value=str(percent))
    extras = []
    for band in data.get("age_extra", []):
        min_age = band.get("min_age")
        if not isinstance(min_age, int) or isinstance(min_age, bool) or not 0 < min_age < 130:
            raise RuleViolation("ledger.rule_bad_value", name="age_extra.min_age", value=str(min_age))
        extras.append(AgeExtra(min_age, _rule_amount(band, "amount")))
    if len({e.min_age for e in extras}) != len(extras):
        raise RuleViolation("ledger.rule_bad_value", name="age_extra.min_age", value="duplicate")
    component = parse_component(data.get("component", "basic_pension"))
    if component.kind != REGULAR:
        raise RuleViolation("ledger.rule_bad_value", name="component", value=component.zh)
    age_on = None
    if "age_on" in data:
        age_on = parse_partial_date(data["age_on"]).to_date()
    categories = data.get("categories")
    return AdjustmentRule(
        year=year,
        effective=effective,
        flat_fen=_rule_amount(data, "flat", required=False),
        per_year_fen=_rule_amount(data, "per_year_of_service", required=False),
        percent=percent,
        age_extras=tuple(sorted(extras, key=lambda e: e.min_age)),
        component=component.code,
        age_on=age_on,
        categories=tuple(str(c) for c in categories) if categories else None,
    )


def years_of_service(work_start: PartialDate | None, end: PartialDate) -> int | None:
    """Whole years from starting work to `end`, at the precision both dates have.

    With both months known, whole years of months (1975-03 → 2020-02 is 44, → 2020-03 is 45);
    when either is known only to the year, the difference of the years. None when unknown.
    """
    if work_start is None:
        return None
    if work_start.month is not None and end.month is not None:
        return max(0, (month_index(end) - month_index(work_start)) // 12)
    return max(0, end.year - work_start.year)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_extra_fen(rule: AdjustmentRule, age: int | None) -> int:
    """The highest age band the person has reached (bands do not add up)."""
    if age is None:
        return 0
    reached = [band.amount_fen for band in rule.age_extras if age >= band.min_age]
    return reached[-1] if reached else 0


@dataclass(frozen=True)
class Increase:
    flat_fen: int
    service_fen: int
    percent_fen: int
    age_fen: int

    @property
    def total_fen(self) -> int:
        return self.flat_fen + self.service_fen + self.percent_fen + self.age_fen


def increase(rule: AdjustmentRule, current_fen: int, years: int | None, age: int | None) -> Increase:
    """The year's increase for one person; the percentage part is rounded half up to the fen."""
    percent_part = decimal_to_fen(fen_to_decimal(current_fen) * rule.percent / Decimal(100))
    return Increase(
        flat_fen=rule.flat_fen,
        service_fen=rule.per_year_fen * (years or 0),
        percent_fen=percent_part,
        age_fen=age_extra_fen(rule, age),
    )


# ---------------------------------------------------------------- corrections (纠错)

FOUND, INVESTIGATING, CORRECTED, ANSWERED, NO_ERROR = (
    "found",
    "investigating",
    "corrected",
    "answered",
    "no_error",
)
CORRECTION_STATUSES: dict[str, tuple[str, str]] = {
    FOUND: ("已发现", "found"),
    INVESTIGATING: ("调查中", "investigating"),
    CORRECTED: ("已纠正", "corrected"),
    ANSWERED: ("已书面答复", "answered"),
    NO_ERROR: ("经核无误", "no error found"),
}
OPEN_STATUSES = (FOUND, INVESTIGATING, CORRECTED)  # corrected still owes the person a written answer
TRANSITIONS: dict[str, tuple[str, ...]] = {
    FOUND: (INVESTIGATING, CORRECTED, NO_ERROR),
    INVESTIGATING: (INVESTIGATING, CORRECTED, NO_ERROR),  # another inquiry keeps it investigating
    CORRECTED: (ANSWERED,),
    ANSWERED: (),
    NO_ERROR: (),
}


def parse_correction_status(raw: object) -> str:
    text = str(raw).strip() if raw is not None else ""
    for code, (zh, _en) in CORRECTION_STATUSES.items():
        if text in (code, zh):
            return code
    choices = "、".join(zh for zh, _ in CORRECTION_STATUSES.values())
    raise RuleViolation("rule.choice", field="status", value=text, choices=choices)


def check_transition(current: str, target: str) -> None:
    """Refuse (exit 4) a move the state machine does not allow, naming both states."""
    if target not in TRANSITIONS.get(current, ()):
        raise Conflict(
            "correction.refused_transition",
            current=CORRECTION_STATUSES[current][0],
            target=CORRECTION_STATUSES[target][0],
        )


# ---------------------------------------------------------------- newspapers (cadre entitlements)

PAPERS: dict[str, str] = {
    "renmin_ribao": "人民日报",
    "henan_ribao": "河南日报",
    "pingdingshan_ribao": "平顶山日报",
    "laoren_chunqiu": "老人春秋",
    "qiushi": "求是",
    "kuanggong_bao": "平顶山矿工报",
}


PAPER_ALIASES: dict[str, str] = {"人民": "renmin_ribao", "矿工报": "kuanggong_bao", "求是杂志": "qiushi"}


def parse_paper(raw: object) -> str:
    text = str(raw).strip() if raw is not None else ""
    for code, zh in PAPERS.items():
        if text in (code, zh):
            return code
    if text in PAPER_ALIASES:
        return PAPER_ALIASES[text]
    raise RuleViolation("rule.choice", field="paper", value=text, choices="、".join(PAPERS.values()))


@dataclass
class CorrectionLine:
    """One "component from month is amount" of a correction, as a clerk types it."""

    component: str
    first: PartialDate
    amount_fen: int
    extra: dict[str, Any] = field(default_factory=dict)


def parse_correction_line(raw: str) -> CorrectionLine:
    """ "基本养老金:2019-01:2350.00" (full-width colons accepted)."""
    parts = [p.strip() for p in str(raw).replace("：", ":").split(":")]
    if len(parts) != 3:
        raise RuleViolation("ledger.correction_line", value=str(raw))
    component = parse_component(parts[0])
    if component.kind != REGULAR:
        raise RuleViolation("ledger.correction_regular_only", component=component.zh)
    return CorrectionLine(component.code, parse_month(parts[1]), parse_yuan(parts[2]))
