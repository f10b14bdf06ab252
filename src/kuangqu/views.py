"""Display rows for registry records, masked unless revealed: shared by the CLI and the exports."""

from __future__ import annotations

from typing import Any

from kuangqu.models.enums import Category, Health, HouseholdKind, Relation, Sex, Status
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.rules.masking import mask_id, mask_phone
from kuangqu.rules.money import format_fen


def local_time(moment: Any) -> Any:
    """A stored UTC timestamp in the machine's time zone, to the second (what a clerk expects to read)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().replace(microsecond=0)


def age_on(birth: Any, today: Any) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def enum_or_raw(enum_cls: Any, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        return value


def retiree_row(r: Retiree, *, reveal: bool = False, today: Any = None) -> dict[str, Any]:
    from datetime import date

    today = today or date.today()
    return {
        "id": r.id,
        "name": r.name,
        "sex": enum_or_raw(Sex, r.sex),
        "id_number": r.id_number if reveal else mask_id(r.id_number),
        "id_number_original": (r.id_number_original if reveal else mask_id(r.id_number_original))
        if r.id_number_original
        else None,
        "birth_date": r.birth_date,
        "age": age_on(r.birth_date, today),
        "ethnicity": r.ethnicity,
        "category": enum_or_raw(Category, r.category),
        "work_start": r.work_start,
        "retired_on": r.retired_on,
        "former_unit": r.former_unit,
        "position": r.position,
        "address": r.address,
        "phone": (r.phone if reveal else mask_phone(r.phone)) if r.phone else None,
        "family_situation": r.family_situation,
        "status": enum_or_raw(Status, r.status),
        "died_on": r.died_on,
        "area": r.area,
        "building": r.building,
        "work_group": r.work_group,
        "photo_path": r.photo_path,
        "remarks": r.remarks,
        "extra": r.extra,
    }


def member_row(m: HouseholdMember, *, reveal: bool = False) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "relation": enum_or_raw(Relation, m.relation),
        "id_number": (m.id_number if reveal else mask_id(m.id_number)) if m.id_number else None,
        "sex": enum_or_raw(Sex, m.sex),
        "birth_date": m.birth_date,
        "health": enum_or_raw(Health, m.health),
        "disability_grade": m.disability_grade,
        "schooling": m.schooling,
        "work_status": m.work_status,
        "monthly_income": format_fen(m.monthly_income_fen) if m.monthly_income_fen is not None else None,
        "retiree_id": m.retiree_id,
        "removed_on": m.removed_on,
    }


def household_row(h: Household, head: Retiree, *, members: int | None = None) -> dict[str, Any]:
    return {
        "id": h.id,
        "household_no": h.household_no,
        "head_id": head.id,
        "head_name": head.name,
        "kind": enum_or_raw(HouseholdKind, h.kind),
        "area": head.area,
        "building": head.building,
        "members": members,
        "annual_rigid_expenses": format_fen(h.annual_rigid_expenses_fen)
        if h.annual_rigid_expenses_fen is not None
        else None,
        "causes": list(h.causes or []),
        "exclusions": list(h.exclusions or []),
        "key_support": h.key_support,
        "visit_interval_days": h.visit_interval_days,
    }
