"""SQLModel tables, one module per capability; importing this package registers them all.

Each module defines its tables (`X(table=True)`) and the plain input models that
validated data must pass through before it reaches a table.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlmodel import SQLModel

_SKIP = {"base", "enums"}


def load_all() -> type[SQLModel]:
    """Import every table module so `SQLModel.metadata` is complete (for Alembic and tests)."""
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _SKIP:
            importlib.import_module(f"{__name__}.{info.name}")
    return SQLModel
