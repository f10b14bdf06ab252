"""The database: where it is, how it is opened, one transaction per command, schema versions.

SQLite (one office, the default) is opened with foreign keys on, WAL, a busy timeout and
`BEGIN IMMEDIATE` for writes; PostgreSQL (a whole mining group) through
KUANGQU_DATABASE_URL. The schema version is checked on every open by reading
`alembic_version` and the revision lines of migrations/ — without importing Alembic,
which costs a third of a second; Alembic is imported only to migrate. With KUANGQU_DB_KEY
set the SQLite file is opened through SQLCipher (`pip install 'kuangqu[encrypted]'`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

# SQLAlchemy is imported inside the functions that use it, never at the top: the quick read commands
# open a SQLite file with sqlite3 alone (open_sqlite_reader), and importing SQLAlchemy costs a fifth
# of a second. A test keeps `import kuangqu.db` free of it. Names here are for annotations only.
if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, DatabaseProblem, KuangquError

SQLITE_MAGIC = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT_MS = 5000
# Test-only: caps the SQLite file at this many pages on every connection, so tests can
# simulate a full disk (`PRAGMA max_page_count`). Never set it in production.
TEST_MAX_PAGE_COUNT_ENV = "KUANGQU_TEST_MAX_PAGE_COUNT"
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph"}


# ---------------------------------------------------------------- where the database is


def default_sqlite_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("kuangqu", appauthor=False)) / "kuangqu.db"


def resolve_url(db: str | None = None) -> URL:
    """`--db PATH` (or a URL), else KUANGQU_DATABASE_URL, else KUANGQU_DB, else the user's data folder."""
    from sqlalchemy.engine import URL, make_url

    candidate = db or os.environ.get("KUANGQU_DATABASE_URL") or os.environ.get("KUANGQU_DB")
    if not candidate:
        return URL.create("sqlite", database=str(default_sqlite_path()))
    if "://" in candidate:
        url = make_url(candidate)
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite", database=str(Path(candidate).expanduser()))


# ---------------------------------------------------------------- migrations on disk


def migrations_dir() -> Path:
    """The Alembic folder: shipped inside the wheel as kuangqu/migrations, or at the top of a checkout."""
    packaged = Path(__file__).resolve().parent / "migrations"
    if (packaged / "env.py").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "migrations"
    if (checkout / "env.py").is_file():
        return checkout
    raise DatabaseProblem("db.migrations_missing", path=str(packaged))


_REVISION_RE = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)


@cache
def known_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(all revisions, head revisions) read from the migration files' `revision =` lines."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev = _REVISION_RE.search(source)
        if not rev:
            continue
        revisions.add(rev.group(1))
        down = _DOWN_RE.search(source)
        if down:
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return frozenset(revisions), frozenset(revisions - parents)


# ---------------------------------------------------------------- opening


@dataclass
class Database:
    """An opened database: its engine, and for SQLite its file."""

    url: URL
    engine: Engine
    path: Path | None = None
    readonly: bool = False
    created: bool = False
    encrypted: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_target(url: URL) -> tuple[Path | None, bool]:
    """The file behind a SQLite URL and whether it asks for read-only (`file:…?mode=ro`)."""
    # `sqlite:///file:x.db?mode=ro&uri=true` keeps mode in the query; `--db file:x.db?mode=ro` in the path.
    return _sqlite_file(url.database or "", url.query.get("mode") == "ro")


def _sqlite_file(database: str, readonly: bool) -> tuple[Path | None, bool]:
    if database.startswith("file:"):
        path_part, _, query = database[5:].partition("?")
        readonly = readonly or "mode=ro" in query.split("&")
        return (Path(path_part) if path_part else None), readonly
    if database in ("", ":memory:"):
        return None, False
    return Path(database), False


def _filesystem_type(path: Path) -> str | None:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path.resolve().parent)
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and target.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype


def _create_sqlite_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only from the first byte: the file holds ID numbers and family hardship.
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def db_key() -> str | None:
    """The SQLCipher key from KUANGQU_DB_KEY (the CLI prompts for it when asked to)."""
    return os.environ.get("KUANGQU_DB_KEY") or None


def sqlite_module(key: str | None) -> Any:
    """sqlite3, or SQLCipher's drop-in module when the file is encrypted."""
    if not key:
        return sqlite3
    try:
        from sqlcipher3 import dbapi2  # type: ignore[import-not-found]
    except ImportError as exc:
        raise DatabaseProblem("db.cipher_missing") from exc
    return dbapi2


def connect_sqlite(
    path: Path, *, readonly: bool = False, key: str | None = None, timeout: float = 5.0
) -> Any:
    """A raw DB-API connection to a SQLite file (SQLCipher with `PRAGMA key` when a key is given)."""
    module = sqlite_module(key)
    # Always open through a URI so `mode=ro` is honoured and odd file names are safe.
    uri = path.resolve().as_uri().replace("file://", "file:", 1) + ("?mode=ro" if readonly else "")
    conn = module.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
    if key:
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is reported by us, not logged
        except Exception:  # older SQLCipher builds have no log level; nothing to silence then
            pass
        conn.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
    return conn


def _ours_or_empty(cur: Any) -> bool:
    """Whether a file may be switched to kuangqu's journal mode: a new one, or kuangqu's own.

    Another program's SQLite file is refused by name — and must be left byte for byte as it was.
    """
    if cur.execute("PRAGMA page_count").fetchone()[0] == 0:
        return True
    found = cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    return found.fetchone() is not None


def _sqlite_engine(
    path: Path | None, url: URL, *, readonly: bool, wal: bool, key: str | None = None
) -> Engine:
    from sqlalchemy import create_engine, event

    busy_ms = int(os.environ.get("KUANGQU_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
    if path is not None:
        engine = create_engine(
            "sqlite://",
            module=sqlite_module(key),  # so SQLAlchemy recognises SQLCipher's errors as database errors
            creator=lambda: connect_sqlite(path, readonly=readonly, key=key, timeout=busy_ms / 1000),
            hide_parameters=True,
        )
    else:
        engine = create_engine(url, hide_parameters=True)
    max_pages = os.environ.get(TEST_MAX_PAGE_COUNT_ENV)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
        if not readonly and path is not None and _ours_or_empty(cur):
            cur.execute("PRAGMA journal_mode = WAL" if wal else "PRAGMA journal_mode = DELETE")
            cur.execute("PRAGMA synchronous = FULL")
        if max_pages:
            cur.execute(f"PRAGMA max_page_count = {int(max_pages)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # BEGIN IMMEDIATE takes the write lock up front, so a second writer waits for the
        # busy timeout instead of failing at once on a read-then-write upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("kuangqu_write") else "BEGIN")

    return engine


def open_database(db: str | URL | None = None, *, create: bool = True, check_schema: bool = True) -> Database:
    """Open the database, creating and migrating a new SQLite file on first use.

    Refuses, by name, a file that is not SQLite, a SQLite file that is not a kuangqu
    database, and a schema older or newer than this code.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.engine import URL

    url = db if isinstance(db, URL) else resolve_url(db)
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url, hide_parameters=True, pool_pre_ping=False)
        _postgres_lock_timeout(engine)
        database = Database(url=url, engine=engine)
        if check_schema:
            check_schema_version(database)
        return database

    path, readonly = _sqlite_target(url)
    key = db_key()
    created = False
    warnings: list[str] = []
    wal = True
    if path is not None:
        if path.is_dir():
            raise DatabaseProblem("db.is_directory", path=str(path))
        if not path.exists():
            if readonly or not create:
                raise DatabaseProblem("db.missing", path=str(path))
            _create_sqlite_file(path)
            created = True
        else:
            _check_sqlite_header(path, encrypted=bool(key))
        fstype = _filesystem_type(path)
        if fstype in NETWORK_FILESYSTEMS:
            # WAL needs shared memory that network file systems do not provide reliably.
            wal = False
            warnings.append("db.network_share")
    engine = _sqlite_engine(path, url, readonly=readonly, wal=wal, key=key)
    database = Database(
        url=url,
        engine=engine,
        path=path,
        readonly=readonly,
        created=created,
        warnings=warnings,
        encrypted=bool(key),
    )
    try:
        if created or (path is not None and path.stat().st_size == 0 and not readonly):
            upgrade(database, backup=False)
            database.created = True
        elif check_schema:
            check_schema_version(database)
    except BaseException:
        engine.dispose()
        raise
    return database


# ---------------------------------------------------------------- the quick read path (sqlite3 alone)


@dataclass
class QuickSqlite:
    """A kuangqu SQLite file opened with sqlite3 alone, for reading: `retiree show`, `retiree search` and
    `benefit card` start a whole process per call, and SQLAlchemy's import alone costs more than the
    query. Opened only after the same refusals as open_database (see open_sqlite_reader)."""

    path: Path
    connection: Any  # a sqlite3 (or SQLCipher) connection in autocommit mode: the caller BEGINs
    errors: Any  # the driver's exception classes (sqlite3 or sqlcipher3.dbapi2)
    encrypted: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return str(self.path)

    def close(self) -> None:
        self.connection.close()


def open_sqlite_reader(db: str | None = None) -> QuickSqlite | None:
    """Open an existing kuangqu SQLite file to read it with sqlite3 alone, or None when open_database must
    handle the target itself: a URL (PostgreSQL, `sqlite:///…`), a missing or empty file (created and
    migrated there), a directory, a file on a network share (opened without WAL there).

    Refuses exactly what open_database refuses, with the same messages: a file that is not SQLite, another
    program's database, a schema older or newer than this code, a wrong SQLCipher key.
    """
    candidate = db or os.environ.get("KUANGQU_DATABASE_URL") or os.environ.get("KUANGQU_DB")
    if candidate and "://" in candidate:
        return None
    # What resolve_url + _sqlite_target make of a path or `file:…?mode=ro`, without SQLAlchemy's URL.
    path, readonly = _sqlite_file(
        str(Path(candidate).expanduser()) if candidate else str(default_sqlite_path()), False
    )
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    key = db_key()
    _check_sqlite_header(path, encrypted=bool(key))
    if _filesystem_type(path) in NETWORK_FILESYSTEMS:
        return None
    module = sqlite_module(key)
    busy_ms = int(os.environ.get("KUANGQU_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
    revisions, heads = known_revisions()
    name = str(path)
    try:
        conn = connect_sqlite(path, readonly=readonly, key=key, timeout=busy_ms / 1000)
    except module.Error as exc:
        raise translate_driver_error(exc, name, encrypted=bool(key), operational=True) from exc
    try:
        conn.isolation_level = None  # BEGIN is issued by the reader, as _sqlite_engine does
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        current: str | bool | None
        if "alembic_version" not in tables:
            current = None if not tables else False
        else:
            rows = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            current = ",".join(sorted(rows)) if rows else None
        refuse_unless_current(current, name, revisions, heads)
    except module.Error as exc:
        conn.close()
        operational = isinstance(exc, module.OperationalError)
        raise translate_driver_error(exc, name, encrypted=bool(key), operational=operational) from exc
    except BaseException:
        conn.close()
        raise
    return QuickSqlite(path=path, connection=conn, errors=module, encrypted=bool(key))


def _check_sqlite_header(path: Path, *, encrypted: bool = False) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except PermissionError as exc:
        raise DatabaseProblem("db.unreadable", path=str(path)) from exc
    if head and head != SQLITE_MAGIC:
        if head.startswith(b"PK\x03\x04"):
            raise DatabaseProblem("db.is_spreadsheet", path=str(path))
        if not encrypted:  # an encrypted file's first bytes are random; the key is tested on first read
            raise DatabaseProblem("db.not_sqlite", path=str(path))


def current_revision(conn: Connection) -> str | bool | None:
    """The stored schema revision; None when the database is empty, False when it is not kuangqu's."""
    from sqlalchemy import text

    dialect = conn.dialect.name
    if dialect == "sqlite":
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    else:
        tables = {
            r[0]
            for r in conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            )
        }
    if "alembic_version" not in tables:
        return None if not tables else False
    rows = [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
    return ",".join(sorted(rows)) if rows else None


def check_schema_version(database: Database) -> None:
    from sqlalchemy.exc import DBAPIError

    revisions, heads = known_revisions()
    try:
        with database.engine.connect() as conn:
            current = current_revision(conn)
    except DBAPIError as exc:
        raise translate_db_error(exc, database) from exc
    refuse_unless_current(current, database.display_name, revisions, heads)


def refuse_unless_current(
    current: str | bool | None, name: str, revisions: frozenset[str], heads: frozenset[str]
) -> None:
    """Refuse, by name, a database that is not kuangqu's, empty, or older or newer than this code."""
    if current is False:
        raise DatabaseProblem("db.not_kuangqu", path=name)
    if current is None:
        raise DatabaseProblem("db.empty_needs_upgrade", path=name)
    assert isinstance(current, str)
    stored = set(current.split(","))
    if stored == set(heads):
        return
    if stored <= revisions:
        raise DatabaseProblem("db.needs_upgrade", path=name)
    raise DatabaseProblem("db.newer_than_code", path=name, revision=current)


def schema_status(database: Database) -> dict[str, Any]:
    _revisions, heads = known_revisions()
    with database.engine.connect() as conn:
        current = current_revision(conn)
    return {
        "database": database.display_name,
        "backend": database.url.get_backend_name(),
        "current": current if isinstance(current, str) else None,
        "head": ",".join(sorted(heads)),
        "up_to_date": isinstance(current, str) and set(current.split(",")) == set(heads),
    }


# ---------------------------------------------------------------- migrating


def upgrade(database: Database, *, backup: bool = True) -> Path | None:
    """Migrate to the newest schema; for an existing SQLite file, take a verified backup first.

    Returns the backup's path (None when none was needed). Foreign keys are off while
    the migrations run (batch mode rebuilds tables) and checked afterwards.
    """
    from alembic import command
    from alembic.config import Config

    revisions, heads = known_revisions()
    backup_path: Path | None = None
    with database.engine.connect() as conn:
        current = current_revision(conn)
    if current is False:
        raise DatabaseProblem("db.not_kuangqu", path=database.display_name)
    if isinstance(current, str) and set(current.split(",")) == set(heads):
        return None
    if isinstance(current, str) and not set(current.split(",")) <= revisions:
        raise DatabaseProblem("db.newer_than_code", path=database.display_name, revision=current)
    if backup and database.is_sqlite and database.path is not None and isinstance(current, str):
        from kuangqu.services.backup import backup_sqlite, timestamped_sibling

        backup_path = timestamped_sibling(database.path, f"before-upgrade-{current}")
        backup_sqlite(database, backup_path)

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with database.engine.connect() as conn:
        raw = conn.connection.driver_connection if database.is_sqlite else None
        if raw is not None:
            # PRAGMA foreign_keys is ignored inside a transaction: set it on the raw
            # connection, which is in autocommit mode until Alembic begins.
            raw.execute("PRAGMA foreign_keys = OFF")
        conn.info["kuangqu_write"] = True
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "heads")
            conn.commit()
        finally:
            conn.info.pop("kuangqu_write", None)
        if raw is not None:
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
            raw.execute("PRAGMA foreign_keys = ON")
            if broken:
                raise DatabaseProblem("db.foreign_key_broken", count=len(broken))
    known_revisions.cache_clear()
    return backup_path


# ---------------------------------------------------------------- transactions


@contextmanager
def transaction(database: Database, *, write: bool, info: dict[str, Any] | None = None) -> Iterator[Session]:
    """One command = one transaction: commit when the block ends, roll back on any error.

    Services flush but never commit. A write transaction on SQLite starts with
    BEGIN IMMEDIATE and first proves the database is writable, so a read-only file is
    refused before any work is done.
    """
    from sqlalchemy.exc import DBAPIError

    if write and database.readonly:
        raise DatabaseProblem("db.readonly", path=database.display_name)
    try:
        with database.engine.connect() as conn:
            conn.info["kuangqu_write"] = write
            try:
                with conn.begin():
                    if write and database.is_sqlite:
                        # A no-op write: fails at once on a read-only file or medium.
                        conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")
                    # Imported here, so commands that read with Core alone never load the ORM.
                    from sqlalchemy.orm import Session

                    with Session(bind=conn, expire_on_commit=False, autoflush=True) as session:
                        session.info.update(info or {})
                        session.info["database"] = database
                        yield session
                        session.flush()
            finally:
                conn.info.pop("kuangqu_write", None)
    except KuangquError:
        raise
    except DBAPIError as exc:
        raise translate_db_error(exc, database) from exc


def translate_db_error(exc: DBAPIError, database: Database | None = None) -> KuangquError:
    """A driver error as a message a clerk can act on (never with the statement's parameters)."""
    from sqlalchemy.exc import OperationalError

    name = database.display_name if database else ""
    encrypted = bool(database and database.encrypted)
    operational = isinstance(exc, OperationalError)
    orig = getattr(exc, "orig", exc)
    return translate_driver_error(orig, name, encrypted=encrypted, operational=operational)


def translate_driver_error(
    orig: BaseException, name: str, *, encrypted: bool = False, operational: bool = False
) -> KuangquError:
    """translate_db_error for the driver's own exception (sqlite3's, on the quick read path)."""
    text_ = str(orig).lower()
    if "locked" in text_ or "could not obtain lock" in text_ or "lock timeout" in text_:
        return DatabaseProblem("db.locked", path=name)
    if "readonly" in text_ or "read-only" in text_ or "read only" in text_:
        return DatabaseProblem("db.readonly", path=name)
    if "disk is full" in text_ or "no space left" in text_ or "database or disk is full" in text_:
        return DatabaseProblem("db.disk_full", path=name)
    if "malformed" in text_ or "corrupt" in text_:
        return DatabaseProblem("db.corrupt", path=name)
    if "file is not a database" in text_ or "not a database" in text_:
        return DatabaseProblem("db.wrong_key" if encrypted else "db.not_sqlite", path=name)
    if "permission denied" in text_ and "table" in text_:
        return DatabaseProblem("db.permission_denied", path=name)
    if "append-only" in text_:
        return Conflict("db.append_only")
    if "unique" in text_ or "duplicate key" in text_:
        return Conflict("db.unique_violation")
    if "foreign key" in text_:
        return Conflict("db.foreign_key_violation")
    if operational and ("connect" in text_ or "connection" in text_):
        return DatabaseProblem("db.cannot_connect", path=name)
    return DatabaseProblem("db.error", kind=type(orig).__name__)


def _postgres_lock_timeout(engine: Engine) -> None:
    """A second writer on PostgreSQL waits for a row or advisory lock as long as SQLite's busy timeout,
    then fails with the 'database busy' message (lock_timeout) instead of waiting forever."""
    from sqlalchemy import event

    busy_ms = int(os.environ.get("KUANGQU_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {busy_ms}")
        dbapi_conn.commit()


IMPORT_LOCK = "kuangqu-import"
"""Imports take it exclusively; payment runs take it shared (they exclude imports, not each other)."""


def advisory_lock(session: Session, name: str, *, shared: bool = False) -> None:
    """Serialise whole operations (imports, payment runs) across processes on PostgreSQL.

    Takes a transaction-scoped advisory lock keyed by `name`: a second importer waits (up
    to the lock timeout, then 'database busy') and the lock is released at commit or
    rollback. `shared=True` takes the shared form: holders of the shared lock run side by
    side, but wait for (and hold off) the exclusive holder. A no-op on SQLite, where
    BEGIN IMMEDIATE already admits one writer at a time.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    import hashlib

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    key = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)
    try:
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        session.execute(text(f"SELECT {function}(:key)"), {"key": key})
    except DBAPIError as exc:
        raise translate_db_error(exc, session.info.get("database")) from exc


# ---------------------------------------------------------------- checks


def integrity_problems(database: Database) -> list[str]:
    """SQLite's integrity and foreign-key checks: an empty list when all is well."""
    if not database.is_sqlite:
        return []
    problems: list[str] = []
    with database.engine.connect() as conn:
        for (line,) in conn.exec_driver_sql("PRAGMA integrity_check"):
            if line != "ok":
                problems.append(f"integrity: {line}")
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: table {row[0]} rowid {row[1]} → {row[2]}")
    return problems
