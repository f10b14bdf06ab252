"""`kuangqu relief check|stats`: the relief checks (silent when nothing is wrong) and the year's
relief figures.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, day_or_today, emit, session
from kuangqu.cli.relief._common import AsOfOpt, Opt
from kuangqu.i18n import t


def check(ctx: typer.Context, as_of: AsOfOpt = None, fmt: FormatOption = OutputFormat.table) -> None:
    """检查救济：春节救济到户、无档发放、户主去世后发放、学龄儿童助学；无问题时不输出 / relief checks."""
    import json

    from kuangqu.cli.common import describe
    from kuangqu.errors import ExitCode
    from kuangqu.services.relief import checks

    with session(ctx, write=False) as s:
        problems = checks.run(s, day_or_today(as_of))
    if not problems:
        return
    if fmt == OutputFormat.json:
        typer.echo(
            json.dumps(
                [{"key": p.key, "message": p.message(), **p.params} for p in problems],
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        for problem in problems:
            typer.echo(describe(problem))
    raise typer.Exit(int(ExitCode.INVALID))


def stats(
    ctx: typer.Context,
    year: Annotated[int, Opt("--year", help="年度")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """全年救济数字：人次、日常/春节/临时救济总额、各档户数、帮扶对子 / the year's relief figures."""
    from kuangqu.render import Record
    from kuangqu.reports.relief import year_stats

    with session(ctx, write=False) as s:
        data = year_stats(s, year).as_dict()
    emit(Record(t("relief.stats_title", year=year), list(data.items())), fmt)
