"""A child process for the kill tests: a large write transaction that says when it is half done.

    python -m tests.trust.slow_writer DB register COUNT READY_AFTER MODE
        registers COUNT people through the services in ONE transaction; after READY_AFTER of
        them are flushed to the database it prints READY. MODE: `hold` then waits forever
        inside the transaction; `busy` keeps writing the rest and waits before committing;
        `finish` commits and prints DONE.
    python -m tests.trust.slow_writer DB import FILE
        runs `kuangqu import retirees FILE`; at the first INSERT INTO retiree it prints READY
        and waits forever inside the importer's transaction.
    python -m tests.trust.slow_writer DB import-until KIND FILE PREFIX RELEASE
        runs `kuangqu import KIND FILE`; at the first statement starting with PREFIX it prints
        READY and waits inside the transaction until the file RELEASE exists, then commits.
    python -m tests.trust.slow_writer DB until PREFIX RELEASE ARGS…
        the same for any `kuangqu ARGS…` (e.g. `relief pay`).

The parent kills it with SIGKILL after READY: the kill lands inside the transaction, by
construction rather than by timing.
"""

from __future__ import annotations

import sys
import threading


def _hold() -> None:
    print("READY", flush=True)
    threading.Event().wait()  # until SIGKILL


def register(db: str, count: int, ready_after: int, mode: str) -> None:
    from tests.trust.helpers import nth_person

    from kuangqu.db import open_database, transaction
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    database = open_database(db)
    with transaction(database, write=True, info={"operator": "writer", "command": "slow_writer"}) as s:
        for n in range(count):
            result = retiree_input(nth_person(n))
            assert result.value is not None, [p.message() for p in result.problems]
            retirees.register(s, result.value)
            if n + 1 == ready_after:
                s.flush()
                if mode == "hold":
                    _hold()
                print("READY", flush=True)
        s.flush()
        if mode == "busy":
            threading.Event().wait()
    print("DONE", flush=True)


def run_import(db: str, path: str) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def _after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO RETIREE"):
            _hold()

    event.listen(Engine, "after_cursor_execute", _after)
    from kuangqu.cli import app

    app(["--db", db, "import", "retirees", path], standalone_mode=True)


def run_import_until(db: str, kind: str, path: str, prefix: str, release: str) -> None:
    """`kuangqu import KIND FILE`; at the first statement starting with PREFIX it prints READY and
    waits inside the importer's transaction until the file RELEASE exists, then goes on to commit."""
    run_until(db, prefix, release, ["import", kind, path, "--format", "json"])


def run_until(db: str, prefix: str, release: str, args: list[str]) -> None:
    """`kuangqu ARGS…`, held at its first statement starting with PREFIX until RELEASE exists."""
    import time
    from pathlib import Path

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    held = []

    def _after(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not held and statement.lstrip().upper().startswith(prefix.upper()):
            held.append(statement)
            print("READY", flush=True)
            while not Path(release).exists():
                time.sleep(0.02)

    event.listen(Engine, "after_cursor_execute", _after)
    from kuangqu.cli import app

    app(["--db", db, *args], standalone_mode=True)


if __name__ == "__main__":
    db_arg, action = sys.argv[1], sys.argv[2]
    if action == "register":
        register(db_arg, int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif action == "import":
        run_import(db_arg, sys.argv[3])
    elif action == "import-until":
        run_import_until(db_arg, *sys.argv[3:7])
    elif action == "until":
        run_until(db_arg, sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        raise SystemExit(f"unknown action {action}")
