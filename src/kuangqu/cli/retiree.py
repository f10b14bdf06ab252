"""`kuangqu retiree`: add, show, list, edit and search the roster (离退休人员情况登记表)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kuangqu.cli.common import (
    FormatOption,
    OutputFormat,
    ReasonOption,
    RevealOption,
    audit_reveal,
    data_dir,
    emit,
    emit_created,
    fail_on_problems,
    quick_reader,
    require_reason,
    say,
    session,
    show_warnings,
)
from kuangqu.i18n import t

app = typer.Typer(help="离退休人员登记 / the roster of retirees", no_args_is_help=True)

Opt = typer.Option
NameOpt = Annotated[str | None, Opt("--name", help="姓名")]
IdOpt = Annotated[str | None, Opt("--id-number", help="身份证号（18位；15位旧号自动升位）")]
SexOpt = Annotated[str | None, Opt("--sex", help="性别：男|女（须与身份证号一致）")]
CategoryOpt = Annotated[str | None, Opt("--category", help="类别：离休|退休|退职|遗属")]
EthnicityOpt = Annotated[str | None, Opt("--ethnicity", help="民族")]
WorkStartOpt = Annotated[str | None, Opt("--work-start", help="参加工作时间：1975、1975-03 或 1975-03-12")]
RetiredOnOpt = Annotated[str | None, Opt("--retired-on", help="退休时间（可只写年或年月）")]
UnitOpt = Annotated[str | None, Opt("--former-unit", help="原单位/区队")]
PositionOpt = Annotated[str | None, Opt("--position", help="职务/职称")]
AddressOpt = Annotated[str | None, Opt("--address", help="住址")]
PhoneOpt = Annotated[str | None, Opt("--phone", help="电话")]
FamilyOpt = Annotated[str | None, Opt("--family-situation", help="家庭状况")]
StatusOpt = Annotated[str | None, Opt("--status", help="状态：在册|已故|迁出")]
DiedOpt = Annotated[str | None, Opt("--died-on", help="死亡日期")]
AreaOpt = Annotated[str | None, Opt("--area", help="片区")]
BuildingOpt = Annotated[str | None, Opt("--building", help="楼栋")]
GroupOpt = Annotated[str | None, Opt("--work-group", help="工作组")]
RemarksOpt = Annotated[str | None, Opt("--remarks", help="备注")]
PhotoOpt = Annotated[Path | None, Opt("--photo", help="照片文件（复制到数据目录）")]


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@app.command("add")
def add(
    ctx: typer.Context,
    name: NameOpt = None,
    id_number: IdOpt = None,
    sex: SexOpt = None,
    category: CategoryOpt = None,
    ethnicity: EthnicityOpt = None,
    work_start: WorkStartOpt = None,
    retired_on: RetiredOnOpt = None,
    former_unit: UnitOpt = None,
    position: PositionOpt = None,
    address: AddressOpt = None,
    phone: PhoneOpt = None,
    family_situation: FamilyOpt = None,
    status: StatusOpt = None,
    died_on: DiedOpt = None,
    area: AreaOpt = None,
    building: BuildingOpt = None,
    work_group: GroupOpt = None,
    remarks: RemarksOpt = None,
    photo: PhotoOpt = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """登记一位离退休人员 / register a person on the roster."""
    from kuangqu.services import retirees
    from kuangqu.validate import retiree_input

    raw = _given(
        name=name, id_number=id_number, sex=sex, category=category, ethnicity=ethnicity,
        work_start=work_start, retired_on=retired_on, former_unit=former_unit, position=position,
        address=address, phone=phone, family_situation=family_situation, status=status, died_on=died_on,
        area=area, building=building, work_group=work_group, remarks=remarks,
    )  # fmt: skip
    result = retiree_input(raw)
    fail_on_problems(result.problems)
    show_warnings(result.warnings)
    assert result.value is not None
    with session(ctx, write=True) as s:
        person = retirees.register(s, result.value)
        if photo is not None:
            retirees.attach_photo(s, person, photo, data_dir(ctx))
        new_id = person.id
    emit_created(new_id, t("entity.retiree"), fmt)


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="身份证号、其后6位或内部编号（#12）")],
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """查看一位人员的登记信息（默认脱敏）/ show one person (masked unless --reveal)."""
    # Plain SQL (kuangqu.quickread), no ORM models: this command must answer in half a second as a
    # whole process. A reveal reads the same way inside the write transaction of its audit entry.
    from kuangqu.quickread import as_reader, leader_rows, show_retiree
    from kuangqu.render import Column, Record, Report

    require_reason(reveal, reason)
    if reveal:
        with session(ctx, write=True) as s:
            shown = show_retiree(as_reader(s.connection()), ref, reveal=True)
            audit_reveal(s, "retiree", shown.id, reason)
    else:
        with quick_reader(ctx) as reader:
            shown = show_retiree(reader, ref)
    fields = [(k, v) for k, v in shown.row.items() if v not in (None, "", {})]
    if shown.household_id is not None:
        fields.append(
            (
                "household",
                f"#{shown.household_id}" + (f"（{shown.household_no}）" if shown.household_no else ""),
            )
        )
    record = Record(
        title=t("retiree.show_title", name=shown.name),
        fields=fields,
        sections=[
            Report(
                t("grid.responsible_title"),
                [Column("level"), Column("name"), Column("phone")],
                leader_rows(shown.leaders, reveal=reveal),
                json_key="grid_leaders",
            )
        ],
    )
    emit(record, fmt)


ROSTER_COLUMNS = [
    "id",
    "name",
    "sex",
    "age",
    "category",
    "status",
    "id_number",
    "phone",
    "area",
    "building",
    "work_group",
    "retired_on",
]


@app.command("list")
def list_(
    ctx: typer.Context,
    area: AreaOpt = None,
    building: BuildingOpt = None,
    work_group: GroupOpt = None,
    category: CategoryOpt = None,
    status: StatusOpt = None,
    min_age: Annotated[int | None, Opt("--min-age", help="最小年龄")] = None,
    max_age: Annotated[int | None, Opt("--max-age", help="最大年龄")] = None,
    limit: Annotated[int | None, Opt("--limit", help="最多显示条数")] = None,
    offset: Annotated[int, Opt("--offset", help="跳过条数")] = 0,
    fmt: FormatOption = OutputFormat.table,
    reveal: RevealOption = False,
    reason: ReasonOption = None,
) -> None:
    """列出登记的人员（可按片区、楼栋、类别、状态、年龄筛选）/ list the roster."""
    from kuangqu.models.enums import Category, Status
    from kuangqu.render import Column, Report
    from kuangqu.services import retirees
    from kuangqu.views import retiree_row

    require_reason(reveal, reason)
    flt = retirees.RosterFilter(
        area=area,
        building=building,
        work_group=work_group,
        category=Category.parse(category, "category").value if category else None,
        status=Status.parse(status, "status").value if status else None,
        min_age=min_age,
        max_age=max_age,
    )
    with session(ctx, write=reveal) as s:
        people = retirees.list_roster(s, flt, limit=limit, offset=offset)
        total = retirees.count_roster(s, flt)
        if reveal:
            audit_reveal(s, "retiree", None, reason)
        rows = [retiree_row(p, reveal=reveal) for p in people]
    report = Report(
        t("retiree.list_title"),
        [Column(c, justify="right" if c in ("id", "age") else "left") for c in ROSTER_COLUMNS],
        rows,
        footer=[t("retiree.list_footer", shown=len(rows), total=total)],
    )
    emit(report, fmt)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="身份证号、其后6位或内部编号")],
    name: NameOpt = None,
    id_number: IdOpt = None,
    sex: SexOpt = None,
    category: CategoryOpt = None,
    ethnicity: EthnicityOpt = None,
    work_start: WorkStartOpt = None,
    retired_on: RetiredOnOpt = None,
    former_unit: UnitOpt = None,
    position: PositionOpt = None,
    address: AddressOpt = None,
    phone: PhoneOpt = None,
    family_situation: FamilyOpt = None,
    status: StatusOpt = None,
    died_on: DiedOpt = None,
    area: AreaOpt = None,
    building: BuildingOpt = None,
    work_group: GroupOpt = None,
    remarks: RemarksOpt = None,
    photo: PhotoOpt = None,
    reason: Annotated[str | None, Opt("--reason", help="修改原因（记入审计日志）")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """修改登记信息，逐项记入审计日志 / edit a person; every change is audited."""
    from kuangqu.render import Column, Report
    from kuangqu.rules.dates import PartialDate
    from kuangqu.services import retirees
    from kuangqu.services.audit import masked
    from kuangqu.validate import retiree_input
    from kuangqu.views import retiree_row

    given = _given(
        name=name, id_number=id_number, sex=sex, category=category, ethnicity=ethnicity,
        work_start=work_start, retired_on=retired_on, former_unit=former_unit, position=position,
        address=address, phone=phone, family_situation=family_situation, status=status, died_on=died_on,
        area=area, building=building, work_group=work_group, remarks=remarks,
    )  # fmt: skip
    if not given and photo is None:
        raise typer.BadParameter(t("retiree.edit_nothing"))
    with session(ctx, write=True) as s:
        person = retirees.get(s, ref)
        current = retiree_row(person, reveal=True)
        raw = {k: v for k, v in current.items() if k in retirees.EDITABLE_FIELDS}
        for key, value in list(raw.items()):
            # Re-validate the stored values in the same textual form a clerk would type.
            raw[key] = (
                value.value
                if hasattr(value, "value")
                else (str(value) if isinstance(value, PartialDate) else value)
            )
        if "id_number" in given:
            raw.pop("birth_date", None)
            raw.pop("sex", None)
        raw.update(given)
        result = retiree_input(raw)
        fail_on_problems(result.problems)
        show_warnings([w for w in result.warnings if w.field in given])
        assert result.value is not None
        only = set(given) | ({"id_number_original", "birth_date", "sex"} if "id_number" in given else set())
        changes = retirees.update(s, person, result.value, only=sorted(only), reason=reason)
        if photo is not None:
            retirees.attach_photo(s, person, photo, data_dir(ctx))
    if not changes and photo is None:
        say(t("retiree.edit_unchanged"))
    rows = [{"field": t(f"col.{c.field}"), **(masked({"old": c.old, "new": c.new}) or {})} for c in changes]
    if "id_number" in given:
        from kuangqu.rules.masking import mask_id

        for row, change in zip(rows, changes, strict=True):
            if change.field.startswith("id_number"):
                row["old"], row["new"] = mask_id(change.old), mask_id(change.new)
    emit(Report(t("retiree.changes_title"), [Column("field"), Column("old"), Column("new")], rows), fmt)


@app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="姓名、拼音全拼或首字母（zhangsan / zs）、身份证号或电话尾号")],
    limit: Annotated[int, Opt("--limit", help="最多显示条数")] = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """按姓名、拼音、身份证尾号或电话尾号查找 / search by name, pinyin, ID tail or phone tail."""
    # Plain SQL (kuangqu.quickread), no ORM models and no pinyin conversion: a whole process in half a
    # second. Latin letters match the pinyin keys stored when the person was registered.
    from kuangqu.quickread import search_rows
    from kuangqu.render import Column, Report

    with quick_reader(ctx) as reader:
        rows = search_rows(reader, text, limit=limit)
    columns = ["id", "name", "sex", "age", "category", "status", "id_number", "phone", "area", "building"]
    emit(Report(t("retiree.search_title", text=text), [Column(c) for c in columns], rows), fmt)


app.command("died")(__import__("kuangqu.cli.retiree_died", fromlist=["died"]).died)
app.command("purge")(__import__("kuangqu.cli.retiree_purge", fromlist=["purge"]).purge)
