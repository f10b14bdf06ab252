"""Petitions (信访): registering, the steps of the procedure with their timeline, links, deadlines
due, dissuasions (劝阻), and the masked display rows every list, show and report uses.

The rules (statuses, transitions, deadlines) live in `kuangqu.rules.petitions`; this module
applies them to the stored petition, writes a timeline event and an audit entry per step,
and never writes a confidential petition's content into the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, Problem, RuleViolation
from kuangqu.models.base import utcnow
from kuangqu.models.registry import Retiree
from kuangqu.models.stability import (
    Dissuasion,
    DissuasionPetition,
    HomeVisit,
    HousingApplication,
    Petition,
    PetitionerKind,
    PetitionEvent,
    PetitionLink,
)
from kuangqu.rules import petitions as rules
from kuangqu.rules.masking import mask_name, mask_phone
from kuangqu.rules.petitions import (
    Action,
    Channel,
    Deadline,
    Opinion,
    PetitionDates,
    PetitionStatus,
    PetitionType,
    ReviewResult,
    Satisfaction,
    Stage,
    Subject,
)
from kuangqu.services import audit
from kuangqu.services.audit import default_operator

# Records a petition may be linked to. Only the ones of this capability are checked for
# existence: the others live on other migration branches (no cross-branch foreign keys).
LINK_ENTITIES: dict[str, type[Any] | None] = {
    "relief_application": None,
    "correction": None,
    "housing_application": HousingApplication,
    "home_visit": HomeVisit,
}


@dataclass
class PetitionInput:
    """A validated petition, ready to register; the petitioner is already resolved."""

    petitioner_kind: str
    petitioner_name: str
    received_on: date
    channel: str
    petition_type: str
    subject: str
    request: str
    retiree_id: int | None = None
    household_id: int | None = None
    contact: str | None = None
    address: str | None = None
    people_count: int = 1
    representatives: list[str] = field(default_factory=list)
    facts: str | None = None
    repeat_of_id: int | None = None
    handling_unit: str | None = None
    confidential: bool = False


def resolve_petitioner(
    session: Session, *, person: str | None = None, household: str | None = None, outsider: str | None = None
) -> tuple[str, int | None, int | None, str]:
    """(kind, retiree_id, household_id, name) from exactly one of a person, a household or an outsider."""
    from kuangqu.services import households, retirees

    given = [x for x in (person, household, outsider) if x and x.strip()]
    if len(given) != 1:
        raise RuleViolation("petition.petitioner_required")
    if person:
        found = retirees.get(session, person)
        return PetitionerKind.RETIREE.value, found.id, None, found.name
    if household:
        hh = households.get(session, household)
        head = session.get(Retiree, hh.head_id)
        return PetitionerKind.HOUSEHOLD.value, head.id if head else None, hh.id, head.name if head else ""
    from kuangqu.rules.names import normalize_name

    name, _ = normalize_name(outsider)
    return PetitionerKind.OUTSIDER.value, None, None, name


def parse_codes(channel: str, petition_type: str, subject: str) -> tuple[str, str, str]:
    return (
        Channel.parse(channel, "channel").value,
        PetitionType.parse(petition_type, "petition_type").value,
        Subject.parse(subject, "subject").value,
    )


def get(session: Session, ref: str | int) -> Petition:
    text = str(ref).strip().lstrip("#")
    found = session.get(Petition, int(text)) if text.isdigit() else None
    if found is None:
        raise NotFound("petition.not_found", ref=str(ref))
    return found


def _operator(session: Session) -> str:
    return str(session.info.get("operator") or default_operator())


def _auditable(p: Petition, values: Mapping[str, Any]) -> dict[str, Any]:
    """What the audit log may hold about a petition: a confidential one's names and texts stay out."""
    if not p.confidential:
        return dict(values)
    hidden = {
        "petitioner_name",
        "contact",
        "address",
        "representatives",
        "request",
        "facts",
        "text",
        "opinion_text",
        "not_accepted_reason",
        "extension_reason",
    }
    return {k: ("***" if k in hidden and v else v) for k, v in values.items()}


def register(session: Session, data: PetitionInput, *, today: date) -> tuple[Petition, list[Problem]]:
    """Record a received petition; returns it with warnings (it repeats a closed or re-reviewed matter)."""
    rules.check_group(data.people_count, data.representatives)
    if data.received_on > today:
        raise RuleViolation("petition.date_in_future", on=data.received_on.isoformat())
    if data.repeat_of_id is not None:
        get(session, data.repeat_of_id)
    petition = Petition(
        petitioner_kind=data.petitioner_kind,
        retiree_id=data.retiree_id,
        household_id=data.household_id,
        petitioner_name=data.petitioner_name,
        contact=data.contact,
        address=data.address,
        people_count=data.people_count,
        representatives=list(data.representatives),
        received_on=data.received_on,
        channel=data.channel,
        petition_type=data.petition_type,
        subject=data.subject,
        request=data.request,
        facts=data.facts,
        is_repeat=data.repeat_of_id is not None,
        repeat_of_id=data.repeat_of_id,
        handling_unit=data.handling_unit,
        confidential=rules.is_confidential(data.petition_type, data.confidential),
        status=PetitionStatus.REGISTERED.value,
    )
    session.add(petition)
    session.flush()
    session.add(
        PetitionEvent(
            petition_id=petition.id or 0,
            action="register",
            from_status=None,
            to_status=petition.status,
            happened_on=data.received_on,
            text=data.request,
            operator=_operator(session),
        )
    )
    audit.record(
        session,
        "petition.add",
        "petition",
        petition.id,
        new=_auditable(
            petition,
            {
                "petitioner_kind": data.petitioner_kind,
                "petitioner_name": data.petitioner_name,
                "received_on": data.received_on,
                "channel": data.channel,
                "petition_type": data.petition_type,
                "subject": data.subject,
                "people_count": data.people_count,
                "confidential": petition.confidential,
                "repeat_of_id": data.repeat_of_id,
                "request": data.request,
            },
        ),
    )
    return petition, repeat_warnings(session, petition)


def same_matter(session: Session, petition: Petition) -> list[Petition]:
    """Earlier closed petitions of the same petitioner about the same subject (the repeat check)."""
    if petition.retiree_id is not None:
        who = Petition.retiree_id == petition.retiree_id
    elif petition.household_id is not None:
        who = Petition.household_id == petition.household_id
    else:
        who = (Petition.petitioner_kind == PetitionerKind.OUTSIDER.value) & (
            Petition.petitioner_name == petition.petitioner_name
        )
    query = select(Petition).where(
        who,
        Petition.subject == petition.subject,
        Petition.status == PetitionStatus.CLOSED.value,
        Petition.id != petition.id,
    )
    return list(session.scalars(query.order_by(Petition.id)))


def repeat_warnings(session: Session, petition: Petition) -> list[Problem]:
    earlier = same_matter(session, petition)
    if not earlier:
        return []
    rereviewed = [p.id for p in earlier if p.rereviewed_on is not None]
    if rereviewed:
        return [Problem("petition.warn_repeats_rereviewed", {"ids": _ids(rereviewed)})]
    return [Problem("petition.warn_repeats_closed", {"ids": _ids([p.id for p in earlier])})]


def _ids(ids: list[int | None]) -> str:
    return "、".join(f"#{i}" for i in ids)


# ------------------------------------------------------------------ the procedure


def dates(p: Petition) -> PetitionDates:
    return PetitionDates(
        received_on=p.received_on,
        accepted_on=p.accepted_on,
        not_accepted_on=p.not_accepted_on,
        extension_days=p.extension_days or 0,
        opinion_on=p.opinion_on,
        review_requested_on=p.review_requested_on,
        reviewed_on=p.reviewed_on,
        rereview_requested_on=p.rereview_requested_on,
        rereviewed_on=p.rereviewed_on,
        closed_on=p.closed_on,
    )


def _last_step(p: Petition) -> date:
    steps = [
        p.received_on,
        p.accepted_on,
        p.not_accepted_on,
        p.extended_on,
        p.opinion_on,
        p.review_requested_on,
        p.reviewed_on,
        p.rereview_requested_on,
        p.rereviewed_on,
        p.closed_on,
    ]
    return max(d for d in steps if d is not None)


def _step(
    session: Session,
    p: Petition,
    action: str,
    on: date,
    today: date,
    *,
    text: str | None = None,
    changes: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> PetitionEvent:
    """Apply one step: refuse it unless the rules allow it from the current status and on that date."""
    new_status = rules.next_status(p.status, action)
    rules.check_step_date(on, after=_last_step(p), today=today)
    old_status = p.status
    for key, value in (changes or {}).items():
        setattr(p, key, value)
    p.status = new_status
    p.updated_at = utcnow()
    event = PetitionEvent(
        petition_id=p.id or 0,
        action=action,
        from_status=old_status,
        to_status=new_status,
        happened_on=on,
        text=text,
        operator=_operator(session),
    )
    session.add(event)
    session.flush()
    audit.record(
        session,
        f"petition.{action}",
        "petition",
        p.id,
        old={"status": old_status},
        new=_auditable(p, {"status": new_status, "on": on, **(changes or {}), "text": text}),
        reason=None if p.confidential else reason,
    )
    return event


def accept(
    session: Session,
    p: Petition,
    *,
    on: date,
    today: date,
    text: str | None = None,
    handling_unit: str | None = None,
) -> PetitionEvent:
    rules.next_status(p.status, "accept")
    if p.repeat_of_id is not None:
        earlier = session.get(Petition, p.repeat_of_id)
        rules.check_not_rereviewed(earlier.rereviewed_on if earlier else None, p.repeat_of_id)
    changes: dict[str, Any] = {"accepted_on": on}
    if handling_unit:
        changes["handling_unit"] = handling_unit
    return _step(session, p, "accept", on, today, text=text, changes=changes)


def reject(session: Session, p: Petition, *, on: date, today: date, reason: str) -> PetitionEvent:
    if not (reason and reason.strip()):
        raise RuleViolation("petition.reason_required")
    return _step(
        session,
        p,
        "reject",
        on,
        today,
        text=reason,
        changes={"not_accepted_on": on, "not_accepted_reason": reason.strip()},
    )


def handle(
    session: Session, p: Petition, *, on: date, today: date, opinion: str, text: str | None = None
) -> PetitionEvent:
    code = Opinion.parse(opinion, "opinion").value
    return _step(
        session,
        p,
        "handle",
        on,
        today,
        text=text,
        changes={"opinion": code, "opinion_text": text, "opinion_on": on},
    )


def extend(session: Session, p: Petition, *, days: int, reason: str, on: date, today: date) -> PetitionEvent:
    rules.next_status(p.status, "extend")
    assert p.accepted_on is not None
    rules.check_extension(
        already_extended=p.extension_days is not None,
        days=days,
        reason=reason,
        handling_due=rules.due_date(p.accepted_on, rules.HANDLE_DAYS),
        on=on,
    )
    return _step(
        session,
        p,
        "extend",
        on,
        today,
        text=reason,
        reason=reason,
        changes={"extension_days": days, "extension_reason": reason.strip(), "extended_on": on},
    )


def request_review(
    session: Session, p: Petition, *, on: date, today: date, text: str | None = None
) -> PetitionEvent:
    rules.next_status(p.status, "request_review")
    assert p.opinion_on is not None
    rules.check_request_in_time("review", p.opinion_on, on)
    return _step(session, p, "request_review", on, today, text=text, changes={"review_requested_on": on})


def review(
    session: Session, p: Petition, *, on: date, today: date, result: str, text: str | None = None
) -> PetitionEvent:
    code = ReviewResult.parse(result, "result").value
    return _step(
        session, p, "review", on, today, text=text, changes={"reviewed_on": on, "review_result": code}
    )


def request_rereview(
    session: Session, p: Petition, *, on: date, today: date, text: str | None = None
) -> PetitionEvent:
    rules.next_status(p.status, "request_rereview")
    assert p.reviewed_on is not None
    rules.check_request_in_time("rereview", p.reviewed_on, on)
    return _step(session, p, "request_rereview", on, today, text=text, changes={"rereview_requested_on": on})


def rereview(
    session: Session, p: Petition, *, on: date, today: date, result: str, text: str | None = None
) -> PetitionEvent:
    code = ReviewResult.parse(result, "result").value
    return _step(
        session, p, "rereview", on, today, text=text, changes={"rereviewed_on": on, "rereview_result": code}
    )


def close(
    session: Session,
    p: Petition,
    *,
    on: date,
    today: date,
    satisfaction: str | None = None,
    text: str | None = None,
) -> PetitionEvent:
    changes: dict[str, Any] = {"closed_on": on}
    if satisfaction:
        changes["satisfaction"] = Satisfaction.parse(satisfaction, "satisfaction").value
    return _step(session, p, "close", on, today, text=text, changes=changes)


def timeline(session: Session, p: Petition) -> list[PetitionEvent]:
    query = select(PetitionEvent).where(PetitionEvent.petition_id == p.id)
    return list(session.scalars(query.order_by(PetitionEvent.happened_on, PetitionEvent.id)))


# ------------------------------------------------------------------ links


def link(session: Session, p: Petition, entity: str, entity_id: int, note: str | None = None) -> PetitionLink:
    """Link a petition to the record it led to (relief application, benefit correction …)."""
    if entity not in LINK_ENTITIES:
        raise RuleViolation("petition.link_entity", entity=entity, choices=", ".join(LINK_ENTITIES))
    model = LINK_ENTITIES[entity]
    if model is not None and session.get(model, entity_id) is None:
        raise NotFound("petition.link_target_missing", entity=entity, id=entity_id)
    exists = session.scalars(
        select(PetitionLink).where(
            PetitionLink.petition_id == p.id,
            PetitionLink.entity == entity,
            PetitionLink.entity_id == entity_id,
        )
    ).first()
    if exists is not None:
        raise Conflict("petition.link_exists", entity=entity, id=entity_id)
    row = PetitionLink(petition_id=p.id or 0, entity=entity, entity_id=entity_id, note=note)
    session.add(row)
    session.flush()
    audit.record(session, "petition.link", "petition", p.id, new={"entity": entity, "entity_id": entity_id})
    return row


def links(session: Session, p: Petition) -> list[PetitionLink]:
    return list(
        session.scalars(
            select(PetitionLink).where(PetitionLink.petition_id == p.id).order_by(PetitionLink.id)
        )
    )


# ------------------------------------------------------------------ finding and due


def list_petitions(
    session: Session,
    *,
    status: str | None = None,
    channel: str | None = None,
    petition_type: str | None = None,
    subject: str | None = None,
    year: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue_as_of: date | None = None,
    limit: int | None = None,
) -> list[Petition]:
    query = select(Petition)
    if status:
        query = query.where(Petition.status == status)
    if channel:
        query = query.where(Petition.channel == channel)
    if petition_type:
        query = query.where(Petition.petition_type == petition_type)
    if subject:
        query = query.where(Petition.subject == subject)
    if year:
        received_from, received_to = date(year, 1, 1), date(year, 12, 31)
    if received_from:
        query = query.where(Petition.received_on >= received_from)
    if received_to:
        query = query.where(Petition.received_on <= received_to)
    found = list(session.scalars(query.order_by(Petition.received_on, Petition.id)))
    if overdue_as_of is not None:
        found = [p for p in found if rules.is_overdue(dates(p), overdue_as_of)]
    return found[:limit] if limit else found


def due(session: Session, *, as_of: date, days: int) -> list[tuple[Petition, Deadline]]:
    """Open deadlines falling due within `days` of `as_of`, and those already past, soonest first."""
    if days < 0:
        raise RuleViolation("petition.due_days", days=days)
    horizon = rules.due_date(as_of, days)
    open_statuses = [
        s.value
        for s in (
            PetitionStatus.REGISTERED,
            PetitionStatus.ACCEPTED,
            PetitionStatus.REVIEW_REQUESTED,
            PetitionStatus.REREVIEW_REQUESTED,
        )
    ]
    query = select(Petition).where(Petition.status.in_(open_statuses), Petition.received_on <= as_of)  # type: ignore[attr-defined]
    found: list[tuple[Petition, Deadline]] = []
    for p in session.scalars(query):
        deadline = rules.open_deadline(dates(p), as_of)
        if deadline is not None and deadline.due <= horizon:
            found.append((p, deadline))
    return sorted(found, key=lambda pair: (pair[1].due, pair[0].id or 0))


# ------------------------------------------------------------------ display


def masked_text() -> str:
    from kuangqu.i18n import t

    return t("petition.masked")


def petitioner_display(p: Petition, *, reveal: bool) -> str:
    if p.confidential and not reveal:
        return mask_name(p.petitioner_name)
    return p.petitioner_name


def row(p: Petition, *, reveal: bool = False, as_of: date | None = None) -> dict[str, Any]:
    """The display row of a petition: a confidential one's petitioner and content masked unless revealed."""
    hide = p.confidential and not reveal
    d = dates(p)
    as_of = as_of or date.today()
    current = rules.open_deadline(d, as_of) if p.status != PetitionStatus.CLOSED.value else None
    return {
        "id": p.id,
        "received_on": p.received_on,
        "petitioner": petitioner_display(p, reveal=reveal),
        "petitioner_kind": PetitionerKind(p.petitioner_kind),
        "people_count": p.people_count,
        "group": rules.is_group(p.people_count),
        "representatives": [mask_name(r) for r in p.representatives] if hide else list(p.representatives),
        "contact": (p.contact if reveal else mask_phone(p.contact)) if p.contact else None,
        "channel": Channel(p.channel),
        "petition_type": PetitionType(p.petition_type),
        "subject": Subject(p.subject),
        "request": masked_text() if hide else p.request,
        "status": PetitionStatus(p.status),
        "confidential": p.confidential,
        "repeat_of_id": p.repeat_of_id,
        "handling_unit": p.handling_unit,
        "next_due": current.due if current else None,
        "overdue": rules.is_overdue(d, as_of),
    }


def detail(p: Petition, *, reveal: bool = False, as_of: date | None = None) -> dict[str, Any]:
    """Every field of `show`: the row plus the procedure's dates and texts (masked as in `row`)."""
    hide = p.confidential and not reveal
    out = row(p, reveal=reveal, as_of=as_of)
    out.update(
        {
            "address": (masked_text() if hide else p.address) if p.address else None,
            "facts": (masked_text() if hide else p.facts) if p.facts else None,
            "is_repeat": p.is_repeat,
            "accepted_on": p.accepted_on,
            "not_accepted_on": p.not_accepted_on,
            "not_accepted_reason": (masked_text() if hide else p.not_accepted_reason)
            if p.not_accepted_reason
            else None,
            "extension_days": p.extension_days,
            "extension_reason": (masked_text() if hide else p.extension_reason)
            if p.extension_reason
            else None,
            "opinion": Opinion(p.opinion) if p.opinion else None,
            "opinion_text": (masked_text() if hide else p.opinion_text) if p.opinion_text else None,
            "opinion_on": p.opinion_on,
            "review_requested_on": p.review_requested_on,
            "reviewed_on": p.reviewed_on,
            "review_result": ReviewResult(p.review_result) if p.review_result else None,
            "rereview_requested_on": p.rereview_requested_on,
            "rereviewed_on": p.rereviewed_on,
            "rereview_result": ReviewResult(p.rereview_result) if p.rereview_result else None,
            "closed_on": p.closed_on,
            "satisfaction": Satisfaction(p.satisfaction) if p.satisfaction else None,
        }
    )
    return out


def event_row(e: PetitionEvent, *, hide: bool) -> dict[str, Any]:
    return {
        "happened_on": e.happened_on,
        "action": Action(e.action),
        "from_status": PetitionStatus(e.from_status) if e.from_status else None,
        "to_status": PetitionStatus(e.to_status),
        "text": (masked_text() if hide else e.text) if e.text else None,
        "operator": e.operator,
    }


def deadline_row(dl: Deadline, as_of: date) -> dict[str, Any]:
    return {
        "stage": Stage(dl.stage),
        "start": dl.start,
        "due": dl.due,
        "done_on": dl.done_on,
        "late": dl.late(as_of),
        "days_left": (dl.due - as_of).days if dl.done_on is None else None,
    }


# ------------------------------------------------------------------ dissuasions (劝阻)


@dataclass
class DissuasionInput:
    happened_on: date
    place: str
    staff: str
    persuaded_count: int
    notes: str | None = None
    petition_ids: list[int] = field(default_factory=list)


def dissuade(session: Session, data: DissuasionInput, *, today: date) -> Dissuasion:
    """Record a dissuasion trip; the petitions it concerns must exist."""
    if data.persuaded_count < 0:
        raise RuleViolation("petition.persuaded_negative", count=data.persuaded_count)
    if not data.place.strip() or not data.staff.strip():
        raise RuleViolation("petition.dissuasion_required")
    if data.happened_on > today:
        raise RuleViolation("petition.date_in_future", on=data.happened_on.isoformat())
    for pid in data.petition_ids:
        get(session, pid)
    record = Dissuasion(
        happened_on=data.happened_on,
        place=data.place.strip(),
        staff=data.staff.strip(),
        persuaded_count=data.persuaded_count,
        notes=data.notes,
    )
    session.add(record)
    session.flush()
    for pid in dict.fromkeys(data.petition_ids):
        session.add(DissuasionPetition(dissuasion_id=record.id or 0, petition_id=pid))
    session.flush()
    audit.record(
        session,
        "petition.dissuade",
        "dissuasion",
        record.id,
        new={
            "happened_on": data.happened_on,
            "place": record.place,
            "staff": record.staff,
            "persuaded_count": data.persuaded_count,
            "petition_ids": list(data.petition_ids),
        },
    )
    return record


def dissuasions(session: Session, *, year: int | None = None) -> list[tuple[Dissuasion, list[int]]]:
    query = select(Dissuasion)
    if year:
        query = query.where(
            Dissuasion.happened_on >= date(year, 1, 1), Dissuasion.happened_on <= date(year, 12, 31)
        )
    found = list(session.scalars(query.order_by(Dissuasion.happened_on, Dissuasion.id)))
    linked: dict[int, list[int]] = {}
    if found:
        pairs = session.execute(
            select(DissuasionPetition.dissuasion_id, DissuasionPetition.petition_id)
            .where(
                DissuasionPetition.dissuasion_id.in_([d.id for d in found])  # type: ignore[attr-defined]
            )
            .order_by(DissuasionPetition.petition_id)
        )
        for did, pid in pairs:
            linked.setdefault(did, []).append(pid)
    return [(d, linked.get(d.id or 0, [])) for d in found]


# ------------------------------------------------------------------ the check


def check_petitions(session: Session) -> list[Problem]:
    """`kuangqu check`: accusations not confidential, too many representatives, status contradicting dates."""
    problems: list[Problem] = []
    for p in session.scalars(select(Petition).order_by(Petition.id)):
        if p.petition_type == PetitionType.ACCUSATION.value and not p.confidential:
            problems.append(Problem("petition.check_accusation_open", {"id": p.id}))
        if len(p.representatives) > rules.MAX_REPRESENTATIVES:
            problems.append(
                Problem("petition.check_representatives", {"id": p.id, "count": len(p.representatives)})
            )
        derived = rules.status_on(dates(p), date.max)
        if derived != p.status:
            problems.append(
                Problem("petition.check_status_dates", {"id": p.id, "status": p.status, "derived": derived})
            )
    return problems
