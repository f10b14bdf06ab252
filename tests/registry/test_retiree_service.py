"""The roster service against a real database."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.helpers import make_id

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.audit import AuditEntry
from kuangqu.models.registry import Retiree
from kuangqu.services import retirees
from kuangqu.validate import retiree_input


def test_a_registered_person_gets_pinyin_keys_for_search(person, read):
    added = person("张三", id_number="11010519491231002X")
    with read() as s:
        stored = s.get(Retiree, added.id)
        assert (stored.name_pinyin, stored.name_initials) == ("zhangsan", "zs")


def test_the_same_id_cannot_be_registered_twice(person):
    person("王建国", id_number=make_id(seq="111"))
    with pytest.raises(Conflict) as caught:
        person("王建国", id_number=make_id(seq="111"))
    assert caught.value.key == "retiree.duplicate_id"


def test_the_same_id_under_another_name_is_an_identity_conflict(person):
    person("王建国", id_number=make_id(seq="111"))
    with pytest.raises(Conflict) as caught:
        person("王建民", id_number=make_id(seq="111"))
    assert caught.value.key == "retiree.identity_conflict"


def test_an_old_15_digit_id_finds_the_person_registered_with_18_digits(person, read):
    added = person("李老汉", id_number="410402500312123")
    with read() as s:
        found = retirees.get(s, "410402500312123")
        assert found.id == added.id
        assert found.id_number == "410402195003121235" or len(found.id_number) == 18
        assert found.id_number_original == "410402500312123"


def test_a_person_is_found_by_id_tail_internal_number_and_hash_number(person, read):
    added = person("赵六", id_number=make_id(seq="135"))
    with read() as s:
        assert retirees.get(s, added.id_number[-6:]).id == added.id
        assert retirees.get(s, f"#{added.id}").id == added.id
        assert retirees.get(s, str(added.id)).id == added.id


def test_an_ambiguous_id_tail_is_refused(person, read):
    first = make_id(area="410402", seq="135")
    # Another area code whose ID ends in the same six characters.
    second = next(
        i for a in range(410403, 410499) if (i := make_id(area=str(a), seq="135"))[-6:] == first[-6:]
    )
    person("甲", id_number=first)
    person("乙", id_number=second)
    with read() as s, pytest.raises(RuleViolation):
        retirees.get(s, first[-6:])


def test_an_unknown_reference_is_not_found(read):
    with read() as s, pytest.raises(NotFound):
        retirees.get(s, "999999")


def test_every_registration_and_edit_is_audited_with_masked_values(person, write, read):
    added = person("钱七", id_number=make_id(seq="157"), phone="13812345678")
    new_phone = retiree_input({"name": "钱七", "id_number": added.id_number, "phone": "13900001111"}).value
    with write() as s:
        target = s.get(Retiree, added.id)
        changes = retirees.update(s, target, new_phone, only=["phone"], reason="本人来电更正")
    assert [c.field for c in changes] == ["phone"]
    with read() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == added.id)).all()
    assert [e.action for e in entries] == ["retiree.add", "retiree.edit"]
    assert entries[1].old_values == {"phone": "138****5678"}
    assert entries[1].new_values == {"phone": "139****1111"}
    assert entries[1].reason == "本人来电更正"
    assert added.id_number not in str(entries[0].new_values)


def test_editing_nothing_records_nothing(person, write, read):
    added = person("孙八")
    same = retiree_input({"name": "孙八", "id_number": added.id_number, "category": "退休"}).value
    with write() as s:
        assert retirees.update(s, s.get(Retiree, added.id), same, only=["name", "category"]) == []
    with read() as s:
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.entity_id == added.id)).all()) == 1


def test_the_audit_log_refuses_update_and_delete(person, db):
    person("周九")
    from sqlalchemy import text

    from kuangqu.db import transaction

    for statement in ("UPDATE audit_log SET operator = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Conflict) as caught, transaction(db, write=True) as s:
            s.execute(text(statement))
        assert caught.value.key == "db.append_only"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zhangsan", ["张三"]),
        ("zs", ["张三"]),
        ("张", ["张三"]),
        ("002X", ["张三"]),
        ("5678", ["张三"]),
        ("wang", []),
    ],
)
def test_search_matches_name_pinyin_initials_id_tail_and_phone_tail(person, read, text, expected):
    person("张三", id_number="11010519491231002X", phone="13812345678")
    with read() as s:
        assert [p.name for p in retirees.search(s, text)] == expected


def test_roster_filters_by_area_category_and_age(person, read):
    from datetime import date

    person("老甲", id_number=make_id(birth="19400101", seq="111"), area="一片")
    person("老乙", id_number=make_id(birth="19600101", seq="113"), area="二片")
    person("遗属丙", id_number=make_id(birth="19700101", seq="122"), area="一片", category="遗属")
    with read() as s:
        today = date(2020, 6, 1)

        def names(**kw):
            return [p.name for p in retirees.list_roster(s, retirees.RosterFilter(today=today, **kw))]

        assert names(area="一片") == ["老甲", "遗属丙"]
        assert names(category="survivor") == ["遗属丙"]
        assert names(min_age=80) == ["老甲"]
        assert sorted(names(max_age=60)) == ["老乙", "遗属丙"]
        assert retirees.count_roster(s, retirees.RosterFilter(today=today, min_age=50, max_age=60)) == 2
