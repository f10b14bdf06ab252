"""What an import did (or would do): counts, warnings and errors, and its record in import_run."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kuangqu.errors import Problem


@dataclass
class ImportSummary:
    kind: str
    file_name: str
    sha256: str
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # one per updated record (masked)
    dry_run: bool = False
    import_id: int | None = None

    @property
    def skipped_rows(self) -> int:
        return sum(self.skipped.values())

    def as_json(self, describe: Any) -> dict[str, Any]:
        """The documented JSON: created, updated, unchanged, skipped_rows, warnings, errors (+ details)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped_rows": self.skipped_rows,
            "skipped_by_reason": dict(self.skipped),
            "warnings": [describe(w) for w in self.warnings],
            "errors": [
                {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message(), "value": e.value}
                for e in self.errors
            ],
            "changes": self.changes,
            "dry_run": self.dry_run,
            "import_id": self.import_id,
            "file": self.file_name,
            "sha256": self.sha256,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_run(session: Any, summary: ImportSummary) -> int:
    from kuangqu.models.imports import ImportRun
    from kuangqu.services import audit

    run = ImportRun(
        operator=str(session.info.get("operator") or audit.default_operator()),
        kind=summary.kind,
        file_name=summary.file_name[:255],
        sha256=summary.sha256,
        sheets=", ".join(summary.sheets)[:500],
        rows_read=summary.rows_read,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        skipped_rows=summary.skipped_rows,
        warnings=len(summary.warnings),
    )
    session.add(run)
    session.flush()
    audit.record(
        session,
        f"import.{summary.kind}",
        "import_run",
        run.id,
        new={
            "file": summary.file_name,
            "sha256": summary.sha256,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
        },
    )
    return int(run.id or 0)
