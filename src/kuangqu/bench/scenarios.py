"""The scenarios: each run is the real command (or service call) in a fresh child process.

Each run is started by a small launcher interpreter, which takes the wall time around the
command (start to exit) and its own maximum resident set and CPU time (`os.wait4` returns the
rusage of exactly that process, so runs never share a peak). A scenario whose command does not
exist yet (`kuangqu <command> --help` fails) is reported as `missing`, never faked. For the
quick commands a probe child runs the same command in-process and reports which heavy modules
it imported.

Run as `python -m kuangqu.bench.scenarios probe OUT.json -- ARGS…` (the import probe) or
`… monthly-data DB MONTH` (the monthly report's data, through kuangqu.reports).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kuangqu.bench.data import SizeData, child_env, copy_db, kuangqu_command

# Modules the quick commands must not import (the list), and others worth seeing.
FORBIDDEN = {
    "openpyxl": "openpyxl",
    "python_calamine": "python-calamine",
    "alembic": "alembic",
    "kuangqu.reports": "report code (kuangqu.reports)",
    "kuangqu.excel": "Excel code (kuangqu.excel)",
}
NOTED = ("sqlalchemy", "sqlmodel", "pydantic", "pypinyin", "stdnum", "rich", "kuangqu.importer")
# The month of the monthly-report scenarios (--month): an ordinary month by default; 2020-01, the
# month of the yearly adjustment, has a benefit change for every living retiree.
MONTH = ["2020-03"]


@dataclass
class Run:
    seconds: float  # wall
    peak_mb: float
    exit_code: int
    stderr_tail: str = ""
    cpu_seconds: float = 0.0  # user + system of the child: steadier than wall on a busy machine


@dataclass
class Scenario:
    name: str
    what: str  # one line for the docs and the JSON
    command: tuple[str, ...]  # the kuangqu command path that must exist (checked with --help)
    argv: Callable[[SizeData, Path], list[str]]  # the child's argv for one run, in its run folder
    setup: Callable[[SizeData, Path], None] | None = None  # before each run (a fresh database copy)
    floor: str | None = None  # "import", "export", "pass"
    goal_ratio: float | None = None
    goal_seconds: float | None = None
    goal_peak_mb: float | None = None
    probe: bool = False  # report the heavy modules it imports
    allowed_imports: tuple[str, ...] = ()  # modules under a FORBIDDEN name this command does use

    @property
    def goal_text(self) -> str:
        parts = []
        if self.goal_ratio is not None:
            parts.append(f"≤{self.goal_ratio:g}× floor")
        if self.goal_seconds is not None:
            parts.append(f"≤{self.goal_seconds:g} s")
        if self.goal_peak_mb is not None:
            parts.append(f"≤{self.goal_peak_mb:g} MB")
        return ", ".join(parts)


# ---------------------------------------------------------------- measuring one child


# The launcher: a bare interpreter that starts the measured command and reports on it. Linux
# carries a process's peak RSS across fork and exec, so a command started straight from the
# harness (big after building the data) would inherit the harness's size as its "peak"; started
# from this ~10 MB launcher it starts from nearly nothing. Timing is taken here, around the
# command alone.
_LAUNCHER = """
import json, os, signal, sys, time
argv, out, err, timeout = json.loads(sys.argv[1])
actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
           (os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
           (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.alarm(int(timeout))
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
print(json.dumps([seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, code]))
"""


def measure(
    argv: Sequence[str], cwd: Path, *, timeout: float = 900.0, env: dict[str, str] | None = None
) -> Run:
    """Run `argv` once: wall seconds, the command's own peak RSS in MB, CPU seconds, exit code."""
    argv = list(argv)
    if not os.path.isabs(argv[0]):
        argv[0] = shutil.which(argv[0]) or argv[0]
    with tempfile.TemporaryDirectory() as tmp:
        out, err = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, json.dumps([argv, out, err, max(1, timeout)])],
            cwd=cwd,
            env=env or child_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the launcher failed: {done.stderr[-1500:]}")
        seconds, maxrss, cpu, code = json.loads(done.stdout)
        with open(err, "rb") as fh:
            tail = fh.read()[-1500:].decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024
    return Run(seconds, peak, code, tail if code else "", cpu)


def summarise(runs: Sequence[Run]) -> dict[str, Any]:
    return {
        "median_s": statistics.median(r.seconds for r in runs),
        "runs_s": [round(r.seconds, 4) for r in runs],
        "cpu_s": statistics.median(r.cpu_seconds for r in runs),
        "peak_mb": max(r.peak_mb for r in runs),
    }


def command_exists(command: Sequence[str], cwd: Path) -> bool:
    if not command:
        return True
    done = subprocess.run(
        [*kuangqu_command(), *command, "--help"], cwd=cwd, env=child_env(), capture_output=True, check=False
    )
    return done.returncode == 0


def probe_imports(args: Sequence[str], cwd: Path, allowed: Sequence[str] = ()) -> dict[str, Any]:
    """Which heavy modules `kuangqu ARGS` imports (run in-process in a child, then sys.modules read)."""
    out = cwd / "probe.json"
    out.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "kuangqu.bench.scenarios", "probe", str(out), "--", *args],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        check=False,
    )
    if not out.is_file():
        return {"error": "the probe did not finish"}
    loaded = set(json.loads(out.read_text(encoding="utf-8"))) - set(allowed)
    forbidden = [
        label
        for name, label in FORBIDDEN.items()
        if any(m == name or m.startswith(name + ".") for m in loaded)
    ]
    noted = [n for n in NOTED if any(m == n or m.startswith(n + ".") for m in loaded)]
    return {"forbidden": forbidden, "allowed": list(allowed), "noted": noted, "ok": not forbidden}


# ---------------------------------------------------------------- the scenarios


def _kq(*args: str) -> list[str]:
    return [*kuangqu_command(), *args]


def _fresh(which: str) -> Callable[[SizeData, Path], None]:
    def setup(data: SizeData, run_dir: Path) -> None:
        copy_db(getattr(data, which), run_dir / "bench.db")

    return setup


def _db(run_dir: Path) -> str:
    return str(run_dir / "bench.db")


SCENARIOS: list[Scenario] = [
    Scenario(
        "import-empty",
        "kuangqu import retirees: the roster .xlsx into an empty database",
        ("import", "retirees"),
        lambda d, r: _kq("--db", _db(r), "import", "retirees", str(d.roster), "--format", "json"),
        setup=_fresh("empty_db"),
        floor="import",
        goal_ratio=3,
        goal_peak_mb=500,
    ),
    Scenario(
        "import-again",
        "kuangqu import retirees: the same file again, nothing changes",
        ("import", "retirees"),
        lambda d, r: _kq("--db", _db(r), "import", "retirees", str(d.roster), "--format", "json"),
        setup=_fresh("roster_db"),
        floor="import",
        goal_ratio=3,
        goal_peak_mb=500,
    ),
    Scenario(
        "export-roster",
        "kuangqu export roster: the whole roster to .xlsx",
        ("export", "roster"),
        lambda d, r: _kq("--db", _db(r), "export", "roster", "-o", str(r / "roster-out.xlsx")),
        setup=_fresh("full_db"),
        floor="export",
        goal_ratio=1.5,
    ),
    Scenario(
        "help",
        "kuangqu --help (whole process)",
        (),
        lambda d, r: _kq("--help"),
        floor="pass",
        goal_seconds=0.5,
        probe=True,
    ),
    Scenario(
        "retiree-show",
        "kuangqu retiree show <id> (whole process)",
        ("retiree", "show"),
        lambda d, r: _kq("--db", _db(r), "retiree", "show", str(d.sample_id)),
        setup=_fresh("full_db"),
        floor="pass",
        goal_seconds=0.5,
        probe=True,
    ),
    Scenario(
        "retiree-search",
        "kuangqu retiree search <name> (whole process)",
        ("retiree", "search"),
        lambda d, r: _kq("--db", _db(r), "retiree", "search", d.sample_name),
        setup=_fresh("full_db"),
        floor="pass",
        goal_seconds=0.5,
        probe=True,
    ),
    Scenario(
        "export-monthly",
        "kuangqu export monthly --month M: the month's report to .xlsx (M from --month)",
        ("export", "monthly"),
        lambda d, r: _kq(
            "--db", _db(r), "export", "monthly", "--month", MONTH[0], "-o", str(r / "monthly.xlsx")
        ),
        setup=_fresh("full_db"),
        goal_seconds=10,
    ),
    Scenario(
        "monthly-data",
        "the monthly report's sections (kuangqu.reports.monthly_sections, no file written)",
        (),
        lambda d, r: [sys.executable, "-m", "kuangqu.bench.scenarios", "monthly-data", _db(r), MONTH[0]],
        setup=_fresh("full_db"),
        goal_seconds=10,
    ),
    Scenario(
        "relief-assess-all",
        "kuangqu relief assess --all: every household against the standard",
        ("relief", "assess"),
        lambda d, r: _kq(
            "--db", _db(r), "relief", "assess", "--all", "--as-of", "2020-12-31", "--format", "json"
        ),
        setup=_fresh("full_db"),
        goal_seconds=20,
    ),
    Scenario(
        "benefit-card",
        "kuangqu benefit card <id> (whole process)",
        ("benefit", "card"),
        lambda d, r: _kq("--db", _db(r), "benefit", "card", str(d.sample_id)),
        setup=_fresh("full_db"),
        floor="pass",
        goal_seconds=0.5,
        probe=True,
        # The card is the ledger's report: its own report module is what the command uses.
        allowed_imports=("kuangqu.reports", "kuangqu.reports.ledger"),
    ),
]
BY_NAME = {s.name: s for s in SCENARIOS}


@dataclass
class Outcome:
    scenario: Scenario
    size: int
    status: str  # ok | over | missing | failed
    runs: list[Run] = field(default_factory=list)
    imports: dict[str, Any] | None = None
    note: str = ""


def run_scenario(
    scenario: Scenario, data: SizeData, work: Path, repeat: int, *, exists: bool, timeout: float = 900.0
) -> Outcome:
    """`repeat` runs of one scenario at one size (a fresh copy of its database before each)."""
    if not exists:
        return Outcome(
            scenario, data.size, "missing", note="kuangqu " + " ".join(scenario.command) + " --help fails"
        )
    run_dir = work / f"run-{scenario.name}-{data.size}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    runs: list[Run] = []
    try:
        for _ in range(repeat):
            if scenario.setup is not None:
                scenario.setup(data, run_dir)
            run = measure(scenario.argv(data, run_dir), run_dir, timeout=timeout)
            runs.append(run)
            if run.exit_code != 0:
                return Outcome(
                    scenario, data.size, "failed", runs, note=f"exit {run.exit_code}: {run.stderr_tail}"
                )
        imports = None
        if scenario.probe:
            args = scenario.argv(data, run_dir)[len(kuangqu_command()) :]
            imports = probe_imports(args, run_dir, scenario.allowed_imports)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return Outcome(scenario, data.size, "measured", runs, imports)


# ---------------------------------------------------------------- child entry points


def _probe(out: str, args: list[str]) -> None:
    sys.argv = ["kuangqu", *args]
    devnull = open(os.devnull, "w")  # noqa: SIM115 — stays open until the process ends
    sys.stdout = devnull
    try:
        from kuangqu.cli import main

        main()
    except SystemExit:
        pass
    finally:
        wanted = (*FORBIDDEN, *NOTED)
        loaded = sorted(m for m in list(sys.modules) if any(m == w or m.startswith(w + ".") for w in wanted))
        Path(out).write_text(json.dumps(loaded), encoding="utf-8")


def _monthly_data(db: str, month: str) -> None:
    from kuangqu.db import open_database, transaction
    from kuangqu.reports import monthly_sections
    from kuangqu.rules.dates import PartialDate

    database = open_database(db, create=False)
    year, number = month.split("-")
    with transaction(database, write=False) as s:
        sections = monthly_sections(s, PartialDate(int(year), int(number)))
        print(json.dumps({"sections": len(sections), "rows": sum(len(r.rows) for r in sections)}))
    database.dispose()


if __name__ == "__main__":
    if sys.argv[1] == "probe":
        _probe(sys.argv[2], sys.argv[4:])
    elif sys.argv[1] == "monthly-data":
        _monthly_data(sys.argv[2], sys.argv[3])
