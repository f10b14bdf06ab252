"""The importer reads .xls and .ods written by LibreOffice, not only what openpyxl writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from tests.helpers import make_id
from tests.importer.conftest import person_row

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("KUANGQU_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice not installed (CI installs it)",
)


@needs_soffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_a_sheet_saved_by_libreoffice_imports_the_same(cli, roster, tmp_path, fmt):
    source = roster(
        [person_row(1, "王建国", make_id(seq="111")), person_row(2, "李秀英", make_id(seq="122"))]
    )
    out = tmp_path / "converted"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out / f"roster.{fmt}"
    result = cli("import", "retirees", str(converted), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 2
    shown = cli("retiree", "show", "#2", "--format", "json").json()
    assert (shown["name"], shown["retired_on"]) == ("李秀英", "2008-10")
