"""Blank import sheets in the office's layout (`kuangqu export template KIND`), one per record type
`kuangqu import` reads.

`TEMPLATES` is the registry: one `Template` per `kuangqu import` kind (retirees, households,
payments, benefits, petitions, visits). An entry names its importer module, and the sheet is
derived from it so the two cannot disagree: the sheet's name is the importer's first expected
sheet name, every header is one of the importer's synonyms for that column (checked when the
sheet is written), every column the importer requires is there and marked 必填.

The sheet has the title, the 填报单位/日期 line and the header on row 3, exactly as a roster
export; the ID, phone, date, month and amount columns are formatted as text for the rows the
clerk will type (a column style, so nothing is pre-filled); drop-downs offer the code lists the
importer accepts (性别, 人员类别, 与户主关系, 救助类别, 项目, 信访形式 …) and the database's
片区; a second sheet 说明 explains each column, says which are required and holds the
drop-downs' lists, visibly (a hidden sheet would make the importer warn).

The exports that share a template's layout (`roster`, `households`) use `export_sheet` and
`add_dropdowns` from here, with the same `Choice` lists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from kuangqu.excel.exports.layouts import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    HOUSEHOLD_TITLE,
    HOUSEHOLDS,
    ROSTER,
    ROSTER_TITLE,
    Field,
    column_of,
)
from kuangqu.excel.writer import GENERAL, INT, TEXT, Book, Col, Saved, Sheet
from kuangqu.i18n import catalogue, t
from kuangqu.models.enums import Category, GridLevel, Health, Relation, Sex, Status
from kuangqu.models.stability import ActivityKind, AwardLevel
from kuangqu.rules.codes import EXCLUSIONS, HARDSHIP_CAUSES
from kuangqu.rules.ledger import COMPONENTS
from kuangqu.rules.petitions import Channel, Opinion, PetitionType, Satisfaction, Subject
from kuangqu.rules.relief import PaymentKind

TEMPLATE_ROWS = 10_000  # rows covered by the drop-downs
DISABILITY_GRADES = ("一级", "二级", "三级", "四级")
_INLINE_LIMIT = 250  # characters of an inline drop-down list (Excel allows 255)


@dataclass(frozen=True)
class Choice:
    """A drop-down on column `key`: its values (given the database's areas), whether other values
    are refused (strict) or only warned about, and the message Excel shows."""

    key: str
    values: Callable[[Sequence[str]], Sequence[str]]
    strict: bool = True
    error: str = "export.dropdown_error"


@dataclass(frozen=True)
class Template:
    kind: str  # the `kuangqu import` kind
    importer: str  # module under kuangqu.importer
    title: str
    columns: tuple[Field, ...]  # a header "" is the importer's first name; `required` comes from the importer
    notes: str  # message key of the instructions
    freeze: str
    choices: tuple[Choice, ...] = ()
    help_prefix: str = ""  # export.help.<prefix><key> when that message exists, else export.help.<key>
    codes: bool = False  # the hardship cause and exclusion code table on the 说明 sheet


def _labels(enum: Any) -> Callable[[Sequence[str]], list[str]]:
    return lambda _areas: list(enum.labels().values())


def _fixed(*values: str) -> Callable[[Sequence[str]], tuple[str, ...]]:
    return lambda _areas: values


ROSTER_CHOICES = (
    Choice("sex", _labels(Sex)),
    Choice("category", _labels(Category)),
    Choice("status", _labels(Status)),
    Choice("area", lambda areas: list(areas), strict=False, error="export.dropdown_area"),
)
HOUSEHOLD_CHOICES = (
    Choice("relation", _labels(Relation)),
    Choice("health", _labels(Health)),
    Choice("disability_grade", _fixed(*DISABILITY_GRADES)),
)


def _columns(spec: str, *, general: tuple[str, ...] = ()) -> tuple[Field, ...]:
    """序号, then "key:width" columns headed by the importer's first name for the key (filled in
    by `template_layout`); text columns unless named in `general`."""
    fields = [Field("seq", "序号", 6, INT)]
    for item in spec.split():
        key, width = item.split(":")
        fields.append(Field(key, "", float(width), GENERAL if key in general else TEXT))
    return tuple(fields)


PAYMENTS = _columns(
    "name:10 id_number:20 payment_kind:10 tier:6 period:10 amount:12 paid_on:11 signed_by:12 remarks:24"
)
BENEFITS = _columns(
    "name:10 id_number:20 effective:10 item:13 amount_before:11 amount_after:11 reason:24 document:20"
    " remarks:20"
)
PETITIONS = _columns(
    "name:10 id_number:20 received_on:11 channel:9 petition_type:9 subject:8 request:30 facts:30 contact:15"
    " address:24 people_count:6 handling_unit:12 accepted_on:11 opinion:10 opinion_text:24 opinion_on:11"
    " closed_on:11 satisfaction:9",
    general=("people_count",),
)
VISITS = _columns("name:10 id_number:20 visited_on:11 visitor:10 visit_form:10 notes:30 findings:24 needs:24"
                  " follow_up:24 remarks:20")  # fmt: skip
GRID = _columns("level:10 area:10 building:10 work_group:10 name:10 id_number:20 phone:15 position:14"
                " assigned_on:11")  # fmt: skip
PAIRS = _columns("cadre_name:10 position:14 phone:15 leader:8 name:10 id_number:20 started_on:11")
HOUSING = _columns(
    "name:10 id_number:20 building:10 room:12 applied_on:11"
    + "".join(
        f" review{i}_result:8 review{i}_on:11 review{i}_reviewer:10 review{i}_opinion:20" for i in (1, 2, 3)
    )
    + " notes:20"
)
APPLICATIONS = _columns(
    "name:10 id_number:20 kind:10 tier:8 applied_on:11 reason:24 requested_amount:12 app_review_on:11"
    " reviewer:10 app_visit:11 notice_from:11 app_notice_until:11 app_result:9 app_decision_on:11"
    " approved_amount:11 app_decision_note:20 notes:20"
)
ACTIVITIES = _columns(
    "activity:16 start_on:11 end_on:11 kind:10 place:12 name:10 id_number:20 award:12 award_level:10 note:20"
)
DISSUASIONS = _columns(
    "happened_on:11 place:10 name:10 id_number:20 staff:16 count:8 destination:20 petitions:12 notes:20",
    general=("count",),
)
# Columns every row must fill though the importer does not require the column itself.
ROW_REQUIRED = {"benefits": ("reason",)}  # the ledger refuses an entry without a reason

PAYMENT_CHOICES = (
    Choice(
        "payment_kind", _fixed(*(k.label for k in PaymentKind)), strict=False, error="export.dropdown_kind"
    ),
)
BENEFIT_CHOICES = (Choice("item", _fixed(*(c.zh for c in COMPONENTS))),)
GRID_CHOICES = (
    Choice("level", _labels(GridLevel)),
    Choice("area", lambda areas: list(areas), strict=False, error="export.dropdown_area"),
)
PAIR_CHOICES = (Choice("leader", _fixed("是", "否")),)
ACTIVITY_CHOICES = (Choice("kind", _labels(ActivityKind)), Choice("award_level", _labels(AwardLevel)))
HOUSING_CHOICES = tuple(Choice(f"review{i}_result", _fixed("通过", "退回")) for i in (1, 2, 3))
APPLICATION_CHOICES = (
    Choice("kind", _fixed("日常救助", "临时救助")),
    Choice("app_result", _fixed("批准", "不批准", "撤回")),
)
PETITION_CHOICES = (
    Choice("channel", _labels(Channel)),
    Choice("petition_type", _labels(PetitionType)),
    Choice("subject", _labels(Subject)),
    Choice("opinion", _labels(Opinion)),
    Choice("satisfaction", _labels(Satisfaction)),
)

TEMPLATES: dict[str, Template] = {
    tpl.kind: tpl
    for tpl in (
        Template(
            "retirees", "retirees", ROSTER_TITLE, ROSTER, "export.template.roster_notes", "C4", ROSTER_CHOICES
        ),
        Template(
            "households",
            "households",
            HOUSEHOLD_TITLE,
            HOUSEHOLDS,
            "export.template.household_notes",
            "D4",
            HOUSEHOLD_CHOICES,
            help_prefix="member_",
            codes=True,
        ),
        Template(
            "payments",
            "payments",
            "困难职工救助金发放签领表",
            PAYMENTS,
            "export.template.payment_notes",
            "D4",
            PAYMENT_CHOICES,
            help_prefix="payment_",
        ),
        Template(
            "benefits",
            "benefits",
            "待遇变更明白卡（变更明细）",
            BENEFITS,
            "export.template.benefit_notes",
            "D4",
            BENEFIT_CHOICES,
            help_prefix="benefit_",
        ),
        Template(
            "petitions",
            "petitions",
            "信访登记表",
            PETITIONS,
            "export.template.petition_notes",
            "D4",
            PETITION_CHOICES,
            help_prefix="petition_",
        ),
        Template(
            "visits",
            "visits",
            "入户走访登记表",
            VISITS,
            "export.template.visit_notes",
            "D4",
            help_prefix="visit_",
        ),
        Template(
            "grid",
            "grid",
            "三长合一名单",
            GRID,
            "export.template.grid_notes",
            "B4",
            GRID_CHOICES,
            help_prefix="grid_",
        ),
        Template(
            "pairs",
            "pairs",
            "帮扶对子名单",
            PAIRS,
            "export.template.pair_notes",
            "C4",
            PAIR_CHOICES,
            help_prefix="pair_",
        ),
        Template(
            "housing",
            "housing",
            "房改申请及审核登记表",
            HOUSING,
            "export.template.housing_notes",
            "D4",
            HOUSING_CHOICES,
            help_prefix="housing_",
        ),
        Template(
            "activities",
            "activities",
            "组织活动参加人员名单",
            ACTIVITIES,
            "export.template.activity_notes",
            "C4",
            ACTIVITY_CHOICES,
            help_prefix="activity_",
        ),
        Template(
            "dissuasions",
            "dissuasions",
            "劝阻劝返登记表",
            DISSUASIONS,
            "export.template.dissuasion_notes",
            "C4",
            help_prefix="dissuasion_",
        ),
        Template(
            "applications",
            "applications",
            "困难救助申请登记表",
            APPLICATIONS,
            "export.template.application_notes",
            "D4",
            APPLICATION_CHOICES,
            help_prefix="application_",
        ),
    )
}
KINDS = tuple(TEMPLATES)


def importer_tables(tpl: Template) -> tuple[Mapping[str, Sequence[str]], tuple[str, ...], tuple[str, ...]]:
    """The importer's SYNONYMS, REQUIRED and EXPECTED_SHEETS for this template."""
    module: Any = importlib.import_module(f"kuangqu.importer.{tpl.importer}")
    return module.SYNONYMS, tuple(module.REQUIRED), tuple(module.EXPECTED_SHEETS)


def template_layout(tpl: Template) -> tuple[str, tuple[Field, ...]]:
    """The sheet name and the columns, checked against the importer: each header is one of the
    importer's names for that column, every required column is present and marked required."""
    from kuangqu.excel.headers import normalise_header

    synonyms, required, sheets = importer_tables(tpl)
    reads: dict[str, str] = {}  # as the importer's header lookup: the first key a text names wins
    for key, names in synonyms.items():
        for name in (key, *names):
            reads.setdefault(normalise_header(name), key)
    keys = {f.key for f in tpl.columns}
    layout = tuple(
        replace(
            f,
            header=f.header or synonyms[f.key][0],
            required=f.key in required or f.key in ROW_REQUIRED.get(tpl.kind, ()),
        )
        for f in tpl.columns
    )
    for f in layout:
        if f.key != "seq" and reads.get(normalise_header(f.header)) != f.key:
            raise ValueError(f"template {tpl.kind}: the importer does not read {f.header!r} as {f.key}")
    missing = [key for key in required if key not in keys]
    if missing:
        raise ValueError(f"template {tpl.kind}: required columns missing: {missing}")
    return sheets[0], layout


def write_template(kind: str, target: Path | str, *, areas: Sequence[str] = (), force: bool = False) -> Saved:
    """Write the blank `kind` sheet (a key of TEMPLATES) with its instructions sheet."""
    tpl = TEMPLATES[kind]  # the CLI offers only KINDS
    sheet_name, layout = template_layout(tpl)
    with Book(target, force=force) as book:
        main = layout_sheet(book, sheet_name, layout, tpl.title, unit="", day="", freeze=tpl.freeze)
        lists = {c.key: (_column_label(layout, c.key), list(c.values(areas))) for c in tpl.choices}
        ranges = instructions(book, layout, t(tpl.notes), lists, help_prefix=tpl.help_prefix, codes=tpl.codes)
        add_dropdowns(main, layout, tpl.choices, ranges, FIRST_DATA_ROW + TEMPLATE_ROWS - 1)
        return book.save()


def _column_label(layout: Sequence[Field], key: str) -> str:
    return next(f.header for f in layout if f.key == key)


@dataclass(frozen=True)
class ExportOptions:
    """What the roster and household exports take from the command line."""

    reveal: bool = False
    title: str | None = None  # None: the layout's own title
    unit: str = ""
    day: date | None = None  # None: today
    force: bool = False
    progress: Callable[[int], None] | None = None


def export_sheet(
    book: Book, name: str, layout: Sequence[Field], title: str, options: ExportOptions, *, freeze: str
) -> Sheet:
    """The sheet of an export in a template's layout: dated, and saying so when it is masked."""
    day = options.day or date.today()
    return layout_sheet(
        book,
        name,
        layout,
        options.title or title,
        unit=options.unit,
        day=t("export.date_zh", year=day.year, month=day.month, day=day.day),
        freeze=freeze,
        note="" if options.reveal else t("export.masked_note"),
    )


def inline_sources(choices: Sequence[Choice], areas: Sequence[str] = ()) -> dict[str, str]:
    """Drop-down sources written into the validation itself (an export has no 说明 sheet); a list
    too long for that, or with commas or quotes in it, gets no drop-down."""
    sources = {}
    for choice in choices:
        values = list(choice.values(areas))
        if values and len(",".join(values)) < _INLINE_LIMIT and not any("," in v or '"' in v for v in values):
            sources[choice.key] = '"' + ",".join(values) + '"'
    return sources


def add_dropdowns(
    sheet: Sheet,
    layout: Sequence[Field],
    choices: Sequence[Choice],
    sources: Mapping[str, str],
    last_row: int,
) -> None:
    """A drop-down per choice that has a source, on its column from the first data row to `last_row`."""
    for choice in choices:
        if choice.key not in sources:
            continue
        sheet.dropdown(
            column_of(tuple(layout), choice.key),
            FIRST_DATA_ROW,
            last_row,
            source=sources[choice.key],
            strict=choice.strict,
            title=t("export.dropdown_title"),
            error=t(choice.error),
        )


def layout_sheet(
    book: Book,
    name: str,
    layout: Sequence[Field],
    title: str,
    *,
    unit: str,
    day: str,
    freeze: str,
    note: str = "",
    column_styles: bool = True,
) -> Sheet:
    """A sheet in the office's layout, up to its header row: title, 填报单位/日期 line, header;
    landscape A4 fitted to the width, the header repeated on every page, page numbers."""
    sheet = book.sheet(name)
    sheet.columns([Col(f.header, f.width, f.kind) for f in layout])
    if column_styles:
        for index, f in enumerate(layout, start=1):
            if f.kind == TEXT:
                sheet.column_format(index, TEXT)
    sheet.page(landscape=True, repeat_rows=f"{HEADER_ROW}:{HEADER_ROW}", footer=t("export.page_footer"))
    sheet.freeze(freeze)
    sheet.title(title)
    sheet.merged_line(t("export.unit_line", unit=unit, date=day) + note)
    sheet.header(height=20)
    assert sheet.row == HEADER_ROW
    return sheet


def _help_key(key: str, prefix: str, known: Mapping[str, Any]) -> str:
    specific = f"export.help.{prefix}{key}"
    return specific if prefix and specific in known else f"export.help.{key}"


def instructions(
    book: Book,
    layout: Sequence[Field],
    notes: str,
    lists: dict[str, tuple[str, list[str]]],
    *,
    help_prefix: str,
    codes: bool = False,
) -> dict[str, str]:
    """The 说明 sheet: notes, then a table (column, what to enter, required) with the drop-down
    lists beside it. Returns each list's range, for the drop-downs' sources."""
    sheet = book.sheet(t("export.instructions_sheet"))
    sheet.counted = False
    list_keys = [k for k, (_, values) in lists.items() if values]
    cols = [Col(t("export.col_name"), 14, TEXT), Col(t("export.col_help"), 58, TEXT),
            Col(t("export.col_required"), 6, TEXT), Col("", 3, GENERAL)]  # fmt: skip
    cols += [Col(t("export.choices", name=lists[k][0]), 14, TEXT) for k in list_keys]
    if codes:
        cols += [Col("", 3, GENERAL), Col(t("export.code"), 22, TEXT), Col(t("export.code_label"), 30, TEXT)]
    sheet.columns(cols)
    sheet.page(landscape=True)
    sheet.title(t("export.instructions_title"))
    for line in notes.split("\n"):
        sheet.plain([line], style="kq.line")
    sheet.blank()
    header = sheet.header()
    first = header + 1
    known = catalogue()
    rows: list[list[object]] = []
    for f in layout:
        help_text = t(_help_key(f.key, help_prefix, known)) if f.key != "seq" else ""
        rows.append([f.header, help_text, t("export.required_yes") if f.required else None, None])
    code_rows = (
        [[code, label] for code, label in HARDSHIP_CAUSES.items()]
        + [[code, label] for code, label in EXCLUSIONS.items()]
        if codes
        else []
    )
    height = max([len(rows)] + [len(lists[k][1]) for k in list_keys] + [len(code_rows)])
    for i in range(height):
        row = rows[i] if i < len(rows) else [None, None, None, None]
        row = list(row) + [lists[k][1][i] if i < len(lists[k][1]) else None for k in list_keys]
        if codes:
            row += [None] + (code_rows[i] if i < len(code_rows) else [None, None])
        sheet.append(row)
    return {k: sheet.range_ref(5 + n, first, first + len(lists[k][1]) - 1) for n, k in enumerate(list_keys)}
