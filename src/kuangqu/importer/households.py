"""Importing household lists: one row per member, grouped by 户号 / the head's ID.

The head must already be on the roster (import the registration sheet first); the 本人
row carries the household's facts (hardship causes, exclusions, annual rigid expenses).
Members are matched to those already recorded by ID number, else by name and relation,
so importing the same file twice changes nothing; members missing from the file are kept
(and reported as a warning), never silently removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.config import settings
from kuangqu.errors import Conflict, Problem, RuleViolation
from kuangqu.importer.rows import ReadResult, SourceRow, locate
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.enums import Relation
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.rules.codes import parse_causes, parse_exclusions
from kuangqu.rules.ids import parse_id_number
from kuangqu.rules.masking import mask_id
from kuangqu.rules.money import parse_yuan
from kuangqu.services import households as household_service
from kuangqu.services import retirees as retiree_service
from kuangqu.validate import MemberInput, member_input

HOUSEHOLD_SYNONYMS = MappingProxyType(
    {
        "household_no": ("户号", "家庭编号", "户编号"),
        "head_id_number": ("户主身份证号", "户主身份证号码", "户主身份证"),
        "name": ("成员姓名", "姓名"),
        "relation": ("与户主关系", "关系"),
        "id_number": ("成员身份证号", "身份证号", "身份证号码"),
        "birth_date": ("出生日期", "出生年月"),
        "health": ("健康状况", "健康"),
        "disability_grade": ("残疾等级",),
        "schooling": ("就学情况", "就学"),
        "work_status": ("就业情况", "就业"),
        "monthly_income": ("月收入", "月收入（元）", "收入"),
        "causes": ("致困原因",),
        "exclusions": ("排除情形",),
        "annual_rigid_expenses": ("年刚性支出", "刚性支出"),
        "sex": ("性别",),
    }
)
REQUIRED = ("head_id_number", "name", "relation")
SYNONYMS = HOUSEHOLD_SYNONYMS
EXPECTED_SHEETS = ("家庭成员", "家庭", "困难家庭", "Sheet1")
MEMBER_FIELDS = (
    "name", "relation", "id_number", "sex", "birth_date", "health", "disability_grade", "schooling",
    "work_status", "monthly_income",
)  # fmt: skip


@dataclass
class MemberRow:
    source: SourceRow
    data: MemberInput
    columns: dict[str, str]


@dataclass
class HouseholdGroup:
    key: str
    household_no: str | None
    head: Retiree
    first: SourceRow
    self_row: MemberRow | None = None
    members: list[MemberRow] = field(default_factory=list)
    causes: list[str] | None = None
    exclusions: list[str] | None = None
    rigid_fen: int | None = None


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[HouseholdGroup]:
    """Validate every row and group the members by household; problems go to `summary.errors`."""
    today = today or date.today()
    groups: dict[str, HouseholdGroup] = {}
    heads: dict[str, Retiree | None] = {}
    seen_ids: dict[str, SourceRow] = {}
    for sheet in read.sheets:
        for index, source in enumerate(sheet.rows):
            if progress is not None and index % 500 == 0:
                progress(index)
            head = _head_of(session, source, sheet.columns, heads, summary)
            if head is None:
                continue
            number = _text(source.values.get("household_no"))
            key = number or head.id_number
            group = groups.get(key)
            if group is None:
                group = groups[key] = HouseholdGroup(key, number, head, source)
            elif group.head.id != head.id:
                summary.errors.append(
                    Problem(
                        "import.household_two_heads",
                        {"number": key},
                        field="head_id_number",
                        sheet=source.sheet,
                        row=source.row,
                        column=sheet.columns.get("head_id_number"),
                    )
                )
                continue
            values = source.values  # built from the cells on each access: once per row
            raw = {k: values.get(k) for k in MEMBER_FIELDS if k in values}
            result = member_input(raw, today=today)
            summary.warnings.extend(locate(result.warnings, source, sheet.columns))
            if result.problems or result.value is None:
                summary.errors.extend(locate(result.problems, source, sheet.columns))
                continue
            member = MemberRow(source, result.value, sheet.columns)
            if member.data.id_number:
                first = seen_ids.get(member.data.id_number)
                if first is not None:
                    summary.errors.append(
                        Problem(
                            "import.duplicate_id",
                            {"first_sheet": first.sheet, "first_row": first.row},
                            field="id_number",
                            value=mask_id(member.data.id_number),
                            sheet=source.sheet,
                            row=source.row,
                            column=sheet.columns.get("id_number"),
                        )
                    )
                    continue
                seen_ids[member.data.id_number] = source
            if member.data.relation == Relation.SELF.value:
                _take_self_row(group, member, summary)
            else:
                group.members.append(member)
    return list(groups.values())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():  # a 户号 typed as a number
        text = text[:-2]
    return text or None


def _head_of(
    session: Session,
    source: SourceRow,
    columns: dict[str, str],
    cache: dict[str, Retiree | None],
    summary: ImportSummary,
) -> Retiree | None:
    raw = source.values.get("head_id_number")
    where = {
        "field": "head_id_number",
        "sheet": source.sheet,
        "row": source.row,
        "column": columns.get("head_id_number"),
    }
    try:
        ident = parse_id_number(raw, min_birth_year=settings().min_birth_year)
    except RuleViolation as exc:
        summary.errors.append(Problem(exc.key, dict(exc.params), value=mask_id(str(raw or "")), **where))
        return None
    if ident.number not in cache:
        cache[ident.number] = retiree_service.find_by_id_number(session, ident.number)
    head = cache[ident.number]
    if head is None:
        summary.errors.append(Problem("import.head_not_registered", {}, value=mask_id(ident.number), **where))
    return head


def _take_self_row(group: HouseholdGroup, member: MemberRow, summary: ImportSummary) -> None:
    source = member.source
    if group.self_row is not None:
        summary.errors.append(
            Problem(
                "import.household_two_self_rows",
                {"first_row": group.self_row.source.row},
                field="relation",
                sheet=source.sheet,
                row=source.row,
                column=member.columns.get("relation"),
            )
        )
        return
    if member.data.name != group.head.name:
        summary.errors.append(
            Problem(
                "retiree.identity_conflict",
                {
                    "id_number": mask_id(group.head.id_number),
                    "name": group.head.name,
                    "internal": group.head.id,
                },
                field="name",
                value=member.data.name,
                sheet=source.sheet,
                row=source.row,
                column=member.columns.get("name"),
            )
        )
        return
    group.self_row = member
    values = source.values
    for key, parser in (("causes", parse_causes), ("exclusions", parse_exclusions)):
        if key in values:
            try:
                setattr(group, key, parser(values.get(key)))
            except RuleViolation as exc:
                summary.errors.append(
                    Problem(
                        exc.key,
                        dict(exc.params),
                        field=key,
                        value=str(values.get(key)),
                        sheet=source.sheet,
                        row=source.row,
                        column=member.columns.get(key),
                    )
                )
    rigid = values.get("annual_rigid_expenses")
    if rigid is not None and str(rigid).strip():
        try:
            group.rigid_fen = parse_yuan(rigid, ceiling_fen=settings().amount_ceiling_fen * 12)
        except RuleViolation as exc:
            summary.errors.append(
                Problem(
                    exc.key,
                    dict(exc.params),
                    field="annual_rigid_expenses",
                    value=str(rigid),
                    sheet=source.sheet,
                    row=source.row,
                    column=member.columns.get("annual_rigid_expenses"),
                )
            )


def apply(session: Session, groups: list[HouseholdGroup], summary: ImportSummary) -> None:
    """Create or update each household; errors found against the database go to `summary.errors`."""
    for group in groups:
        household = session.scalars(select(Household).where(Household.head_id == group.head.id)).first()
        created = household is None
        changed = False
        try:
            if household is None:
                household = household_service.create(session, group.head, household_no=group.household_no)
            changed |= _apply_facts(session, household, group)
            if group.self_row is not None:
                changed |= _update_self(session, household, group.self_row)
            changed |= _apply_members(session, household, group, summary)
        except (Conflict, RuleViolation) as exc:
            summary.errors.append(
                Problem(exc.key, dict(exc.params), sheet=group.first.sheet, row=group.first.row)
            )
            continue
        if created:
            summary.created += 1
        elif changed:
            summary.updated += 1
            summary.changes.append({"household_id": household.id, "head": group.head.name})
        else:
            summary.unchanged += 1
    session.flush()


def _apply_facts(session: Session, household: Household, group: HouseholdGroup) -> bool:
    update = household_service.FactsUpdate(
        annual_rigid_expenses_fen=group.rigid_fen,
        household_no=group.household_no,
    )
    if group.causes is not None and group.causes != list(household.causes or []):
        update.clear_causes, update.add_causes = True, group.causes
    if group.exclusions is not None and group.exclusions != list(household.exclusions or []):
        update.clear_exclusions, update.add_exclusions = True, group.exclusions
    return bool(household_service.set_facts(session, household, update))


_EDITABLE = (
    "health",
    "disability_grade",
    "schooling",
    "work_status",
    "monthly_income_fen",
    "sex",
    "birth_date",
)


def _member_changes(member: HouseholdMember, data: MemberInput, given: set[str]) -> dict[str, Any]:
    wanted = {k: v for k, v in data.as_dict().items() if k in _EDITABLE}
    if "monthly_income" not in given:
        wanted.pop("monthly_income_fen", None)
    for key in ("health", "disability_grade", "schooling", "work_status", "sex", "birth_date"):
        if key not in given and key in wanted and not (key == "health" and "disability_grade" in given):
            wanted.pop(key)
    return {k: v for k, v in wanted.items() if getattr(member, k) != v}


def _update_self(session: Session, household: Household, row: MemberRow) -> bool:
    self_member = next(
        m for m in household_service.members(session, household) if m.relation == Relation.SELF.value
    )
    changes = _member_changes(self_member, row.data, set(row.source.values))
    changes.pop("sex", None)
    changes.pop("birth_date", None)  # the head's come from the roster
    return bool(changes and household_service.edit_member(session, household, self_member, changes))


def _apply_members(
    session: Session, household: Household, group: HouseholdGroup, summary: ImportSummary
) -> bool:
    current = [m for m in household_service.members(session, household) if m.relation != Relation.SELF.value]
    matched: set[int] = set()
    changed = False
    for row in group.members:
        data = row.data
        found = next((m for m in current if data.id_number and m.id_number == data.id_number), None) or next(
            (
                m
                for m in current
                if m.name == data.name and m.relation == data.relation and m.id not in matched
            ),
            None,
        )
        if found is None:
            household_service.add_member(session, household, data)
            changed = True
            continue
        matched.add(found.id or 0)
        changes = _member_changes(found, data, set(row.source.values))
        if changes:
            household_service.edit_member(session, household, found, changes)
            changed = True
    missing = [m for m in current if m.id not in matched]
    if missing and group.members:
        summary.warnings.append(
            Problem(
                "import.members_not_in_file",
                {"count": len(missing), "names": "、".join(m.name for m in missing)},
                sheet=group.first.sheet,
                row=group.first.row,
            )
        )
    return changed
