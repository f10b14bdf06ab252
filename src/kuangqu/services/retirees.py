"""The roster: registering, finding, editing, listing and searching retirees."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.registry import Retiree
from kuangqu.rules.ids import upgrade_15
from kuangqu.rules.masking import mask_id
from kuangqu.services import audit
from kuangqu.validate import RetireeInput

# The fields a clerk may change with `retiree edit` (and the importer may update).
EDITABLE_FIELDS = (
    "name", "id_number", "id_number_original", "sex", "birth_date", "category", "ethnicity",
    "work_start", "retired_on", "former_unit", "position", "address", "phone", "family_situation",
    "status", "died_on", "area", "building", "work_group", "remarks", "extra",
)  # fmt: skip

_ID_LIKE = re.compile(r"^\d{17}[\dX]$|^\d{15}$")


@dataclass
class Change:
    field: str
    old: Any
    new: Any


def pinyin_keys(name: str) -> tuple[str, str]:
    """('zhangsan', 'zs') for 张三: what `retiree search` matches Latin letters against."""
    from pypinyin.constants import PHRASES_DICT

    # pypinyin reads a stretch that is no word of its phrase dictionary character by character,
    # so a name holding no such word gets exactly its characters' readings, each looked up once
    # per process (a 100k roster has 12,800 distinct names but a few thousand characters; the
    # whole-name conversion segments every name against the dictionary: ≈5× slower). Names
    # holding a word (about one in sixteen) go through pypinyin whole. The two agree on every
    # name tested (tests/registry/test_pinyin_keys.py).
    if _holds_a_phrase(name, PHRASES_DICT):
        syllables = _syllables(name)
    else:
        syllables = [syllable for char in name for syllable in _char_syllables(char)]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isascii()]


@cache
def _char_syllables(char: str) -> tuple[str, ...]:
    return tuple(_syllables(char))


def _holds_a_phrase(name: str, phrases: Mapping[str, Any]) -> bool:
    size = len(name)
    return any(name[i:j] in phrases for i in range(size - 1) for j in range(i + 2, size + 1))


def find_by_id_number(session: Session, id_number: str) -> Retiree | None:
    return session.scalars(
        select(Retiree).where(or_(Retiree.id_number == id_number, Retiree.id_number_original == id_number))
    ).first()


def get(session: Session, ref: str | int) -> Retiree:
    """A retiree by resident ID (15 or 18 digits), its last 6 characters when unique, or `#N` / N."""
    text = str(ref).strip().upper()
    if not text:
        raise NotFound("retiree.not_found", ref=str(ref))
    if text.startswith("#") and text[1:].isdigit():
        found = session.get(Retiree, int(text[1:]))
    elif _ID_LIKE.match(text):
        number = upgrade_15(text) if len(text) == 15 else text
        found = find_by_id_number(session, number) or find_by_id_number(session, text)
    elif len(text) == 6 and re.fullmatch(r"\d{5}[\dX]", text):
        matches = session.scalars(select(Retiree).where(Retiree.id_number.endswith(text)).limit(2)).all()  # type: ignore[attr-defined]
        if len(matches) > 1:
            raise RuleViolation("retiree.ambiguous_tail", ref=text)
        found = matches[0] if matches else None
    elif text.isdigit():
        found = session.get(Retiree, int(text))
    else:
        found = None
    if found is None:
        raise NotFound("retiree.not_found", ref=mask_id(text) if len(text) >= 15 else text)
    return found


def register(session: Session, data: RetireeInput) -> Retiree:
    """Add a person to the roster; refuses an ID that is already registered."""
    existing = find_by_id_number(session, data.id_number)
    if existing is None and data.id_number_original:
        existing = find_by_id_number(session, data.id_number_original)
    if existing is not None:
        key = "retiree.duplicate_id" if existing.name == data.name else "retiree.identity_conflict"
        raise Conflict(key, id_number=mask_id(data.id_number), name=existing.name, internal=existing.id)
    values = data.as_dict()
    pinyin, initials = pinyin_keys(data.name)
    retiree = Retiree(**values, name_pinyin=pinyin, name_initials=initials)
    session.add(retiree)
    session.flush()
    audit.record(session, "retiree.add", "retiree", retiree.id, new=_auditable(values))
    return retiree


def _auditable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def diff(retiree: Retiree, data: Mapping[str, Any]) -> list[Change]:
    """The fields of `data` whose values differ from the stored ones."""
    changes = []
    for name, new in data.items():
        if name not in EDITABLE_FIELDS:
            continue
        old = getattr(retiree, name)
        if name == "extra":
            merged = {**(old or {}), **(new or {})} or None
            if merged != (old or None):
                changes.append(Change(name, old, merged))
            continue
        if new != old:
            changes.append(Change(name, old, new))
    return changes


def apply_changes(
    session: Session,
    retiree: Retiree,
    changes: Sequence[Change],
    *,
    action: str = "retiree.edit",
    reason: str | None = None,
) -> list[Change]:
    """Write `changes` to the record and the audit log; refuses a new ID that belongs to someone else."""
    if not changes:
        return []
    for change in changes:
        if change.field == "id_number":
            other = find_by_id_number(session, change.new)
            if other is not None and other.id != retiree.id:
                raise Conflict(
                    "retiree.duplicate_id", id_number=mask_id(change.new), name=other.name, internal=other.id
                )
        setattr(retiree, change.field, change.new)
        if change.field == "name":
            retiree.name_pinyin, retiree.name_initials = pinyin_keys(change.new)
    from kuangqu.models.base import utcnow

    retiree.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        action,
        "retiree",
        retiree.id,
        old={c.field: c.old for c in changes},
        new={c.field: c.new for c in changes},
        reason=reason,
    )
    return list(changes)


def update(
    session: Session,
    retiree: Retiree,
    data: RetireeInput,
    *,
    only: Sequence[str] | None = None,
    reason: str | None = None,
) -> list[Change]:
    """Update field by field from validated input; `only` limits it to the fields the user gave."""
    values = data.as_dict()
    if only is not None:
        values = {k: v for k, v in values.items() if k in only}
    return apply_changes(session, retiree, diff(retiree, values), reason=reason)


def attach_photo(session: Session, retiree: Retiree, source: Path, data_dir: Path) -> str:
    """Copy a photo into the data folder (photos/<id><ext>) and remember its relative path."""
    if not source.is_file():
        raise RuleViolation("retiree.photo_missing", path=str(source))
    suffix = source.suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"}:
        raise RuleViolation("retiree.photo_type", path=str(source))
    target_dir = data_dir / "photos"
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = target_dir / f"{retiree.id}{suffix}"
    tmp = target.with_suffix(suffix + ".tmp")
    shutil.copyfile(source, tmp)
    tmp.chmod(0o600)
    tmp.replace(target)
    relative = f"photos/{target.name}"
    apply_changes(
        session, retiree, [Change("photo_path", retiree.photo_path, relative)], action="retiree.photo"
    )
    return relative


@dataclass
class RosterFilter:
    area: str | None = None
    building: str | None = None
    work_group: str | None = None
    category: str | None = None
    status: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    today: date | None = None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def roster_query(flt: RosterFilter) -> Any:
    query = select(Retiree)
    if flt.area:
        query = query.where(Retiree.area == flt.area)
    if flt.building:
        query = query.where(Retiree.building == flt.building)
    if flt.work_group:
        query = query.where(Retiree.work_group == flt.work_group)
    if flt.category:
        query = query.where(Retiree.category == flt.category)
    if flt.status:
        query = query.where(Retiree.status == flt.status)
    today = flt.today or date.today()
    if flt.min_age is not None:
        query = query.where(Retiree.birth_date <= _years_before(today, flt.min_age))
    if flt.max_age is not None:
        # Age at most N: born after the day N+1 years ago.
        query = query.where(Retiree.birth_date > _years_before(today, flt.max_age + 1))
    return query


def list_roster(
    session: Session, flt: RosterFilter, *, limit: int | None = None, offset: int = 0
) -> list[Retiree]:
    query = roster_query(flt).order_by(Retiree.area, Retiree.building, Retiree.id).offset(offset)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_roster(session: Session, flt: RosterFilter) -> int:
    return int(session.scalar(select(func.count()).select_from(roster_query(flt).subquery())) or 0)


def search(session: Session, text: str, *, limit: int = 50) -> list[Retiree]:
    """Name (汉字), pinyin in full or initials (zhangsan, zs), ID tail or phone tail (4+ digits)."""
    needle = text.strip()
    if not needle:
        return []
    conditions = []
    if any(not ch.isascii() for ch in needle):
        conditions.append(Retiree.name.contains(needle))  # type: ignore[attr-defined]
    else:
        lowered = needle.lower().replace(" ", "")
        if lowered.isalpha():
            conditions.append(Retiree.name_pinyin.startswith(lowered))  # type: ignore[attr-defined]
            conditions.append(Retiree.name_initials.startswith(lowered))  # type: ignore[attr-defined]
        digits = needle.upper()
        if len(digits) >= 4 and re.fullmatch(r"\d+X?", digits):
            conditions.append(Retiree.id_number.endswith(digits))  # type: ignore[attr-defined]
            if digits.isdigit():
                conditions.append(Retiree.phone.endswith(digits))  # type: ignore[union-attr]
    if not conditions:
        return []
    query = select(Retiree).where(or_(*conditions)).order_by(Retiree.name_pinyin, Retiree.id).limit(limit)
    return list(session.scalars(query))
