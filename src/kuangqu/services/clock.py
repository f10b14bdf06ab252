"""The computer's clock going backwards (bad input #60): noticed, never trusted for order.

The audit log and the ledgers are ordered by their id / sequence number, never by time,
so a clock set back (a dead CMOS battery, a hand-set date) cannot reorder history. It
can still put misleading times on new entries: the write path compares the clock with
the newest audit entry (by id) and warns when the clock is earlier.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.models.audit import AuditEntry

# Several offices' computers write to one PostgreSQL database: allow their clocks a little disagreement.
TOLERANCE = timedelta(minutes=2)


def newest_audit_time(session: Session) -> datetime | None:
    """The time on the newest audit entry — newest by id, which is the order entries were written in."""
    at = session.scalar(select(AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1))  # type: ignore[union-attr]
    if at is None:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite returns the stored UTC time without its zone


def clock_behind(session: Session, now: datetime | None = None) -> tuple[datetime, datetime] | None:
    """(now, newest entry's time) to the second when the clock is earlier than the newest audit entry."""
    last = newest_audit_time(session)
    if last is None:
        return None
    now = now or datetime.now(UTC)
    if now + TOLERANCE < last:
        return now.replace(microsecond=0), last.replace(microsecond=0)
    return None
