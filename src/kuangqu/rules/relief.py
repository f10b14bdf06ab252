"""Relief rules, pure: the tier standard read from TOML, tier placement with its explanation,
the application state machine, and the dates and keys payments are made by.

The standard is data the office edits (救济标准, 对号入座): `parse_standard` validates every key and
names the line of each problem (tomllib gives no line numbers, so the source text is scanned here).
`assess` places a household in the first tier whose tests all pass and explains why, with the
numbers compared; a fact that is not known (a member's income, the rigid expenses) is reported as
missing and never guessed, so the household is then placed nowhere. Comparisons are exact: the
income must be strictly below ratio × dibao, so exactly 1.0 × dibao is not below it.
"""

from __future__ import annotations

import calendar
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from kuangqu.errors import Conflict, InvalidInput, Problem, RuleViolation
from kuangqu.rules.codes import EXCLUSIONS, HARDSHIP_CAUSES
from kuangqu.rules.money import fen_from_ratio, format_fen, parse_yuan

# ---------------------------------------------------------------- the standard

TOP_KEYS = ("name", "version", "effective_from", "dibao_monthly", "exclusion", "tier")
EXCLUSION_KEYS = ("code", "label")
TIER_KEYS = ("code", "label", "max_income_ratio", "causes", "monthly_relief", "festival_relief")
_TIER_REQUIRED = ("code", "max_income_ratio", "monthly_relief", "festival_relief")


@dataclass(frozen=True)
class ExclusionRule:
    code: str
    label: str


@dataclass(frozen=True)
class Tier:
    code: str
    label: str
    max_income_ratio: Decimal
    causes: tuple[str, ...]
    monthly_relief_fen: int
    festival_relief_fen: int

    def limit_fen(self, dibao_fen: int) -> Decimal:
        """ratio × dibao in fen, exact (it may have a fraction of a fen: never rounded before comparing)."""
        return Decimal(dibao_fen) * self.max_income_ratio


@dataclass(frozen=True)
class Standard:
    name: str
    version: str
    effective_from: date
    dibao_monthly_fen: int
    exclusions: tuple[ExclusionRule, ...]
    tiers: tuple[Tier, ...]

    def tier(self, code: str | None) -> Tier | None:
        return next((t for t in self.tiers if t.code == code), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "effective_from": self.effective_from.isoformat(),
            "dibao_monthly": format_fen(self.dibao_monthly_fen),
            "exclusions": [{"code": e.code, "label": e.label} for e in self.exclusions],
            "tiers": [
                {
                    "code": t.code,
                    "label": t.label,
                    "max_income_ratio": str(t.max_income_ratio),
                    "income_limit": format_limit(t.limit_fen(self.dibao_monthly_fen)),
                    "causes": list(t.causes),
                    "monthly_relief": format_fen(t.monthly_relief_fen),
                    "festival_relief": format_fen(t.festival_relief_fen),
                }
                for t in self.tiers
            ],
        }


class _Lines:
    """Where each key of a TOML text is: (table, index within an array of tables, key) → line number.

    Good enough for the standard's flat layout: top-level keys, [[tier]] and [[exclusion]] blocks,
    one key per line. Lines inside multi-line strings are skipped so their text is not read as keys.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"']+)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*=""")

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[str, int, str], int] = {}
        self.headers: dict[tuple[str, int], int] = {}
        self.lines = text.splitlines()
        counts: dict[str, int] = {}
        table, index = "", 0
        in_multiline: str | None = None
        for number, line in enumerate(self.lines, start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = self._HEADER.match(line)
            if header:
                table = header.group(2).strip("\"'")
                if header.group(1) == "[[":
                    index = counts.get(table, 0)
                    counts[table] = index + 1
                else:
                    index = 0
                self.headers.setdefault((table, index), number)
                continue
            key = self._KEY.match(line)
            if key:
                name = next(g for g in key.groups() if g is not None)
                self.keys.setdefault((table, index, name), number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote

    def of_key(self, table: str, index: int, key: str) -> int:
        return self.keys.get((table, index, key)) or self.headers.get((table, index)) or 1

    def of_table(self, table: str, index: int = 0) -> int:
        return self.headers.get((table, index), 1)

    def of_token(self, table: str, index: int, key: str, token: str) -> int:
        """The line holding `token` inside the value of `key` (a list may span lines)."""
        start = self.of_key(table, index, key)
        for number in range(start, min(start + 50, len(self.lines) + 1)):
            if f'"{token}"' in self.lines[number - 1] or f"'{token}'" in self.lines[number - 1]:
                return number
        return start


class _Reader:
    """Collects every problem of a standard file, each with its line."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, line: int, message_key: str, **params: Any) -> None:
        self.problems.append(Problem(message_key, {"line": line, **params}))

    def text(self, table: str, index: int, data: dict[str, Any], key: str, *, required: bool) -> str | None:
        line = self.lines.of_key(table, index, key)
        if key not in data:
            if required:
                self.problem(line, "relief.std.missing_key", name=key, where=_where(table, index))
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.problem(line, "relief.std.not_text", name=key)
            return None
        return value.strip()

    def amount(self, table: str, index: int, data: dict[str, Any], key: str) -> int | None:
        line = self.lines.of_key(table, index, key)
        if key not in data:
            self.problem(line, "relief.std.missing_key", name=key, where=_where(table, index))
            return None
        raw = data[key]
        try:
            fen = parse_yuan(raw, allow_negative=True)
        except RuleViolation as exc:
            self.problem(line, "relief.std.bad_amount", name=key, detail=exc.message())
            return None
        if fen < 0:
            self.problem(line, "relief.std.negative_amount", name=key, value=format_fen(fen))
            return None
        return fen

    def unknown_keys(self, table: str, index: int, data: dict[str, Any], allowed: Sequence[str]) -> None:
        for key in data:
            if key not in allowed:
                line = self.lines.of_key(table, index, key)
                if isinstance(data[key], dict) and not table:
                    line = self.lines.of_table(key)
                self.problem(
                    line,
                    "relief.std.unknown_key",
                    name=key,
                    where=_where(table, index),
                    allowed=", ".join(allowed),
                )


def _where(table: str, index: int) -> str:
    return f"[[{table}]] #{index + 1}" if table else "—"


def parse_standard(text: str) -> Standard:
    """Read a standard file; raise InvalidInput listing every problem with its line number."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise RuleViolation(
            "relief.std.syntax", line=int(match.group(1)) if match else 1, detail=str(exc)
        ) from None
    reader = _Reader(_Lines(text))
    reader.unknown_keys("", 0, data, TOP_KEYS)
    name = reader.text("", 0, data, "name", required=True)
    version = reader.text("", 0, data, "version", required=True)
    effective_from = _read_date(reader, data)
    dibao = reader.amount("", 0, data, "dibao_monthly")
    if dibao == 0:
        reader.problem(reader.lines.of_key("", 0, "dibao_monthly"), "relief.std.dibao_zero")
    exclusions = _read_exclusions(reader, data)
    tiers = _read_tiers(reader, data)
    if reader.problems:
        raise InvalidInput(reader.problems, key="relief.std.invalid", count=len(reader.problems))
    assert name and version and effective_from and dibao is not None
    return Standard(name, version, effective_from, dibao, tuple(exclusions), tuple(tiers))


def _read_date(reader: _Reader, data: dict[str, Any]) -> date | None:
    line = reader.lines.of_key("", 0, "effective_from")
    if "effective_from" not in data:
        reader.problem(line, "relief.std.missing_key", name="effective_from", where=_where("", 0))
        return None
    raw = data["effective_from"]
    if isinstance(raw, date) and not hasattr(raw, "hour"):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    reader.problem(line, "relief.std.bad_date", name="effective_from")
    return None


def _array_of_tables(reader: _Reader, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        reader.problem(reader.lines.of_key("", 0, key), "relief.std.not_table_array", name=key)
        return []
    return value


def _read_exclusions(reader: _Reader, data: dict[str, Any]) -> list[ExclusionRule]:
    rules: list[ExclusionRule] = []
    seen: set[str] = set()
    for index, item in enumerate(_array_of_tables(reader, data, "exclusion")):
        reader.unknown_keys("exclusion", index, item, EXCLUSION_KEYS)
        code = reader.text("exclusion", index, item, "code", required=True)
        label = reader.text("exclusion", index, item, "label", required=False)
        line = reader.lines.of_key("exclusion", index, "code")
        if code is None:
            continue
        if code not in EXCLUSIONS:
            reader.problem(line, "relief.std.unknown_exclusion", code=code, choices=", ".join(EXCLUSIONS))
            continue
        if code in seen:
            reader.problem(line, "relief.std.duplicate_code", code=code)
            continue
        seen.add(code)
        rules.append(ExclusionRule(code, label or EXCLUSIONS[code]))
    return rules


def _read_ratio(reader: _Reader, index: int, item: dict[str, Any]) -> Decimal | None:
    line = reader.lines.of_key("tier", index, "max_income_ratio")
    if "max_income_ratio" not in item:
        reader.problem(line, "relief.std.missing_key", name="max_income_ratio", where=_where("tier", index))
        return None
    raw = item["max_income_ratio"]
    try:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            raise InvalidOperation
        # A TOML float 1.5 becomes "1.5" through repr: the ratio as written, not its binary value.
        ratio = Decimal(raw.strip() if isinstance(raw, str) else repr(raw))
    except (InvalidOperation, ValueError):
        reader.problem(line, "relief.std.bad_ratio", value=str(raw))
        return None
    if not ratio.is_finite() or ratio <= 0:
        reader.problem(line, "relief.std.bad_ratio", value=str(raw))
        return None
    return ratio


def _read_causes(reader: _Reader, index: int, item: dict[str, Any]) -> tuple[str, ...] | None:
    raw = item.get("causes", [])
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        reader.problem(reader.lines.of_key("tier", index, "causes"), "relief.std.bad_causes")
        return None
    causes: list[str] = []
    for code in raw:
        if code not in HARDSHIP_CAUSES:
            reader.problem(
                reader.lines.of_token("tier", index, "causes", code),
                "relief.std.unknown_cause",
                code=code,
                choices=", ".join(HARDSHIP_CAUSES),
            )
        elif code not in causes:
            causes.append(code)
    return tuple(causes)


def _read_tiers(reader: _Reader, data: dict[str, Any]) -> list[Tier]:
    items = _array_of_tables(reader, data, "tier")
    if not items and "tier" not in data:
        reader.problem(len(reader.lines.lines) or 1, "relief.std.no_tiers")
    tiers: list[Tier] = []
    codes: set[str] = set()
    previous: tuple[Decimal, int] | None = None
    for index, item in enumerate(items):
        reader.unknown_keys("tier", index, item, TIER_KEYS)
        code = reader.text("tier", index, item, "code", required=True)
        label = reader.text("tier", index, item, "label", required=False)
        ratio = _read_ratio(reader, index, item)
        causes = _read_causes(reader, index, item)
        monthly = reader.amount("tier", index, item, "monthly_relief")
        festival = reader.amount("tier", index, item, "festival_relief")
        if code is not None and code in codes:
            reader.problem(reader.lines.of_key("tier", index, "code"), "relief.std.duplicate_code", code=code)
        if code is not None:
            codes.add(code)
        if ratio is not None:
            # Tiers are tried in order, deepest hardship first: each must allow a higher income.
            if previous is not None and ratio <= previous[0]:
                reader.problem(
                    reader.lines.of_key("tier", index, "max_income_ratio"),
                    "relief.std.ratio_not_rising",
                    value=str(ratio),
                    previous=str(previous[0]),
                    previous_line=previous[1],
                )
            previous = (ratio, reader.lines.of_key("tier", index, "max_income_ratio"))
        if None in (code, ratio, causes, monthly, festival):
            continue
        assert (
            code and ratio is not None and causes is not None and monthly is not None and festival is not None
        )
        tiers.append(Tier(code, label or code, ratio, causes, monthly, festival))
    return tiers


def format_limit(limit_fen: Decimal) -> str:
    """An income limit in yuan for display: exact when it is whole fen, else to 3 decimals of a yuan."""
    yuan = limit_fen.scaleb(-2)
    if limit_fen == limit_fen.to_integral_value():
        return format_fen(int(limit_fen))
    return str(yuan.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------- assessing a household


@dataclass(frozen=True)
class MemberFacts:
    name: str
    monthly_income_fen: int | None


@dataclass(frozen=True)
class HouseholdFacts:
    members: tuple[MemberFacts, ...]
    annual_rigid_expenses_fen: int | None
    causes: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()


@dataclass(frozen=True)
class TestResult:
    """One test of one tier: what was compared and whether it passed (None: a fact is missing)."""

    test: str  # "exclusion" | "income" | "cause"
    passed: bool | None
    key: str  # message key of the explanation
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        from kuangqu.i18n import t

        return {
            "test": self.test,
            "passed": self.passed,
            **self.params,
            "text": t(self.key, lang=lang, **self.text_params(lang)),
        }

    def text_params(self, lang: str | None = None) -> dict[str, Any]:
        """The params as the explanation shows them: cause and exclusion codes by their labels."""
        if self.test not in ("cause", "exclusion"):
            return self.params
        return {
            name: code_labels(self.test, value, lang) if isinstance(value, str) else value
            for name, value in self.params.items()
        }


def code_label(kind: str, code: str, lang: str | None = None) -> str:
    """The label of a hardship cause (kind "cause") or exclusion code in the language; the code if unknown."""
    from kuangqu.i18n import catalogue, t

    key = f"relief.{kind}.{code}"
    return t(key, lang=lang) if key in catalogue() else code


def code_labels(kind: str, codes: str | Sequence[str], lang: str | None = None) -> str:
    """'serious_illness, disability' → '患重特大疾病、残疾' (English: joined with ", "); "—" stays."""
    from kuangqu.i18n import current_lang

    items = [c.strip() for c in codes.split(",")] if isinstance(codes, str) else list(codes)
    items = [c for c in items if c]
    if not items:
        return codes if isinstance(codes, str) else ""
    sep = ", " if (lang or current_lang()) == "en" else "、"
    return sep.join(c if c == "—" else code_label(kind, c, lang) for c in items)


@dataclass(frozen=True)
class TierCheck:
    tier: str
    label: str
    passed: bool | None
    tests: tuple[TestResult, ...]


@dataclass(frozen=True)
class Income:
    members: tuple[MemberFacts, ...]
    monthly_total_fen: int | None
    annual_income_fen: int | None
    annual_rigid_expenses_fen: int | None
    net_annual_fen: int | None
    size: int
    per_capita_fen: int | None


@dataclass(frozen=True)
class Distance:
    """How far the household is from the next (deeper) tier and from losing its own."""

    next_tier: str | None
    per_capita_drop_fen: int | None  # how much per-capita income must fall to reach next_tier
    causes_needed: tuple[str, ...]  # next_tier needs one of these causes, which the household lacks
    margin_fen: int | None  # a rise of this much per-capita income takes the household out of its tier


@dataclass(frozen=True)
class Assessment:
    standard_version: str
    dibao_monthly_fen: int
    income: Income
    excluded_by: tuple[str, ...]
    missing: tuple[dict[str, str], ...]
    checks: tuple[TierCheck, ...]
    tier: Tier | None
    distance: Distance | None

    @property
    def status(self) -> str:
        if self.tier is not None:
            return "placed"
        if self.excluded_by:
            return "excluded"
        if self.missing:
            return "incomplete"
        return "none"

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON form (also the snapshot stored with a recorded assessment)."""
        inc = self.income
        money = _money_or_none
        return {
            "standard_version": self.standard_version,
            "per_capita_monthly_income": money(inc.per_capita_fen),
            "dibao_monthly": format_fen(self.dibao_monthly_fen),
            "tier": self.tier.code if self.tier else None,
            "tier_label": self.tier.label if self.tier else None,
            "status": self.status,
            "excluded_by": list(self.excluded_by),
            "missing": [dict(m) for m in self.missing],
            "income": {
                "members": [
                    {"name": m.name, "monthly_income": money(m.monthly_income_fen)} for m in inc.members
                ],
                "size": inc.size,
                "monthly_total": money(inc.monthly_total_fen),
                "annual_income": money(inc.annual_income_fen),
                "annual_rigid_expenses": money(inc.annual_rigid_expenses_fen),
                "net_annual_income": money(inc.net_annual_fen),
                "per_capita_monthly_income": money(inc.per_capita_fen),
            },
            "checks": [
                {
                    "tier": c.tier,
                    "label": c.label,
                    "passed": c.passed,
                    "reasons": [r.as_dict(lang) for r in c.tests],
                }
                for c in self.checks
            ],
            "distance": None
            if self.distance is None
            else {
                "next_tier": self.distance.next_tier,
                "per_capita_drop": money(self.distance.per_capita_drop_fen),
                "causes_needed": list(self.distance.causes_needed),
                "margin": money(self.distance.margin_fen),
            },
        }


def _money_or_none(fen: int | None) -> str | None:
    return None if fen is None else format_fen(fen)


def compute_income(facts: HouseholdFacts) -> tuple[Income, list[dict[str, str]]]:
    """(sum of monthly incomes × 12 − annual rigid expenses) / 12 / members, in fen, half up."""
    missing: list[dict[str, str]] = []
    if not facts.members:
        missing.append({"fact": "members", "member": ""})
    for m in facts.members:
        if m.monthly_income_fen is None:
            missing.append({"fact": "monthly_income", "member": m.name})
    if facts.annual_rigid_expenses_fen is None:
        missing.append({"fact": "annual_rigid_expenses", "member": ""})
    known = [m.monthly_income_fen for m in facts.members if m.monthly_income_fen is not None]
    total = sum(known) if len(known) == len(facts.members) and facts.members else None
    annual = total * 12 if total is not None else None
    net = (
        annual - facts.annual_rigid_expenses_fen
        if annual is not None and facts.annual_rigid_expenses_fen is not None
        else None
    )
    per_capita = fen_from_ratio(net, 12 * len(facts.members)) if net is not None else None
    income = Income(
        facts.members, total, annual, facts.annual_rigid_expenses_fen, net, len(facts.members), per_capita
    )
    return income, missing


def _overall(tests: Iterable[TestResult]) -> bool | None:
    results = [r.passed for r in tests]
    if any(r is False for r in results):
        return False
    return None if any(r is None for r in results) else True


@dataclass(frozen=True)
class _TierPlan:
    """What a tier's tests need that is the same for every household: worked out once per standard."""

    index: int
    tier: Tier
    limit: Decimal  # ratio × dibao in fen, exact
    ratio: str
    dibao: str
    limit_text: str
    causes: frozenset[str]
    needed: str  # the tier's causes as the explanation lists them


class Placer:
    """Places households against one standard.

    The limits and their display texts are computed here once, not for every household × tier:
    `relief assess --all` places every household of the mine with one Placer.
    """

    def __init__(self, standard: Standard) -> None:
        self.standard = standard
        dibao = standard.dibao_monthly_fen
        dibao_text = format_fen(dibao)
        plans = []
        for index, tier in enumerate(standard.tiers):
            limit = tier.limit_fen(dibao)
            plans.append(
                _TierPlan(
                    index,
                    tier,
                    limit,
                    str(tier.max_income_ratio),
                    dibao_text,
                    format_limit(limit),
                    frozenset(tier.causes),
                    ", ".join(tier.causes),
                )
            )
        self.plans = tuple(plans)

    def assess(self, facts: HouseholdFacts) -> Assessment:
        """Place a household in the first tier whose tests all pass, explaining every test."""
        standard = self.standard
        income, missing = compute_income(facts)
        excluded_by = tuple(e.code for e in standard.exclusions if e.code in facts.exclusions)
        per_capita = income.per_capita_fen
        value = _money_or_none(per_capita)
        has = ", ".join(facts.causes) or "—"
        excluded_codes = ", ".join(excluded_by)
        checks: list[TierCheck] = []
        placed: _TierPlan | None = None
        decided = False
        for plan in self.plans:
            tests: list[TestResult] = []
            if excluded_by:
                tests.append(
                    TestResult("exclusion", False, "relief.test.excluded", {"codes": excluded_codes})
                )
            tests.append(_income_test(plan, per_capita, value))
            if plan.causes:
                matching = [c for c in facts.causes if c in plan.causes]
                params = {"needed": plan.needed, "has": has, "matching": ", ".join(matching)}
                key = "relief.test.cause_ok" if matching else "relief.test.cause_missing"
                tests.append(TestResult("cause", bool(matching), key, params))
            passed = _overall(tests)
            checks.append(TierCheck(plan.tier.code, plan.tier.label, passed, tuple(tests)))
            if not decided and passed is not False:
                # None: an earlier tier cannot be ruled out, so placing in a later one would be a guess.
                decided = True
                placed = plan if passed else None
        distance = None
        if not excluded_by and per_capita is not None:
            distance = self._distance(facts, per_capita, placed)
        return Assessment(
            standard.version,
            standard.dibao_monthly_fen,
            income,
            excluded_by,
            tuple(missing),
            tuple(checks),
            placed.tier if placed is not None else None,
            distance,
        )

    def _distance(self, facts: HouseholdFacts, per_capita: int, placed: _TierPlan | None) -> Distance:
        deeper = self.plans[: placed.index] if placed is not None else self.plans
        margin = None
        if placed is not None:
            margin = int((placed.limit - per_capita).to_integral_value(rounding=ROUND_CEILING))
        best: tuple[int, int, Tier] | None = None  # (lacks a cause, drop needed, tier)
        has = set(facts.causes)
        for plan in deeper:
            lacks = 1 if plan.causes and not plan.causes & has else 0
            key = (lacks, _drop_needed(per_capita, plan.limit), plan.tier)
            # Prefer a tier the household has a cause for, then the smallest fall, then the deeper tier.
            if best is None or key[:2] < best[:2]:
                best = key
        if best is None:
            return Distance(None, None, (), margin)
        lacks, drop, tier = best
        return Distance(tier.code, drop, tier.causes if lacks else (), margin)


def _income_test(plan: _TierPlan, per_capita: int | None, value: str | None) -> TestResult:
    params = {"ratio": plan.ratio, "dibao": plan.dibao, "limit": plan.limit_text, "value": value}
    if per_capita is None:
        return TestResult("income", None, "relief.test.income_unknown", params)
    # Strictly below: a household exactly at ratio × dibao is not below it.
    passed = Decimal(per_capita) < plan.limit
    return TestResult(
        "income", passed, "relief.test.income_below" if passed else "relief.test.income_not_below", params
    )


def assess(standard: Standard, facts: HouseholdFacts) -> Assessment:
    """Place a household in the first tier whose tests all pass, explaining every test."""
    return Placer(standard).assess(facts)


def _drop_needed(per_capita: int, limit: Decimal) -> int:
    """The smallest fall in per-capita income (whole fen) that brings it strictly below `limit`."""
    if Decimal(per_capita) < limit:
        return 0
    return int((Decimal(per_capita) - limit).to_integral_value(rounding=ROUND_FLOOR)) + 1


# ---------------------------------------------------------------- applications


class ApplicationKind(StrEnum):
    DAILY = "daily"
    TEMPORARY = "temporary"

    @property
    def label(self) -> str:
        return {"daily": "日常救济", "temporary": "临时救济"}[self.value]


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    IN_NOTICE = "in_notice"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            "submitted": "已申请",
            "reviewed": "已初审",
            "in_notice": "公示中",
            "approved": "已批准",
            "rejected": "未批准",
            "withdrawn": "已撤回",
            "closed": "已终止",
        }[self.value]


_OPEN = {ApplicationStatus.SUBMITTED, ApplicationStatus.REVIEWED, ApplicationStatus.IN_NOTICE}
# action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[ApplicationStatus], ApplicationStatus]] = {
    "review": (frozenset({ApplicationStatus.SUBMITTED}), ApplicationStatus.REVIEWED),
    "notice": (frozenset({ApplicationStatus.REVIEWED}), ApplicationStatus.IN_NOTICE),
    "approve": (frozenset({ApplicationStatus.IN_NOTICE}), ApplicationStatus.APPROVED),
    "reject": (frozenset(_OPEN), ApplicationStatus.REJECTED),
    "withdraw": (frozenset(_OPEN), ApplicationStatus.WITHDRAWN),
    "close": (frozenset({ApplicationStatus.APPROVED}), ApplicationStatus.CLOSED),
}


def is_open(status: str) -> bool:
    return status in {s.value for s in _OPEN}


def next_status(status: str, action: str) -> ApplicationStatus:
    """The status `action` leads to from `status`; Conflict (exit 4) when the step is not allowed."""
    allowed, target = TRANSITIONS[action]
    if ApplicationStatus(status) not in allowed:
        raise Conflict(
            "relief.transition_refused",
            action=action,
            status=ApplicationStatus(status).label,
            allowed="、".join(sorted(s.label for s in allowed)),
        )
    return target


def check_not_before(on: date, earlier: date | None, step: str) -> None:
    """A step is dated on or after the step before it."""
    if earlier is not None and on < earlier:
        raise Conflict(
            "relief.date_before_previous", on=on.isoformat(), previous=earlier.isoformat(), step=step
        )


def notice_ends(start: date, days: int) -> date:
    """The last day of a notice of `days` calendar days starting on `start` (both counted)."""
    if days < 1:
        raise RuleViolation("relief.notice_days", days=days)
    return start + timedelta(days=days - 1)


def check_approval_date(notice_start: date, days: int, on: date) -> None:
    """Approval is dated after the notice ends: refused (exit 4) on or before its last day."""
    last = notice_ends(notice_start, days)
    if on <= last:
        raise Conflict("relief.notice_not_over", on=on.isoformat(), last=last.isoformat())


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Decision:
    """A decided daily-relief application, as far as holding a tier is concerned."""

    application_id: int
    decided_on: date
    approved: bool
    tier: str | None
    next_review_on: date | None
    closed_on: date | None = None


def holding_on(decisions: Iterable[Decision], day: date) -> Decision | None:
    """The approval giving the household its tier on `day`, or None.

    The latest decision up to `day` counts: a later rejection (a re-check that failed) ends an
    earlier approval. An approval holds until it is closed or its yearly re-check falls due.
    """
    latest = max(
        (d for d in decisions if d.decided_on <= day),
        key=lambda d: (d.decided_on, d.application_id),
        default=None,
    )
    if latest is None or not latest.approved:
        return None
    if latest.closed_on is not None and latest.closed_on <= day:
        return None
    if latest.next_review_on is not None and day >= latest.next_review_on:
        return None
    return latest


# ---------------------------------------------------------------- payments


class PaymentKind(StrEnum):
    DAILY = "daily"
    FESTIVAL = "festival"
    TEMPORARY = "temporary"

    @property
    def label(self) -> str:
        return {"daily": "日常救济", "festival": "节日救济", "temporary": "临时救济"}[self.value]


FESTIVALS: dict[str, str] = {
    "春节": "spring",
    "元宵": "lantern",
    "端午": "dragon_boat",
    "中秋": "mid_autumn",
    "国庆": "national_day",
    "重阳": "double_ninth",
}
_FESTIVAL_ALIASES = {
    **{v: k for k, v in FESTIVALS.items()},
    "spring_festival": "春节",
    "chunjie": "春节",
    "春节救济": "春节",
    "中秋节": "中秋",
    "端午节": "端午",
    "重阳节": "重阳",
    "元宵节": "元宵",
}


def parse_kind(raw: str, enum: type[StrEnum], field_name: str) -> Any:
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    for member in enum:
        if text.lower() == member.value or text == getattr(member, "label", None):
            return member
    choices = "、".join(f"{m.value}（{getattr(m, 'label', m.value)}）" for m in enum)
    raise RuleViolation("relief.bad_choice", field=field_name, value=text, choices=choices)


def parse_festival(raw: str) -> str:
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    name = text if text in FESTIVALS else _FESTIVAL_ALIASES.get(text.lower())
    if name is None:
        raise RuleViolation("relief.bad_festival", value=text, choices="、".join(FESTIVALS))
    return name


def daily_period(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def festival_period(year: int, festival: str) -> str:
    return f"{year:04d}-{festival}"


def temporary_period(application_id: int) -> str:
    return f"application-{application_id}"


def month_reference_day(year: int, month: int, paid_on: date) -> date:
    """The day a month's tier is judged on: the month's last day, or the payment day if earlier.

    A payment made on the 20th cannot know whether a tier will still hold on the 31st.
    """
    last = date(year, month, calendar.monthrange(year, month)[1])
    if paid_on < date(year, month, 1):
        raise RuleViolation(
            "relief.paid_before_month", paid_on=paid_on.isoformat(), month=daily_period(year, month)
        )
    return min(last, paid_on)


def school_age(birth: date | None, day: date) -> int | None:
    """Age on `day` when it is of school age (6 to 17 inclusive: primary to senior high), else None."""
    if birth is None:
        return None
    age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return age if 6 <= age <= 17 else None
