"""Tables of the stability work: petitions (信访) and their timeline, links and dissuasions (劝阻),
home visits (家访), housing-reform applications (房改) and their reviews, and the care and
activities records (trips, teams, awards, the teacher pool, thanks, temporary jobs).

Petition links point at other capabilities' records by (entity, entity_id) without a
foreign key: those tables live on other migration branches. Petition events and housing
reviews are append-only history; the petition row holds the current status and the
dates its deadlines are computed from.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kuangqu.models.base import CodeList, utcnow
from kuangqu.models.enums import LabelledEnum

# ------------------------------------------------------------------ code lists


class ActivityKind(LabelledEnum):
    TRIP = "trip"
    SANATORIUM = "sanatorium"
    MEETING = "meeting"
    OTHER = "other"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"trip": "外出参观", "sanatorium": "疗养", "meeting": "座谈会", "other": "其他"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"旅游": "trip", "参观": "trip", "疗养院": "sanatorium", "会议": "meeting", "座谈": "meeting"}


class AwardLevel(LabelledEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    GROUP = "group"
    MINE = "mine"
    OTHER = "other"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {
            "national": "国家级",
            "province": "省级",
            "city": "市级",
            "group": "集团公司级",
            "mine": "矿级",
            "other": "其他",
        }

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"国家": "national", "省": "province", "市": "city", "集团": "group", "矿": "mine"}


class TeacherSubject(LabelledEnum):
    SAFETY = "safety"
    TECHNOLOGY = "technology"
    MANAGEMENT = "management"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"safety": "安全", "technology": "技术", "management": "管理"}


class ThanksKind(LabelledEnum):
    BANNER = "banner"
    LETTER = "letter"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"banner": "锦旗", "letter": "感谢信"}


class HousingStatus(LabelledEnum):
    PENDING = "pending"
    PASSED = "passed"
    RETURNED = "returned"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"pending": "审核中", "passed": "已通过全部审核", "returned": "已退回"}


class PetitionerKind(LabelledEnum):
    RETIREE = "retiree"
    HOUSEHOLD = "household"
    OUTSIDER = "outsider"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"retiree": "登记人员", "household": "家庭", "outsider": "其他人员"}


# ------------------------------------------------------------------ petitions


class Petition(SQLModel, table=True):
    """One petition (信访件): who, how, about what, and the dates of each step of its procedure."""

    __tablename__ = "petition"
    __table_args__ = (
        Index("ix_petition_status", "status"),
        Index("ix_petition_received", "received_on"),
        Index("ix_petition_repeat_key", "petitioner_name", "subject"),
    )

    id: int | None = Field(default=None, primary_key=True)
    petitioner_kind: str = Field(max_length=16)
    retiree_id: int | None = Field(default=None, foreign_key="retiree.id", index=True)
    household_id: int | None = Field(default=None, foreign_key="household.id", index=True)
    # Copied for every kind, so lists and the repeat check need no join (and outsiders have no row).
    petitioner_name: str = Field(max_length=100)
    contact: str | None = Field(default=None, max_length=30)
    address: str | None = Field(default=None, max_length=200)
    people_count: int = Field(default=1)
    representatives: list[str] = Field(default_factory=list, sa_column=Column(CodeList, nullable=False))
    received_on: date
    channel: str = Field(max_length=16)
    petition_type: str = Field(max_length=16)
    subject: str = Field(max_length=16)
    request: str = Field(max_length=2000)
    facts: str | None = Field(default=None, max_length=4000)
    is_repeat: bool = Field(default=False)
    repeat_of_id: int | None = Field(default=None, foreign_key="petition.id")
    handling_unit: str | None = Field(default=None, max_length=100)
    confidential: bool = Field(default=False)
    status: str = Field(default="registered", max_length=20)
    accepted_on: date | None = None
    not_accepted_on: date | None = None
    not_accepted_reason: str | None = Field(default=None, max_length=1000)
    extension_days: int | None = None
    extension_reason: str | None = Field(default=None, max_length=1000)
    extended_on: date | None = None
    opinion: str | None = Field(default=None, max_length=16)
    opinion_text: str | None = Field(default=None, max_length=4000)
    opinion_on: date | None = None
    review_requested_on: date | None = None
    reviewed_on: date | None = None
    review_result: str | None = Field(default=None, max_length=16)
    rereview_requested_on: date | None = None
    rereviewed_on: date | None = None
    rereview_result: str | None = Field(default=None, max_length=16)
    closed_on: date | None = None
    satisfaction: str | None = Field(default=None, max_length=16)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PetitionEvent(SQLModel, table=True):
    """One step of a petition's timeline (append-only): the action, its date, the text and who entered it."""

    __tablename__ = "petition_event"
    __table_args__ = (Index("ix_petition_event_petition", "petition_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petition.id")
    action: str = Field(max_length=30)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    happened_on: date
    text: str | None = Field(default=None, max_length=4000)
    operator: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow)


class PetitionLink(SQLModel, table=True):
    """A petition → the record it led to (a relief application, a benefit correction …), by name and id."""

    __tablename__ = "petition_link"
    __table_args__ = (UniqueConstraint("petition_id", "entity", "entity_id", name="uq_petition_link"),)

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petition.id", index=True)
    entity: str = Field(max_length=40)
    entity_id: int
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class Dissuasion(SQLModel, table=True):
    """A dissuasion trip (劝阻): where, when, who went, how many people were persuaded to return."""

    __tablename__ = "dissuasion"

    id: int | None = Field(default=None, primary_key=True)
    happened_on: date = Field(index=True)
    place: str = Field(max_length=100)
    staff: str = Field(max_length=200)
    persuaded_count: int
    notes: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)


class DissuasionPetition(SQLModel, table=True):
    __tablename__ = "dissuasion_petition"

    dissuasion_id: int = Field(foreign_key="dissuasion.id", primary_key=True)
    petition_id: int = Field(foreign_key="petition.id", primary_key=True)


# ------------------------------------------------------------------ home visits


class HomeVisit(SQLModel, table=True):
    """A home visit (家访) by a grid leader or another visitor: what was found, needs, follow-up."""

    __tablename__ = "home_visit"
    __table_args__ = (Index("ix_home_visit_household", "household_id", "visited_on"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id")
    leader_id: int | None = Field(default=None, foreign_key="grid_leader.id", index=True)
    visitor: str | None = Field(default=None, max_length=100)
    visited_on: date = Field(index=True)
    notes: str | None = Field(default=None, max_length=2000)
    findings: str | None = Field(default=None, max_length=2000)
    needs: str | None = Field(default=None, max_length=2000)
    follow_up: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)


# ------------------------------------------------------------------ housing reform


class HousingApplication(SQLModel, table=True):
    """A housing-reform application (房改) and the review stages it must pass, fixed when it was filed."""

    __tablename__ = "housing_application"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True)
    applied_on: date
    stages: list[str] = Field(default_factory=list, sa_column=Column(CodeList, nullable=False))
    stages_passed: int = Field(default=0)
    status: str = Field(default="pending", max_length=16, index=True)
    decided_on: date | None = None
    notes: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class HousingReview(SQLModel, table=True):
    """One review of an application at one stage (append-only): reviewer, date, opinion, pass or return."""

    __tablename__ = "housing_review"
    __table_args__ = (Index("ix_housing_review_application", "application_id", "stage_no"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="housing_application.id")
    stage_no: int
    stage: str = Field(max_length=50)
    reviewer: str = Field(max_length=100)
    reviewed_on: date
    opinion: str | None = Field(default=None, max_length=2000)
    passed: bool
    created_at: datetime = Field(default_factory=utcnow)


# ------------------------------------------------------------------ care and activities


class Activity(SQLModel, table=True):
    """An activity or trip (参观、疗养、座谈 …) and its dates and place."""

    __tablename__ = "activity"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=16)
    place: str | None = Field(default=None, max_length=100)
    start_on: date = Field(index=True)
    end_on: date | None = None
    notes: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)


class ActivityParticipant(SQLModel, table=True):
    __tablename__ = "activity_participant"
    __table_args__ = (UniqueConstraint("activity_id", "retiree_id", name="uq_activity_participant"),)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id")
    retiree_id: int = Field(foreign_key="retiree.id", index=True)
    note: str | None = Field(default=None, max_length=200)


class Team(SQLModel, table=True):
    """A retirees' team (锣鼓秧歌队, 太极拳队, 门球队 …)."""

    __tablename__ = "team"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    founded_on: date | None = None
    leader_name: str | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("team_id", "retiree_id", name="uq_team_member"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id")
    retiree_id: int = Field(foreign_key="retiree.id", index=True)
    joined_on: date | None = None
    left_on: date | None = None
    role: str | None = Field(default=None, max_length=50)


class Award(SQLModel, table=True):
    """An award won by a team or a person (or the office): its name, level and date."""

    __tablename__ = "award"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    level: str = Field(max_length=16)
    awarded_on: date = Field(index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id")
    retiree_id: int | None = Field(default=None, foreign_key="retiree.id")
    issuer: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class Teacher(SQLModel, table=True):
    """A retiree in the teacher pool, and the subjects they can lecture on."""

    __tablename__ = "teacher"

    id: int | None = Field(default=None, primary_key=True)
    retiree_id: int = Field(foreign_key="retiree.id", unique=True)
    subjects: list[str] = Field(default_factory=list, sa_column=Column(CodeList, nullable=False))
    added_on: date
    notes: str | None = Field(default=None, max_length=1000)


class Lecture(SQLModel, table=True):
    __tablename__ = "lecture"

    id: int | None = Field(default=None, primary_key=True)
    teacher_id: int = Field(foreign_key="teacher.id", index=True)
    given_on: date = Field(index=True)
    topic: str = Field(max_length=200)
    subject: str | None = Field(default=None, max_length=16)
    audience: str | None = Field(default=None, max_length=200)
    attendees: int | None = None


class ThanksReceived(SQLModel, table=True):
    """A banner (锦旗) or letter of thanks (感谢信) the office received."""

    __tablename__ = "thanks_received"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    received_on: date = Field(index=True)
    from_whom: str = Field(max_length=200)
    about: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class TemporaryJob(SQLModel, table=True):
    """A temporary job arranged for a retiree's child."""

    __tablename__ = "temporary_job"

    id: int | None = Field(default=None, primary_key=True)
    retiree_id: int = Field(foreign_key="retiree.id", index=True)
    child_name: str = Field(max_length=50)
    employer: str = Field(max_length=100)
    job: str | None = Field(default=None, max_length=100)
    start_on: date = Field(index=True)
    end_on: date | None = None
    notes: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
