"""The benchmark's output: one line per scenario and size, the growth from size to size, and the JSON.

A line reads: scenario, size, median wall seconds, CPU seconds, peak MB, the floor and its
median, the ratio to it, the goal, and `ok` / `over` (or `missing` / `failed`). Growth is the
median at one size over the median at the next smaller one; its goal is at most 12 for
10k → 100k (linear, not quadratic). bench/results.json holds the same figures (keys documented
in docs/benchmark.md).
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kuangqu.bench.scenarios import Outcome, summarise

GROWTH_GOAL = 12.0
FLOOR_LABELS = {"import": "calamine+sqlite3", "export": "openpyxl w/o", "pass": "python -c pass"}
SCHEMA = 1


def evaluate(outcome: Outcome, floors: dict[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
    """One result row: the figures, the floor, the ratio, and the verdict against every goal."""
    sc = outcome.scenario
    row: dict[str, Any] = {
        "scenario": sc.name,
        "what": sc.what,
        "size": outcome.size,
        "status": outcome.status,
        "median_s": None,
        "runs_s": [],
        "cpu_s": None,
        "peak_mb": None,
        "floor": sc.floor,
        "floor_s": None,
        "floor_peak_mb": None,
        "ratio": None,
        "goal": sc.goal_text,
        "goal_ratio": sc.goal_ratio,
        "goal_seconds": sc.goal_seconds,
        "goal_peak_mb": sc.goal_peak_mb,
        "imports": outcome.imports,
        "note": outcome.note,
        "over": [],
    }
    if outcome.runs:
        row.update(summarise(outcome.runs))
    floor = floors.get((sc.floor, outcome.size)) if sc.floor else None
    if floor is not None:
        row["floor_s"], row["floor_peak_mb"] = floor["median_s"], floor["peak_mb"]
        if row["median_s"] is not None and floor["median_s"] > 0:
            row["ratio"] = row["median_s"] / floor["median_s"]
    if outcome.status == "measured":
        over = []
        if sc.goal_ratio is not None and (row["ratio"] is None or row["ratio"] > sc.goal_ratio):
            over.append("ratio")
        if sc.goal_seconds is not None and row["median_s"] > sc.goal_seconds:
            over.append("seconds")
        if sc.goal_peak_mb is not None and row["peak_mb"] > sc.goal_peak_mb:
            over.append("memory")
        if outcome.imports is not None and not outcome.imports.get("ok", False):
            over.append("imports")
        row["status"] = "over" if over else "ok"
        row["over"] = over
    return row


def growth(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each scenario's median at a size over its median at the next smaller size measured."""
    out = []
    by_scenario: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["median_s"] is not None:
            by_scenario.setdefault(row["scenario"], []).append(row)
    for name, items in by_scenario.items():
        items.sort(key=lambda r: r["size"])
        for small, large in itertools.pairwise(items):
            ratio = large["median_s"] / small["median_s"]
            # The goal (≤ 12 for a 10× larger size) scales with the size step: linear plus 20%.
            goal = GROWTH_GOAL * (large["size"] / small["size"]) / 10
            out.append(
                {
                    "scenario": name,
                    "from_size": small["size"],
                    "to_size": large["size"],
                    "ratio": ratio,
                    "goal": goal,
                    "status": "ok" if ratio <= goal else "over",
                }
            )
    return out


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = (
        f"{'scenario':<18} {'size':>8} {'median s':>9} {'cpu s':>7} {'peak MB':>8}  {'floor':<16} "
        f"{'floor s':>8} {'ratio':>7}  {'goal':<22} result"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        floor = FLOOR_LABELS.get(r["floor"] or "", "—")
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        result = r["status"]
        if r.get("over"):
            result += " (" + ", ".join(r["over"]) + ")"
        lines.append(
            f"{r['scenario']:<18} {r['size']:>8,} {_num(r['median_s']):>9} {_num(r['cpu_s']):>7} "
            f"{_num(r['peak_mb'], 0):>8}  {floor:<16} {_num(r['floor_s']):>8} {ratio:>7}  "
            f"{r['goal']:<22} {result}"
        )
    return "\n".join(lines)


def imports_lines(rows: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    for r in rows:
        info = r.get("imports")
        if not info:
            continue
        if "error" in info:
            lines.append(f"imports of {r['scenario']} ({r['size']:,}): {info['error']}")
            continue
        forbidden = ", ".join(info["forbidden"]) or "none"
        lines.append(
            f"imports of {r['scenario']} ({r['size']:,}): heavy modules {forbidden}"
            f" — {'ok' if info['ok'] else 'over'}; also loaded: {', '.join(info['noted']) or 'nothing'}"
        )
    return lines


def growth_lines(items: Sequence[dict[str, Any]]) -> list[str]:
    return [
        f"growth {g['from_size']:,} → {g['to_size']:,}  {g['scenario']:<18} {g['ratio']:6.2f}×  "
        f"(goal ≤ {g['goal']:g})  {g['status']}"
        for g in items
    ]


def results_json(
    rows: Sequence[dict[str, Any]],
    floors: dict[tuple[str, int], dict[str, Any]],
    data: Sequence[dict[str, Any]],
    *,
    repeat: int,
    sizes: Sequence[int],
    month: str = "",
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            # Other work on the machine slows wall times down: the load when the run ended.
            "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        },
        "repeat": repeat,
        "sizes": list(sizes),
        "month": month,
        "data": list(data),
        "floors": [
            {"floor": kind, "size": size, **figures} for (kind, size), figures in sorted(floors.items())
        ],
        "results": list(rows),
        "growth": growth(rows),
    }


def write(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
