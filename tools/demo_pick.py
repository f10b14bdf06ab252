"""Pick a demo subject from the demo database: a household placed in a relief tier (for `make demo`)."""

from __future__ import annotations

import sqlite3
import sys


def main() -> None:
    what, db = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    if what == "household":
        row = (
            conn.execute(
                "SELECT h.id FROM household h JOIN relief_application a ON a.household_id = h.id "
                "WHERE a.status = 'approved' ORDER BY h.id LIMIT 1"
            ).fetchone()
            or conn.execute("SELECT id FROM household ORDER BY id LIMIT 1").fetchone()
        )
        print(f"#{row[0]}")


if __name__ == "__main__":
    main()
