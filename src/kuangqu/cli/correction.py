"""`kuangqu correction`: benefit problems found in a review (纠错), from found to a written answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, emit, emit_created, say, session
from kuangqu.i18n import t

app = typer.Typer(help="待遇纠错：发现、外调、纠正、书面答复 / benefit corrections", no_args_is_help=True)

Opt = typer.Option
IdArg = Annotated[int, typer.Argument(help="纠错编号")]
DayOpt = Annotated[str | None, Opt("--on", help="日期（默认今天）：2020-03-02")]


def _day(raw: str | None) -> date | None:
    if raw is None:
        return None
    from kuangqu.rules.dates import parse_partial_date

    return parse_partial_date(raw).to_date()


@app.command("open")
def open_(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="身份证号、其后6位或内部编号（#12）")],
    problem: Annotated[str, Opt("--problem", help="发现的问题")],
    source: Annotated[str | None, Opt("--source", help="来源：复核、本人反映、审计……")] = None,
    found_on: DayOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记复核中发现的待遇问题 / record a benefit problem found in a review."""
    from kuangqu.services import corrections, retirees

    day = _day(found_on)
    with session(ctx, write=True) as s:
        person = retirees.get(s, ref)
        new_id = corrections.open_(s, person, problem, found_on=day, source=source).id
    emit_created(new_id, t("entity.correction"), fmt)


@app.command("inquire")
def inquire(
    ctx: typer.Context,
    correction_id: IdArg,
    place: Annotated[str, Opt("--to", help="外调去向：北京、辽宁……")],
    sent_on: Annotated[str | None, Opt("--sent", help="发出日期（默认今天）")] = None,
    matter: Annotated[str | None, Opt("--matter", help="调查事项")] = None,
    method: Annotated[str | None, Opt("--method", help="方式：函调、实地")] = None,
    document: Annotated[str | None, Opt("--document", help="函号")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """发出外调（状态转为调查中）/ send an inquiry elsewhere (status: investigating)."""
    from kuangqu.services import corrections

    with session(ctx, write=True) as s:
        item = corrections.get(s, correction_id)
        inquiry = corrections.inquire(
            s, item, place, sent_on=_day(sent_on), matter=matter, method=method, document=document
        )
        new_id = inquiry.id
    emit_created(new_id, t("entity.inquiry"), fmt, {"correction_id": correction_id})


@app.command("reply")
def reply(
    ctx: typer.Context,
    correction_id: IdArg,
    text: Annotated[str, Opt("--reply", help="回复内容")],
    inquiry: Annotated[int | None, Opt("--inquiry", help="外调编号（只有一件未回复时可省略）")] = None,
    on: DayOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记外调的回复 / record the reply to an inquiry."""
    from kuangqu.services import corrections

    with session(ctx, write=True) as s:
        item = corrections.get(s, correction_id)
        done = corrections.reply(s, item, text, inquiry_id=inquiry, replied_on=_day(on))
        inquiry_id = done.id
    if fmt == OutputFormat.json:
        import json

        typer.echo(json.dumps({"id": inquiry_id, "correction_id": correction_id}, ensure_ascii=False))
    else:
        say(t("correction.replied", id=inquiry_id))


def arrears_report(lines: list[Any]) -> Any:
    from kuangqu.render import Column, Report
    from kuangqu.rules.money import format_fen
    from kuangqu.services.ledger import component_name

    rows = [
        {
            "month": str(x.month),
            "component_name": component_name(x.component),
            "paid": format_fen(x.paid_fen),
            "due": format_fen(x.due_fen),
            "diff": format_fen(x.diff_fen),
            "component": x.component,
        }
        for x in lines
    ]
    columns = [
        Column("month"),
        Column("component_name"),
        Column("paid", justify="right"),
        Column("due", justify="right"),
        Column("diff", justify="right"),
    ]
    total = format_fen(sum(x.diff_fen for x in lines))
    return Report(
        t("correction.arrears_title"),
        columns,
        rows,
        footer=[t("correction.arrears_total", total=total)],
        json_key="arrears",
    )


@app.command("correct")
def correct(
    ctx: typer.Context,
    correction_id: IdArg,
    entry: Annotated[
        list[str], Opt("--entry", help="项目:起始年月:正确月标准，如 基本养老金:2019-01:2350.00（可重复）")
    ],
    finding: Annotated[str | None, Opt("--finding", help="查明的情况")] = None,
    paid_through: Annotated[
        str | None, Opt("--paid-through", help="已按原标准发放到哪个月（默认本月）")
    ] = None,
    carry_forward: Annotated[
        bool, Opt("--carry-forward/--no-carry-forward", help="把同样的差额带到此后每次调整（默认是）")
    ] = True,
    document: Annotated[str | None, Opt("--document", help="文号")] = None,
    on: DayOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """纠正：写入正确的标准，逐月计算补发/扣回并记账 / correct the ledger; arrears month by month."""
    from kuangqu.rules.ledger import parse_correction_line, parse_month
    from kuangqu.rules.money import format_fen
    from kuangqu.services import corrections

    lines = [parse_correction_line(raw) for raw in entry]
    through = parse_month(paid_through) if paid_through else None
    with session(ctx, write=True) as s:
        item = corrections.get(s, correction_id)
        done = corrections.correct(
            s,
            item,
            lines,
            finding=finding,
            paid_through=through,
            document=document,
            on=_day(on),
            carry_forward=carry_forward,
        )
        summary = {
            "id": correction_id,
            "status": item.status,
            "entry_ids": [e.id for e in done.entries],
            "carried_entry_ids": [e.id for e in done.carried],
            "settlement_entry_id": done.settlement.id if done.settlement else None,
            "settlement_component": done.settlement.component if done.settlement else None,
            "arrears_total": format_fen(done.total_fen),
            "paid_through": str(item.paid_through),
        }
    report = arrears_report(done.lines)
    report.json_extra = summary
    emit(report, fmt)


@app.command("answer")
def answer(
    ctx: typer.Context,
    correction_id: IdArg,
    text: Annotated[str, Opt("--reply", help="给本人的书面答复")],
    document: Annotated[str | None, Opt("--document", help="答复文号")] = None,
    on: DayOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记给本人的书面答复（结案）/ record the written answer to the retiree (closes the case)."""
    from kuangqu.services import corrections

    with session(ctx, write=True) as s:
        done = corrections.answer(s, corrections.get(s, correction_id), text, on=_day(on), document=document)
        closed_on = done.closed_on
    _closed(fmt, correction_id, "answered", closed_on, "correction.answered")


def _closed(fmt: OutputFormat, correction_id: int, status: str, closed_on: Any, key: str) -> None:
    if fmt == OutputFormat.json:
        import json

        typer.echo(json.dumps({"id": correction_id, "status": status, "closed_on": str(closed_on)}))
    else:
        say(t(key, id=correction_id))


@app.command("no-error")
def no_error(
    ctx: typer.Context,
    correction_id: IdArg,
    finding: Annotated[str, Opt("--finding", help="核查结论")],
    on: DayOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """经核查待遇无误（结案）/ close the case: no error found."""
    from kuangqu.services import corrections

    with session(ctx, write=True) as s:
        done = corrections.no_error(s, corrections.get(s, correction_id), finding, on=_day(on))
        closed_on = done.closed_on
    _closed(fmt, correction_id, "no_error", closed_on, "correction.closed_no_error")


LIST_KEYS = [
    "id",
    "retiree_id",
    "name",
    "status_name",
    "problem",
    "found_on",
    "days_open",
    "inquiries",
    "arrears",
    "closed_on",
    "status",
]


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str,
        Opt("--status", help="open（未结，默认）| all | 已发现 | 调查中 | 已纠正 | 已书面答复 | 经核无误"),
    ] = "open",
    ref: Annotated[str | None, Opt("--retiree", help="只看此人")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出纠错事项及已办天数 / list corrections and how long they have been open."""
    from kuangqu.render import Column, Report
    from kuangqu.rules import ledger as rules
    from kuangqu.services import corrections, retirees

    if status == "open":
        statuses: list[str] | None = list(rules.OPEN_STATUSES)
    elif status == "all":
        statuses = None
    else:
        statuses = [rules.parse_correction_status(status)]
    with session(ctx, write=False) as s:
        person_id = retirees.get(s, ref).id if ref else None
        rows = [
            corrections.correction_row(c, p, n)
            for c, p, n in corrections.list_corrections(s, statuses=statuses, retiree_id=person_id)
        ]
    columns = [
        Column(k, justify="right" if k in ("id", "days_open", "inquiries", "arrears") else "left")
        for k in LIST_KEYS
    ]
    emit(Report(t("correction.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


@app.command("show")
def show(ctx: typer.Context, correction_id: IdArg, fmt: FormatOption = OutputFormat.table) -> None:
    """查看一件纠错：外调、纠正记录、逐月补发 / show one correction with its inquiries and entries."""
    from kuangqu.models.registry import Retiree
    from kuangqu.render import Column, Record, Report
    from kuangqu.rules import ledger as rules
    from kuangqu.services import corrections, ledger

    with session(ctx, write=False) as s:
        item = corrections.get(s, correction_id)
        person = s.get(Retiree, item.retiree_id)
        assert person is not None
        asked = corrections.inquiries(s, item)
        entries = [
            ledger.entry_row(e, person.name)
            for e, _ in ledger.list_entries(s, correction_id=item.id, limit=None)
        ]
        row = corrections.correction_row(item, person, len(asked))
    fields: list[tuple[str, Any]] = [
        (k, row[k])
        for k in ("id", "retiree_id", "name", "status", "status_name", "problem", "found_on", "days_open")
    ]
    fields += [
        ("source", item.source),
        ("finding", item.finding),
        ("corrected_on", item.corrected_on),
        ("paid_through", str(item.paid_through) if item.paid_through else None),
        ("arrears_total", row["arrears"]),
        ("answer", item.answer),
        ("answer_document", item.answer_document),
        ("answered_on", item.answered_on),
        ("closed_on", item.closed_on),
    ]
    inquiry_rows = [
        {
            "id": i.id,
            "place": i.place,
            "sent_on": i.sent_on,
            "matter": i.matter,
            "method": i.method,
            "document": i.document,
            "reply": i.reply,
            "replied_on": i.replied_on,
        }
        for i in asked
    ]
    lines = [
        rules.ArrearsLine(rules.parse_month(d["month"]), d["component"], d["paid_fen"], d["due_fen"])
        for d in (item.arrears_detail or [])
    ]
    sections = [
        Report(
            t("correction.inquiries_title"),
            [
                Column(k)
                for k in ("id", "place", "sent_on", "matter", "method", "document", "reply", "replied_on")
            ],
            inquiry_rows,
            json_key="inquiries",
        ),
        Report(
            t("correction.entries_title"),
            [
                Column(k)
                for k in (
                    "id",
                    "seq",
                    "effective",
                    "component_name",
                    "amount",
                    "reason",
                    "reverses_id",
                    "component",
                )
            ],
            entries,
            json_key="entries",
        ),
        arrears_report(lines),
    ]
    if fmt == OutputFormat.table:
        fields = [(k, v) for k, v in fields if v not in (None, "")]
    emit(Record(t("correction.show_title", id=item.id, name=person.name), fields, sections=sections), fmt)
