"""Petition (信访) rules of the 信访工作条例 (2022; the time limits are those of the 2005 条例).

Pure: codes, the statuses and the transitions allowed between them, and the statutory
deadlines in calendar days. Periods are counted as Chinese law counts them — the day of
the event itself is not counted — so a petition received on 1 March must be decided by
16 March: 16 March is day 15 (on time), 17 March is day 16 (overdue). An extension,
a late review request and a second acceptance of a re-reviewed matter are refused here,
so the CLI and the importer obey the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.models.enums import LabelledEnum

ACCEPT_DAYS = 15  # decide on acceptance and tell the petitioner (第二十二条)
HANDLE_DAYS = 60  # finish from acceptance (第三十二条)
MAX_EXTENSION_DAYS = 30  # once, with reasons
REVIEW_REQUEST_DAYS = 30  # petitioner may ask for 复查 within 30 days of the written opinion
REVIEW_ANSWER_DAYS = 30
REREVIEW_REQUEST_DAYS = 30  # likewise for 复核
REREVIEW_ANSWER_DAYS = 30
MAX_REPRESENTATIVES = 5  # a group visit sends at most 5 representatives (第二十一条)
GROUP_MIN_PEOPLE = 5  # 集体访: five people or more


class PetitionStatus(LabelledEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    HANDLED = "handled"
    REVIEW_REQUESTED = "review_requested"
    REVIEWED = "reviewed"
    REREVIEW_REQUESTED = "rereview_requested"
    REREVIEWED = "rereviewed"
    CLOSED = "closed"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {
            "registered": "已登记",
            "accepted": "已受理",
            "not_accepted": "不予受理",
            "handled": "已出具处理意见",
            "review_requested": "已申请复查",
            "reviewed": "已复查",
            "rereview_requested": "已申请复核",
            "rereviewed": "已复核",
            "closed": "已办结",
        }

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"登记": "registered", "受理": "accepted", "不受理": "not_accepted", "办结": "closed"}


class Channel(LabelledEnum):
    LETTER = "letter"
    VISIT = "visit"
    PHONE = "phone"
    ONLINE = "online"
    PROVINCE = "province"
    BEIJING = "beijing"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {
            "letter": "来信",
            "visit": "来访",
            "phone": "电话",
            "online": "网上",
            "province": "越级赴省",
            "beijing": "越级进京",
        }

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {
            "赴省": "province",
            "进京": "beijing",
            "网上信访": "online",
            "走访": "visit",
            "信件": "letter",
        }


class PetitionType(LabelledEnum):
    SUGGESTION = "suggestion"
    ACCUSATION = "accusation"
    CLAIM = "claim"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"suggestion": "建议意见", "accusation": "检举控告", "claim": "申诉求决"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {
            "建议": "suggestion",
            "意见": "suggestion",
            "检举": "accusation",
            "控告": "accusation",
            "申诉": "claim",
            "求决": "claim",
        }


class Subject(LabelledEnum):
    BENEFIT = "benefit"
    HOUSING = "housing"
    RELIEF = "relief"
    WAGE = "wage"
    OTHER = "other"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"benefit": "待遇", "housing": "房改", "relief": "救济", "wage": "工资", "other": "其他"}


class Opinion(LabelledEnum):
    """The written opinion (第三十二条): supported, explained (reasonable, no legal basis), not supported."""

    SUPPORTED = "supported"
    EXPLAINED = "explained"
    NOT_SUPPORTED = "not_supported"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"supported": "予以支持", "explained": "解释说明", "not_supported": "不予支持"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"支持": "supported", "解释": "explained", "不支持": "not_supported"}


class ReviewResult(LabelledEnum):
    UPHELD = "upheld"
    CHANGED = "changed"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"upheld": "维持原意见", "changed": "变更原意见"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"维持": "upheld", "变更": "changed", "撤销": "changed"}


class Satisfaction(LabelledEnum):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    UNSATISFIED = "unsatisfied"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}


class Action(LabelledEnum):
    """The steps of the procedure, as the timeline names them."""

    REGISTER = "register"
    ACCEPT = "accept"
    REJECT = "reject"
    EXTEND = "extend"
    HANDLE = "handle"
    REQUEST_REVIEW = "request_review"
    REVIEW = "review"
    REQUEST_REREVIEW = "request_rereview"
    REREVIEW = "rereview"
    CLOSE = "close"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {
            "register": "登记",
            "accept": "受理",
            "reject": "不予受理",
            "extend": "延长期限",
            "handle": "出具处理意见",
            "request_review": "申请复查",
            "review": "复查",
            "request_rereview": "申请复核",
            "rereview": "复核",
            "close": "办结",
        }


class Stage(LabelledEnum):
    """The office's deadlines: acceptance decision, handling, review answer, re-review answer."""

    ACCEPTANCE = "acceptance"
    HANDLING = "handling"
    REVIEW = "review"
    REREVIEW = "rereview"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"acceptance": "受理告知", "handling": "办理", "review": "复查答复", "rereview": "复核答复"}


# ------------------------------------------------------------------ transitions

S = PetitionStatus
# action → (statuses it may start from, status it leads to). `extend` keeps the status.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({S.REGISTERED}), S.ACCEPTED),
    "reject": (frozenset({S.REGISTERED}), S.NOT_ACCEPTED),
    "extend": (frozenset({S.ACCEPTED}), S.ACCEPTED),
    "handle": (frozenset({S.ACCEPTED}), S.HANDLED),
    "request_review": (frozenset({S.HANDLED}), S.REVIEW_REQUESTED),
    "review": (frozenset({S.REVIEW_REQUESTED}), S.REVIEWED),
    "request_rereview": (frozenset({S.REVIEWED}), S.REREVIEW_REQUESTED),
    "rereview": (frozenset({S.REREVIEW_REQUESTED}), S.REREVIEWED),
    "close": (frozenset({S.NOT_ACCEPTED, S.HANDLED, S.REVIEWED, S.REREVIEWED}), S.CLOSED),
}


def next_status(current: str, action: str) -> str:
    """The status `action` leads to from `current`; a transition the rules forbid is refused (exit 4)."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        allowed = "、".join(PetitionStatus(s).label for s in sorted(sources, key=_status_order))
        raise Conflict(
            "petition.transition_refused",
            action=action,
            status=PetitionStatus(current).label,
            allowed=allowed,
        )
    return str(target)


def allowed_actions(current: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if current in sources]


def _status_order(status: str) -> int:
    return list(PetitionStatus).index(PetitionStatus(status))


# ------------------------------------------------------------------ dates and deadlines


def due_date(start: date, days: int) -> date:
    """The last day of a period of `days` calendar days starting the day after `start`."""
    return start + timedelta(days=days)


def day_number(start: date, on: date) -> int:
    """Which day of the period `on` is (the day of the event is day 0)."""
    return (on - start).days


def is_late(due: date, on: date) -> bool:
    return on > due


def check_step_date(on: date, *, after: date, today: date) -> None:
    """A step cannot happen before the step it follows, nor in the future."""
    if on < after:
        raise RuleViolation("petition.date_before_previous", on=on.isoformat(), previous=after.isoformat())
    if on > today:
        raise RuleViolation("petition.date_in_future", on=on.isoformat())


@dataclass(frozen=True)
class PetitionDates:
    """The dates a petition's statutory deadlines are computed from (None: the step has not happened)."""

    received_on: date
    accepted_on: date | None = None
    not_accepted_on: date | None = None
    extension_days: int = 0
    opinion_on: date | None = None
    review_requested_on: date | None = None
    reviewed_on: date | None = None
    rereview_requested_on: date | None = None
    rereviewed_on: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class Deadline:
    """One obligation of the office: the period's start, its last day, and when it was met."""

    stage: str  # acceptance | handling | review | rereview
    start: date
    due: date
    done_on: date | None

    def late(self, as_of: date) -> bool:
        """Met after the due day, or still open after it (as of `as_of`)."""
        if self.done_on is not None and self.done_on <= as_of:
            return self.done_on > self.due
        return as_of > self.due

    def open_on(self, as_of: date) -> bool:
        return self.start <= as_of and (self.done_on is None or self.done_on > as_of)


def deadlines(d: PetitionDates) -> list[Deadline]:
    """Every office deadline that has started, in order."""
    out = [
        Deadline(
            "acceptance",
            d.received_on,
            due_date(d.received_on, ACCEPT_DAYS),
            d.accepted_on or d.not_accepted_on,
        )
    ]
    if d.accepted_on is not None:
        days = HANDLE_DAYS + (d.extension_days or 0)
        out.append(Deadline("handling", d.accepted_on, due_date(d.accepted_on, days), d.opinion_on))
    if d.review_requested_on is not None:
        out.append(
            Deadline(
                "review",
                d.review_requested_on,
                due_date(d.review_requested_on, REVIEW_ANSWER_DAYS),
                d.reviewed_on,
            )
        )
    if d.rereview_requested_on is not None:
        out.append(
            Deadline(
                "rereview",
                d.rereview_requested_on,
                due_date(d.rereview_requested_on, REREVIEW_ANSWER_DAYS),
                d.rereviewed_on,
            )
        )
    return out


def open_deadline(d: PetitionDates, as_of: date) -> Deadline | None:
    """The deadline running on `as_of` (at most one: the steps follow each other)."""
    for deadline in deadlines(d):
        if deadline.open_on(as_of):
            return deadline
    return None


def is_overdue(d: PetitionDates, as_of: date) -> bool:
    """Any deadline missed as of `as_of`: met late, or still open past its due day."""
    return any(dl.late(as_of) for dl in deadlines(d) if dl.start <= as_of)


def status_on(d: PetitionDates, as_of: date) -> str | None:
    """The status the petition had at the end of `as_of` (None: not yet received), from its dates alone."""
    steps = [
        (d.received_on, S.REGISTERED),
        (d.accepted_on, S.ACCEPTED),
        (d.not_accepted_on, S.NOT_ACCEPTED),
        (d.opinion_on, S.HANDLED),
        (d.review_requested_on, S.REVIEW_REQUESTED),
        (d.reviewed_on, S.REVIEWED),
        (d.rereview_requested_on, S.REREVIEW_REQUESTED),
        (d.rereviewed_on, S.REREVIEWED),
        (d.closed_on, S.CLOSED),
    ]
    current: str | None = None
    for on, status in steps:  # in the order of the procedure; a later step wins a same-day tie
        if on is not None and on <= as_of:
            current = str(status)
    return current


def check_extension(
    *, already_extended: bool, days: int, reason: str | None, handling_due: date, on: date
) -> None:
    """Extension of the handling period: once, by 1–30 days, with a reason, before the period has run out."""
    if already_extended:
        raise Conflict("petition.extension_once")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise RuleViolation("petition.extension_days", days=days, max=MAX_EXTENSION_DAYS)
    if not (reason and reason.strip()):
        raise RuleViolation("petition.extension_reason")
    if on > handling_due:
        raise Conflict("petition.extension_too_late", due=handling_due.isoformat())


def check_request_in_time(kind: str, decided_on: date, on: date) -> None:
    """A review (复查) or re-review (复核) request must come within 30 days of the decision it contests."""
    days = REVIEW_REQUEST_DAYS if kind == "review" else REREVIEW_REQUEST_DAYS
    last = due_date(decided_on, days)
    if on > last:
        raise Conflict(f"petition.{kind}_request_late", last=last.isoformat(), days=days)


def check_not_rereviewed(earlier_rereviewed_on: date | None, earlier_id: int | None) -> None:
    """After re-review the same matter is not accepted again (第三十五条)."""
    if earlier_rereviewed_on is not None:
        raise Conflict("petition.repeat_after_rereview", earlier=earlier_id)


def check_group(people: int, representatives: list[str]) -> None:
    if people < 1:
        raise RuleViolation("petition.people_count", people=people)
    if len(representatives) > MAX_REPRESENTATIVES:
        raise RuleViolation(
            "petition.too_many_representatives", count=len(representatives), max=MAX_REPRESENTATIVES
        )
    if len(representatives) > people:
        raise RuleViolation(
            "petition.representatives_exceed_people", count=len(representatives), people=people
        )


def is_group(people: int) -> bool:
    return people >= GROUP_MIN_PEOPLE


def is_confidential(petition_type: str, flagged: bool = False) -> bool:
    """Accusations (检举控告) are always confidential: never disclosed to those accused."""
    return flagged or petition_type == PetitionType.ACCUSATION.value


def is_over_level(channel: str) -> bool:
    return channel in (Channel.PROVINCE.value, Channel.BEIJING.value)
