"""Care and activities: trips and sanatorium stays with their participants, teams and members,
awards, the teacher pool and its lectures, thanks received (锦旗, 感谢信), and temporary jobs
arranged for retirees' children. Plain records: each write checks its few rules and is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.registry import Retiree
from kuangqu.models.stability import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    Award,
    AwardLevel,
    Lecture,
    Teacher,
    TeacherSubject,
    Team,
    TeamMember,
    TemporaryJob,
    ThanksKind,
    ThanksReceived,
)
from kuangqu.services import audit


def _required(value: str | None, field: str) -> str:
    if value is None or not value.strip():
        raise RuleViolation("activity.required", field=field)
    return value.strip()


def _year_range(query: Any, column: Any, year: int | None) -> Any:
    if year:
        query = query.where(column >= date(year, 1, 1), column <= date(year, 12, 31))
    return query


def _not_before(end: date | None, start: date) -> None:
    if end is not None and end < start:
        raise RuleViolation("activity.end_before_start", start=start.isoformat(), end=end.isoformat())


# ------------------------------------------------------------------ activities and trips


def add_activity(
    session: Session,
    *,
    name: str,
    kind: str,
    start_on: date,
    end_on: date | None = None,
    place: str | None = None,
    notes: str | None = None,
) -> Activity:
    _not_before(end_on, start_on)
    activity = Activity(
        name=_required(name, "name"),
        kind=ActivityKind.parse(kind, "kind").value,
        place=place,
        start_on=start_on,
        end_on=end_on,
        notes=notes,
    )
    session.add(activity)
    session.flush()
    audit.record(
        session,
        "activity.add",
        "activity",
        activity.id,
        new={"name": activity.name, "kind": activity.kind, "place": place, "start_on": start_on},
    )
    return activity


def get_activity(session: Session, ref: str) -> Activity:
    text = ref.strip().lstrip("#")
    if text.isdigit() and (found := session.get(Activity, int(text))) is not None:
        return found
    named = list(session.scalars(select(Activity).where(Activity.name == ref.strip()).limit(2)))
    if len(named) > 1:
        raise RuleViolation("activity.ambiguous", ref=ref)
    if not named:
        raise NotFound("activity.not_found", ref=ref)
    return named[0]


def join(
    session: Session, activity: Activity, person: Retiree, note: str | None = None
) -> ActivityParticipant:
    taken = session.scalars(
        select(ActivityParticipant).where(
            ActivityParticipant.activity_id == activity.id, ActivityParticipant.retiree_id == person.id
        )
    ).first()
    if taken is not None:
        raise Conflict("activity.already_joined", name=person.name, activity=activity.name)
    row = ActivityParticipant(activity_id=activity.id or 0, retiree_id=person.id or 0, note=note)
    session.add(row)
    session.flush()
    audit.record(session, "activity.join", "activity", activity.id, new={"retiree_id": person.id})
    return row


def participants(session: Session, activity: Activity) -> list[tuple[ActivityParticipant, Retiree]]:
    query = (
        select(ActivityParticipant, Retiree)
        .join(Retiree, Retiree.id == ActivityParticipant.retiree_id)
        .where(ActivityParticipant.activity_id == activity.id)
        .order_by(ActivityParticipant.id)
    )
    return [(p, r) for p, r in session.execute(query).all()]


def list_activities(
    session: Session, *, year: int | None = None, kind: str | None = None
) -> list[tuple[Activity, int]]:
    counts = (
        select(ActivityParticipant.activity_id, func.count().label("n"))
        .group_by(ActivityParticipant.activity_id)
        .subquery()
    )
    query = select(Activity, counts.c.n).outerjoin(counts, counts.c.activity_id == Activity.id)
    query = _year_range(query, Activity.start_on, year)
    if kind:
        query = query.where(Activity.kind == ActivityKind.parse(kind, "kind").value)
    return [
        (a, int(n or 0)) for a, n in session.execute(query.order_by(Activity.start_on, Activity.id)).all()
    ]


# ------------------------------------------------------------------ teams


def add_team(
    session: Session,
    *,
    name: str,
    founded_on: date | None = None,
    leader_name: str | None = None,
    notes: str | None = None,
) -> Team:
    name = _required(name, "name")
    if session.scalars(select(Team).where(Team.name == name)).first() is not None:
        raise Conflict("team.exists", name=name)
    team = Team(name=name, founded_on=founded_on, leader_name=leader_name, notes=notes)
    session.add(team)
    session.flush()
    audit.record(session, "team.add", "team", team.id, new={"name": name, "leader_name": leader_name})
    return team


def get_team(session: Session, ref: str) -> Team:
    text = ref.strip().lstrip("#")
    if text.isdigit() and (found := session.get(Team, int(text))) is not None:
        return found
    found = session.scalars(select(Team).where(Team.name == ref.strip())).first()
    if found is None:
        raise NotFound("team.not_found", ref=ref)
    return found


def add_member(
    session: Session, team: Team, person: Retiree, *, joined_on: date | None = None, role: str | None = None
) -> TeamMember:
    taken = session.scalars(
        select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.retiree_id == person.id)
    ).first()
    if taken is not None:
        raise Conflict("team.already_member", name=person.name, team=team.name)
    member = TeamMember(team_id=team.id or 0, retiree_id=person.id or 0, joined_on=joined_on, role=role)
    session.add(member)
    session.flush()
    audit.record(session, "team.member_add", "team", team.id, new={"retiree_id": person.id, "role": role})
    return member


def leave_team(session: Session, team: Team, person: Retiree, *, on: date) -> TeamMember:
    member = session.scalars(
        select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.retiree_id == person.id)
    ).first()
    if member is None:
        raise NotFound("team.not_member", name=person.name, team=team.name)
    if member.left_on is not None:
        raise Conflict("team.already_left", name=person.name, team=team.name)
    if member.joined_on is not None:
        _not_before(on, member.joined_on)
    member.left_on = on
    session.flush()
    audit.record(
        session,
        "team.member_leave",
        "team",
        team.id,
        old={"left_on": None},
        new={"retiree_id": person.id, "left_on": on},
    )
    return member


def members(session: Session, team: Team, *, include_left: bool = False) -> list[tuple[TeamMember, Retiree]]:
    query = select(TeamMember, Retiree).join(Retiree, Retiree.id == TeamMember.retiree_id)
    query = query.where(TeamMember.team_id == team.id)
    if not include_left:
        query = query.where(TeamMember.left_on.is_(None))  # type: ignore[union-attr]
    return [(m, r) for m, r in session.execute(query.order_by(TeamMember.id)).all()]


def list_teams(session: Session) -> list[tuple[Team, int]]:
    counts = (
        select(TeamMember.team_id, func.count().label("n"))
        .where(TeamMember.left_on.is_(None))  # type: ignore[union-attr]
        .group_by(TeamMember.team_id)
        .subquery()
    )
    query = select(Team, counts.c.n).outerjoin(counts, counts.c.team_id == Team.id).order_by(Team.id)
    return [(t, int(n or 0)) for t, n in session.execute(query).all()]


# ------------------------------------------------------------------ awards


def add_award(
    session: Session,
    *,
    name: str,
    level: str,
    awarded_on: date,
    team: Team | None = None,
    person: Retiree | None = None,
    issuer: str | None = None,
    notes: str | None = None,
) -> Award:
    """An award won by a team, a person, or (neither given) the office itself."""
    if team is not None and person is not None:
        raise RuleViolation("award.team_or_person")
    award = Award(
        name=_required(name, "name"),
        level=AwardLevel.parse(level, "level").value,
        awarded_on=awarded_on,
        team_id=team.id if team else None,
        retiree_id=person.id if person else None,
        issuer=issuer,
        notes=notes,
    )
    session.add(award)
    session.flush()
    audit.record(
        session,
        "award.add",
        "award",
        award.id,
        new={
            "name": award.name,
            "level": award.level,
            "awarded_on": awarded_on,
            "team_id": award.team_id,
            "retiree_id": award.retiree_id,
        },
    )
    return award


def list_awards(
    session: Session, *, year: int | None = None
) -> list[tuple[Award, Team | None, Retiree | None]]:
    query = (
        select(Award, Team, Retiree)
        .outerjoin(Team, Team.id == Award.team_id)
        .outerjoin(Retiree, Retiree.id == Award.retiree_id)
    )
    query = _year_range(query, Award.awarded_on, year)
    return [(a, t, r) for a, t, r in session.execute(query.order_by(Award.awarded_on, Award.id)).all()]


# ------------------------------------------------------------------ the teacher pool


def parse_subjects(raw: list[str]) -> list[str]:
    codes: list[str] = []
    for item in raw:
        for part in str(item).replace("，", ",").replace("、", ",").split(","):
            if part.strip():
                code = TeacherSubject.parse(part.strip(), "subject").value
                if code not in codes:
                    codes.append(code)
    if not codes:
        raise RuleViolation("teacher.subject_required")
    return codes


def add_teacher(
    session: Session, person: Retiree, *, subjects: list[str], added_on: date, notes: str | None = None
) -> Teacher:
    codes = parse_subjects(subjects)
    if session.scalars(select(Teacher).where(Teacher.retiree_id == person.id)).first() is not None:
        raise Conflict("teacher.exists", name=person.name)
    teacher = Teacher(retiree_id=person.id or 0, subjects=codes, added_on=added_on, notes=notes)
    session.add(teacher)
    session.flush()
    audit.record(
        session,
        "teacher.add",
        "teacher",
        teacher.id,
        new={"retiree_id": person.id, "subjects": teacher.subjects},
    )
    return teacher


def get_teacher(session: Session, ref: str) -> Teacher:
    """A teacher by `#N` (the teacher's number) or by any reference to the person."""
    from kuangqu.services import retirees

    text = ref.strip()
    if text.startswith("#") and text[1:].isdigit():
        found = session.get(Teacher, int(text[1:]))
    else:
        person = retirees.get(session, text)
        found = session.scalars(select(Teacher).where(Teacher.retiree_id == person.id)).first()
    if found is None:
        raise NotFound("teacher.not_found", ref=ref)
    return found


def add_lecture(
    session: Session,
    teacher: Teacher,
    *,
    given_on: date,
    topic: str,
    subject: str | None = None,
    audience: str | None = None,
    attendees: int | None = None,
) -> Lecture:
    if attendees is not None and attendees < 0:
        raise RuleViolation("teacher.attendees_negative", count=attendees)
    code = TeacherSubject.parse(subject, "subject").value if subject else None
    lecture = Lecture(
        teacher_id=teacher.id or 0,
        given_on=given_on,
        topic=_required(topic, "topic"),
        subject=code,
        audience=audience,
        attendees=attendees,
    )
    session.add(lecture)
    session.flush()
    audit.record(
        session,
        "teacher.lecture",
        "lecture",
        lecture.id,
        new={"teacher_id": teacher.id, "given_on": given_on, "topic": lecture.topic},
    )
    return lecture


def list_teachers(session: Session, *, subject: str | None = None) -> list[tuple[Teacher, Retiree, int]]:
    counts = select(Lecture.teacher_id, func.count().label("n")).group_by(Lecture.teacher_id).subquery()
    query = (
        select(Teacher, Retiree, counts.c.n)
        .join(Retiree, Retiree.id == Teacher.retiree_id)
        .outerjoin(counts, counts.c.teacher_id == Teacher.id)
        .order_by(Teacher.id)
    )
    code = TeacherSubject.parse(subject, "subject").value if subject else None
    return [
        (t, r, int(n or 0)) for t, r, n in session.execute(query).all() if code is None or code in t.subjects
    ]


def lectures(session: Session, *, year: int | None = None) -> list[tuple[Lecture, Retiree]]:
    query = (
        select(Lecture, Retiree)
        .join(Teacher, Teacher.id == Lecture.teacher_id)
        .join(Retiree, Retiree.id == Teacher.retiree_id)
    )
    query = _year_range(query, Lecture.given_on, year)
    return [(lec, r) for lec, r in session.execute(query.order_by(Lecture.given_on, Lecture.id)).all()]


# ------------------------------------------------------------------ thanks and temporary jobs


def add_thanks(
    session: Session, *, kind: str, received_on: date, from_whom: str, about: str | None = None
) -> ThanksReceived:
    thanks = ThanksReceived(
        kind=ThanksKind.parse(kind, "kind").value,
        received_on=received_on,
        from_whom=_required(from_whom, "from_whom"),
        about=about,
    )
    session.add(thanks)
    session.flush()
    audit.record(
        session,
        "thanks.add",
        "thanks_received",
        thanks.id,
        new={"kind": thanks.kind, "received_on": received_on, "from_whom": thanks.from_whom},
    )
    return thanks


def list_thanks(
    session: Session, *, year: int | None = None, kind: str | None = None
) -> list[ThanksReceived]:
    query = _year_range(select(ThanksReceived), ThanksReceived.received_on, year)
    if kind:
        query = query.where(ThanksReceived.kind == ThanksKind.parse(kind, "kind").value)
    return list(session.scalars(query.order_by(ThanksReceived.received_on, ThanksReceived.id)))


def add_job(
    session: Session,
    parent: Retiree,
    *,
    child_name: str,
    employer: str,
    start_on: date,
    job: str | None = None,
    end_on: date | None = None,
    notes: str | None = None,
) -> TemporaryJob:
    from kuangqu.rules.names import normalize_name

    _not_before(end_on, start_on)
    child, _ = normalize_name(child_name)
    row = TemporaryJob(
        retiree_id=parent.id or 0,
        child_name=child,
        employer=_required(employer, "employer"),
        job=job,
        start_on=start_on,
        end_on=end_on,
        notes=notes,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "job.add",
        "temporary_job",
        row.id,
        new={"retiree_id": parent.id, "child_name": child, "employer": row.employer, "start_on": start_on},
    )
    return row


def list_jobs(session: Session, *, year: int | None = None) -> list[tuple[TemporaryJob, Retiree]]:
    query = select(TemporaryJob, Retiree).join(Retiree, Retiree.id == TemporaryJob.retiree_id)
    query = _year_range(query, TemporaryJob.start_on, year)
    return [(j, r) for j, r in session.execute(query.order_by(TemporaryJob.start_on, TemporaryJob.id)).all()]
