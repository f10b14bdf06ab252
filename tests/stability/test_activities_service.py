"""Care and activities: trips and participants, teams, awards, the teacher pool, thanks, temporary jobs."""

from __future__ import annotations

from datetime import date

import pytest

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.services import activities


def test_a_trip_counts_each_participant_once(someone, write, read):
    a, b = someone("甲"), someone("乙")
    with write() as s:
        trip = activities.add_activity(
            s,
            name="离休干部西安参观",
            kind="外出参观",
            start_on=date(2020, 9, 1),
            end_on=date(2020, 9, 5),
            place="西安",
        )
        activities.join(s, trip, a)
        activities.join(s, trip, b)
    with pytest.raises(Conflict) as info, write() as s:
        activities.join(s, activities.get_activity(s, f"#{trip.id}"), a)
    assert info.value.key == "activity.already_joined"
    with read() as s:
        assert [(x.name, n) for x, n in activities.list_activities(s, year=2020)] == [("离休干部西安参观", 2)]
        assert activities.list_activities(s, year=2019) == []


def test_an_activity_ending_before_it_starts_is_invalid(write):
    with pytest.raises(RuleViolation) as info, write() as s:
        activities.add_activity(
            s, name="疗养", kind="疗养", start_on=date(2020, 9, 5), end_on=date(2020, 9, 1)
        )
    assert info.value.key == "activity.end_before_start"


def test_an_activity_is_found_by_name_or_number(write):
    with write() as s:
        spa = activities.add_activity(s, name="汝州温泉疗养", kind="sanatorium", start_on=date(2020, 10, 1))
        assert activities.get_activity(s, "汝州温泉疗养").id == spa.id
        assert activities.get_activity(s, str(spa.id)).id == spa.id
        with pytest.raises(NotFound):
            activities.get_activity(s, "不存在")


def test_a_team_member_can_leave_and_is_then_not_counted(someone, write, read):
    a, b = someone("甲"), someone("乙")
    with write() as s:
        team = activities.add_team(s, name="门球队", leader_name="甲")
        activities.add_member(s, team, a, role="队长")
        activities.add_member(s, team, b)
        activities.leave_team(s, team, b, on=date(2020, 6, 1))
    with read() as s:
        assert [(x.name, n) for x, n in activities.list_teams(s)] == [("门球队", 1)]
        assert len(activities.members(s, team, include_left=True)) == 2
    with pytest.raises(Conflict), write() as s:
        activities.add_team(s, name="门球队")
    with pytest.raises(Conflict), write() as s:
        activities.leave_team(s, activities.get_team(s, "门球队"), b, on=date(2020, 7, 1))


def test_an_award_goes_to_a_team_a_person_or_the_office_but_not_both(someone, write, read):
    winner = someone("甲")
    with write() as s:
        team = activities.add_team(s, name="锣鼓秧歌队")
        activities.add_award(
            s, name="全市老年文艺汇演一等奖", level="市级", awarded_on=date(2020, 10, 1), team=team
        )
        activities.add_award(
            s, name="优秀退管干部", level="集团", awarded_on=date(2020, 12, 1), person=winner
        )
        activities.add_award(s, name="先进退管中心", level="省级", awarded_on=date(2020, 12, 20))
        with pytest.raises(RuleViolation):
            activities.add_award(
                s, name="x", level="矿级", awarded_on=date(2020, 1, 1), team=team, person=winner
            )
    with read() as s:
        assert [
            (a.level, t.name if t else None, r.name if r else None)
            for a, t, r in activities.list_awards(s, year=2020)
        ] == [("city", "锣鼓秧歌队", None), ("group", None, "甲"), ("province", None, None)]


def test_a_teacher_lectures_on_their_subjects_and_is_in_the_pool_once(someone, write, read):
    engineer, manager = someone("甲"), someone("乙")
    with write() as s:
        teacher = activities.add_teacher(s, engineer, subjects=["安全,技术"], added_on=date(2020, 1, 1))
        activities.add_lecture(
            s, teacher, given_on=date(2020, 4, 1), topic="瓦斯防治", subject="安全", attendees=40
        )
        with pytest.raises(Conflict):
            activities.add_teacher(s, engineer, subjects=["管理"], added_on=date(2020, 1, 2))
        with pytest.raises(RuleViolation):
            activities.add_teacher(s, manager, subjects=[], added_on=date(2020, 1, 2))
    with read() as s:
        assert [(t.subjects, n) for t, _r, n in activities.list_teachers(s)] == [
            (["safety", "technology"], 1)
        ]
        assert activities.list_teachers(s, subject="管理") == []
        assert activities.get_teacher(s, engineer.id_number).id == teacher.id
        assert activities.get_teacher(s, f"#{teacher.id}").retiree_id == engineer.id


def test_thanks_are_banners_or_letters(write, read):
    with write() as s:
        activities.add_thanks(
            s, kind="锦旗", received_on=date(2020, 5, 1), from_whom="王某家属", about="帮助办理丧事"
        )
        activities.add_thanks(s, kind="感谢信", received_on=date(2020, 6, 1), from_whom="李某")
        with pytest.raises(RuleViolation):
            activities.add_thanks(s, kind="花篮", received_on=date(2020, 6, 1), from_whom="李某")
    with read() as s:
        assert [x.kind for x in activities.list_thanks(s, year=2020)] == ["banner", "letter"]
        assert len(activities.list_thanks(s, kind="锦旗")) == 1


def test_a_temporary_job_belongs_to_a_retirees_child(someone, write, read):
    parent = someone("甲")
    with write() as s:
        activities.add_job(
            s, parent, child_name="王小明", employer="洗煤厂", job="临时工", start_on=date(2020, 7, 1)
        )
        with pytest.raises(RuleViolation):
            activities.add_job(s, parent, child_name="王小红", employer="", start_on=date(2020, 7, 1))
    with read() as s:
        assert [(j.child_name, r.name) for j, r in activities.list_jobs(s, year=2020)] == [("王小明", "甲")]
