"""The stability figures of the monthly and annual reports."""

from __future__ import annotations

from datetime import date

from kuangqu.reports import ANNUAL_BY_MONTH, ANNUAL_FIGURES, MONTHLY_SECTIONS, annual_figures
from kuangqu.reports import stability as report
from kuangqu.rules.dates import PartialDate
from kuangqu.services import activities, housing, petitions, visits

TODAY = date(2021, 6, 1)
EXPECTED_KEYS = {
    "petitions_total",
    "petitions_by_status",
    "petitions_by_channel",
    "petitions_overdue",
    "dissuasions",
    "dissuaded_person_times",
    "visits",
    "households_visited",
    "housing_applications",
    "housing_passed_all_reviews",
    "activities",
    "activity_participants",
    "awards",
    "thanks_banners",
    "thanks_letters",
    "teacher_lectures",
    "temporary_jobs",
}


def _petition(s, received_on, **fields):
    data = petitions.PetitionInput(
        petitioner_kind="outsider",
        petitioner_name=fields.pop("name", "赵六"),
        received_on=received_on,
        channel=fields.pop("channel", "visit"),
        petition_type=fields.pop("petition_type", "claim"),
        subject="benefit",
        request=fields.pop("request", "补发"),
    )
    return petitions.register(s, data, today=TODAY)[0]


def test_the_stability_figures_are_registered_for_the_reports():
    assert "kuangqu.reports.stability:annual_figures" in ANNUAL_FIGURES
    assert "kuangqu.reports.stability:monthly_sections" in MONTHLY_SECTIONS
    assert "kuangqu.reports.stability:annual_by_month" in ANNUAL_BY_MONTH


def test_the_annual_figures_have_exactly_the_documented_keys(read):
    with read() as s:
        figures = report.annual_figures(s, 2020)
    assert set(figures) == EXPECTED_KEYS == set(report.ANNUAL_KEYS)
    assert set(figures["petitions_by_status"]) == {
        "registered",
        "accepted",
        "not_accepted",
        "handled",
        "review_requested",
        "reviewed",
        "rereview_requested",
        "rereviewed",
        "closed",
    }
    assert set(figures["petitions_by_channel"]) == {
        "letter",
        "visit",
        "phone",
        "online",
        "province",
        "beijing",
    }


def test_the_year_is_counted_as_of_its_last_day(write, read):
    with write() as s:
        closed_next_year = _petition(s, date(2020, 12, 1))
        petitions.accept(s, closed_next_year, on=date(2020, 12, 10), today=TODAY)
        petitions.handle(s, closed_next_year, on=date(2021, 1, 20), today=TODAY, opinion="支持")
        petitions.close(s, closed_next_year, on=date(2021, 2, 1), today=TODAY)
        _petition(
            s, date(2020, 12, 20), channel="beijing"
        )  # undecided at year end: due 4 January, not overdue
        _petition(s, date(2020, 11, 1), channel="letter")  # undecided since November: overdue
        _petition(s, date(2019, 12, 1))
    with read() as s:
        figures = report.annual_figures(s, 2020)
    assert figures["petitions_total"] == 3
    assert figures["petitions_by_status"]["accepted"] == 1
    assert figures["petitions_by_status"]["registered"] == 2
    assert figures["petitions_by_status"]["closed"] == 0
    assert (figures["petitions_by_channel"]["visit"], figures["petitions_by_channel"]["beijing"]) == (1, 1)
    assert figures["petitions_overdue"] == 1


def test_the_year_counts_dissuasions_visits_housing_and_activities(household, someone, write, read):
    home, other = household("甲"), household("乙")
    person = someone("丙")
    with write() as s:
        petitions.dissuade(s, petitions.DissuasionInput(date(2020, 3, 1), "郑州", "主任", 12), today=TODAY)
        petitions.dissuade(s, petitions.DissuasionInput(date(2020, 8, 1), "许昌", "主任", 5), today=TODAY)
        petitions.dissuade(s, petitions.DissuasionInput(date(2021, 1, 2), "漯河", "主任", 9), today=TODAY)
        for on in (date(2020, 1, 5), date(2020, 4, 5)):
            visits.add(s, home, on=on, today=TODAY, visitor="主任")
        visits.add(s, other, on=date(2020, 4, 5), today=TODAY, visitor="主任")
        application = housing.apply(s, home, on=date(2020, 3, 1), today=TODAY)
        for stage in application.stages:
            housing.review(
                s, application, stage=stage, passed=True, reviewer="甲", on=date(2020, 4, 1), today=TODAY
            )
        housing.apply(s, other, on=date(2020, 3, 1), today=TODAY)
        trip = activities.add_activity(s, name="西安", kind="trip", start_on=date(2020, 9, 1))
        activities.join(s, trip, person)
        activities.add_award(s, name="奖", level="市级", awarded_on=date(2020, 10, 1))
        activities.add_thanks(s, kind="锦旗", received_on=date(2020, 5, 1), from_whom="甲")
        activities.add_thanks(s, kind="感谢信", received_on=date(2020, 5, 1), from_whom="乙")
        activities.add_thanks(s, kind="感谢信", received_on=date(2020, 6, 1), from_whom="丙")
        teacher = activities.add_teacher(s, person, subjects=["安全"], added_on=date(2020, 1, 1))
        activities.add_lecture(s, teacher, given_on=date(2020, 4, 1), topic="安全")
        activities.add_job(s, person, child_name="王小明", employer="洗煤厂", start_on=date(2020, 7, 1))
    with read() as s:
        figures = annual_figures(s, 2020)
    assert figures["year"] == 2020
    assert {k: figures[k] for k in EXPECTED_KEYS - {"petitions_by_status", "petitions_by_channel"}} == {
        "petitions_total": 0,
        "petitions_overdue": 0,
        "dissuasions": 2,
        "dissuaded_person_times": 17,
        "visits": 3,
        "households_visited": 2,
        "housing_applications": 2,
        "housing_passed_all_reviews": 1,
        "activities": 1,
        "activity_participants": 1,
        "awards": 1,
        "thanks_banners": 1,
        "thanks_letters": 2,
        "teacher_lectures": 1,
        "temporary_jobs": 1,
    }


def test_the_monthly_sections_mask_confidential_petitions(write, read):
    with write() as s:
        _petition(s, date(2020, 3, 2), name="钱七", petition_type="accusation", request="检举某科长")
        _petition(s, date(2020, 3, 5), name="孙八", channel="letter")
        _petition(s, date(2020, 4, 5), name="周九")
    with read() as s:
        by_channel, listed, home_visits = report.monthly_sections(s, PartialDate(2020, 3))
    assert {r["channel"].value: r["received"] for r in by_channel.rows}["visit"] == 1
    assert [(r["petitioner"], r["request"]) for r in listed.rows] == [("钱*", "（保密）"), ("孙八", "补发")]
    assert "钱七" not in str(listed.rows) and "检举某科长" not in str(listed.rows)
    assert home_visits.rows == []


def test_the_months_of_the_year_count_petitions_and_visits(household, write, read):
    home = household()
    with write() as s:
        _petition(s, date(2020, 3, 2))
        visits.add(s, home, on=date(2020, 3, 9), today=TODAY, visitor="主任")
        visits.add(s, home, on=date(2020, 3, 19), today=TODAY, visitor="主任")
    with read() as s:
        table = report.annual_by_month(s, 2020)
    march = table.rows[2]
    assert len(table.rows) == 12
    assert (march["month"], march["petitions_received"], march["visits"], march["households_visited"]) == (
        "2020-03",
        1,
        2,
        1,
    )
