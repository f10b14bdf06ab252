"""Backups and restores of the SQLite file: verified copies, atomic replacement, owner-only files.

`backup_sqlite` copies the live database with SQLite's online backup API into a temporary
file, verifies the copy (integrity, foreign keys, every registered check such as the
benefit ledger's hash chain) and only then renames it into place. `restore_sqlite`
verifies the backup first, keeps a safety copy of the file it replaces, and swaps the
files with one `os.replace`, so a crash leaves either the old or the new database, never
a mixture. With a SQLCipher key the copies are encrypted with the same key.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kuangqu.db import Database, connect_sqlite, db_key, known_revisions
from kuangqu.errors import DatabaseProblem, KuangquError, RuleViolation

OWNER_ONLY = 0o600


def timestamped_sibling(path: Path, label: str) -> Path:
    """`kuangqu.db.<label>.<yyyymmdd-hhmmss>.bak` beside `path`, never one that exists already."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{label}.{stamp}.bak")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{label}.{stamp}-{n}.bak")
    return candidate


def _is_database_error(exc: BaseException) -> bool:
    # sqlite3 and sqlcipher3 have separate exception classes with the same names.
    return type(exc).__name__ in ("DatabaseError", "OperationalError", "IntegrityError", "ProgrammingError")


def physical_problems(path: Path) -> list[str]:
    """SQLite's own checks of a file: integrity and foreign keys (empty when sound)."""
    problems: list[str] = []
    try:
        conn = connect_sqlite(path, readonly=True, key=db_key())
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        return [f"unreadable: {type(exc).__name__}"]
    try:
        for (line,) in conn.execute("PRAGMA integrity_check"):
            if line != "ok":
                problems.append(f"integrity: {line}")
        for row in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {row[0]} rowid {row[1]}")
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        problems.append(f"unreadable: {type(exc).__name__}")
    finally:
        conn.close()
    return problems


def domain_problems(path: Path) -> list[str]:
    """The registered checks (ledger hash chain …) run on a file — only at the current schema, for
    which they are written; an older file (a backup taken before an upgrade) has SQLite's checks only."""
    from kuangqu.db import open_database, transaction
    from kuangqu.services.checks import run_checks

    revision = stored_revision(path)
    if not isinstance(revision, str) or set(revision.split(",")) != set(known_revisions()[1]):
        return []
    copy = open_database(f"file:{path}?mode=ro", create=False, check_schema=False)
    try:
        with transaction(copy, write=False) as session:
            return [p.message() for p in run_checks(session)]
    finally:
        copy.dispose()


def verify_sqlite_file(path: Path) -> list[str]:
    """Problems found in a SQLite file: integrity, foreign keys, and the domain checks (ledger chain …)."""
    return physical_problems(path) or domain_problems(path)


def stored_revision(path: Path) -> str | bool | None:
    """The schema revision stored in a SQLite file (None: empty, False: not a kuangqu database)."""
    conn = connect_sqlite(path, readonly=True, key=db_key())
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return None if not tables else False
        rows = sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
        return ",".join(rows) if rows else None
    finally:
        conn.close()


def _remove(*paths: Path) -> None:
    for leftover in paths:
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _owner_only_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, OWNER_ONLY)
    os.close(fd)


def _copy_with_backup_api(source: object, tmp: Path, key: str | None) -> None:
    """Copy an open connection's database into `tmp` (same key), leaving a self-contained file."""
    _owner_only_file(tmp)
    dest = connect_sqlite(tmp, key=key)
    try:
        source.backup(dest)  # type: ignore[attr-defined]
        dest.execute("PRAGMA journal_mode = DELETE")  # no -wal file to carry along
    finally:
        dest.close()


def _failure(exc: BaseException, path: Path, fallback: str) -> DatabaseProblem:
    text = str(exc).lower()
    if "full" in text or "space" in text or getattr(exc, "errno", None) == 28:
        return DatabaseProblem("db.disk_full", path=str(path))
    return DatabaseProblem(fallback, path=str(path))


def backup_sqlite(database: Database, target: Path, warnings: list[str] | None = None) -> Path:
    """Copy the live database to `target` (owner-only), verify the copy, then rename it into place.

    A failure (disk full, a bad copy) leaves no partial file behind. A corrupt database is
    refused by name. When the domain checks find problems in the copy that the live
    database has too (a ledger row edited behind the tool's back), the copy is faithful: it
    is kept, and the problems are appended to `warnings` — refusing would leave the office
    with no backup at all.
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
        source = database.engine.raw_connection()
        try:
            _copy_with_backup_api(source.driver_connection, tmp, db_key() if database.encrypted else None)
        finally:
            source.close()
        physical = physical_problems(tmp)
        if physical:
            if physical_problems(database.path):
                raise DatabaseProblem("db.corrupt", path=str(database.path))
            raise DatabaseProblem("db.backup_verify_failed", problems="; ".join(physical[:5]))
        found = domain_problems(tmp)
        if found:
            live = _live_domain_problems(database)
            if sorted(found) != sorted(live):
                raise DatabaseProblem("db.backup_verify_failed", problems="; ".join(found[:5]))
            if warnings is not None:
                warnings.extend(found)
        os.chmod(tmp, OWNER_ONLY)
        os.replace(tmp, target)
    except KuangquError:
        raise
    except OSError as exc:
        raise _failure(exc, target, "db.backup_failed") from exc
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        raise _failure(exc, target, "db.backup_failed") from exc
    finally:
        _remove(tmp, tmp.with_name(tmp.name + "-journal"))
    return target


def _live_domain_problems(database: Database) -> list[str]:
    from kuangqu.db import transaction
    from kuangqu.services.checks import run_checks

    with transaction(database, write=False) as session:
        return [p.message() for p in run_checks(session)]


@dataclass
class Restored:
    database: Path
    source: Path
    safety_copy: Path | None
    revision: str
    older_schema: bool


def _check_restorable(source: Path) -> str:
    """The backup's schema revision, after refusing anything that is not a sound kuangqu backup."""
    if not source.is_file():
        raise DatabaseProblem("trust.restore_missing", path=str(source))
    with source.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(b"PK\x03\x04"):
        raise DatabaseProblem("db.is_spreadsheet", path=str(source))
    if head != b"SQLite format 3\x00" and not db_key():
        raise DatabaseProblem("trust.restore_not_kuangqu", path=str(source))
    try:
        revision = stored_revision(source)
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        key = "db.wrong_key" if db_key() and "not a database" in str(exc) else "trust.restore_unverified"
        raise DatabaseProblem(key, path=str(source), problems=type(exc).__name__) from exc
    if not isinstance(revision, str):
        raise DatabaseProblem("trust.restore_not_kuangqu", path=str(source))
    revisions, _heads = known_revisions()
    if not set(revision.split(",")) <= revisions:
        raise DatabaseProblem("trust.restore_newer", path=str(source), revision=revision)
    problems = verify_sqlite_file(source)
    if problems:
        raise DatabaseProblem("trust.restore_unverified", path=str(source), problems="; ".join(problems[:5]))
    return revision


def _quiesce(live: Path, key: str | None) -> object | None:
    """Lock the live database against every other connection and leave it without a -wal file.

    Returns the connection holding the lock (closed by the caller after the swap), or None
    when the live file cannot be opened as a database at all (corrupt, wrong format): then
    it is copied byte for byte and replaced without a lock.
    """
    try:
        conn = connect_sqlite(live, key=key, timeout=0.5)
    except Exception as exc:
        if _is_database_error(exc):
            return None
        raise
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            conn.close()
            raise DatabaseProblem("trust.restore_in_use", path=str(live))
        # Leaving WAL mode needs exclusive access: it fails while anyone else has the file open,
        # and it removes the -wal and -shm files that belong to the file being replaced.
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            conn.close()
            raise DatabaseProblem("trust.restore_in_use", path=str(live))
        conn.execute("BEGIN EXCLUSIVE")
        return conn
    except DatabaseProblem:
        raise
    except Exception as exc:
        conn.close()
        if not _is_database_error(exc):
            raise
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise DatabaseProblem("trust.restore_in_use", path=str(live)) from exc
        return None  # unreadable: replaced without a lock, its bytes kept in the safety copy


def _safety_copy(live: Path) -> Path:
    """A byte copy of the file being replaced (with its -wal, if one is left), owner-only."""
    safety = timestamped_sibling(live, "before-restore")
    tmp = safety.with_name(f".{safety.name}.tmp")
    try:
        _owner_only_file(tmp)
        shutil.copyfile(live, tmp)
        wal = live.with_name(live.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            _owner_only_file(safety.with_name(safety.name + "-wal"))
            shutil.copyfile(wal, safety.with_name(safety.name + "-wal"))
        os.replace(tmp, safety)
    finally:
        _remove(tmp)
    return safety


def restore_sqlite(live: Path, source: Path) -> Restored:
    """Replace the database file `live` with the verified backup `source`, keeping a safety copy.

    Refused, with the live database untouched, when the backup is missing, not a kuangqu
    database, newer than this program or fails verification, or while another program has
    the database open. A full disk or any other failure leaves no partial file.
    """
    live = live.expanduser()
    source = source.expanduser()
    if live.exists() and source.resolve() == live.resolve():
        raise RuleViolation("trust.restore_same_file", path=str(source))
    revision = _check_restorable(source)
    key = db_key()
    live.parent.mkdir(parents=True, exist_ok=True)
    tmp = live.with_name(f".{live.name}.restore.{os.getpid()}.tmp")
    lock = None
    safety: Path | None = None
    try:
        # The copy goes beside the live file so the final rename stays on one file system (atomic).
        src = connect_sqlite(source, readonly=True, key=key)
        try:
            _copy_with_backup_api(src, tmp, key)
        finally:
            src.close()
        if verify_sqlite_file(tmp):
            raise DatabaseProblem("trust.restore_failed", path=str(live))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if live.exists():
            lock = _quiesce(live, key)
            safety = _safety_copy(live)
        os.chmod(tmp, OWNER_ONLY)
        os.replace(tmp, live)
        # -wal/-shm files left by a database that could not be locked belong to the old file.
        _remove(live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm"))
    except KuangquError:
        raise
    except OSError as exc:
        raise _failure(exc, live, "trust.restore_failed") from exc
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        raise _failure(exc, live, "trust.restore_failed") from exc
    finally:
        if lock is not None:
            with contextlib.suppress(Exception):
                lock.close()  # type: ignore[attr-defined]
        _remove(tmp, tmp.with_name(tmp.name + "-journal"))
    _revisions, heads = known_revisions()
    return Restored(live, source, safety, revision, older_schema=set(revision.split(",")) != set(heads))
