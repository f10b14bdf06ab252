"""Importing benefit-change entries (待遇变更明白卡 rows) into the append-only benefit ledger.

Each row is one change: a person (by resident ID), the month it takes effect, the item
(基本养老金、各项补贴 …), the amount before and after, the reason and the document. Rows are
appended through the ledger's Appender in the file's order per person (one audit entry for the
import, as for an adjustment batch). Importing the same card again changes nothing: a row whose
entry is already in the ledger (same month, item and amount; also when a correction has reversed
it since) is unchanged. A row that contradicts the ledger is an error that says how — its 变更前
is not the ledger's level for that item in that month, or the ledger already has a later (or
same-month) entry for that item — because history is fixed by the correction process
(kuangqu correction), never by an import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy.orm import Session

from kuangqu.errors import KuangquError, RuleViolation
from kuangqu.importer.located import Located, People, each_row
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.registry import Retiree
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.rules.money import format_fen
from kuangqu.services import audit
from kuangqu.services import ledger as ledger_service

SYNONYMS = MappingProxyType(
    {
        "name": ("姓名",),
        "id_number": ("身份证号", "身份证号码", "公民身份号码"),
        "effective": ("变更月份", "执行时间", "执行月份", "生效年月", "生效月份", "变更时间", "起始月份"),
        "item": ("项目", "待遇项目", "变更项目"),
        "amount_before": ("变更前", "变更前金额", "原标准", "变更前标准"),
        "amount_after": ("变更后", "变更后金额", "新标准", "变更后标准", "金额"),
        "reason": ("变更原因", "原因", "调整原因"),
        "document": ("文件依据", "依据文件", "文号", "批准文号"),
        "remarks": ("备注",),
    }
)
REQUIRED = ("id_number", "effective", "item", "amount_after")
EXPECTED_SHEETS = ("待遇变更", "待遇变更明白卡", "明白卡", "变更明细", "Sheet1")


@dataclass
class PlannedEntry:
    source: SourceRow
    retiree: Retiree
    effective: PartialDate
    component: str
    amount_fen: int
    reason: str
    document: str | None


@dataclass
class _Row:
    at: Located
    retiree: Retiree
    effective: PartialDate
    component: rules.Component
    after_fen: int
    before_fen: int | None
    reason: str
    document: str | None


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[PlannedEntry]:
    """Check every row, then each person's rows in file order against their ledger."""
    people = People(session)
    people.prefetch(read, payees=False)
    by_person: dict[int, list[_Row]] = {}
    for row in each_row(read, summary, lambda at: _read_row(people, at), progress=progress):
        by_person.setdefault(row.retiree.id or 0, []).append(row)
    ledger = ledger_service.facts_by_retiree(session, sorted(by_person))
    planned: list[PlannedEntry] = []
    for retiree_id, rows in by_person.items():
        planned.extend(_person(rows, ledger.get(retiree_id, []), summary))
    return planned


def _read_row(people: People, at: Located) -> _Row | None:
    retiree = people.retiree(at, at.plain_text("name"))
    effective = at.month("effective")
    component = None
    raw_item = at.values.get("item")
    try:
        component = rules.parse_component(raw_item)
    except KuangquError as exc:
        at.refused(exc, "item", raw_item)
    after_fen = at.amount("amount_after")
    before_fen = at.amount("amount_before", required=False)
    reason = at.plain_text("reason", limit=500)
    if reason is None and "reason" not in {p.field for p in at.problems}:
        at.error("ledger.reason_required", "reason")
    document = at.plain_text("document", limit=100)
    if at.failed:
        return None
    assert retiree is not None and effective is not None and component is not None
    assert after_fen is not None and reason is not None
    return _Row(at, retiree, effective, component, after_fen, before_fen, reason, document)


def _person(rows: list[_Row], recorded: list[rules.Fact], summary: ImportSummary) -> list[PlannedEntry]:
    """One person's rows in file order: unchanged, contradicting the ledger, or to append."""
    facts = list(recorded)
    from_file: dict[int, SourceRow] = {}  # the made-up ids of this file's entries → their rows
    next_seq = max((f.seq for f in facts), default=0) + 1
    planned: list[PlannedEntry] = []
    for row in rows:
        at, code = row.at, row.component.code
        live = rules.live(facts)
        # Already in the ledger: an entry of that month, item and amount — even one reversed since
        # (the card row was recorded; the correction that reversed it is the later story).
        same = next(
            (
                f
                for f in facts
                if f.reverses_id is None
                and f.effective == row.effective
                and f.component == code
                and f.amount_fen == row.after_fen
            ),
            None,
        )
        if same is not None:
            first = from_file.get(same.id)
            if first is None:
                summary.unchanged += 1
            else:
                at.error(
                    "import.benefit_duplicate_in_file",
                    "amount_after",
                    format_fen(row.after_fen),
                    first_sheet=first.sheet,
                    first_row=first.row,
                )
            continue
        if not _fits(row, live):
            continue
        try:
            if row.component.kind == rules.ONE_OFF and row.after_fen == 0:
                raise RuleViolation("ledger.one_off_zero")
            ledger_service.check_dates(row.retiree, row.effective, code, row.after_fen)
        except KuangquError as exc:
            at.refused(exc, "effective", str(row.effective))
            continue
        fact = rules.Fact(-next_seq, next_seq, row.effective, code, row.after_fen)
        facts.append(fact)
        from_file[fact.id] = at.source
        next_seq += 1
        planned.append(
            PlannedEntry(at.source, row.retiree, row.effective, code, row.after_fen, row.reason, row.document)
        )
    return planned


def _fits(row: _Row, live: list[rules.Fact]) -> bool:
    """A regular item's new level must follow the ledger: after its latest entry of that item, and
    from the level the ledger has then (when the sheet states 变更前)."""
    if row.component.kind != rules.REGULAR:
        return True
    code, at = row.component.code, row.at
    latest = max((f for f in live if f.component == code), key=lambda f: f.key, default=None)
    if latest is not None and rules.month_index(latest.effective) >= rules.month_index(row.effective):
        at.error(
            "import.benefit_later_entry",
            "effective",
            str(row.effective),
            component=row.component.zh,
            latest=str(latest.effective),
            amount=format_fen(latest.amount_fen),
        )
        return False
    if row.before_fen is not None:
        level = rules.levels_at(live, row.effective)[code]
        if level != row.before_fen:
            at.error(
                "import.benefit_before_differs",
                "amount_before",
                format_fen(row.before_fen),
                before=format_fen(row.before_fen),
                component=row.component.zh,
                month=str(row.effective),
                level=format_fen(level),
            )
            return False
    return True


def apply(session: Session, planned: list[PlannedEntry], summary: ImportSummary) -> None:
    """Append the entries through the ledger's Appender (one lock and head read per person)."""
    if not planned:
        return
    appender = ledger_service.Appender(session)
    appender.prepare([p.retiree.id or 0 for p in planned])
    entries = [
        appender.append(
            p.retiree.id or 0, p.effective, p.component, p.amount_fen, p.reason, document=p.document
        )
        for p in planned
    ]
    appender.flush()
    # One audit entry for the import, as an adjustment batch has: the entries themselves are the
    # hash-chained record (operator and time included); this names the file and the ids written.
    audit.record(
        session,
        "benefit.import",
        "ledger_entry",
        None,
        new={
            "file": summary.file_name,
            "entries": len(entries),
            "people": len({e.retiree_id for e in entries}),
            "first_id": entries[0].id,
            "last_id": entries[-1].id,
        },
    )
    summary.created += len(entries)
