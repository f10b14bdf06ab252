"""`kuangqu benefit`: the benefit ledger (add, reverse, list), cards (待遇变更明白卡), yearly adjustments,
and `benefit papers` for retired cadres' newspaper subscriptions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.cli.common import (
    FormatOption,
    OutputFormat,
    ReasonOption,
    RevealOption,
    audit_reveal,
    emit,
    emit_created,
    err,
    quick_reader,
    require_reason,
    say,
    session,
)
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.reports.ledger import Card

app = typer.Typer(
    help="待遇台账、明白卡、年度调整 / benefit ledger, cards, yearly adjustments", no_args_is_help=True
)
papers_app = typer.Typer(
    help="离退休干部报刊订阅 / retired cadres' newspaper subscriptions", no_args_is_help=True
)
app.add_typer(papers_app, name="papers")

Opt = typer.Option
RetireeArg = Annotated[str, typer.Argument(help="身份证号、其后6位或内部编号（#12）")]
MonthOpt = Annotated[str | None, Opt("--as-of", help="计算到哪个月（默认本月）：2020-12")]
AreaOpt = Annotated[str | None, Opt("--area", help="片区")]
OutOpt = Annotated[Path | None, Opt("--output", "-o", help="写入 xlsx 文件（A4 打印）")]


def _month(raw: str | None) -> Any:
    if raw is None:
        return None
    from kuangqu.rules.ledger import parse_month

    return parse_month(raw)


@app.command("add")
def add(
    ctx: typer.Context,
    ref: RetireeArg,
    effective: Annotated[str, Opt("--effective", help="生效年月：2019-01")],
    component: Annotated[
        str,
        Opt(
            "--component",
            help="项目：基本养老金|过渡性养老金|各项补贴|电话费补贴|遗属补助|丧葬费|抚恤金|补发|扣回",
        ),
    ],
    amount: Annotated[str, Opt("--amount", help="金额（元）；按月项目为变更后的月标准，0 表示停发")],
    reason: Annotated[str, Opt("--reason", help="变更原因")],
    document: Annotated[str | None, Opt("--document", help="文号")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """记一笔待遇变更（按月项目写变更后的月标准）/ add a ledger entry (regular items: the new level)."""
    from kuangqu.services import ledger, retirees

    data = ledger.add_input(effective, component, amount, reason, document)
    with session(ctx, write=True) as s:
        person = retirees.get(s, ref)
        entry = ledger.add(s, person, data)
        new_id, seq = entry.id, entry.seq
    emit_created(new_id, t("entity.ledger_entry"), fmt, {"seq": seq})


@app.command("reverse")
def reverse(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(help="要冲正的台账记录编号")],
    reason: Annotated[str, Opt("--reason", help="冲正原因")],
    document: Annotated[str | None, Opt("--document", help="文号")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """冲正一笔记录（原记录保留，恢复之前的标准）/ reverse an entry (the old level comes back)."""
    from kuangqu.services import ledger

    with session(ctx, write=True) as s:
        entry = ledger.reverse(s, entry_id, reason, document=document)
        new_id, seq = entry.id, entry.seq
    emit_created(new_id, t("entity.reversal"), fmt, {"seq": seq, "reverses_id": entry_id})


def card_report(card: Card) -> Any:
    """The changes as a table: each component's amount after each change, then the monthly total."""
    from kuangqu.render import Column, Report
    from kuangqu.reports.ledger import card_change_rows, current_parts

    rows = []
    for change in card_change_rows(card):
        rows.append({**change, **change["levels"]})
    columns = [
        Column("seq", justify="right"),
        Column("effective"),
        Column("component_name"),
        Column("amount", justify="right"),
        Column("reason"),
        Column("document"),
        Column("note"),
    ]
    columns += [Column(code, label_key=f"component.{code}", justify="right") for code in card.components]
    columns.append(Column("total", justify="right"))
    from kuangqu.rules.money import format_fen

    parts = current_parts(card)
    footer = [
        t("card.current_total", month=str(card.as_of), total=format_fen(card.current_total), parts=parts)
    ]
    return Report(t("card.changes_title"), columns, rows, footer=footer, json_key="changes")


@app.command("card")
def card(
    ctx: typer.Context,
    ref: RetireeArg,
    fmt: FormatOption = OutputFormat.table,
    output: OutOpt = None,
    as_of: MonthOpt = None,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """待遇变更明白卡：退休以来每一次变更、变更后各项金额、当前月合计 / one person's benefit card."""
    from kuangqu.reports import ledger

    require_reason(reveal, reason)
    month = _month(as_of)
    if reveal:
        with session(ctx, write=True) as s:
            result = ledger.read_card(s.connection(), ref, month)
            audit_reveal(s, "retiree", result.retiree.id, reason)
    else:
        # Plain SQL, no ORM models: this command must answer in half a second as a whole process (see
        # reports.ledger). On a SQLite file it runs on sqlite3 alone, elsewhere on SQLAlchemy Core.
        with quick_reader(ctx) as reader:
            result = ledger.read_card(reader, ref, month)
    if output is not None:
        from kuangqu.excel.card import write_cards

        write_cards(output, [result], reveal=reveal)
        say(t("card.written", path=str(output), count=1))
        return
    if fmt == OutputFormat.json:
        from kuangqu.render import to_json

        typer.echo(to_json(ledger.card_json(result, reveal=reveal)))
        return
    report = card_report(result)
    if fmt == OutputFormat.csv:
        emit(report, fmt)
        return
    from kuangqu.render import Record

    header = ledger.card_header(result, reveal=reveal, labels=True)
    fields = [(k, v) for k, v in header.items() if v not in (None, "")]
    emit(Record(t("card.title_for", name=result.retiree.name), fields, sections=[report]), fmt)


@app.command("cards")
def cards(
    ctx: typer.Context,
    output: Annotated[Path, Opt("--output", "-o", help="写入的 xlsx 文件")],
    area: AreaOpt = None,
    building: Annotated[str | None, Opt("--building", help="楼栋")] = None,
    work_group: Annotated[str | None, Opt("--work-group", help="工作组")] = None,
    category: Annotated[str | None, Opt("--category", help="类别：离休|退休|退职|遗属")] = None,
    status: Annotated[str | None, Opt("--status", help="状态：在册|已故|迁出（默认全部）")] = None,
    one_sheet: Annotated[
        bool, Opt("--one-sheet/--sheet-per-person", help="全部放在一张表里分页打印 / 每人一张工作表（默认）")
    ] = False,
    as_of: MonthOpt = None,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """批量生成明白卡（xlsx，每人一页）/ make the cards of many people at once."""
    import sys

    from kuangqu.cli.filters import roster_filter
    from kuangqu.services import ledger, retirees

    require_reason(reveal, reason)
    month = _month(as_of)
    flt = roster_filter(area, building, work_group, category, status)
    with session(ctx, write=reveal) as s:
        people = retirees.list_roster(s, flt)
        if reveal:
            audit_reveal(s, "retiree", None, reason)
        made = ledger.cards_for(s, people, month)
    if not made:
        say(t("card.nobody"))
        raise typer.Exit(0)
    from kuangqu.excel.card import write_cards

    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(console=err(), transient=True) as bar:
            task = bar.add_task(t("card.progress"), total=len(made))
            write_cards(
                output, made, one_sheet=one_sheet, reveal=reveal, progress=lambda n: bar.advance(task, n)
            )
    else:
        write_cards(output, made, one_sheet=one_sheet, reveal=reveal)
    if fmt == OutputFormat.json:
        import json

        typer.echo(json.dumps({"path": str(output), "cards": len(made)}, ensure_ascii=False))
    else:
        say(t("card.written", path=str(output), count=len(made)))


@app.command("list")
def list_(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="只看此人（可省略）")] = None,
    component: Annotated[str | None, Opt("--component", help="项目")] = None,
    month: Annotated[str | None, Opt("--month", help="生效年月")] = None,
    batch: Annotated[int | None, Opt("--batch", help="调整批次编号")] = None,
    correction: Annotated[int | None, Opt("--correction", help="纠错编号")] = None,
    limit: Annotated[int, Opt("--limit", help="最多显示条数（0 为不限）")] = 200,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出台账记录 / list ledger entries."""
    from kuangqu.render import Column, Report
    from kuangqu.rules.ledger import parse_component
    from kuangqu.services import ledger, retirees

    code = parse_component(component).code if component else None
    with session(ctx, write=False) as s:
        person_id = retirees.get(s, ref).id if ref else None
        found = ledger.list_entries(
            s,
            retiree_id=person_id,
            component=code,
            month=_month(month),
            batch_id=batch,
            correction_id=correction,
            limit=limit or None,
        )
        rows = [ledger.entry_row(entry, name) for entry, name in found]
    keys = [
        "id",
        "retiree_id",
        "name",
        "seq",
        "effective",
        "component_name",
        "amount",
        "reason",
        "document",
        "reverses_id",
        "batch_id",
        "correction_id",
        "recorded_at",
        "operator",
        "component",
    ]
    emit(
        Report(
            t("ledger.list_title"), [Column(k) for k in keys], rows, footer=[t("cli.count", count=len(rows))]
        ),
        fmt,
    )


@app.command("adjust")
def adjust(
    ctx: typer.Context,
    year: Annotated[int, Opt("--year", help="调整年度")],
    rule: Annotated[Path, Opt("--rule", help="调整办法文件（TOML）", exists=False)],
    dry_run: Annotated[bool, Opt("--dry-run", help="只计算并显示，不写入")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """年度基本养老金调整：按办法文件整批计算、写入（可整批撤销）/ the yearly increase as one batch."""
    from kuangqu.errors import RuleViolation
    from kuangqu.render import Column, Report
    from kuangqu.rules.money import format_fen
    from kuangqu.services import adjustments

    parsed, text = adjustments.load_rule(rule)
    if parsed.year != year:
        raise RuleViolation("adjustment.year_mismatch", year=year, rule_year=parsed.year)
    with session(ctx, write=not dry_run) as s:
        plan = adjustments.plan(s, parsed, text, rule.name)
        rows = [adjustments.planned_row(p) for p in plan.rows]
        batch_id = None
        if not dry_run:
            batch_id = adjustments.apply(s, plan).id
        elif plan.existing_batch is not None:
            say(t("adjustment.year_done", year=year, batch=plan.existing_batch))
    summary = {
        "year": year,
        "effective": str(parsed.effective),
        "dry_run": dry_run,
        "batch_id": batch_id,
        "people": len(rows),
        "total_increase": format_fen(plan.total_fen),
    }
    keys = [
        "retiree_id",
        "name",
        "category",
        "years_of_service",
        "age",
        "current_amount",
        "flat",
        "service",
        "percent",
        "age_extra",
        "increase",
        "new_amount",
    ]
    footer = [t("adjustment.footer", people=len(rows), total=summary["total_increase"])]
    if batch_id is not None:
        footer.append(t("adjustment.written", batch=batch_id))
    title = t("adjustment.title_dry" if dry_run else "adjustment.title", year=year)
    emit(
        Report(
            title,
            [Column(k, justify="right" if k not in ("name", "category") else "left") for k in keys],
            rows,
            footer=footer,
            json_extra=summary,
        ),
        fmt,
    )


@app.command("adjust-reverse")
def adjust_reverse(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(help="调整批次编号")],
    reason: Annotated[str, Opt("--reason", help="撤销原因")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """整批撤销一次年度调整（逐条冲正）/ reverse a whole adjustment batch."""
    from kuangqu.services import adjustments

    with session(ctx, write=True) as s:
        done, count = adjustments.reverse_batch(s, batch, reason)
        batch_id = done.id
    if fmt == OutputFormat.json:
        import json

        typer.echo(json.dumps({"id": batch_id, "reversed_entries": count}, ensure_ascii=False))
    else:
        say(t("adjustment.reversed", batch=batch_id, count=count))


@app.command("batches")
def batches(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """列出年度调整批次 / list adjustment batches."""
    from kuangqu.render import Column, Report
    from kuangqu.services import adjustments

    with session(ctx, write=False) as s:
        rows = [adjustments.batch_row(b) for b in adjustments.list_batches(s)]
    keys = [
        "id",
        "year",
        "effective",
        "people",
        "total_increase",
        "rule_name",
        "created_at",
        "operator",
        "reversed_at",
        "reversal_reason",
    ]
    columns = [Column(k, label_key="col.adjusted_people" if k == "people" else None) for k in keys]
    emit(Report(t("adjustment.batches_title"), columns, rows), fmt)


# ---------------------------------------------------------------- newspapers


@papers_app.command("add")
def papers_add(
    ctx: typer.Context,
    ref: RetireeArg,
    year: Annotated[int, Opt("--year", help="订阅年度")],
    paper: Annotated[
        list[str],
        Opt("--paper", help="报刊（可重复）：人民日报|河南日报|平顶山日报|老人春秋|求是|平顶山矿工报"),
    ],
    copies: Annotated[int, Opt("--copies", help="份数")] = 1,
    remarks: Annotated[str | None, Opt("--remarks", help="备注")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记某人某年订阅的报刊 / record the papers a retired cadre receives in a year."""
    from kuangqu.rules.ledger import parse_paper
    from kuangqu.services import cadres, retirees

    codes = [parse_paper(p) for p in paper]
    with session(ctx, write=True) as s:
        person = retirees.get(s, ref)
        added = cadres.subscribe(s, person, year, codes, copies=copies, remarks=remarks)
        ids = [sub.id for sub in added]
    emit_created(ids[0] if len(ids) == 1 else None, t("entity.subscription"), fmt, {"ids": ids})


@papers_app.command("list")
def papers_list(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="只看此人（可省略）")] = None,
    year: Annotated[int | None, Opt("--year", help="年度")] = None,
    paper: Annotated[str | None, Opt("--paper", help="报刊")] = None,
    area: AreaOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出报刊订阅及各报刊份数合计 / list subscriptions with the copies of each paper."""
    from kuangqu.render import Column, Report
    from kuangqu.rules.ledger import PAPERS, parse_paper
    from kuangqu.services import cadres, retirees

    code = parse_paper(paper) if paper else None
    with session(ctx, write=False) as s:
        person_id = retirees.get(s, ref).id if ref else None
        found = cadres.list_subscriptions(s, year=year, paper=code, retiree_id=person_id, area=area)
        rows = [cadres.subscription_row(sub, person) for sub, person in found]
        totals = cadres.totals(found)
    keys = [
        "id",
        "year",
        "retiree_id",
        "name",
        "position",
        "area",
        "paper_name",
        "copies",
        "remarks",
        "paper",
    ]
    footer = [
        t(
            "papers.totals",
            totals="，".join(f"{PAPERS[c]} {n}" for c, n in totals.items()) or "—",
            people=len({r["retiree_id"] for r in rows}),
        )
    ]
    emit(
        Report(
            t("papers.list_title"),
            [Column(k) for k in keys],
            rows,
            footer=footer,
            json_extra={"totals": totals, "people": len({r["retiree_id"] for r in rows})},
        ),
        fmt,
    )


@papers_app.command("remove")
def papers_remove(
    ctx: typer.Context,
    subscription_id: Annotated[int, typer.Argument(help="订阅记录编号")],
    reason: Annotated[str | None, Opt("--reason", help="原因（记入审计日志）")] = None,
) -> None:
    """删除一条登记错的订阅 / remove a subscription recorded by mistake."""
    from kuangqu.services import cadres

    with session(ctx, write=True) as s:
        cadres.remove(s, subscription_id, reason=reason)
    say(t("papers.removed", id=subscription_id))
