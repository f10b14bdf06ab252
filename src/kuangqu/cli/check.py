"""`kuangqu check`: the domain checks (ledger chain, payments after death …); silent when all is well."""

from __future__ import annotations

from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, describe, session
from kuangqu.errors import ExitCode


def check(
    ctx: typer.Context,
    fmt: FormatOption = OutputFormat.table,
    only: Annotated[list[str] | None, typer.Option("--only", help="只运行某项检查（函数名）")] = None,
) -> None:
    """检查数据的一致性（如待遇台账哈希链）；无问题时不输出、退出码0 / run the domain checks."""
    import json

    from kuangqu.services.checks import run_checks

    with session(ctx, write=False) as s:
        problems = run_checks(s, only)
    if not problems:
        return
    if fmt == OutputFormat.json:
        typer.echo(
            json.dumps(
                [
                    {"key": p.key, "message": p.message(), "field": p.field, "value": p.value}
                    for p in problems
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            typer.echo(describe(problem))
    raise typer.Exit(int(ExitCode.INVALID))
