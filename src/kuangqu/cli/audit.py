"""`kuangqu audit`: read the append-only audit log."""

from __future__ import annotations

from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, emit, session
from kuangqu.i18n import t

app = typer.Typer(help="审计日志 / the audit log", no_args_is_help=True)
Opt = typer.Option


@app.command("list")
def list_(
    ctx: typer.Context,
    entity: Annotated[str | None, Opt("--entity", help="对象类型，如 retiree、household")] = None,
    entity_id: Annotated[int | None, Opt("--entity-id", help="对象编号")] = None,
    operator: Annotated[str | None, Opt("--operator-name", help="操作员")] = None,
    action: Annotated[str | None, Opt("--action", help="动作前缀，如 retiree.、reveal")] = None,
    limit: Annotated[int, Opt("--limit", help="最多显示条数")] = 100,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出审计日志（新的在前；数值已脱敏）/ list audit entries, newest first."""
    from kuangqu.render import Column, Report
    from kuangqu.services import audit
    from kuangqu.views import local_time

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": e.id,
                "at": local_time(e.at),
                "operator": e.operator,
                "command": e.command,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "old_values": e.old_values,
                "new_values": e.new_values,
                "reason": e.reason,
            }
            for e in audit.list_entries(
                s, entity=entity, entity_id=entity_id, operator=operator, action=action, limit=limit
            )
        ]
    columns = [
        Column(c)
        for c in (
            "id",
            "at",
            "operator",
            "command",
            "action",
            "entity",
            "entity_id",
            "old_values",
            "new_values",
            "reason",
        )
    ]
    emit(Report(t("audit.list_title"), columns, rows), fmt)
