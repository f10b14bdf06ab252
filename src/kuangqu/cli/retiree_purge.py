"""`kuangqu retiree purge`: erase the personal data of people past the retention period (PIPL Art. 47).

Registered on the retiree sub-app by one line at the end of cli/retiree.py. `--dry-run`
lists who would be erased and writes nothing; otherwise it asks (or takes `--yes`),
erases in one transaction (with the personal values the audit log kept apart about
them), deletes their photos, compacts the database file.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, data_dir, database, emit, say, session
from kuangqu.i18n import t

Opt = typer.Option


def purge(
    ctx: typer.Context,
    years: Annotated[
        int | None,
        Opt("--years", help="保存年限（死亡、迁出或移出家庭后满几年；默认 KUANGQU_RETENTION_YEARS 或 10）"),
    ] = None,
    dry_run: Annotated[bool, Opt("--dry-run", help="只列出将被清除的人员，不做修改")] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="不再询问，直接清除")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """清除超过保存期限人员的个人信息（台账保留，以化名关联）/ erase personal data past retention."""
    from kuangqu.render import Column, Record, Report
    from kuangqu.services import purge as retention

    with session(ctx, write=False) as s:
        due = retention.plan(s, years=years)
    rows = [
        {
            "kind": t("entity.retiree") if d.kind == "retiree" else t("entity.member"),
            "id": d.id,
            "name": d.name,
            "reason": t(f"trust.purge_reason.{d.reason}"),
            "since": d.since,
            "household": d.household_id,
        }
        for d in [*due.retirees, *due.members]
    ]
    title = t("trust.purge_title", years=due.years, cutoff=due.cutoff.isoformat())
    if dry_run or not rows:
        columns = [Column(c) for c in ("kind", "id", "name", "reason", "since", "household")]
        emit(
            Report(title, columns, rows, footer=[] if rows else [t("trust.purge_none", years=due.years)]), fmt
        )
        return
    if not yes and not typer.confirm(t("trust.purge_confirm", count=len(rows)), default=False, err=True):
        say(t("trust.purge_aborted"))
        raise typer.Exit(1)
    with session(ctx, write=True) as s:
        result = retention.purge(s, due)
    folder = data_dir(ctx)
    for relative in result.photos:
        photo = (folder / relative).resolve()
        if photo.is_relative_to(folder.resolve()):  # only files kuangqu put in its own data folder
            photo.unlink(missing_ok=True)
    vacuumed = retention.compact(database(ctx))
    say(t("trust.purge_done", retirees=result.retirees, members=result.members))
    if vacuumed:
        say(t("trust.purge_vacuumed"))
    say(t("trust.purge_backups_note"))
    fields = [
        ("purged_retirees", result.retirees),
        ("purged_members", result.members),
        ("purged_audit_entries", result.audit_private),
        ("years", due.years),
        ("cutoff", due.cutoff),
        ("vacuumed", vacuumed),
    ]
    emit(Record(t("trust.purge_done", retirees=result.retirees, members=result.members), fields), fmt)
