"""Housing reform: applications, stages reviewed in order, configurable stages, and the statistics."""

from __future__ import annotations

from datetime import date

import pytest

from kuangqu.errors import Conflict, RuleViolation
from kuangqu.services import housing

TODAY = date(2021, 1, 1)


def _apply(write, home, on=date(2020, 3, 1), stages=None):
    with write() as s:
        return housing.apply(s, home, on=on, today=TODAY, stages=stages)


def _review(write, app_id, stage, passed=True, on=date(2020, 3, 10), opinion="符合条件"):
    with write() as s:
        return housing.review(
            s,
            housing.get(s, app_id),
            stage=stage,
            passed=passed,
            reviewer="审核人",
            on=on,
            today=TODAY,
            opinion=opinion,
        )


def test_an_application_gets_the_three_default_stages(household, write, monkeypatch):
    monkeypatch.delenv("KUANGQU_HOUSING_STAGES", raising=False)
    monkeypatch.delenv("KUANGQU_CONFIG", raising=False)
    assert _apply(write, household()).stages == ["单位初审", "房改办复审", "领导小组终审"]


def test_passing_all_three_stages_in_order_passes_the_application(household, write, read):
    application = _apply(write, household())
    for number, stage in enumerate(("单位初审", "房改办复审", "领导小组终审"), start=1):
        _review(write, application.id, stage, on=date(2020, 3, number + 1))
    with read() as s:
        done = housing.get(s, application.id)
        reviews = housing.reviews(s, done)
    assert (done.status, done.stages_passed, done.decided_on) == ("passed", 3, date(2020, 3, 4))
    assert [r.stage_no for r in reviews] == [1, 2, 3]


def test_a_stage_out_of_order_is_refused(household, write):
    application = _apply(write, household())
    with pytest.raises(Conflict) as info:
        _review(write, application.id, "领导小组终审")
    assert info.value.key == "housing.wrong_stage"


def test_a_stage_can_be_named_by_its_number(household, write):
    application = _apply(write, household())
    assert _review(write, application.id, "1").stage == "单位初审"
    with pytest.raises(RuleViolation) as info:
        _review(write, application.id, "4")
    assert info.value.key == "housing.unknown_stage"


def test_a_return_ends_the_application_and_needs_an_opinion(household, write):
    application = _apply(write, household())
    with pytest.raises(RuleViolation) as info:
        _review(write, application.id, "单位初审", passed=False, opinion=None)
    assert info.value.key == "housing.return_needs_opinion"
    _review(write, application.id, "单位初审", passed=False, opinion="面积不符")
    with pytest.raises(Conflict) as refused:
        _review(write, application.id, "单位初审")
    assert refused.value.key == "housing.not_pending"


def test_a_household_cannot_apply_twice_unless_its_application_was_returned(household, write):
    home = household()
    first = _apply(write, home)
    with pytest.raises(Conflict) as info:
        _apply(write, home)
    assert info.value.key == "housing.already_applied"
    _review(write, first.id, "单位初审", passed=False, opinion="材料不全")
    assert _apply(write, home, on=date(2020, 4, 1)).id != first.id


def test_a_review_dated_before_the_application_is_invalid(household, write):
    application = _apply(write, household(), on=date(2020, 3, 1))
    with pytest.raises(RuleViolation) as info:
        _review(write, application.id, "单位初审", on=date(2020, 2, 1))
    assert info.value.key == "housing.date_before_previous"


def test_the_stages_come_from_the_environment_or_the_config_file(tmp_path, monkeypatch):
    monkeypatch.delenv("KUANGQU_HOUSING_STAGES", raising=False)
    config = tmp_path / "kuangqu.toml"
    config.write_text('[kuangqu]\nhousing_stages = ["初审", "终审"]\n', encoding="utf-8")
    monkeypatch.setenv("KUANGQU_CONFIG", str(config))
    assert housing.configured_stages() == ["初审", "终审"]
    monkeypatch.setenv("KUANGQU_HOUSING_STAGES", "甲，乙、丙")
    assert housing.configured_stages() == ["甲", "乙", "丙"]


def test_an_application_keeps_the_stages_it_was_filed_with(household, write, monkeypatch):
    application = _apply(write, household(), stages=["初审", "终审"])
    monkeypatch.setenv("KUANGQU_HOUSING_STAGES", "甲,乙,丙,丁")
    _review(write, application.id, "初审")
    assert _review(write, application.id, "终审").stage == "终审"


@pytest.mark.parametrize("raw", ["", "甲,甲", ",".join(str(i) for i in range(11))])
def test_an_empty_repeated_or_too_long_stage_list_is_invalid(raw):
    with pytest.raises(RuleViolation) as info:
        housing.parse_stages(raw)
    assert info.value.key == "housing.stages_invalid"


def test_the_statistics_give_applications_the_share_of_households_and_those_passed(household, write, read):
    homes = [household(name) for name in ("甲", "乙", "丙", "丁")]
    first, second, third = (_apply(write, h) for h in homes[:3])
    for stage in ("单位初审", "房改办复审", "领导小组终审"):
        _review(write, first.id, stage)
    _review(write, second.id, "单位初审", passed=False, opinion="不符")
    with read() as s:
        figures = housing.stats(s)
        given = housing.stats(s, eligible=6)
    assert {
        k: figures[k]
        for k in (
            "applications",
            "households_applied",
            "eligible_households",
            "eligible_basis",
            "applied_percent",
            "passed_all",
            "returned",
            "pending",
        )
    } == {
        "applications": 3,
        "households_applied": 3,
        "eligible_households": 4,
        "eligible_basis": "registered_households",
        "applied_percent": "75.0",
        "passed_all": 1,
        "returned": 1,
        "pending": 1,
    }
    assert figures["by_stage"][0] == {"stage": "单位初审", "passed": 1, "returned": 1}
    assert (given["eligible_households"], given["applied_percent"], given["eligible_basis"]) == (
        6,
        "50.0",
        "given",
    )
    assert third.status == "pending"


def test_statistics_with_a_non_positive_eligible_number_are_invalid(read):
    with pytest.raises(RuleViolation), read() as s:
        housing.stats(s, eligible=0)


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [(2683, 3156, "85.0"), (1, 3, "33.3"), (2, 3, "66.7"), (1, 8, "12.5"), (0, 5, "0.0"), (1, 0, None)],
)
def test_percentages_are_rounded_half_up_to_one_decimal(part, whole, text):
    assert housing.percent(part, whole) == text
