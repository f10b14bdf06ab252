"""`kuangqu household`: households, their members, and the facts relief needs."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kuangqu.cli.common import (
    FormatOption,
    OutputFormat,
    ReasonOption,
    RevealOption,
    audit_reveal,
    emit,
    emit_created,
    fail_on_problems,
    require_reason,
    say,
    session,
    show_warnings,
)
from kuangqu.i18n import t

app = typer.Typer(help="家庭（户）与家庭成员 / households and their members", no_args_is_help=True)
member_app = typer.Typer(help="家庭成员 / household members", no_args_is_help=True)
app.add_typer(member_app, name="member")

Opt = typer.Option
HouseholdArg = Annotated[str, typer.Argument(help="户：#编号、户号，或户主的身份证号/后6位")]


@app.command("add")
def add(
    ctx: typer.Context,
    head: Annotated[str, Opt("--head", help="户主（登记人员的身份证号、后6位或 #编号）")],
    household_no: Annotated[str | None, Opt("--household-no", help="户号")] = None,
    kind: Annotated[
        str | None, Opt("--kind", help="户类别：离退休户|遗属户|职工户（默认按户主类别）")
    ] = None,
    key_support: Annotated[bool, Opt("--key-support", help="重点扶持户（家访周期30天）")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """建立一户，户主为登记人员（离退休人员或遗属）/ open a household."""
    from kuangqu.models.enums import HouseholdKind
    from kuangqu.services import households, retirees

    kind_code = HouseholdKind.parse(kind, "kind").value if kind else None
    with session(ctx, write=True) as s:
        person = retirees.get(s, head)
        household = households.create(
            s, person, household_no=household_no, kind=kind_code, key_support=key_support
        )
        new_id = household.id
    emit_created(new_id, t("entity.household"), fmt)


@app.command("show")
def show(
    ctx: typer.Context,
    ref: HouseholdArg,
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """查看一户及其成员（默认脱敏）/ show a household and its members."""
    from kuangqu.render import Column, Record, Report
    from kuangqu.services import households
    from kuangqu.views import household_row, member_row

    require_reason(reveal, reason)
    with session(ctx, write=reveal) as s:
        household = households.get(s, ref)
        if reveal:
            audit_reveal(s, "household", household.id, reason)
        from kuangqu.models.registry import Retiree

        head = s.get(Retiree, household.head_id)
        assert head is not None
        people = households.members(s, household)
        row = household_row(household, head, members=len(people))
        member_rows = [member_row(m, reveal=reveal) for m in people]
    columns = [
        Column(c)
        for c in (
            "id",
            "name",
            "relation",
            "id_number",
            "sex",
            "birth_date",
            "health",
            "disability_grade",
            "schooling",
            "work_status",
            "monthly_income",
        )
    ]
    record = Record(
        title=t("household.show_title", id=household.id, head=head.name),
        fields=[(k, v) for k, v in row.items() if v not in (None, "")],
        sections=[Report(t("household.members_title"), columns, member_rows, json_key="members")],
    )
    emit(record, fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    area: Annotated[str | None, Opt("--area", help="片区")] = None,
    kind: Annotated[str | None, Opt("--kind", help="户类别")] = None,
    key_support: Annotated[bool | None, Opt("--key-support/--not-key-support", help="只列重点扶持户")] = None,
    limit: Annotated[int | None, Opt("--limit", help="最多显示条数")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """列出各户 / list households."""
    from sqlalchemy import func, select

    from kuangqu.models.enums import HouseholdKind
    from kuangqu.models.registry import HouseholdMember
    from kuangqu.render import Column, Report
    from kuangqu.services import households
    from kuangqu.views import household_row

    kind_code = HouseholdKind.parse(kind, "kind").value if kind else None
    with session(ctx, write=False) as s:
        pairs = households.list_households(s, area=area, kind=kind_code, key_support=key_support, limit=limit)
        counts = dict(
            s.execute(
                select(HouseholdMember.household_id, func.count())
                .where(HouseholdMember.removed_on.is_(None))  # type: ignore[union-attr]
                .group_by(HouseholdMember.household_id)
            ).all()
        )
        rows = [household_row(h, head, members=counts.get(h.id, 0)) for h, head in pairs]
    columns = [
        Column(c)
        for c in (
            "id",
            "household_no",
            "head_name",
            "kind",
            "area",
            "building",
            "members",
            "causes",
            "key_support",
        )
    ]
    emit(Report(t("household.list_title"), columns, rows, footer=[t("cli.count", count=len(rows))]), fmt)


@app.command("set")
def set_facts(
    ctx: typer.Context,
    ref: HouseholdArg,
    annual_rigid_expenses: Annotated[
        str | None, Opt("--annual-rigid-expenses", help="年刚性支出（自付医疗费、学费），元")
    ] = None,
    cause: Annotated[
        list[str] | None, Opt("--cause", help="致困原因代码（可多次；第一个为主要原因）")
    ] = None,
    clear_causes: Annotated[bool, Opt("--clear-causes", help="先清空致困原因")] = False,
    exclusion: Annotated[list[str] | None, Opt("--exclusion", help="排除情形代码（可多次）")] = None,
    clear_exclusions: Annotated[bool, Opt("--clear-exclusions", help="先清空排除情形")] = False,
    key_support: Annotated[bool | None, Opt("--key-support/--no-key-support", help="重点扶持户")] = None,
    visit_interval: Annotated[int | None, Opt("--visit-interval", help="家访周期（天）")] = None,
    household_no: Annotated[str | None, Opt("--household-no", help="户号")] = None,
) -> None:
    """记录一户的救济事实：年刚性支出、致困原因、排除情形 / set a household's relief facts."""
    from kuangqu.config import settings
    from kuangqu.rules.codes import parse_causes, parse_exclusions
    from kuangqu.rules.money import parse_yuan
    from kuangqu.services import households

    update = households.FactsUpdate(
        annual_rigid_expenses_fen=parse_yuan(
            annual_rigid_expenses, ceiling_fen=settings().amount_ceiling_fen * 12
        )
        if annual_rigid_expenses is not None
        else None,
        add_causes=parse_causes(cause or []),
        clear_causes=clear_causes,
        add_exclusions=parse_exclusions(exclusion or []),
        clear_exclusions=clear_exclusions,
        key_support=key_support,
        visit_interval_days=visit_interval,
        household_no=household_no,
    )
    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        changed = households.set_facts(s, household, update)
    say(t("household.set_done", count=len(changed)) if changed else t("household.set_unchanged"))


MemberNameOpt = Annotated[str | None, Opt("--name", help="姓名")]
RelationOpt = Annotated[str | None, Opt("--relation", help="与户主关系：配偶|子女|父母|孙子女|遗属|其他")]
MemberIdOpt = Annotated[str | None, Opt("--id-number", help="身份证号")]
MemberSexOpt = Annotated[str | None, Opt("--sex", help="性别")]
BirthOpt = Annotated[str | None, Opt("--birth-date", help="出生日期（无身份证号时）")]
HealthOpt = Annotated[str | None, Opt("--health", help="健康状况：健康|慢病|重病|残疾")]
GradeOpt = Annotated[str | None, Opt("--disability-grade", help="残疾等级：一级…四级")]
SchoolOpt = Annotated[str | None, Opt("--schooling", help="就学情况：小学|初中|高中|大学|无")]
WorkOpt = Annotated[str | None, Opt("--work-status", help="就业情况：在职|退休|失业|无劳动能力|学生|务农")]
IncomeOpt = Annotated[str | None, Opt("--monthly-income", help="月收入（元，两位小数）")]


def _member_raw(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    ref: HouseholdArg,
    name: MemberNameOpt = None,
    relation: RelationOpt = None,
    id_number: MemberIdOpt = None,
    sex: MemberSexOpt = None,
    birth_date: BirthOpt = None,
    health: HealthOpt = None,
    disability_grade: GradeOpt = None,
    schooling: SchoolOpt = None,
    work_status: WorkOpt = None,
    monthly_income: IncomeOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """添加家庭成员 / add a member to a household."""
    from kuangqu.services import households
    from kuangqu.validate import member_input

    result = member_input(
        _member_raw(
            name=name,
            relation=relation,
            id_number=id_number,
            sex=sex,
            birth_date=birth_date,
            health=health,
            disability_grade=disability_grade,
            schooling=schooling,
            work_status=work_status,
            monthly_income=monthly_income,
        )
    )
    fail_on_problems(result.problems)
    show_warnings(result.warnings)
    assert result.value is not None
    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        member = households.add_member(s, household, result.value)
        new_id = member.id
    emit_created(new_id, t("entity.member"), fmt)


@member_app.command("edit")
def member_edit(
    ctx: typer.Context,
    ref: HouseholdArg,
    member: Annotated[str, typer.Argument(help="成员：#编号、姓名或身份证号后6位")],
    name: MemberNameOpt = None,
    relation: RelationOpt = None,
    health: HealthOpt = None,
    disability_grade: GradeOpt = None,
    schooling: SchoolOpt = None,
    work_status: WorkOpt = None,
    monthly_income: IncomeOpt = None,
) -> None:
    """修改家庭成员信息（如月收入）/ edit a member (e.g. monthly income)."""
    from kuangqu.services import households
    from kuangqu.validate import member_input

    given = _member_raw(
        name=name,
        relation=relation,
        health=health,
        disability_grade=disability_grade,
        schooling=schooling,
        work_status=work_status,
        monthly_income=monthly_income,
    )
    if not given:
        raise typer.BadParameter(t("retiree.edit_nothing"))
    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        target = households.get_member(s, household, member)
        raw = {"name": target.name, "relation": target.relation, **given}
        result = member_input(raw)
        fail_on_problems(result.problems)
        assert result.value is not None
        values = {k: getattr(result.value, k) for k in result.value.as_dict() if k in given}
        if "monthly_income" in given:
            values["monthly_income_fen"] = result.value.monthly_income_fen
            values.pop("monthly_income", None)
        changed = households.edit_member(s, household, target, values)
    say(t("household.set_done", count=len(changed)) if changed else t("household.set_unchanged"))


@member_app.command("remove")
def member_remove(
    ctx: typer.Context,
    ref: HouseholdArg,
    member: Annotated[str, typer.Argument(help="成员：#编号、姓名或身份证号后6位")],
    reason: Annotated[str | None, Opt("--reason", help="原因（如分户、去世）")] = None,
) -> None:
    """移出家庭成员（保留历史）/ remove a member (history kept)."""
    from kuangqu.services import households

    with session(ctx, write=True) as s:
        household = households.get(s, ref)
        target = households.get_member(s, household, member)
        households.remove_member(s, household, target, reason=reason)
        name = target.name
    say(t("household.member_removed", name=name))


@member_app.command("list")
def member_list(
    ctx: typer.Context,
    ref: HouseholdArg,
    include_removed: Annotated[bool, Opt("--include-removed", help="包括已移出的成员")] = False,
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """列出一户的成员 / list a household's members."""
    from kuangqu.render import Column, Report
    from kuangqu.services import households
    from kuangqu.views import member_row

    require_reason(reveal, reason)
    with session(ctx, write=reveal) as s:
        household = households.get(s, ref)
        if reveal:
            audit_reveal(s, "household", household.id, reason)
        rows = [
            member_row(m, reveal=reveal)
            for m in households.members(s, household, include_removed=include_removed)
        ]
    columns = [
        Column(c)
        for c in (
            "id",
            "name",
            "relation",
            "id_number",
            "health",
            "work_status",
            "monthly_income",
            "removed_on",
        )
    ]
    emit(Report(t("household.members_title"), columns, rows), fmt)
