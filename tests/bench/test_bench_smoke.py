"""The benchmark harness keeps working: it runs at a tiny size, writes its documented JSON, exits 0.

No timing is asserted anywhere: speed is what the benchmark reports, never what a test checks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from kuangqu.bench import report
from kuangqu.bench.scenarios import BY_NAME, Outcome, Run, command_exists, run_scenario

pytestmark = pytest.mark.sqlite_only  # the benchmark builds its own SQLite files

RESULT_KEYS = {
    "scenario",
    "what",
    "size",
    "status",
    "median_s",
    "runs_s",
    "cpu_s",
    "peak_mb",
    "floor",
    "floor_s",
    "floor_peak_mb",
    "ratio",
    "goal",
    "goal_ratio",
    "goal_seconds",
    "goal_peak_mb",
    "imports",
    "note",
}
TOP_KEYS = {
    "schema",
    "generated_at",
    "machine",
    "repeat",
    "sizes",
    "month",
    "data",
    "floors",
    "results",
    "growth",
}


def test_the_harness_runs_a_tiny_roster_writes_valid_json_with_the_documented_keys_and_exits_0(
    tmp_path: Path,
) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kuangqu.bench",
            "--sizes",
            "150,300",
            "--repeat",
            "1",
            "--only",
            "import-empty",
            "import-again",
            "help",
            "retiree-show",
            "relief-assess-all",
            "--keep",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert set(payload) >= TOP_KEYS
    assert payload["sizes"] == [150, 300]
    rows = payload["results"]
    assert {(r["scenario"], r["size"]) for r in rows} == {
        (name, size)
        for name in ("import-empty", "import-again", "help", "retiree-show", "relief-assess-all")
        for size in (150, 300)
    }
    for row in rows:
        assert set(row) >= RESULT_KEYS, row["scenario"]
        assert row["status"] in ("ok", "over", "missing", "failed"), row
        assert row["status"] != "failed", row["note"]
    imported = next(r for r in rows if r["scenario"] == "import-empty" and r["size"] == 150)
    assert imported["floor"] == "import" and imported["floor_s"] > 0 and imported["ratio"] > 0
    assert len(imported["runs_s"]) == 1 and imported["peak_mb"] > 0
    helped = next(r for r in rows if r["scenario"] == "help")
    assert helped["imports"] is not None and "forbidden" in helped["imports"]
    growth = {g["scenario"]: g for g in payload["growth"]}
    assert set(growth) == {"import-empty", "import-again", "help", "retiree-show", "relief-assess-all"}
    assert growth["import-empty"]["from_size"] == 150 and growth["import-empty"]["to_size"] == 300
    assert {d["size"] for d in payload["data"]} == {150, 300}
    # What it prints: a line per scenario and size, and the growth lines.
    assert done.stdout.count("import-empty") >= 3
    assert "growth 150 → 300" in done.stdout


def test_a_command_that_does_not_exist_is_found_missing_and_an_existing_one_is_found(tmp_path: Path) -> None:
    assert command_exists(("no-such-noun", "frobnicate"), tmp_path) is False
    assert command_exists(("retiree", "show"), tmp_path) is True


def test_a_missing_command_is_reported_missing_never_measured(tmp_path: Path) -> None:
    data = SimpleNamespace(size=100)  # no data is needed: nothing is run
    outcome = run_scenario(BY_NAME["export-monthly"], data, tmp_path, 3, exists=False)  # type: ignore[arg-type]
    row = report.evaluate(outcome, {})
    assert row["status"] == "missing" and row["median_s"] is None and row["runs_s"] == []
    assert not (tmp_path / "run-export-monthly-100").exists()
    assert "missing" in report.table([row])


def _row(name: str, size: int, seconds: float, peak: float = 100.0) -> dict[str, object]:
    outcome = Outcome(BY_NAME[name], size, "measured", [Run(seconds, peak, 0)])
    return report.evaluate(outcome, {("import", size): {"median_s": 1.0, "peak_mb": 50.0}})


def test_a_scenario_over_its_ratio_or_memory_goal_is_over_and_says_which() -> None:
    assert _row("import-empty", 100, 2.9)["status"] == "ok"
    over = _row("import-empty", 100, 3.1, peak=600)
    assert over["status"] == "over" and over["over"] == ["ratio", "memory"]
    assert over["ratio"] == pytest.approx(3.1)


def test_growth_from_10k_to_100k_is_judged_against_12_and_scales_with_the_step() -> None:
    rows = [
        _row("import-empty", 10_000, 1.0),
        _row("import-empty", 100_000, 12.5),
        _row("import-again", 10_000, 1.0),
        _row("import-again", 100_000, 11.0),
        _row("import-again", 20_000, 2.5),
    ]
    growth = {(g["scenario"], g["to_size"]): g for g in report.growth(rows)}
    assert growth[("import-empty", 100_000)]["status"] == "over"
    assert growth[("import-empty", 100_000)]["goal"] == pytest.approx(12)
    assert growth[("import-again", 20_000)]["goal"] == pytest.approx(2.4)
    assert growth[("import-again", 20_000)]["status"] == "over"
    assert growth[("import-again", 100_000)]["ratio"] == pytest.approx(11.0 / 2.5)
