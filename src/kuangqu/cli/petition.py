"""`kuangqu petition`: petitions (信访) through the steps of the 信访工作条例, their deadlines and
timeline, links to the records they led to, and dissuasion trips (劝阻).

Confidential petitions (every 检举控告, and any marked --confidential) show the petitioner
and the content masked in every list, show and export; `--reveal --reason` shows them and
writes one audit entry per petition revealed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

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
    option_text,
    require_reason,
    say,
    session,
    show_warnings,
)
from kuangqu.i18n import t

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kuangqu.models.stability import Petition

app = typer.Typer(
    help="信访：登记、受理、办理、复查复核、期限、劝阻 / petitions and their deadlines", no_args_is_help=True
)
Opt = typer.Option
PetitionArg = Annotated[str, typer.Argument(help="信访件编号（#N 或 N）")]
OnOpt = Annotated[str | None, Opt("--on", help="日期（默认今天）")]
NoteOpt = Annotated[str | None, Opt("--note", help="说明（记入办理过程）")]
AsOfOpt = Annotated[str | None, Opt("--as-of", help="按此日期计算期限（默认今天）")]


@app.command("add")
def add(
    ctx: typer.Context,
    channel: Annotated[str, Opt("--channel", help="渠道：来信|来访|电话|网上|越级赴省|越级进京")],
    petition_type: Annotated[str, Opt("--type", help="类别：建议意见|检举控告|申诉求决")],
    subject: Annotated[str, Opt("--subject", help="事项：待遇|房改|救济|工资|其他")],
    request: Annotated[str, Opt("--request", help="信访请求")],
    person: Annotated[str | None, Opt("--person", help="信访人：登记人员（身份证号、后6位或 #编号）")] = None,
    household: Annotated[str | None, Opt("--household", help="信访人：家庭（#编号、户号）")] = None,
    outsider: Annotated[str | None, Opt("--outsider", help="信访人：未登记人员的姓名")] = None,
    contact: Annotated[str | None, Opt("--contact", help="联系电话")] = None,
    address: Annotated[str | None, Opt("--address", help="住址")] = None,
    people: Annotated[int, Opt("--people", help="人数（5人以上为集体访）")] = 1,
    representative: Annotated[
        list[str] | None, Opt("--representative", help="代表姓名（可多次，最多5人）")
    ] = None,
    received_on: Annotated[str | None, Opt("--received-on", help="收到日期（默认今天）")] = None,
    facts: Annotated[str | None, Opt("--facts", help="事实和理由")] = None,
    repeat_of: Annotated[int | None, Opt("--repeat-of", help="重复信访：此前信访件编号")] = None,
    unit: Annotated[str | None, Opt("--unit", help="承办单位")] = None,
    confidential: Annotated[bool, Opt("--confidential", help="保密（检举控告一律保密）")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记一件信访 / register a petition."""
    from kuangqu.rules.names import normalize_name
    from kuangqu.rules.phones import normalize_phone
    from kuangqu.services import petitions

    codes = petitions.parse_codes(channel, petition_type, subject)
    reps = [normalize_name(r)[0] for r in representative or []]
    phone = normalize_phone(contact)[0] if contact else None
    request_text = option_text(request)
    if not request_text:
        from kuangqu.errors import RuleViolation

        raise RuleViolation("petition.request_required")
    with session(ctx, write=True) as s:
        kind, retiree_id, household_id, name = petitions.resolve_petitioner(
            s, person=person, household=household, outsider=outsider
        )
        data = petitions.PetitionInput(
            petitioner_kind=kind,
            petitioner_name=name,
            retiree_id=retiree_id,
            household_id=household_id,
            received_on=day_or_today(received_on),
            channel=codes[0],
            petition_type=codes[1],
            subject=codes[2],
            request=request_text,
            facts=option_text(facts),
            contact=phone,
            address=option_text(address),
            people_count=people,
            representatives=reps,
            repeat_of_id=repeat_of,
            handling_unit=option_text(unit),
            confidential=confidential,
        )
        petition, warnings = petitions.register(s, data, today=date.today())
        new_id = petition.id
    show_warnings(warnings)
    emit_created(new_id, t("entity.petition"), fmt)


def _run_step(ctx: typer.Context, ref: str, action: str, **kwargs: object) -> None:
    from kuangqu.rules.petitions import PetitionStatus
    from kuangqu.services import petitions

    with session(ctx, write=True) as s:
        p = petitions.get(s, ref)
        getattr(petitions, action)(s, p, today=date.today(), **kwargs)
        status, pid = p.status, p.id
    say(t("petition.step_done", id=pid, status=PetitionStatus(status).label))


@app.command("accept")
def accept(
    ctx: typer.Context,
    ref: PetitionArg,
    on: OnOpt = None,
    note: NoteOpt = None,
    unit: Annotated[str | None, Opt("--unit", help="承办单位")] = None,
) -> None:
    """受理（收到之日起15日内决定并告知）/ accept a petition."""
    _run_step(
        ctx, ref, "accept", on=day_or_today(on), text=option_text(note), handling_unit=option_text(unit)
    )


@app.command("reject")
def reject(
    ctx: typer.Context,
    ref: PetitionArg,
    reason: Annotated[str, Opt("--reason", help="不予受理的理由（必填）")],
    on: OnOpt = None,
) -> None:
    """不予受理（须说明理由）/ decide not to accept, with the reason."""
    _run_step(ctx, ref, "reject", on=day_or_today(on), reason=reason)


@app.command("handle")
def handle(
    ctx: typer.Context,
    ref: PetitionArg,
    opinion: Annotated[str, Opt("--opinion", help="处理意见：予以支持|解释说明|不予支持")],
    text: Annotated[str | None, Opt("--text", help="书面答复内容")] = None,
    on: OnOpt = None,
) -> None:
    """出具书面处理意见（受理之日起60日内）/ give the written opinion."""
    _run_step(ctx, ref, "handle", on=day_or_today(on), opinion=opinion, text=option_text(text))


@app.command("extend")
def extend(
    ctx: typer.Context,
    ref: PetitionArg,
    days: Annotated[int, Opt("--days", help="延长天数（最多30天，只能延长一次）")],
    reason: Annotated[str, Opt("--reason", help="延期理由（必填，须告知信访人）")],
    on: OnOpt = None,
) -> None:
    """延长办理期限（一次，不超过30日）/ extend the handling period once, by at most 30 days."""
    _run_step(ctx, ref, "extend", on=day_or_today(on), days=days, reason=reason)


@app.command("request-review")
def request_review(ctx: typer.Context, ref: PetitionArg, on: OnOpt = None, note: NoteOpt = None) -> None:
    """信访人申请复查（收到处理意见之日起30日内）/ record a request for review."""
    _run_step(ctx, ref, "request_review", on=day_or_today(on), text=option_text(note))


ResultOpt = Annotated[str, Opt("--result", help="结果：维持原意见|变更原意见")]
TextOpt = Annotated[str | None, Opt("--text", help="意见内容")]


@app.command("review")
def review(
    ctx: typer.Context, ref: PetitionArg, result: ResultOpt = "维持", text: TextOpt = None, on: OnOpt = None
) -> None:
    """出具复查意见（收到复查请求之日起30日内）/ answer the review."""
    _run_step(ctx, ref, "review", on=day_or_today(on), result=result, text=option_text(text))


@app.command("request-rereview")
def request_rereview(ctx: typer.Context, ref: PetitionArg, on: OnOpt = None, note: NoteOpt = None) -> None:
    """信访人申请复核（收到复查意见之日起30日内）/ record a request for re-review."""
    _run_step(ctx, ref, "request_rereview", on=day_or_today(on), text=option_text(note))


@app.command("rereview")
def rereview(
    ctx: typer.Context, ref: PetitionArg, result: ResultOpt = "维持", text: TextOpt = None, on: OnOpt = None
) -> None:
    """出具复核意见（此后同一事项不再受理）/ answer the re-review."""
    _run_step(ctx, ref, "rereview", on=day_or_today(on), result=result, text=option_text(text))


@app.command("close")
def close(
    ctx: typer.Context,
    ref: PetitionArg,
    on: OnOpt = None,
    note: NoteOpt = None,
    satisfaction: Annotated[str | None, Opt("--satisfaction", help="满意度：满意|基本满意|不满意")] = None,
) -> None:
    """办结 / close a petition."""
    _run_step(ctx, ref, "close", on=day_or_today(on), satisfaction=satisfaction, text=option_text(note))


@app.command("link")
def link(
    ctx: typer.Context,
    ref: PetitionArg,
    entity: Annotated[
        str, Opt("--entity", help="关联对象：relief_application|correction|housing_application|home_visit")
    ],
    entity_id: Annotated[int, Opt("--entity-id", help="关联对象编号")],
    note: NoteOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """关联信访引出的记录（救济申请、待遇纠错等）/ link the record a petition led to."""
    from kuangqu.services import petitions

    with session(ctx, write=True) as s:
        row = petitions.link(s, petitions.get(s, ref), entity, entity_id, note=option_text(note))
        new_id = row.id
    emit_created(new_id, t("entity.petition_link"), fmt)


def _reveal_each(s: Session, found: list[Petition], reveal: bool, reason: str | None) -> None:
    if reveal:
        for p in found:
            if p.confidential:
                audit_reveal(s, "petition", p.id, reason)


@app.command("show")
def show(
    ctx: typer.Context,
    ref: PetitionArg,
    as_of: AsOfOpt = None,
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """查看一件信访：各项期限和办理过程 / show a petition, its deadlines and timeline."""
    from kuangqu.render import Column, Record, Report
    from kuangqu.rules.petitions import deadlines
    from kuangqu.services import petitions

    require_reason(reveal, reason)
    day = day_or_today(as_of)
    with session(ctx, write=reveal) as s:
        p = petitions.get(s, ref)
        _reveal_each(s, [p], reveal, reason)
        hide = p.confidential and not reveal
        fields = list(petitions.detail(p, reveal=reveal, as_of=day).items())
        limits = [petitions.deadline_row(d, day) for d in deadlines(petitions.dates(p))]
        events = [petitions.event_row(e, hide=hide) for e in petitions.timeline(s, p)]
        linked = [
            {"entity": x.entity, "entity_id": x.entity_id, "note": x.note} for x in petitions.links(s, p)
        ]
        title = t("petition.show_title", id=p.id)
    record = Record(
        title=title,
        fields=[(k, v) for k, v in fields if v not in (None, "", [])],
        sections=[
            Report(
                t("petition.deadlines_title"),
                [Column(c) for c in ("stage", "start", "due", "done_on", "late", "days_left")],
                limits,
                json_key="deadlines",
            ),
            Report(
                t("petition.timeline_title"),
                [
                    Column(c)
                    for c in ("happened_on", "action", "from_status", "to_status", "text", "operator")
                ],
                events,
                json_key="events",
            ),
            Report(
                t("petition.links_title"),
                [Column("entity"), Column("entity_id"), Column("note")],
                linked,
                json_key="links",
            ),
        ],
    )
    emit(record, fmt)


LIST_COLUMNS = (
    "id",
    "received_on",
    "petitioner",
    "people_count",
    "channel",
    "petition_type",
    "subject",
    "status",
    "next_due",
    "overdue",
    "confidential",
    "request",
)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None, Opt("--status", help="状态：已登记|已受理|不予受理|已出具处理意见|…|已办结")
    ] = None,
    channel: Annotated[str | None, Opt("--channel", help="渠道")] = None,
    petition_type: Annotated[str | None, Opt("--type", help="类别")] = None,
    subject: Annotated[str | None, Opt("--subject", help="事项")] = None,
    year: Annotated[int | None, Opt("--year", help="收到年份")] = None,
    overdue: Annotated[bool, Opt("--overdue", help="只列超期的")] = False,
    as_of: AsOfOpt = None,
    limit: Annotated[int | None, Opt("--limit", help="最多显示条数")] = None,
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """列出信访件（保密件脱敏）/ list petitions (confidential ones masked)."""
    from kuangqu.render import Column, Report
    from kuangqu.rules.petitions import Channel, PetitionStatus, PetitionType, Subject
    from kuangqu.services import petitions

    require_reason(reveal, reason)
    day = day_or_today(as_of)
    with session(ctx, write=reveal) as s:
        found = petitions.list_petitions(
            s,
            status=PetitionStatus.parse(status, "status").value if status else None,
            channel=Channel.parse(channel, "channel").value if channel else None,
            petition_type=PetitionType.parse(petition_type, "petition_type").value if petition_type else None,
            subject=Subject.parse(subject, "subject").value if subject else None,
            year=year,
            overdue_as_of=day if overdue else None,
            limit=limit,
        )
        _reveal_each(s, found, reveal, reason)
        rows = [petitions.row(p, reveal=reveal, as_of=day) for p in found]
    report = Report(
        t("petition.list_title"),
        [Column(c) for c in LIST_COLUMNS],
        rows,
        footer=[t("cli.count", count=len(rows))],
    )
    emit(report, fmt)


@app.command("due")
def due(
    ctx: typer.Context,
    days: Annotated[int, Opt("--days", help="列出N天内到期的（以及已超期的）")] = 7,
    as_of: AsOfOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """即将到期和已超期的信访件 / what falls due within N days, and what is overdue."""
    from kuangqu.render import Column, Report
    from kuangqu.rules.petitions import Stage
    from kuangqu.services import petitions

    day = day_or_today(as_of)
    with session(ctx, write=False) as s:
        rows = []
        for p, deadline in petitions.due(s, as_of=day, days=days):
            row = petitions.row(p, reveal=False, as_of=day)
            rows.append(
                {
                    **{k: row[k] for k in ("id", "received_on", "petitioner", "channel", "status")},
                    "stage": Stage(deadline.stage),
                    "due": deadline.due,
                    "days_left": (deadline.due - day).days,
                    "overdue": deadline.late(day),
                }
            )
    late = sum(1 for r in rows if r["overdue"])
    columns = [
        Column(c)
        for c in (
            "id",
            "received_on",
            "petitioner",
            "channel",
            "status",
            "stage",
            "due",
            "days_left",
            "overdue",
        )
    ]
    emit(
        Report(
            t("petition.due_title", days=days, as_of=day.isoformat()),
            columns,
            rows,
            footer=[t("petition.due_footer", due=len(rows) - late, overdue=late)],
        ),
        fmt,
    )


@app.command("dissuade")
def dissuade(
    ctx: typer.Context,
    place: Annotated[str, Opt("--place", help="地点：郑州、许昌、平顶山火车站……")],
    staff: Annotated[str, Opt("--staff", help="前往劝阻的人员")],
    persuaded: Annotated[int, Opt("--persuaded", help="劝返人数")],
    on: OnOpt = None,
    petition: Annotated[list[int] | None, Opt("--petition", help="相关信访件编号（可多次）")] = None,
    notes: Annotated[str | None, Opt("--notes", help="情况说明")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """记录一次劝阻（劝返人数计入“劝阻人次”）/ record a dissuasion trip."""
    from kuangqu.services import petitions

    data = petitions.DissuasionInput(
        happened_on=day_or_today(on),
        place=place,
        staff=staff,
        persuaded_count=persuaded,
        notes=option_text(notes),
        petition_ids=list(petition or []),
    )
    with session(ctx, write=True) as s:
        new_id = petitions.dissuade(s, data, today=date.today()).id
    emit_created(new_id, t("entity.dissuasion"), fmt)


@app.command("dissuasions")
def dissuasions(
    ctx: typer.Context,
    year: Annotated[int | None, Opt("--year", help="年份")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出劝阻记录及劝返人次 / list dissuasion trips and person-times."""
    from kuangqu.render import Column, Report
    from kuangqu.services import petitions

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": d.id,
                "happened_on": d.happened_on,
                "place": d.place,
                "staff": d.staff,
                "persuaded_count": d.persuaded_count,
                "petitions": linked,
                "notes": d.notes,
            }
            for d, linked in petitions.dissuasions(s, year=year)
        ]
    total = sum(r["persuaded_count"] for r in rows)
    columns = [
        Column(c) for c in ("id", "happened_on", "place", "staff", "persuaded_count", "petitions", "notes")
    ]
    emit(
        Report(
            t("petition.dissuasions_title"),
            columns,
            rows,
            footer=[t("petition.dissuasions_footer", count=len(rows), total=total)],
            json_extra={"count": len(rows), "person_times": total} if fmt == "json" else None,
        ),
        fmt,
    )
