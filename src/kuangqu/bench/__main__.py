"""`python -m kuangqu.bench`: generate the data, measure floors and scenarios, print, save, exit 0.

    python -m kuangqu.bench [--sizes 10000,100000] [--repeat 3] [--ledger-rows 1000000]
                            [--out bench/results.json] [--only SCENARIO …] [--keep DIR]

Progress goes to stderr; the table, the growth lines and the import checks to stdout. Exits 0
whatever the figures say (a measurement, not a test); only a broken harness exits otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kuangqu.bench import data as bench_data
from kuangqu.bench import floors as bench_floors
from kuangqu.bench import report, scenarios
from kuangqu.bench.scenarios import BY_NAME, SCENARIOS, command_exists, measure, run_scenario, summarise


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            "sizes are whole numbers separated by commas, e.g. 10000,100000"
        ) from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("give at least one size of 1 or more")
    return sizes


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m kuangqu.bench",
        description="kuangqu against the floor of its own libraries (see docs/benchmark.md). Always exits 0.",
    )
    ap.add_argument(
        "--sizes", type=_sizes, default=[10_000, 100_000], help="retirees per size (default 10000,100000)"
    )
    ap.add_argument(
        "--repeat", type=int, default=3, help="runs per scenario; the median is reported (default 3)"
    )
    ap.add_argument(
        "--ledger-rows",
        type=int,
        default=1_000_000,
        help="benefit ledger rows at 100,000 retirees; other sizes scale in proportion (default 1000000)",
    )
    ap.add_argument("--out", type=Path, default=Path("bench/results.json"), help="where the JSON goes")
    ap.add_argument(
        "--only",
        nargs="+",
        choices=list(BY_NAME),
        metavar="SCENARIO",
        help="run only these scenarios: " + ", ".join(BY_NAME),
    )
    ap.add_argument(
        "--keep", type=Path, help="build and keep the generated databases in DIR (reused next time)"
    )
    ap.add_argument(
        "--cache", type=Path, help="where generated roster workbooks are cached (default: user cache)"
    )
    ap.add_argument(
        "--month",
        default="2020-03",
        help="month of the monthly-report scenarios (default 2020-03; 2020-01 holds the yearly adjustment)",
    )
    ap.add_argument(
        "--timeout", type=float, default=900.0, help="seconds before one run is killed (default 900)"
    )
    return ap


def default_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kuangqu", appauthor=False)) / "bench"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {message}", file=sys.stderr, flush=True)

    chosen = [BY_NAME[name] for name in args.only] if args.only else SCENARIOS
    scenarios.MONTH[0] = args.month
    work = args.keep or Path(tempfile.mkdtemp(prefix="kuangqu-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cache = args.cache or (args.keep / "cache" if args.keep else default_cache())
    cache.mkdir(parents=True, exist_ok=True)
    # Children compile kuangqu to bytecode once, as an installed package is (pip compiles on
    # install): a PYTHONDONTWRITEBYTECODE environment would make every start-up recompile the
    # sources. The bytecode goes to the cache, never into the source tree.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    rows: list[dict[str, Any]] = []
    floors: dict[tuple[str, int], dict[str, Any]] = {}
    sizes_data: list[dict[str, Any]] = []
    try:
        found = {sc.command: command_exists(sc.command, work) for sc in chosen}
        exists = {sc.name: found[sc.command] for sc in chosen}
        for name, present in exists.items():
            if not present:
                command = " ".join(BY_NAME[name].command)
                log(f"{name}: kuangqu {command} does not exist yet — reported as missing")
        for size in args.sizes:
            data = bench_data.prepare(size, work, cache, args.ledger_rows, log)
            sizes_data.append(data.as_json())
            for kind in sorted({sc.floor for sc in chosen if sc.floor}):
                log(f"[{size:,}] floor {kind} × {args.repeat}")
                floors[(kind, size)] = _floor(kind, data, work, args.repeat, args.timeout)
            for sc in chosen:
                log(f"[{size:,}] {sc.name} × {args.repeat}")
                outcome = run_scenario(
                    sc, data, work, args.repeat, exists=exists[sc.name], timeout=args.timeout
                )
                row = report.evaluate(outcome, floors)
                rows.append(row)
                log(f"[{size:,}] {sc.name}: {row['status']} {report._num(row['median_s'])} s")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    payload = report.results_json(
        rows, floors, sizes_data, repeat=args.repeat, sizes=args.sizes, month=args.month
    )
    report.write(args.out, payload)
    print(report.table(rows))
    for line in report.imports_lines(rows):
        print(line)
    for line in report.growth_lines(payload["growth"]):
        print(line)
    print(f"written to {args.out}")
    return 0


def _floor(kind: str, data: bench_data.SizeData, work: Path, repeat: int, timeout: float) -> dict[str, Any]:
    folder = work / f"floor-{kind}-{data.size}"
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "import":
        argv = bench_floors.command("import", str(data.roster), str(folder / "floor.db"))
    elif kind == "export":
        argv = bench_floors.command("export", str(data.full_db), str(folder / "floor.xlsx"))
    else:
        argv = bench_floors.command("pass")
    runs = [measure(argv, folder, timeout=timeout) for _ in range(repeat)]
    shutil.rmtree(folder, ignore_errors=True)
    failed = [r for r in runs if r.exit_code != 0]
    if failed:
        raise RuntimeError(f"floor {kind} failed: {failed[0].stderr_tail}")
    return summarise(runs)


if __name__ == "__main__":
    sys.exit(main())
