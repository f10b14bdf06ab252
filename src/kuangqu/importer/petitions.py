"""Importing the office's petition register (信访登记表): one row per petition of a person on the roster.

Each row is registered through the petition service (so the statutory deadlines, the repeat
check, confidentiality of accusations and the audit log apply), then taken through the steps
its columns record — accepted (受理日期), answered (答复日期 with the opinion), closed (办结日期) —
by the same service functions the `petition` commands use, which refuse what the rules refuse.

A petition is known by its natural key: the person, the received date, the channel and the
request text. Importing the same file again creates nothing; a row whose petition is already
registered advances it by the steps the sheet adds (updated), or changes nothing (unchanged)
— a step the sheet records differently from the database is kept as stored, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, Problem, RuleViolation
from kuangqu.importer.located import Located, People, each_row, extras_text, rows_list
from kuangqu.importer.rows import ReadResult, SourceRow
from kuangqu.importer.summary import ImportSummary
from kuangqu.models.registry import Retiree
from kuangqu.models.stability import Petition, PetitionerKind
from kuangqu.rules import petitions as rules
from kuangqu.rules.petitions import Channel, Opinion, PetitionType, Satisfaction, Subject
from kuangqu.services import petitions as petition_service

SYNONYMS = MappingProxyType(
    {
        "name": ("信访人", "信访人姓名", "姓名", "来访人"),
        "id_number": ("身份证号", "身份证号码", "公民身份号码", "信访人身份证号"),
        "received_on": ("来访日期", "信访日期", "登记日期", "收到日期", "来信来访日期", "受理登记日期"),
        "channel": ("信访形式", "信访方式", "来访方式", "渠道", "形式", "方式"),
        "petition_type": ("信访类别", "类别", "信访类型", "类型"),
        "subject": ("事项类别", "问题类别", "问题分类", "事项分类"),
        "request": ("信访事项", "反映问题", "主要内容", "信访请求", "反映内容", "诉求", "主要诉求"),
        "facts": ("事实和理由", "事实理由", "主要事实"),
        "contact": ("联系电话", "电话", "联系方式"),
        "address": ("住址", "家庭住址", "地址"),
        "people_count": ("人数", "来访人数"),
        "handling_unit": ("承办单位", "责任单位", "责任人", "承办人"),
        "accepted_on": ("受理日期",),
        "opinion": ("处理意见", "答复意见", "办理结果"),
        "opinion_text": ("办理情况", "处理结果", "处理情况", "答复内容"),
        "opinion_on": ("答复日期", "处理意见日期", "出具意见日期"),
        "closed_on": ("办结日期", "结案日期"),
        "satisfaction": ("满意度", "是否满意", "群众评价"),
    }
)
REQUIRED = ("name", "id_number", "received_on", "channel", "request")
EXPECTED_SHEETS = ("信访登记表", "信访登记", "信访台账", "信访", "Sheet1")

# The lengths of the petition table's text columns.
_LIMITS = {
    "request": 2000,
    "facts": 4000,
    "address": 200,
    "handling_unit": 100,
    "opinion_text": 4000,
}


@dataclass
class PetitionRow:
    source: SourceRow
    columns: dict[str, str]
    person: Retiree
    data: petition_service.PetitionInput
    accepted_on: date | None = None
    opinion: str | None = None
    opinion_text: str | None = None
    opinion_on: date | None = None
    closed_on: date | None = None
    satisfaction: str | None = None

    @property
    def key(self) -> tuple[int, date, str, str]:
        return (self.person.id or 0, self.data.received_on, self.data.channel, self.data.request)


@dataclass
class _Defaults:
    """Rows whose sheet left a value out, for one aggregated warning per sheet and kind."""

    rows: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def note(self, kind: str, source: SourceRow) -> None:
        self.rows.setdefault((kind, source.sheet), []).append(source.row)

    def warnings(self) -> list[Problem]:
        return [
            Problem(f"import.petition_{kind}", {"count": len(rows), "rows": rows_list(rows)}, sheet=sheet)
            for (kind, sheet), rows in self.rows.items()
        ]


def plan(
    session: Session,
    read: ReadResult,
    summary: ImportSummary,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[PetitionRow]:
    """Validate every row against the rules and the roster; problems go to `summary.errors`."""
    today = today or date.today()
    people = People(session)
    people.prefetch(read, payees=False)
    defaults = _Defaults()
    planned = each_row(
        read,
        summary,
        lambda check: _validate(check, people, defaults, today),
        key=lambda row: row.key,
        progress=progress,
    )
    summary.warnings.extend(defaults.warnings())
    return planned


def _code(check: Located, field_name: str, parse: Callable[[Any, str], Any]) -> str | None:
    return check.parsed(field_name, lambda raw: str(parse(raw, field_name).value))


def _validate(check: Located, people: People, defaults: _Defaults, today: date) -> PetitionRow | None:
    values, source = check.values, check.source
    name = check.name()
    person = people.retiree(check, name)
    received_on = check.past_day("received_on", today=today, required=True)
    channel = _code(check, "channel", Channel.parse)
    if channel is None and check.blank("channel"):
        check.error("import.value_required", "channel")
    petition_type = _code(check, "petition_type", PetitionType.parse)
    if petition_type is None and check.blank("petition_type"):
        petition_type = PetitionType.CLAIM.value
        defaults.note("type_defaulted", source)
    subject = _code(check, "subject", Subject.parse)
    if subject is None and check.blank("subject"):
        subject = Subject.OTHER.value
        defaults.note("subject_defaulted", source)
    request = check.text("request", limit=_LIMITS["request"], required_key="petition.request_required")
    facts = check.text("facts", limit=_LIMITS["facts"])
    extra = extras_text(source)
    if extra:
        facts = "；".join(x for x in (facts, extra) if x)
        if len(facts) > _LIMITS["facts"]:
            check.error("rule.text_too_long", "facts", limit=_LIMITS["facts"])
    address = check.text("address", limit=_LIMITS["address"])
    handling_unit = check.text("handling_unit", limit=_LIMITS["handling_unit"])
    contact = _phone(check)
    people_count = _people(check)

    accepted_on = check.past_day("accepted_on", today=today)
    opinion_on = check.past_day("opinion_on", today=today)
    closed_on = check.past_day("closed_on", today=today)
    opinion_text = check.text("opinion_text", limit=_LIMITS["opinion_text"])
    opinion = _code(check, "opinion", Opinion.parse)
    if opinion is None and check.blank("opinion") and opinion_text:
        opinion = _opinion_from_text(opinion_text)
    satisfaction = _code(check, "satisfaction", Satisfaction.parse)
    answered = opinion_on is not None or closed_on is not None
    if answered and opinion is None and check.blank("opinion"):
        check.error(
            "import.petition_opinion_required",
            "opinion",
            choices="、".join(o.label for o in Opinion),
        )
    if not answered and not check.failed:
        stated = [f for f in ("opinion", "satisfaction") if not check.blank(f)]
        if stated:
            check.error("import.petition_answer_date_required", stated[0])
        elif opinion_text:
            defaults.note("text_ignored", source)  # 正在办理 …: kept out, said so
    if check.failed or person is None or received_on is None or channel is None or request is None:
        return None
    if closed_on is not None and opinion_on is None:
        opinion_on = closed_on
        defaults.note("answer_inferred", source)
    if opinion_on is not None and accepted_on is None:
        accepted_on = received_on
        defaults.note("accepted_inferred", source)
    try:
        rules.check_group(people_count, [])
    except RuleViolation as exc:
        check.refused(exc, "people_count", values.get("people_count"))
        return None
    if not _in_order(check, received_on, accepted_on, opinion_on, closed_on):
        return None
    data = petition_service.PetitionInput(
        petitioner_kind=PetitionerKind.RETIREE.value,
        petitioner_name=person.name,
        retiree_id=person.id,
        received_on=received_on,
        channel=channel,
        petition_type=petition_type or PetitionType.CLAIM.value,
        subject=subject or Subject.OTHER.value,
        request=request,
        facts=facts or None,
        contact=contact,
        address=address,
        people_count=people_count,
        handling_unit=handling_unit,
    )
    return PetitionRow(
        source,
        check.columns,
        person,
        data,
        accepted_on=accepted_on,
        opinion=opinion,
        opinion_text=opinion_text,
        opinion_on=opinion_on,
        closed_on=closed_on,
        satisfaction=satisfaction,
    )


def _opinion_from_text(text: str) -> str | None:
    """The opinion an 办理情况 text states in so many words (不予支持 before 支持), else None."""
    for words, code in (
        (("不予支持", "不支持"), Opinion.NOT_SUPPORTED),
        (("予以支持",), Opinion.SUPPORTED),
        (("解释说明",), Opinion.EXPLAINED),
    ):
        if any(w in text for w in words):
            return code.value
    return None


def _phone(check: Located) -> str | None:
    from kuangqu.rules.phones import normalize_phone

    return check.parsed("contact", lambda raw: normalize_phone(raw)[0])


def _people(check: Located) -> int:
    raw = check.values.get("people_count")
    if check.blank("people_count"):
        return 1
    text = str(raw).strip().removesuffix("人")
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if not text.isdigit():
        check.error("import.whole_number", "people_count", raw)
        return 1
    return int(text)


def _in_order(
    check: Located, received: date, accepted: date | None, answered: date | None, closed: date | None
) -> bool:
    """The procedure's dates may not go backwards (the service would refuse it: say where)."""
    previous = received
    for field_name, on in (("accepted_on", accepted), ("opinion_on", answered), ("closed_on", closed)):
        if on is None:
            continue
        if on < previous:
            check.error(
                "petition.date_before_previous",
                field_name,
                on.isoformat(),
                on=on.isoformat(),
                previous=previous.isoformat(),
            )
            return False
        previous = on
    return True


# ------------------------------------------------------------------ writing


def _existing(session: Session, rows: list[PetitionRow]) -> dict[tuple[int, date, str, str], Petition]:
    """The stored petitions of the file's people, by natural key (the first registered wins)."""
    ids = sorted({row.person.id or 0 for row in rows})
    found: dict[tuple[int, date, str, str], Petition] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(Petition).where(Petition.retiree_id.in_(chunk)).order_by(Petition.id)  # type: ignore[union-attr]
        for p in session.scalars(query):
            found.setdefault((p.retiree_id or 0, p.received_on, p.channel, p.request), p)
    return found


def apply(
    session: Session, rows: list[PetitionRow], summary: ImportSummary, *, today: date | None = None
) -> None:
    """Register new petitions and advance known ones; a refusal of the rules is a located error."""
    today = today or date.today()
    existing = _existing(session, rows)
    for row in rows:
        stored = existing.get(row.key)
        try:
            if stored is None:
                petition, warnings = petition_service.register(session, row.data, today=today)
                for w in warnings:
                    w.sheet, w.row = row.source.sheet, row.source.row
                    summary.warnings.append(w)
                _advance(session, petition, row, today, summary)
                summary.created += 1
                continue
            old_status = stored.status
            if _advance(session, stored, row, today, summary):
                summary.updated += 1
                summary.changes.append(
                    {
                        "id": stored.id,
                        "name": petition_service.petitioner_display(stored, reveal=False),
                        "fields": {"status": {"old": _label(old_status), "new": _label(stored.status)}},
                    }
                )
            else:
                summary.unchanged += 1
        except _StepRefused as refused:
            summary.errors.append(_located(refused.error, row, refused.field))
        except (Conflict, RuleViolation, NotFound) as exc:
            summary.errors.append(_located(exc, row, None))
    session.flush()


class _StepRefused(Exception):
    """A step of the procedure the service refused, with the date column it came from."""

    def __init__(self, error: Conflict | RuleViolation, field: str) -> None:
        super().__init__(error.key)
        self.error, self.field = error, field


def _located(exc: Conflict | RuleViolation | NotFound, row: PetitionRow, field_name: str | None) -> Problem:
    return Problem(
        exc.key,
        dict(exc.params),
        field=field_name,
        sheet=row.source.sheet,
        row=row.source.row,
        column=row.columns.get(field_name) if field_name else None,
    )


def _label(status: str) -> str:
    return rules.PetitionStatus(status).label


# The steps a sheet can record, in the order of the procedure: (action, date field, stored date).
_STEPS = (
    ("accept", "accepted_on"),
    ("handle", "opinion_on"),
    ("close", "closed_on"),
)


def _advance(session: Session, p: Petition, row: PetitionRow, today: date, summary: ImportSummary) -> bool:
    """Take the petition through the steps the row records and it has not had; True if any was taken."""
    taken = False
    for action, date_field in _STEPS:
        on: date | None = getattr(row, date_field)
        if on is None:
            continue
        stored_on: date | None = getattr(p, date_field)
        if stored_on is not None:
            if stored_on != on:
                summary.warnings.append(
                    _kept(p, row, action, date_field, stored_on.isoformat(), on.isoformat())
                )
            continue
        if action not in rules.allowed_actions(p.status):
            # A new petition always can; a stored one may have gone another way (不予受理 …).
            summary.warnings.append(
                Problem(
                    "import.petition_step_refused",
                    {"id": p.id, "status": _label(p.status), "step": rules.Action(action).label},
                    field=date_field,
                    sheet=row.source.sheet,
                    row=row.source.row,
                    column=row.columns.get(date_field),
                )
            )
            return taken
        try:
            if action == "accept":
                petition_service.accept(session, p, on=on, today=today)
            elif action == "handle":
                assert row.opinion is not None
                petition_service.handle(
                    session, p, on=on, today=today, opinion=row.opinion, text=row.opinion_text
                )
            else:
                petition_service.close(session, p, on=on, today=today, satisfaction=row.satisfaction)
        except (Conflict, RuleViolation) as exc:
            raise _StepRefused(exc, date_field) from exc
        taken = True
    return taken


def _kept(p: Petition, row: PetitionRow, action: str, date_field: str, stored: str, given: str) -> Problem:
    return Problem(
        "import.petition_step_differs",
        {"id": p.id, "step": rules.Action(action).label, "stored": stored, "given": given},
        field=date_field,
        sheet=row.source.sheet,
        row=row.source.row,
        column=row.columns.get(date_field),
    )
