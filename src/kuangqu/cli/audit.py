"""`kuangqu audit`: read the append-only audit log.

A person's values are masked in the log itself (services.audit keeps the real ones apart);
`--reveal --reason` shows them, and is itself audited. Values a retention purge erased are
gone for good: the entry says so ("已按保留期限删除").
"""

from __future__ import annotations

from typing import Annotated

import typer

from kuangqu.cli.common import (
    FormatOption,
    OutputFormat,
    ReasonOption,
    RevealOption,
    audit_reveal,
    emit,
    require_reason,
    say,
    session,
)
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
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """列出审计日志（新的在前；个人信息已脱敏）/ list audit entries, newest first."""
    from kuangqu.render import Column, Report
    from kuangqu.services import audit
    from kuangqu.views import local_time

    require_reason(reveal, reason)
    with session(ctx, write=reveal) as s:
        if reveal:
            audit_reveal(s, "audit_log", None, reason)
        entries = audit.list_entries(
            s, entity=entity, entity_id=entity_id, operator=operator, action=action, limit=limit
        )
        kept = audit.private_values(s, entries) if reveal else {}
        still_kept = set(kept) if reveal else audit.kept_private(s, entries)
        rows = []
        for e in entries:
            old, new, private = e.old_values, e.new_values, None
            if e.has_private:
                private = t("trust.audit_private.masked")
                found = kept.get(e.id) if e.id is not None else None
                if e.id not in still_kept:
                    private = t("trust.audit_private.erased")
                elif found is not None:
                    old = {**(old or {}), **(found.old_values or {})} if old is not None else None
                    new = {**(new or {}), **(found.new_values or {})} if new is not None else None
                    private = t("trust.audit_private.revealed")
            rows.append(
                {
                    "id": e.id,
                    "at": local_time(e.at),
                    "operator": e.operator,
                    "command": e.command,
                    "action": e.action,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "old_values": old,
                    "new_values": new,
                    "reason": e.reason,
                    "private": private,
                }
            )
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
            "private",
        )
    ]
    emit(Report(t("audit.list_title"), columns, rows), fmt)
    if reveal:
        say(t("trust.audit_reveal_note"))
