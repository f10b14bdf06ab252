"""Settings the office may change: plausibility bounds, ceilings, limits.

Read from environment variables (KUANGQU_<NAME>) over an optional TOML file named by
KUANGQU_CONFIG; the defaults suit one mine's office.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    min_birth_year: int = 1900
    min_retiree_age: int = 40  # survivors (遗属) are exempt: a widow or orphan can be any age
    min_retirement_age: int = 40
    min_tuizhi_age: int = 30  # 退职: left early, without meeting the retirement conditions
    amount_ceiling_fen: int = 100_000_00  # 100,000 yuan in one monthly entry is surely a typo
    max_import_bytes: int = 50 * 1024 * 1024
    default_visit_interval_days: int = 90
    key_support_visit_interval_days: int = 30
    synonyms_file: str | None = None


@cache
def settings() -> Settings:
    values: dict[str, object] = {}
    config_file = os.environ.get("KUANGQU_CONFIG")
    if config_file and Path(config_file).is_file():
        with open(config_file, "rb") as fh:
            values.update(tomllib.load(fh).get("kuangqu", {}))
    for f in fields(Settings):
        env = os.environ.get(f"KUANGQU_{f.name.upper()}")
        if env is not None:
            values[f.name] = env
    typed: dict[str, object] = {}
    for f in fields(Settings):
        if f.name in values:
            raw = values[f.name]
            typed[f.name] = int(raw) if f.type in ("int", int) else str(raw)  # type: ignore[call-overload]
    return Settings(**typed)  # type: ignore[arg-type]
