"""`relief assess --all` places every household exactly as assessing it alone does (issue 8: the
streamed, column-tuple path), and explanations name hardship causes and exclusions by their labels."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kuangqu.i18n import catalogue, t
from kuangqu.models.audit import AuditEntry
from kuangqu.models.enums import Relation, Status
from kuangqu.models.registry import Household, HouseholdMember, Retiree
from kuangqu.models.relief import ReliefAssessment
from kuangqu.rules.codes import EXCLUSIONS, HARDSHIP_CAUSES
from kuangqu.rules.dates import PartialDate
from kuangqu.services.relief import assessment, standards

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
AS_OF = date(2020, 12, 31)


def key_of(result: Any) -> str:
    return result.tier.code if result.tier else result.status


def all_counts(cli: Any, as_of: date, *extra: str) -> tuple[dict[str, int], dict[str, Any]]:
    result = cli("relief", "assess", "--all", "--as-of", as_of.isoformat(), "-f", "json", *extra)
    assert result.exit_code == 0, result.stderr
    data = result.json()
    status_of = {t(f"relief.status.{k}"): k for k in ("none", "excluded", "incomplete")}
    return {(r["tier"] or status_of[r["label"]]): r["households"] for r in data["rows"]}, data


def one_by_one(read: Any, as_of: date) -> dict[int, Any]:
    """Every household assessed alone: the single-household path of `relief assess <household>`."""
    with read() as s:
        row = standards.in_force(s, as_of)
        return {
            h.id: assessment.assess_household(s, h, as_of=as_of, standard_row=row)
            for h in s.scalars(select(Household).order_by(Household.id))
        }


def streamed(read: Any, as_of: date, batch: int = assessment.BATCH) -> dict[int, Any]:
    with read() as s:
        row = standards.in_force(s, as_of)
        return dict(assessment.assess_each(s, as_of=as_of, standard_row=row, batch=batch))


def test_assess_all_places_every_sample_household_as_assessing_it_alone_does(cli, read, write):
    for args in (
        ("import", "retirees", str(SAMPLE / "roster.xlsx")),
        ("import", "households", str(SAMPLE / "households.xlsx")),
        ("relief", "standard", "load", str(SAMPLE / "relief-standard.toml")),
    ):
        assert cli(*args).exit_code == 0
    counts, data = all_counts(cli, AS_OF)
    assert counts == {"A": 57, "B": 65, "C": 57, "none": 408, "excluded": 13, "incomplete": 0}
    assert data["households"] == 600

    # Members who left, and heads who died, before and after the day; a death of unknown date.
    with write() as s:
        heads = s.scalars(
            select(Retiree).join(Household, Household.head_id == Retiree.id).order_by(Household.id).limit(12)
        )
        for n, head in enumerate(heads):
            head.status = Status.DECEASED.value
            head.died_on = [PartialDate(2020, 6), PartialDate(2021, 3), None][n % 3]
        others = s.scalars(
            select(HouseholdMember)
            .where(HouseholdMember.relation != Relation.SELF.value)
            .order_by(HouseholdMember.id)
        ).all()[:30]
        for n, member in enumerate(others):
            member.removed_on = date(2020, 5, 1) if n % 2 else AS_OF  # on the day counts as gone
    alone = one_by_one(read, AS_OF)
    assert len(alone) == 600
    for batch in (assessment.BATCH, 7):
        assert streamed(read, AS_OF, batch) == alone  # same placement, numbers and explanation
    counts, data = all_counts(cli, AS_OF)
    assert {k: v for k, v in counts.items() if v} == dict(Counter(key_of(a) for a in alone.values()))
    assert data["households"] == 600 and counts["incomplete"] > 0  # heads who died leave households empty


def test_streaming_in_batches_gives_the_single_assessments_for_awkward_households(
    cli, read, write, standard, family
):
    made = [
        family("1000.00", "0"),  # A
        family("1300.00", "0", causes=("disability",), name="乙户"),  # B
        family("2000.00", "0", causes=("accident",), name="丙户"),  # C
        family("9000.00", name="丁户"),  # none
        family("100.00", exclusions=("two_homes",), name="戊户"),  # excluded
        family("1000.00", None, name="己户"),  # a member's income not recorded
        family("1000.00", "0", rigid=None, name="庚户"),  # rigid expenses not recorded
        family("3000.00", "0", "0", name="辛户"),
        family("3000.00", "0", "0", name="壬户"),
    ]
    with write() as s:
        # 辛户 lost a member before the day, 壬户 after it; the head of 丁户, its only member, died.
        for household, removed in ((made[7], date(2020, 3, 1)), (made[8], date(2021, 3, 1))):
            member = s.scalars(
                select(HouseholdMember)
                .where(
                    HouseholdMember.household_id == household.id,
                    HouseholdMember.relation != Relation.SELF.value,
                )
                .order_by(HouseholdMember.id)
            ).first()
            member.removed_on = removed
        head = s.get(Retiree, made[3].head_id)
        head.status, head.died_on = Status.DECEASED.value, PartialDate(2020, 2, 3)
    as_of = date(2020, 6, 30)
    alone = one_by_one(read, as_of)
    assert Counter(key_of(a) for a in alone.values()) == {
        "A": 1,
        "B": 1,
        "C": 1,
        "none": 2,
        "excluded": 1,
        "incomplete": 3,
    }
    for batch in (1, 2, 4, 9, 100):
        assert streamed(read, as_of, batch) == alone
    assert alone[made[7].id].income.size == 2 and alone[made[8].id].income.size == 3
    assert alone[made[3].id].missing == ({"fact": "members", "member": ""},)
    counts, data = all_counts(cli, as_of)
    assert data["households"] == 9
    assert {k: v for k, v in counts.items() if v} == dict(Counter(key_of(a) for a in alone.values()))


def test_assess_all_record_stores_each_household_as_a_single_record_would(cli, read, standard, family):
    made = [family("1000.00", "0"), family("9000.00", name="乙户"), family("100.00", rigid=None, name="丙户")]
    counts, data = all_counts(cli, AS_OF, "--record")
    assert data["recorded"] is True and data["households"] == 3
    alone = one_by_one(read, AS_OF)
    with read() as s:
        rows = s.scalars(select(ReliefAssessment).order_by(ReliefAssessment.household_id)).all()
        assert [r.household_id for r in rows] == [h.id for h in made]
        for r in rows:
            expected = {
                "household": r.household_id,
                "as_of": "2020-12-31",
                **alone[r.household_id].as_dict("zh"),
            }
            assert r.snapshot == expected and r.status == alone[r.household_id].status
        audited = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "relief.assess")
        )
    assert audited == 3 and counts["A"] == 1 and counts["none"] == 1 and counts["incomplete"] == 1


# ---------------------------------------------------------------- labels in the explanation


def test_the_cause_test_names_causes_by_their_chinese_labels_and_keeps_the_codes_in_json(
    cli, standard, family
):
    household = family("1300.00", "0", causes=("serious_illness",))
    data = cli("relief", "assess", f"#{household.id}", "--as-of", "2020-06-30", "-f", "json").json()
    b = next(c for c in data["checks"] if c["tier"] == "B")
    cause = next(r for r in b["reasons"] if r["test"] == "cause")
    assert cause["matching"] == "serious_illness" and cause["passed"] is True
    assert "患重特大疾病" in cause["text"] and "serious_illness" not in cause["text"]
    assert "残疾" in cause["text"] and "disability" not in cause["text"]
    table = cli("relief", "assess", f"#{household.id}", "--as-of", "2020-06-30").stdout
    assert "患重特大疾病" in table and "serious_illness" not in table
    english = cli(
        "--lang", "en", "relief", "assess", f"#{household.id}", "--as-of", "2020-06-30", "-f", "json"
    )
    reasons = [r["text"] for c in english.json()["checks"] for r in c["reasons"] if r["test"] == "cause"]
    assert reasons and all("serious illness" in r and "serious_illness" not in r for r in reasons)


def test_a_missing_cause_and_an_exclusion_are_explained_by_label(cli, standard, family):
    lacking = family("1300.00", "0", name="甲户")  # below 1.5 × dibao but without any cause B needs
    data = cli("relief", "assess", f"#{lacking.id}", "--as-of", "2020-06-30", "-f", "json").json()
    texts = [r["text"] for c in data["checks"] for r in c["reasons"] if r["test"] == "cause"]
    assert any("子女上学" in x and "本户：—" in x for x in texts)
    assert not any("school_children" in x for x in texts)
    excluded = family("100.00", exclusions=("two_homes",), name="乙户")
    data = cli("relief", "assess", f"#{excluded.id}", "--as-of", "2020-06-30", "-f", "json").json()
    reason = data["checks"][0]["reasons"][0]
    assert reason["codes"] == "two_homes" and "拥有两套及以上住房" in reason["text"]


def test_the_distance_to_the_next_tier_names_the_causes_it_needs_by_label(cli, standard, family):
    household = family("1300.00", "0", name="甲户")  # would be B by income, lacks B's causes
    table = cli("relief", "assess", f"#{household.id}", "--as-of", "2020-06-30").stdout
    assert "患重特大疾病" in table and "serious_illness" not in table


@pytest.mark.parametrize(("kind", "codes"), [("cause", HARDSHIP_CAUSES), ("exclusion", EXCLUSIONS)])
def test_every_cause_and_exclusion_code_has_a_label_in_both_languages(kind, codes):
    from kuangqu.rules.relief import code_label

    for code, label in codes.items():
        assert code_label(kind, code, "zh") == label
        assert f"relief.{kind}.{code}" in catalogue()
        english = code_label(kind, code, "en")
        assert english.isascii() and english.strip() and english != label
