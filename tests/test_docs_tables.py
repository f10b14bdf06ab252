"""The docs that map bad inputs and faults to tests name tests that exist.

docs/bad-inputs.md and docs/faults.md are how a reviewer finds the test for a case; a renamed
or deleted test must not leave them pointing at nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = re.compile(r"`((?:[\w/]+\.py)?::\w+|[\w/]+\.py::\w+)")


def _references(doc: Path) -> list[tuple[str, str]]:
    """(test file, test name) for every `path::name` and `::name` (same file as the last path)."""
    found: list[tuple[str, str]] = []
    for line in doc.read_text(encoding="utf-8").splitlines():
        last_path: str | None = None
        for match in REFERENCE.finditer(line):
            path, _, name = match.group(1).partition("::")
            if path:
                last_path = path
            if last_path is not None:
                found.append((last_path, name))
    return found


@pytest.mark.parametrize("doc", ["docs/bad-inputs.md", "docs/faults.md"])
def test_every_test_a_doc_table_names_exists(doc):
    references = _references(ROOT / doc)
    assert references, f"{doc} names no tests"
    missing = []
    for path, name in references:
        # Paths are under tests/ (faults.md names the files of tests/trust/ by their name alone).
        candidates = [ROOT / "tests" / path, ROOT / path, *sorted((ROOT / "tests").rglob(path))]
        test_file = next((c for c in candidates if c.is_file()), None)
        source = test_file.read_text(encoding="utf-8") if test_file is not None else ""
        if not re.search(rf"^\s*(?:async\s+)?def {re.escape(name)}\(", source, re.MULTILINE):
            missing.append(f"{path}::{name}")
    assert not missing, f"{doc} names tests that do not exist: {missing}"
