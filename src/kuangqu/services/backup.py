"""Online backups of the SQLite file: copied with SQLite's backup API, verified, then renamed into place."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from kuangqu.db import Database
from kuangqu.errors import DatabaseProblem, RuleViolation


def timestamped_sibling(path: Path, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.{label}.{stamp}.bak")


def verify_sqlite_file(path: Path) -> list[str]:
    """Problems found in a SQLite file: integrity, foreign keys, and the domain checks (ledger chain …)."""
    problems: list[str] = []
    conn = sqlite3.connect(f"{path.resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro", uri=True)
    try:
        for (line,) in conn.execute("PRAGMA integrity_check"):
            if line != "ok":
                problems.append(f"integrity: {line}")
        for row in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {row[0]} rowid {row[1]}")
    except sqlite3.DatabaseError as exc:
        problems.append(f"unreadable: {type(exc).__name__}")
    finally:
        conn.close()
    if problems:
        return problems
    from kuangqu.db import open_database, transaction
    from kuangqu.services.checks import run_checks

    copy = open_database(f"{path}", create=False, check_schema=False)
    try:
        with transaction(copy, write=False) as session:
            problems.extend(p.message() for p in run_checks(session))
    finally:
        copy.dispose()
    return problems


def backup_sqlite(database: Database, target: Path) -> Path:
    """Copy the live database to `target` (owner-only), verify the copy, then rename it into place.

    A failure (disk full, a bad copy) leaves no partial file behind.
    """
    if not database.is_sqlite or database.path is None:
        raise RuleViolation("db.backup_sqlite_only")
    target = target.expanduser()
    if target.is_dir():
        target = target / f"{database.path.stem}-{datetime.now():%Y%m%d-%H%M%S}.db"
    if target.resolve() == database.path.resolve():
        raise RuleViolation("db.backup_same_file", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        source = database.engine.raw_connection()
        try:
            dest = sqlite3.connect(tmp)
            try:
                source.driver_connection.backup(dest)  # type: ignore[union-attr]
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        problems = verify_sqlite_file(tmp)
        if problems:
            raise DatabaseProblem("db.backup_verify_failed", problems="; ".join(problems[:5]))
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        key = "db.disk_full" if "full" in text or "space" in text else "db.backup_failed"
        raise DatabaseProblem(key, path=str(target)) from exc
    except OSError as exc:
        raise DatabaseProblem("db.backup_failed", path=str(target)) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            if leftover.exists():
                leftover.unlink()
    return target
