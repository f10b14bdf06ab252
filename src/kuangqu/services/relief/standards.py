"""Relief standard versions: loading the office's TOML file, finding the version in force."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound
from kuangqu.models.relief import ReliefStandard
from kuangqu.rules.money import format_fen
from kuangqu.rules.relief import Standard, parse_standard
from kuangqu.services import audit


def load(session: Session, text: str, *, source_name: str | None = None) -> tuple[ReliefStandard, bool]:
    """Store a standard as a new version; (row, created). The same text loaded again changes nothing.

    A version number is never reused for different text: every past assessment must stay
    explainable by the standard it was made with.
    """
    standard = parse_standard(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = session.scalars(
        select(ReliefStandard).where(ReliefStandard.version == standard.version)
    ).first()
    if existing is not None:
        if existing.source_sha256 == digest:
            return existing, False
        raise Conflict("relief.standard_version_taken", version=standard.version)
    row = ReliefStandard(
        version=standard.version,
        name=standard.name,
        effective_from=standard.effective_from,
        dibao_monthly_fen=standard.dibao_monthly_fen,
        source_text=text,
        source_sha256=digest,
        source_name=source_name,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "relief.standard_load",
        "relief_standard",
        row.id,
        new={
            "version": standard.version,
            "name": standard.name,
            "effective_from": standard.effective_from,
            "dibao_monthly": format_fen(standard.dibao_monthly_fen),
            "tiers": [t.code for t in standard.tiers],
            "sha256": digest,
            "source": source_name,
        },
    )
    return row, True


def get(session: Session, version: str) -> ReliefStandard:
    row = session.scalars(
        select(ReliefStandard).where(ReliefStandard.version == str(version).strip())
    ).first()
    if row is None:
        raise NotFound("relief.standard_not_found", version=version)
    return row


def in_force(session: Session, as_of: date) -> ReliefStandard:
    """The version effective on `as_of`: latest effective_from on or before it (latest loaded on a tie)."""
    row = session.scalars(
        select(ReliefStandard)
        .where(ReliefStandard.effective_from <= as_of)
        .order_by(ReliefStandard.effective_from.desc(), ReliefStandard.id.desc())  # type: ignore[attr-defined,union-attr]
    ).first()
    if row is None:
        raise NotFound("relief.no_standard_in_force", as_of=as_of.isoformat())
    return row


def resolve(session: Session, version: str | None, as_of: date) -> ReliefStandard:
    return get(session, version) if version else in_force(session, as_of)


def list_all(session: Session) -> list[ReliefStandard]:
    return list(
        session.scalars(select(ReliefStandard).order_by(ReliefStandard.effective_from, ReliefStandard.id))
    )


def parsed(row: ReliefStandard) -> Standard:
    """The validated model of a stored version (parsed from its stored text, cached by its hash)."""
    return _parse_cached(row.source_sha256, row.source_text)


@lru_cache(maxsize=32)
def _parse_cached(_digest: str, text: str) -> Standard:
    return parse_standard(text)
