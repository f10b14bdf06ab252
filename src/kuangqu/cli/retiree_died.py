"""`kuangqu retiree died`: record a death — regular benefits stop from the following month, the one-off
items due are recorded, and a survivor household can be opened (registered on the retiree sub-app)."""

from __future__ import annotations

from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, fail_on_problems, say, session, show_warnings
from kuangqu.i18n import t

Opt = typer.Option


def died(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="身份证号、其后6位或内部编号（#12）")],
    on: Annotated[str, Opt("--on", help="死亡日期（至少写到月）：2020-03-15")],
    funeral_grant: Annotated[str | None, Opt("--funeral-grant", help="丧葬费（元；默认取配置）")] = None,
    lump_sum: Annotated[str | None, Opt("--lump-sum", help="抚恤金（元；默认取配置）")] = None,
    no_defaults: Annotated[bool, Opt("--no-defaults", help="不按配置的默认金额记丧葬费、抚恤金")] = False,
    paid_through: Annotated[
        str | None, Opt("--paid-through", help="待遇已发放到哪个月（多发部分记扣回；默认本月）")
    ] = None,
    survivor: Annotated[str | None, Opt("--survivor", help="遗属姓名（建立遗属户）")] = None,
    survivor_id: Annotated[str | None, Opt("--survivor-id", help="遗属身份证号")] = None,
    survivor_phone: Annotated[str | None, Opt("--survivor-phone", help="遗属电话")] = None,
    survivor_support: Annotated[str | None, Opt("--survivor-support", help="遗属补助月标准（元）")] = None,
    document: Annotated[str | None, Opt("--document", help="文号")] = None,
    reason: Annotated[str | None, Opt("--reason", help="说明（记入审计日志）")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记去世：次月起停发按月待遇，记丧葬费、抚恤金，可建立遗属户 / record a death."""
    from kuangqu.errors import RuleViolation
    from kuangqu.rules.dates import parse_partial_date
    from kuangqu.rules.ledger import parse_month
    from kuangqu.rules.money import parse_yuan
    from kuangqu.services import deaths, retirees

    died_on = parse_partial_date(on)
    data = deaths.Death(
        died_on=died_on,
        funeral_grant_fen=parse_yuan(funeral_grant) if funeral_grant is not None else None,
        lump_sum_fen=parse_yuan(lump_sum) if lump_sum is not None else None,
        reason=reason,
        document=document,
        paid_through=parse_month(paid_through) if paid_through else None,
        use_defaults=not no_defaults,
    )
    if (survivor is None) != (survivor_id is None):
        raise RuleViolation("death.survivor_needs_both")
    if survivor is not None:
        from kuangqu.validate import retiree_input

        raw = {"name": survivor, "id_number": survivor_id, "category": "遗属"}
        if survivor_phone:
            raw["phone"] = survivor_phone
        result = retiree_input(raw)
        fail_on_problems(result.problems)
        show_warnings(result.warnings)
        assert result.value is not None
        support = parse_yuan(survivor_support) if survivor_support else None
        data.survivor = deaths.Survivor(result.value, support)
    with session(ctx, write=True) as s:
        person = retirees.get(s, ref)
        done = deaths.record_death(s, person, data)
        summary = {
            "id": person.id,
            "died_on": str(died_on),
            "stopped_entry_ids": [e.id for e in done.stopped],
            "reversed_entry_ids": [e.id for e in done.reversed],
            "one_off_entry_ids": [e.id for e in done.one_offs],
            "recovery_entry_id": done.recovery.id if done.recovery else None,
            "survivor_id": done.survivor.id if done.survivor else None,
            "household_id": done.household.id if done.household else None,
            "support_entry_id": done.support.id if done.support else None,
        }
        name = person.name
    if fmt == OutputFormat.json:
        import json

        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    say(
        t(
            "death.recorded",
            name=name,
            died=str(died_on),
            stopped=len(summary["stopped_entry_ids"]),
            one_offs=len(summary["one_off_entry_ids"]),
        )
    )
    if summary["reversed_entry_ids"]:
        say(t("death.reversed_after", count=len(summary["reversed_entry_ids"])))
    if summary["recovery_entry_id"]:
        say(t("death.recovery", id=summary["recovery_entry_id"]))
    if not summary["one_off_entry_ids"]:
        say(t("death.no_one_offs"))
    if summary["survivor_id"]:
        say(t("death.survivor_opened", id=summary["survivor_id"], household=summary["household_id"]))
