"""What several relief command modules share: the option and argument types every noun uses
(household, application, --on, --as-of), reading a day, showing fen as yuan, and relief's column
labels. Anything used by one module only lives in that module.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

Opt = typer.Option


HouseholdArg = Annotated[str, typer.Argument(help="户：#编号、户号，或户主的身份证号/后6位")]


ApplicationArg = Annotated[str, typer.Argument(help="申请编号")]


OnOpt = Annotated[str | None, Opt("--on", help="日期（默认今天）")]


AsOfOpt = Annotated[str | None, Opt("--as-of", help="评定/检查日期（默认今天）")]


def money(fen: int | None) -> str | None:
    from kuangqu.rules.money import format_fen

    return None if fen is None else format_fen(fen)


def col(key: str, justify: str = "left") -> Any:
    """A column whose header is relief's own label where other areas use the same key differently."""
    from kuangqu.i18n import catalogue
    from kuangqu.render import Column

    own = f"relief.col.{key}"
    return Column(key, label_key=own if own in catalogue() else None, justify=justify)
