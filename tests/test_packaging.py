"""The built wheel installs in a fresh virtual environment and migrates a database there."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_the_wheel_installs_and_runs_db_upgrade(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("kuangqu-*.whl"))
    env_dir = tmp_path / "venv"
    # The fresh environment reuses the test environment's packages for the dependencies
    # (no network needed), but kuangqu itself comes only from the wheel.
    venv.create(env_dir, with_pip=True, system_site_packages=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlalchemy, os; print(os.path.dirname(os.path.dirname(sqlalchemy.__file__)))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    pth = next((env_dir / "lib").glob("python3*/site-packages"))
    (pth / "deps.pth").write_text(site + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True
    )
    # The test environment has kuangqu installed editable; hide it so the wheel's copy is used.
    check = subprocess.run(
        [str(python), "-c", "import kuangqu, sys; print(kuangqu.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert str(env_dir) in check.stdout, check.stdout
    db = tmp_path / "fresh.db"
    result = subprocess.run(
        [str(env_dir / "bin" / "kuangqu"), "--db", str(db), "db", "upgrade"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    status = subprocess.run(
        [str(env_dir / "bin" / "kuangqu"), "--db", str(db), "db", "status", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert '"up_to_date": true' in status.stdout
    assert (Path(check.stdout.strip()).parent / "migrations" / "env.py").is_file()
