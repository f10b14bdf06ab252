"""`kuangqu activity`: care and activities — trips and sanatorium stays (add, list, join, show),
and as small sub-apps `team`, `award`, `teacher`, `thanks` and `job` (temporary jobs arranged
for retirees' children). Each command is a thin call to services.activities.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, day_or_today, emit, emit_created, say, session
from kuangqu.i18n import t

app = typer.Typer(
    help="关爱与活动：参观疗养、文体队、获奖、教师库、感谢、临时工作 / care and activities",
    no_args_is_help=True,
)
team_app = typer.Typer(help="文体队（锣鼓秧歌队、太极拳队、门球队）/ teams", no_args_is_help=True)
award_app = typer.Typer(help="获奖 / awards", no_args_is_help=True)
teacher_app = typer.Typer(
    help="教师库（安全、技术、管理）与讲课 / the teacher pool and lectures", no_args_is_help=True
)
thanks_app = typer.Typer(help="锦旗、感谢信 / thanks received", no_args_is_help=True)
job_app = typer.Typer(
    help="为子女安排的临时工作 / temporary jobs for retirees' children", no_args_is_help=True
)
app.add_typer(team_app, name="team")
app.add_typer(award_app, name="award")
app.add_typer(teacher_app, name="teacher")
app.add_typer(thanks_app, name="thanks")
app.add_typer(job_app, name="job")

Opt = typer.Option
PersonArg = Annotated[str, typer.Argument(help="人员：身份证号、后6位或 #编号")]
YearOpt = Annotated[int | None, Opt("--year", help="年份")]


def _opt_day(raw: str | None) -> date | None:
    return day_or_today(raw) if raw else None


# ------------------------------------------------------------------ activities


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, Opt("--name", help="活动名称")],
    kind: Annotated[str, Opt("--kind", help="类别：外出参观|疗养|座谈会|其他")],
    start: Annotated[str, Opt("--start", help="开始日期")],
    end: Annotated[str | None, Opt("--end", help="结束日期")] = None,
    place: Annotated[str | None, Opt("--place", help="地点")] = None,
    notes: Annotated[str | None, Opt("--notes", help="备注")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记一项活动（参观、疗养、座谈……）/ add an activity or trip."""
    from kuangqu.services import activities

    with session(ctx, write=True) as s:
        new_id = activities.add_activity(
            s,
            name=name,
            kind=kind,
            start_on=day_or_today(start),
            end_on=_opt_day(end),
            place=place,
            notes=notes,
        ).id
    emit_created(new_id, t("entity.activity"), fmt)


@app.command("join")
def join(
    ctx: typer.Context,
    activity: Annotated[str, typer.Argument(help="活动：#编号或名称")],
    people: Annotated[list[str], typer.Argument(help="参加人员（可多个）")],
    note: Annotated[str | None, Opt("--note", help="备注")] = None,
) -> None:
    """登记参加活动的人员 / add participants to an activity."""
    from kuangqu.services import activities, retirees

    with session(ctx, write=True) as s:
        target = activities.get_activity(s, activity)
        for ref in people:
            activities.join(s, target, retirees.get(s, ref), note=note)
        name = target.name
    say(t("activity.joined", count=len(people), activity=name))


@app.command("list")
def list_(
    ctx: typer.Context,
    year: YearOpt = None,
    kind: Annotated[str | None, Opt("--kind", help="类别")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出活动及参加人数 / list activities and how many took part."""
    from kuangqu.models.stability import ActivityKind
    from kuangqu.render import Column, Report
    from kuangqu.services import activities

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": a.id,
                "name": a.name,
                "kind": ActivityKind(a.kind),
                "place": a.place,
                "start_on": a.start_on,
                "end_on": a.end_on,
                "participants": n,
            }
            for a, n in activities.list_activities(s, year=year, kind=kind)
        ]
    columns = [Column("id"), Column("name", label_key="col.activity_name")]
    columns += [Column(c) for c in ("kind", "place", "start_on", "end_on")]
    columns.append(Column("participants", justify="right"))
    total = sum(r["participants"] for r in rows)
    emit(
        Report(
            t("activity.list_title"),
            columns,
            rows,
            footer=[t("activity.list_footer", count=len(rows), total=total)],
        ),
        fmt,
    )


@app.command("show")
def show(
    ctx: typer.Context,
    activity: Annotated[str, typer.Argument(help="活动：#编号或名称")],
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """查看一项活动及参加人员 / show an activity and its participants."""
    from kuangqu.models.enums import Category
    from kuangqu.models.stability import ActivityKind
    from kuangqu.render import Column, Record, Report
    from kuangqu.services import activities
    from kuangqu.views import enum_or_raw

    with session(ctx, write=False) as s:
        a = activities.get_activity(s, activity)
        people = [
            {
                "retiree_id": r.id,
                "name": r.name,
                "category": enum_or_raw(Category, r.category),
                "former_unit": r.former_unit,
                "note": p.note,
            }
            for p, r in activities.participants(s, a)
        ]
        fields = [
            ("id", a.id),
            ("kind", ActivityKind(a.kind)),
            ("place", a.place),
            ("start_on", a.start_on),
            ("end_on", a.end_on),
            ("participants", len(people)),
            ("notes", a.notes),
        ]
    columns = [Column(c) for c in ("retiree_id", "name", "category", "former_unit", "note")]
    # The name is in the title; as a field it would be labelled 姓名 (a person's name).
    emit(
        Record(
            t("activity.show_title", name=a.name),
            [(k, v) for k, v in fields if v is not None],
            sections=[Report(t("activity.participants_title"), columns, people, json_key="people")],
            json_extra={"name": a.name},
        ),
        fmt,
    )


# ------------------------------------------------------------------ teams


@team_app.command("add")
def team_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="队名，如 锣鼓秧歌队")],
    founded: Annotated[str | None, Opt("--founded", help="成立日期")] = None,
    leader: Annotated[str | None, Opt("--leader", help="队长姓名")] = None,
    notes: Annotated[str | None, Opt("--notes", help="备注")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """成立一支队伍 / add a team."""
    from kuangqu.services import activities

    with session(ctx, write=True) as s:
        new_id = activities.add_team(
            s, name=name, founded_on=_opt_day(founded), leader_name=leader, notes=notes
        ).id
    emit_created(new_id, t("entity.team"), fmt)


@team_app.command("member")
def team_member(
    ctx: typer.Context,
    team: Annotated[str, typer.Argument(help="队：#编号或队名")],
    person: PersonArg,
    role: Annotated[str | None, Opt("--role", help="角色，如 队长、鼓手")] = None,
    joined: Annotated[str | None, Opt("--joined", help="入队日期")] = None,
    leave: Annotated[str | None, Opt("--leave", help="退队日期（登记退队）")] = None,
) -> None:
    """登记队员入队（或用 --leave 登记退队）/ add a member (or record leaving with --leave)."""
    from kuangqu.services import activities, retirees

    with session(ctx, write=True) as s:
        target = activities.get_team(s, team)
        who = retirees.get(s, person)
        if leave:
            activities.leave_team(s, target, who, on=day_or_today(leave))
        else:
            activities.add_member(s, target, who, joined_on=_opt_day(joined), role=role)
        message = t("team.left" if leave else "team.joined", name=who.name, team=target.name)
    say(message)


@team_app.command("list")
def team_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """列出队伍及在队人数 / list teams and their members."""
    from kuangqu.render import Column, Report
    from kuangqu.services import activities

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": tm.id,
                "name": tm.name,
                "leader_name": tm.leader_name,
                "founded_on": tm.founded_on,
                "members": n,
            }
            for tm, n in activities.list_teams(s)
        ]
    columns = [
        Column("id"),
        Column("name", label_key="col.team_name"),
        Column("leader_name"),
        Column("founded_on"),
        Column("members", justify="right"),
    ]
    emit(Report(t("team.list_title"), columns, rows), fmt)


@team_app.command("show")
def team_show(
    ctx: typer.Context,
    team: Annotated[str, typer.Argument(help="队：#编号或队名")],
    include_left: Annotated[bool, Opt("--include-left", help="包括已退队的")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出一支队伍的队员 / list a team's members."""
    from kuangqu.render import Column, Report
    from kuangqu.services import activities

    with session(ctx, write=False) as s:
        target = activities.get_team(s, team)
        rows = [
            {
                "retiree_id": r.id,
                "name": r.name,
                "role": m.role,
                "joined_on": m.joined_on,
                "left_on": m.left_on,
            }
            for m, r in activities.members(s, target, include_left=include_left)
        ]
        title = t("team.show_title", name=target.name)
    columns = [Column(c) for c in ("retiree_id", "name", "role", "joined_on", "left_on")]
    emit(Report(title, columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


# ------------------------------------------------------------------ awards


@award_app.command("add")
def award_add(
    ctx: typer.Context,
    name: Annotated[str, Opt("--name", help="奖项名称")],
    level: Annotated[str, Opt("--level", help="级别：国家级|省级|市级|集团公司级|矿级|其他")],
    on: Annotated[str, Opt("--on", help="获奖日期")],
    team: Annotated[str | None, Opt("--team", help="获奖队伍（#编号或队名）")] = None,
    person: Annotated[str | None, Opt("--person", help="获奖人员")] = None,
    issuer: Annotated[str | None, Opt("--issuer", help="颁奖单位")] = None,
    notes: Annotated[str | None, Opt("--notes", help="备注")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记获奖（队伍、个人，或都不填表示中心集体）/ record an award."""
    from kuangqu.services import activities, retirees

    with session(ctx, write=True) as s:
        winner_team = activities.get_team(s, team) if team else None
        winner = retirees.get(s, person) if person else None
        new_id = activities.add_award(
            s,
            name=name,
            level=level,
            awarded_on=day_or_today(on),
            team=winner_team,
            person=winner,
            issuer=issuer,
            notes=notes,
        ).id
    emit_created(new_id, t("entity.award"), fmt)


@award_app.command("list")
def award_list(ctx: typer.Context, year: YearOpt = None, fmt: FormatOption = OutputFormat.table) -> None:
    """列出获奖 / list awards."""
    from kuangqu.models.stability import AwardLevel
    from kuangqu.render import Column, Report
    from kuangqu.services import activities

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": a.id,
                "awarded_on": a.awarded_on,
                "name": a.name,
                "level": AwardLevel(a.level),
                "winner": tm.name if tm else (r.name if r else t("award.office")),
                "issuer": a.issuer,
            }
            for a, tm, r in activities.list_awards(s, year=year)
        ]
    columns = [Column("id"), Column("awarded_on"), Column("name", label_key="col.award_name")]
    columns += [Column(c) for c in ("level", "winner", "issuer")]
    emit(Report(t("award.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


# ------------------------------------------------------------------ teacher pool


@teacher_app.command("add")
def teacher_add(
    ctx: typer.Context,
    person: PersonArg,
    subject: Annotated[list[str], Opt("--subject", help="可讲授：安全|技术|管理（可多次）")],
    on: Annotated[str | None, Opt("--on", help="入库日期（默认今天）")] = None,
    notes: Annotated[str | None, Opt("--notes", help="专长说明")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """把一位离退休人员加入教师库 / add a retiree to the teacher pool."""
    from kuangqu.services import activities, retirees

    with session(ctx, write=True) as s:
        new_id = activities.add_teacher(
            s, retirees.get(s, person), subjects=subject, added_on=day_or_today(on), notes=notes
        ).id
    emit_created(new_id, t("entity.teacher"), fmt)


@teacher_app.command("lecture")
def teacher_lecture(
    ctx: typer.Context,
    teacher: Annotated[str, typer.Argument(help="教师：#教师编号，或人员的身份证号/后6位")],
    topic: Annotated[str, Opt("--topic", help="讲课题目")],
    on: Annotated[str | None, Opt("--on", help="讲课日期（默认今天）")] = None,
    subject: Annotated[str | None, Opt("--subject", help="类别：安全|技术|管理")] = None,
    audience: Annotated[str | None, Opt("--audience", help="听课对象，如 采煤一队")] = None,
    attendees: Annotated[int | None, Opt("--attendees", help="听课人数")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记一次讲课 / record a lecture."""
    from kuangqu.services import activities

    with session(ctx, write=True) as s:
        new_id = activities.add_lecture(
            s,
            activities.get_teacher(s, teacher),
            given_on=day_or_today(on),
            topic=topic,
            subject=subject,
            audience=audience,
            attendees=attendees,
        ).id
    emit_created(new_id, t("entity.lecture"), fmt)


@teacher_app.command("list")
def teacher_list(
    ctx: typer.Context,
    subject: Annotated[str | None, Opt("--subject", help="只列可讲某类的")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出教师库及讲课次数 / list the teacher pool."""
    from kuangqu.models.stability import TeacherSubject
    from kuangqu.render import Column, Report
    from kuangqu.services import activities

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": tc.id,
                "retiree_id": r.id,
                "name": r.name,
                "former_unit": r.former_unit,
                "position": r.position,
                "subjects": [TeacherSubject(x) for x in tc.subjects],
                "lectures": n,
            }
            for tc, r, n in activities.list_teachers(s, subject=subject)
        ]
    columns = [Column(c) for c in ("id", "retiree_id", "name", "former_unit", "position", "subjects")]
    columns.append(Column("lectures", justify="right"))
    emit(Report(t("teacher.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


# ------------------------------------------------------------------ thanks


@thanks_app.command("add")
def thanks_add(
    ctx: typer.Context,
    kind: Annotated[str, Opt("--kind", help="锦旗|感谢信")],
    from_whom: Annotated[str, Opt("--from", help="赠送人/来信人")],
    on: Annotated[str | None, Opt("--on", help="收到日期（默认今天）")] = None,
    about: Annotated[str | None, Opt("--about", help="事由")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记收到的锦旗或感谢信 / record a banner or letter of thanks."""
    from kuangqu.services import activities

    with session(ctx, write=True) as s:
        new_id = activities.add_thanks(
            s, kind=kind, received_on=day_or_today(on), from_whom=from_whom, about=about
        ).id
    emit_created(new_id, t("entity.thanks"), fmt)


@thanks_app.command("list")
def thanks_list(
    ctx: typer.Context,
    year: YearOpt = None,
    kind: Annotated[str | None, Opt("--kind", help="锦旗|感谢信")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出锦旗和感谢信 / list thanks received."""
    from collections import Counter

    from kuangqu.models.stability import ThanksKind
    from kuangqu.render import Column, Report
    from kuangqu.services import activities

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": x.id,
                "received_on": x.received_on,
                "kind": ThanksKind(x.kind),
                "from_whom": x.from_whom,
                "about": x.about,
            }
            for x in activities.list_thanks(s, year=year, kind=kind)
        ]
    counts = Counter(r["kind"].value for r in rows)
    columns = [Column(c) for c in ("id", "received_on", "kind", "from_whom", "about")]
    footer = [t("thanks.footer", banners=counts.get("banner", 0), letters=counts.get("letter", 0))]
    emit(Report(t("thanks.list_title"), columns, rows, footer=footer), fmt)


# ------------------------------------------------------------------ temporary jobs


@job_app.command("add")
def job_add(
    ctx: typer.Context,
    parent: Annotated[str, typer.Argument(help="离退休人员（子女的父母）：身份证号、后6位或 #编号")],
    child: Annotated[str, Opt("--child", help="子女姓名")],
    employer: Annotated[str, Opt("--employer", help="用工单位")],
    start: Annotated[str | None, Opt("--start", help="开始日期（默认今天）")] = None,
    end: Annotated[str | None, Opt("--end", help="结束日期")] = None,
    job: Annotated[str | None, Opt("--job", help="岗位")] = None,
    notes: Annotated[str | None, Opt("--notes", help="备注")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记为子女安排的临时工作 / record a temporary job arranged for a retiree's child."""
    from kuangqu.services import activities, retirees

    with session(ctx, write=True) as s:
        new_id = activities.add_job(
            s,
            retirees.get(s, parent),
            child_name=child,
            employer=employer,
            start_on=day_or_today(start),
            end_on=_opt_day(end),
            job=job,
            notes=notes,
        ).id
    emit_created(new_id, t("entity.temporary_job"), fmt)


@job_app.command("list")
def job_list(ctx: typer.Context, year: YearOpt = None, fmt: FormatOption = OutputFormat.table) -> None:
    """列出临时工作安排 / list temporary jobs."""
    from kuangqu.render import Column, Report
    from kuangqu.services import activities

    with session(ctx, write=False) as s:
        rows = [
            {
                "id": j.id,
                "retiree_id": r.id,
                "parent_name": r.name,
                "child_name": j.child_name,
                "employer": j.employer,
                "job": j.job,
                "start_on": j.start_on,
                "end_on": j.end_on,
            }
            for j, r in activities.list_jobs(s, year=year)
        ]
    columns = [
        Column(c)
        for c in ("id", "retiree_id", "parent_name", "child_name", "employer", "job", "start_on", "end_on")
    ]
    emit(Report(t("job.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)
