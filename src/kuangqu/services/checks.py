"""`kuangqu check`: the domain checks every capability registers, run together.

A check takes a Session and returns Problems; an empty list means all is well. The
benefit ledger's hash chain, relief payments after a death, and so on register here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlalchemy.orm import Session

from kuangqu.errors import Problem

Check = Callable[[Session], list[Problem]]

# "module:function" so that a check's module is imported only when checks run.
REGISTERED_CHECKS: list[str] = [
    *[f"kuangqu.services.{c}" for c in ("ledger:verify_ledger_chain", "deaths:entries_after_death")],
    "kuangqu.services.relief.checks:relief_checks",
    "kuangqu.services.petitions:check_petitions",
]


def run_checks(session: Session, names: list[str] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for dotted in REGISTERED_CHECKS:
        module_name, _, func_name = dotted.partition(":")
        if names and func_name not in names:
            continue
        check: Check = getattr(importlib.import_module(module_name), func_name)
        problems.extend(check(session))
    return problems
