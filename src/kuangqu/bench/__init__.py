"""The benchmark: kuangqu against the floor of its own libraries, at the scale of a mining group.

`python -m kuangqu.bench` (or `make bench`) generates deterministic synthetic data (data.py),
runs each scenario in a fresh child process several times (scenarios.py), measures the bare
libraries doing the same work on the same data in the same run (floors.py), and prints and
saves the figures (report.py). It is a measurement, never a test: it exits 0 either way.
See docs/benchmark.md.
"""
