"""Petitions through the service: registering, the procedure's steps, the timeline, links, due lists,
dissuasions, masking, and the check."""

from __future__ import annotations

from datetime import date

import pytest

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.audit import AuditEntry
from kuangqu.services import petitions

TODAY = date(2021, 1, 1)


def _input(**fields):
    values = {
        "petitioner_kind": "outsider",
        "petitioner_name": "赵六",
        "received_on": date(2020, 3, 1),
        "channel": "visit",
        "petition_type": "claim",
        "subject": "benefit",
        "request": "补发待遇",
        **fields,
    }
    return petitions.PetitionInput(**values)


@pytest.fixture
def new_petition(write):
    def _add(**fields):
        with write() as s:
            petition, warnings = petitions.register(s, _input(**fields), today=TODAY)
        return petition, warnings

    return _add


def _walk(write, pid, *steps):
    with write() as s:
        p = petitions.get(s, pid)
        for action, kwargs in steps:
            getattr(petitions, action)(s, p, today=TODAY, **kwargs)
        return p


def test_a_registered_petition_starts_its_timeline_on_the_day_it_was_received(new_petition, read):
    petition, warnings = new_petition()
    assert warnings == []
    with read() as s:
        events = petitions.timeline(s, petitions.get(s, petition.id))
    assert [(e.action, e.to_status, e.happened_on) for e in events] == [
        ("register", "registered", date(2020, 3, 1))
    ]


def test_the_full_procedure_records_every_step_in_the_timeline(new_petition, read, write):
    petition, _ = new_petition()
    _walk(
        write,
        petition.id,
        ("accept", {"on": date(2020, 3, 10)}),
        ("extend", {"days": 20, "reason": "需外调", "on": date(2020, 4, 1)}),
        ("handle", {"opinion": "不予支持", "text": "不符合政策", "on": date(2020, 5, 1)}),
        ("request_review", {"on": date(2020, 5, 20)}),
        ("review", {"result": "维持", "on": date(2020, 6, 1)}),
        ("request_rereview", {"on": date(2020, 6, 20)}),
        ("rereview", {"result": "维持", "on": date(2020, 7, 1)}),
        ("close", {"on": date(2020, 7, 2), "satisfaction": "不满意"}),
    )
    with read() as s:
        p = petitions.get(s, petition.id)
        actions = [e.action for e in petitions.timeline(s, p)]
    assert actions == [
        "register",
        "accept",
        "extend",
        "handle",
        "request_review",
        "review",
        "request_rereview",
        "rereview",
        "close",
    ]
    assert (p.status, p.opinion, p.extension_days, p.satisfaction) == (
        "closed",
        "not_supported",
        20,
        "unsatisfied",
    )


def test_a_petition_not_accepted_keeps_its_reason_and_can_only_be_closed(new_petition, write):
    petition, _ = new_petition()
    p = _walk(write, petition.id, ("reject", {"on": date(2020, 3, 5), "reason": "不属于本单位职责"}))
    assert (p.status, p.not_accepted_reason) == ("not_accepted", "不属于本单位职责")
    with pytest.raises(Conflict) as info:
        _walk(write, petition.id, ("handle", {"opinion": "支持", "on": date(2020, 3, 6)}))
    assert info.value.key == "petition.transition_refused"


def test_not_accepting_without_a_reason_is_invalid(new_petition, write):
    petition, _ = new_petition()
    with pytest.raises(RuleViolation) as info:
        _walk(write, petition.id, ("reject", {"on": date(2020, 3, 5), "reason": " "}))
    assert info.value.key == "petition.reason_required"


def test_a_refused_step_changes_nothing(new_petition, write, read):
    petition, _ = new_petition()
    with pytest.raises(Conflict):
        _walk(write, petition.id, ("close", {"on": date(2020, 3, 5)}))
    with read() as s:
        p = petitions.get(s, petition.id)
        assert p.status == "registered"
        assert len(petitions.timeline(s, p)) == 1


def test_a_step_dated_before_the_previous_one_is_invalid(new_petition, write):
    petition, _ = new_petition()
    with pytest.raises(RuleViolation) as info:
        _walk(write, petition.id, ("accept", {"on": date(2020, 2, 28)}))
    assert info.value.key == "petition.date_before_previous"


def test_the_handling_period_is_extended_only_once(new_petition, write):
    petition, _ = new_petition()
    _walk(
        write,
        petition.id,
        ("accept", {"on": date(2020, 3, 10)}),
        ("extend", {"days": 30, "reason": "需外调", "on": date(2020, 4, 1)}),
    )
    with pytest.raises(Conflict) as info:
        _walk(write, petition.id, ("extend", {"days": 5, "reason": "再延", "on": date(2020, 4, 2)}))
    assert info.value.key == "petition.extension_once"


def test_a_review_requested_on_day_31_after_the_opinion_is_refused(new_petition, write):
    petition, _ = new_petition()
    _walk(
        write,
        petition.id,
        ("accept", {"on": date(2020, 3, 10)}),
        ("handle", {"opinion": "解释说明", "on": date(2020, 4, 1)}),
    )
    with pytest.raises(Conflict) as info:
        _walk(write, petition.id, ("request_review", {"on": date(2020, 5, 2)}))
    assert info.value.key == "petition.review_request_late"
    p = _walk(write, petition.id, ("request_review", {"on": date(2020, 5, 1)}))
    assert p.status == "review_requested"


def test_a_new_petition_repeating_a_closed_one_is_warned_about(new_petition, write):
    first, _ = new_petition()
    _walk(
        write,
        first.id,
        ("reject", {"on": date(2020, 3, 5), "reason": "重复"}),
        ("close", {"on": date(2020, 3, 6)}),
    )
    _, warnings = new_petition(received_on=date(2020, 4, 1))
    assert [w.key for w in warnings] == ["petition.warn_repeats_closed"]
    _, other_subject = new_petition(received_on=date(2020, 4, 1), subject="housing")
    assert other_subject == []


def test_a_repeat_of_a_rereviewed_matter_is_warned_and_cannot_be_accepted(new_petition, write):
    first, _ = new_petition()
    _walk(
        write,
        first.id,
        ("accept", {"on": date(2020, 3, 2)}),
        ("handle", {"opinion": "不支持", "on": date(2020, 3, 3)}),
        ("request_review", {"on": date(2020, 3, 4)}),
        ("review", {"result": "维持", "on": date(2020, 3, 5)}),
        ("request_rereview", {"on": date(2020, 3, 6)}),
        ("rereview", {"result": "维持", "on": date(2020, 3, 7)}),
        ("close", {"on": date(2020, 3, 8)}),
    )
    second, warnings = new_petition(received_on=date(2020, 4, 1), repeat_of_id=first.id)
    assert [w.key for w in warnings] == ["petition.warn_repeats_rereviewed"]
    assert second.is_repeat
    with pytest.raises(Conflict) as info:
        _walk(write, second.id, ("accept", {"on": date(2020, 4, 2)}))
    assert info.value.key == "petition.repeat_after_rereview"
    assert (
        _walk(write, second.id, ("reject", {"on": date(2020, 4, 2), "reason": "已复核终结"})).status
        == "not_accepted"
    )


def test_an_accusation_is_confidential_and_its_content_stays_out_of_the_audit_log(new_petition, read):
    petition, _ = new_petition(
        petition_type="accusation", petitioner_name="钱七", request="检举某科长收受财物"
    )
    assert petition.confidential
    with read() as s:
        entries = s.query(AuditEntry).filter(AuditEntry.entity == "petition").all()
    logged = str([(e.new_values, e.reason) for e in entries])
    assert "钱七" not in logged and "收受财物" not in logged


def test_a_confidential_petition_is_masked_in_its_row_and_detail_unless_revealed(new_petition):
    petition, _ = new_petition(
        petition_type="accusation",
        petitioner_name="钱七",
        request="检举某科长",
        facts="某日某地",
        contact="13812345678",
    )
    masked = petitions.detail(petition, as_of=TODAY)
    assert (masked["petitioner"], masked["request"], masked["facts"]) == ("钱*", "（保密）", "（保密）")
    assert masked["contact"] == "138****5678"
    shown = petitions.detail(petition, reveal=True, as_of=TODAY)
    assert (shown["petitioner"], shown["request"], shown["contact"]) == ("钱七", "检举某科长", "13812345678")


def test_a_group_petition_with_six_representatives_is_invalid(write):
    with pytest.raises(RuleViolation) as info, write() as s:
        petitions.register(s, _input(people_count=40, representatives=list("甲乙丙丁戊己")), today=TODAY)
    assert info.value.key == "petition.too_many_representatives"


def test_the_due_list_holds_what_falls_due_within_the_window_and_what_is_overdue(new_petition, read):
    soon, _ = new_petition(received_on=date(2020, 3, 1))  # due 16 March
    late, _ = new_petition(received_on=date(2020, 2, 1), petitioner_name="孙八")  # due 16 Feb: overdue
    new_petition(received_on=date(2020, 3, 10), petitioner_name="周九")  # due 25 March: outside 7 days
    with read() as s:
        found = petitions.due(s, as_of=date(2020, 3, 10), days=7)
    assert [(p.id, d.due, d.late(date(2020, 3, 10))) for p, d in found] == [
        (late.id, date(2020, 2, 16), True),
        (soon.id, date(2020, 3, 16), False),
    ]


def test_the_overdue_filter_uses_the_given_day(new_petition, read):
    petition, _ = new_petition(received_on=date(2020, 3, 1))
    with read() as s:
        assert petitions.list_petitions(s, overdue_as_of=date(2020, 3, 16)) == []
        assert [p.id for p in petitions.list_petitions(s, overdue_as_of=date(2020, 3, 17))] == [petition.id]


def test_a_petition_links_to_a_record_of_another_module_once(new_petition, write):
    petition, _ = new_petition(subject="relief")
    with write() as s:
        petitions.link(s, petitions.get(s, petition.id), "relief_application", 42)
    with pytest.raises(Conflict), write() as s:
        petitions.link(s, petitions.get(s, petition.id), "relief_application", 42)
    with pytest.raises(RuleViolation), write() as s:
        petitions.link(s, petitions.get(s, petition.id), "spaceship", 1)
    with pytest.raises(NotFound), write() as s:
        petitions.link(s, petitions.get(s, petition.id), "housing_application", 999)


def test_dissuasions_add_up_their_person_times(new_petition, write, read):
    petition, _ = new_petition(channel="beijing")
    with write() as s:
        petitions.dissuade(
            s,
            petitions.DissuasionInput(date(2020, 3, 2), "郑州", "主任、科长", 12, petition_ids=[petition.id]),
            today=TODAY,
        )
        petitions.dissuade(
            s, petitions.DissuasionInput(date(2020, 5, 2), "平顶山火车站", "科长", 3), today=TODAY
        )
    with read() as s:
        found = petitions.dissuasions(s, year=2020)
    assert [(d.place, d.persuaded_count, linked) for d, linked in found] == [
        ("郑州", 12, [petition.id]),
        ("平顶山火车站", 3, []),
    ]


def test_a_dissuasion_with_a_negative_count_or_an_unknown_petition_is_refused(write):
    with pytest.raises(RuleViolation), write() as s:
        petitions.dissuade(s, petitions.DissuasionInput(date(2020, 3, 2), "郑州", "主任", -1), today=TODAY)
    with pytest.raises(NotFound), write() as s:
        petitions.dissuade(
            s, petitions.DissuasionInput(date(2020, 3, 2), "郑州", "主任", 1, petition_ids=[77]), today=TODAY
        )


def test_the_check_finds_an_accusation_that_is_not_confidential(new_petition, write, read):
    petition, _ = new_petition(petition_type="accusation")
    with read() as s:
        assert petitions.check_petitions(s) == []
    with write() as s:
        petitions.get(s, petition.id).confidential = False
    with read() as s:
        assert [p.key for p in petitions.check_petitions(s)] == ["petition.check_accusation_open"]


def test_a_petitioner_is_exactly_one_of_person_household_or_outsider(someone, write):
    person = someone("王建国")
    with write() as s:
        assert petitions.resolve_petitioner(s, person=f"#{person.id}")[::3] == ("retiree", "王建国")
        assert petitions.resolve_petitioner(s, outsider="外单位甲")[0] == "outsider"
        with pytest.raises(RuleViolation):
            petitions.resolve_petitioner(s, person=f"#{person.id}", outsider="外单位甲")
        with pytest.raises(RuleViolation):
            petitions.resolve_petitioner(s)
