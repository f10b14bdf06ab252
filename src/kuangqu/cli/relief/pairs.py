"""`kuangqu relief pair add|end|list`: assistance pairs (a cadre helping one household, 包户到人),
and the tiered households that have none.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kuangqu.cli.common import (
    FormatOption,
    OutputFormat,
    ReasonOption,
    RevealOption,
    audit_reveal,
    day_or_today,
    emit,
    emit_created,
    require_reason,
    say,
    session,
)
from kuangqu.cli.relief._common import AsOfOpt, HouseholdArg, OnOpt, Opt, col
from kuangqu.i18n import t


def pair_add(
    ctx: typer.Context,
    ref: HouseholdArg,
    cadre: Annotated[str, Opt("--cadre", help="帮扶干部姓名")],
    position: Annotated[str | None, Opt("--position", help="职务")] = None,
    phone: Annotated[str | None, Opt("--phone", help="电话")] = None,
    leader: Annotated[bool, Opt("--leader", help="副处级以上领导包户（包户到人）")] = False,
    on: OnOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """结成帮扶对子：一名干部帮扶一户 / pair a cadre with a household."""
    from kuangqu.rules.names import normalize_name
    from kuangqu.rules.phones import normalize_phone
    from kuangqu.services import households
    from kuangqu.services.relief import pairs

    name, _ = normalize_name(cadre)
    phone_text = normalize_phone(phone)[0] if phone else None
    day = day_or_today(on)
    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        new_id = pairs.add(
            s,
            household,
            cadre_name=name,
            position=(position or "").strip() or None,
            phone=phone_text,
            leader=leader,
            on=day,
        ).id
    emit_created(new_id, t("entity.relief_pair"), fmt)


def pair_end(
    ctx: typer.Context,
    pair_ref: Annotated[str, typer.Argument(help="帮扶对子编号")],
    on: OnOpt = None,
    reason: Annotated[str | None, Opt("--reason", help="结束原因")] = None,
) -> None:
    """结束一个帮扶对子 / end an assistance pair."""
    from kuangqu.services.relief import pairs

    day = day_or_today(on)
    with session(ctx, write=True) as s:
        pair = pairs.get(s, pair_ref)
        pairs.end(s, pair, on=day, reason=reason)
    say(t("relief.pair_ended", id=pair.id))


def pair_list(
    ctx: typer.Context,
    include_ended: Annotated[bool, Opt("--all", help="包括已结束的对子")] = False,
    unpaired: Annotated[bool, Opt("--unpaired", help="改为列出没有帮扶对子的在档家庭")] = False,
    as_of: AsOfOpt = None,
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """列出帮扶对子（电话默认脱敏），或没有对子的在档家庭 / list pairs, or tiered households without one."""
    from kuangqu.render import Report
    from kuangqu.rules.masking import mask_phone
    from kuangqu.services.relief import pairs

    require_reason(reveal, reason)
    day = day_or_today(as_of)
    with session(ctx, write=reveal) as s:
        if unpaired:
            rows: list[dict[str, Any]] = [
                {
                    "household": h.id,
                    "household_no": h.household_no,
                    "head_name": head.name,
                    "tier": tier,
                    "area": head.area,
                }
                for h, head, tier in pairs.unpaired_tiered(s, day)
            ]
        else:
            if reveal:
                audit_reveal(s, "relief_pair", None, reason)
            rows = [
                {
                    "id": p.id,
                    "cadre_name": p.cadre_name,
                    "position": p.position,
                    "phone": (p.phone if reveal else mask_phone(p.phone)) if p.phone else None,
                    "leader": p.leader,
                    "household": h.id,
                    "household_no": h.household_no,
                    "head_name": head.name,
                    "started_on": p.started_on,
                    "ended_on": p.ended_on,
                }
                for p, h, head in pairs.list_pairs(s, include_ended=include_ended)
            ]
    if unpaired:
        report = Report(
            t("relief.unpaired_title", as_of=day.isoformat()),
            [col(c) for c in ("household", "household_no", "head_name", "tier", "area")],
            rows,
            footer=[t("cli.count", count=len(rows))],
        )
    else:
        report = Report(
            t("relief.pairs_title"),
            [
                col(c)
                for c in (
                    "id",
                    "cadre_name",
                    "position",
                    "phone",
                    "leader",
                    "household",
                    "household_no",
                    "head_name",
                    "started_on",
                    "ended_on",
                )
            ],
            rows,
            footer=[t("cli.count", count=len(rows))],
        )
    emit(report, fmt)
