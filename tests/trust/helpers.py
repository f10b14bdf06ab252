"""Shared by the fault tests: a content fingerprint of a whole database, `kuangqu` run in a child
process or in-process against any database, and deterministic people to register."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import make_id

ROOT = Path(__file__).resolve().parents[2]


def nth_id(n: int) -> str:
    """The n-th of 365,000 distinct valid IDs (born 1950–1959, so old enough to be retirees)."""
    from datetime import date, timedelta

    born = date(1950 + (n // 36_500) % 10, 1, 1) + timedelta(days=(n // 100) % 365)
    return make_id(birth=born.strftime("%Y%m%d"), seq=f"{n % 100:03d}")


def nth_name(n: int) -> str:
    """A distinct name per n (names take no digits): 测 followed by n in Chinese numerals."""
    return "测" + "".join("零一二三四五六七八九"[int(d)] for d in str(n))


def nth_person(n: int) -> dict[str, Any]:
    return {"name": nth_name(n), "id_number": nth_id(n), "category": "退休", "area": ("一片", "二片")[n % 2]}


def fingerprint(url: str) -> dict[str, Any]:
    """Every table's row count and a hash of its rows in primary-key order — equal iff the content is equal.

    SQLite also contributes `iterdump()`, which covers the schema, triggers and sqlite_sequence.
    """
    from sqlalchemy import MetaData, create_engine, select, text

    from kuangqu.db import resolve_url

    resolved = resolve_url(url)
    engine = create_engine(resolved)
    result: dict[str, Any] = {}
    try:
        with engine.connect() as conn:
            meta = MetaData()
            meta.reflect(conn)
            for table in sorted(meta.tables.values(), key=lambda t: t.name):
                order = list(table.primary_key.columns) or list(table.columns)
                digest = hashlib.sha256()
                count = 0
                for row in conn.execute(select(table).order_by(*order)):
                    digest.update(repr(tuple(row)).encode())
                    count += 1
                result[table.name] = (count, digest.hexdigest())
            if resolved.get_backend_name() == "sqlite":
                raw = conn.connection.driver_connection
                result["__dump__"] = hashlib.sha256("\n".join(raw.iterdump()).encode()).hexdigest()  # type: ignore[union-attr]
            else:
                result["__schema__"] = conn.execute(
                    text(
                        "SELECT md5(string_agg(table_name || '.' || column_name || ':' || data_type, ',' "
                        "ORDER BY table_name, column_name)) FROM information_schema.columns "
                        "WHERE table_schema = current_schema()"
                    )
                ).scalar()
    finally:
        engine.dispose()
    return result


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUANGQU_")}
    env.update(
        {
            "KUANGQU_OPERATOR": "tester",
            "KUANGQU_LANG": "zh",
            "KUANGQU_WIDTH": "200",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str


def kuangqu(db: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> Ran:
    """`kuangqu --db DB ARGS…` in a child process (a real process: locks, signals and exit codes are real)."""
    done = subprocess.run(
        [sys.executable, "-m", "kuangqu", "--db", db, *args],
        capture_output=True,
        text=True,
        env=child_env(**(env or {})),
        cwd=ROOT,
        timeout=timeout,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def start_kuangqu(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kuangqu", "--db", db, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(**(env or {})),
        cwd=ROOT,
    )


def run_in_process(db: str, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> Ran:
    """`kuangqu --db DB ARGS…` through Typer's runner, for databases other than the test's own."""
    from typer.testing import CliRunner

    from kuangqu.cli import app
    from kuangqu.i18n import set_lang

    set_lang(None)
    result = CliRunner().invoke(app, ["--db", db, *args], env=env, input=input, catch_exceptions=False)
    set_lang(None)
    return Ran(result.exit_code, result.stdout, result.stderr)


def start_writer(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """tests/trust/slow_writer.py in a child process; it prints READY when it is mid-transaction."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.trust.slow_writer", db, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(**(env or {})),
        cwd=ROOT,
    )


def wait_for_line(proc: subprocess.Popen[str], expected: str) -> None:
    """Block until the child prints `expected` on a line of its own (it fails the test if the child dies first)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == expected:
            return
    _out, err = proc.communicate()
    raise AssertionError(f"child exited ({proc.returncode}) before {expected!r}: {err[-2000:]}")


def open_files(pid: int) -> Iterator[str]:
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        for fd in fd_dir.iterdir():
            try:
                yield os.readlink(fd)
            except OSError:
                continue
    except OSError:
        return


def wait_until_blocked_on(proc: subprocess.Popen[str], db_file: Path, limit: float = 60.0) -> None:
    """Wait until the child has the database open and sleeps in SQLite's busy handler.

    Linux shows the sleep as `hrtimer_nanosleep` in /proc/PID/wchan. Where wchan is hidden the
    wait ends when the file is open, plus a moment: the test's assertions hold either way, only
    the proof that the child waited is weaker.
    """
    target = str(db_file.resolve())
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return
        if any(path == target for path in open_files(proc.pid)):
            try:
                wchan = Path(f"/proc/{proc.pid}/wchan").read_text()
            except OSError:
                wchan = ""
            if "sleep" in wchan:
                return
            if wchan in ("", "0"):
                time.sleep(1.0)
                return
        time.sleep(0.02)
    raise AssertionError("the child never reached the lock")
