"""Reading the ledger: the card without the ORM, the xlsx card, the month's changes, the year's figures,
and newspaper subscriptions."""

from __future__ import annotations

import os
from datetime import date

import pytest
from openpyxl import load_workbook

from kuangqu.errors import Conflict, NotFound, RuleViolation
from kuangqu.models.enums import Category, Sex, Status
from kuangqu.models.registry import Retiree
from kuangqu.reports import ledger as read_side
from kuangqu.rules import ledger as rules
from kuangqu.rules.dates import PartialDate
from kuangqu.services import adjustments, cadres, corrections, ledger, retirees


@pytest.fixture
def history(retiree, add, write):
    man = retiree("王建国", position="科长", area="一片")
    add(man, "2010-03", "基本养老金", "1800.00", document="平煤人〔2010〕12号")
    add(man, "2010-03", "电话费补贴", "50.00")
    wrong = add(man, "2016-01", "各项补贴", "100.00", reason="=SUM(A1)")
    with write() as s:
        ledger.reverse(s, wrong.id, "+录入错误")
        opened = corrections.open_(s, s.get(Retiree, man.id), "-补贴少发", found_on=date(2020, 3, 2))
    return man, opened.id


def test_the_card_read_without_the_orm_equals_the_one_built_from_the_models(history, read):
    man, _ = history
    with read() as s:
        fast = read_side.read_card(s.connection(), f"#{man.id}", PartialDate(2020, 1))
        slow = ledger.card(s, s.get(Retiree, man.id), PartialDate(2020, 1))
        assert read_side.card_json(fast) == read_side.card_json(slow)
        assert read_side.card_header(fast, labels=True) == read_side.card_header(slow, labels=True)


@pytest.mark.parametrize("kind", ["full", "tail", "hash", "number", "lower_x"])
def test_a_person_is_found_by_the_same_references_as_the_roster_uses(retiree, read, kind):
    man = retiree()
    ref = {
        "full": man.id_number,
        "tail": man.id_number[-6:],
        "hash": f"#{man.id}",
        "number": str(man.id),
        "lower_x": man.id_number.lower(),
    }[kind]
    with read() as s:
        assert read_side.resolve_retiree(s.connection(), ref) == retirees.get(s, ref).id == man.id


@pytest.mark.parametrize("ref", ["#999", "999", "110105194912310021", "ABC", ""])
def test_an_unknown_reference_is_not_found(read, ref):
    with pytest.raises(NotFound), read() as s:
        read_side.resolve_retiree(s.connection(), ref)


def test_the_cards_labels_match_the_registrys():
    assert Sex.labels() == read_side.SEX_LABELS
    assert Category.labels() == read_side.CATEGORY_LABELS
    assert Status.labels() == read_side.STATUS_LABELS


def test_the_component_labels_in_the_catalogue_match_the_rules():
    from kuangqu.messages.ledger import MESSAGES

    for component in rules.COMPONENTS:
        assert MESSAGES[f"component.{component.code}"][0] == component.zh


def test_the_card_json_masks_the_id_and_shows_levels_after_each_change(history, read):
    man, cid = history
    with read() as s:
        data = read_side.card_json(read_side.read_card(s.connection(), str(man.id), PartialDate(2020, 1)))
    assert data["retiree"]["id_number"] == man.id_number[:6] + "********" + man.id_number[-4:]
    assert data["components"] == ["basic_pension", "allowance", "phone_allowance"]
    assert [(c["seq"], c["total"], c["note"]) for c in data["changes"]] == [
        (1, "1800.00", ""),
        (2, "1850.00", ""),
        (3, "1950.00", "已被第4条冲正"),
        (4, "1850.00", "冲正第3条"),
    ]
    assert data["current"] == {
        "month": "2020-01",
        "levels": {"basic_pension": "1800.00", "allowance": "0.00", "phone_allowance": "50.00"},
        "total": "1850.00",
    }
    assert [c["id"] for c in data["corrections"]] == [cid]


def test_the_xlsx_card_fits_one_a4_page_is_owner_only_and_never_holds_a_formula(history, read, tmp_path):
    from kuangqu.excel.card import write_cards

    man, _ = history
    with read() as s:
        card = read_side.read_card(s.connection(), str(man.id), PartialDate(2020, 1))
    out = tmp_path / "out"
    out.mkdir()
    path = out / "card.xlsx"
    write_cards(path, [card])
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in out.iterdir()] == ["card.xlsx"]  # no temporary file left behind
    ws = load_workbook(path).active
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    texts = [str(c.value) for c in cells]
    assert texts[0] == "待遇变更明白卡"
    assert any(t.startswith("本人签字") for t in texts)
    assert any(man.id_number[-4:] in t and "********" in t for t in texts)
    assert all(c.data_type != "f" for c in cells)
    assert {"=SUM(A1)", "+录入错误"} <= set(texts)
    assert any("-补贴少发" in t for t in texts)


def test_many_cards_go_one_per_sheet_or_on_one_sheet_with_page_breaks(retiree, add, read, tmp_path):
    from kuangqu.excel.card import write_cards

    people = [retiree(name) for name in ("甲", "乙", "丙")]
    for p in people:
        add(p, "2010-03", "基本养老金", "1800.00")
    with read() as s:
        made = ledger.cards_for(s, [s.get(Retiree, p.id) for p in people], PartialDate(2020, 1))
    write_cards(tmp_path / "each.xlsx", made)
    assert load_workbook(tmp_path / "each.xlsx").sheetnames == [f"{p.id}{p.name}" for p in people]
    write_cards(tmp_path / "one.xlsx", made, one_sheet=True)
    ws = load_workbook(tmp_path / "one.xlsx").active
    assert len(ws.row_breaks.brk) == 2
    assert ws.page_setup.fitToHeight == 0
    assert sum(1 for row in ws.iter_rows() for c in row if c.value == "待遇变更明白卡") == 3


def test_the_months_changes_show_old_and_new_amounts_masked(retiree, add, read):
    man = retiree()
    add(man, "2019-01", "基本养老金", "2000.00")
    add(man, "2020-01", "基本养老金", "2100.00", reason="调整")
    add(man, "2020-01", "补发", "30.00")
    with read() as s:
        rows = read_side.month_changes(s, PartialDate(2020, 1))
        sections = read_side.monthly_changes(s, PartialDate(2020, 1))
    assert [(r["component_name"], r["old_amount"], r["new_amount"], r["reason"]) for r in rows] == [
        ("基本养老金", "2000.00", "2100.00", "调整"),
        ("补发", None, "30.00", "测试"),
    ]
    assert "********" in rows[0]["id_number"]
    assert sections[0].json_key == "benefit_changes" and len(sections[0].rows) == 2


def test_the_years_figures(retiree, add, write, read):
    a, b = retiree("甲"), retiree("乙")
    add(a, "2015-12", "基本养老金", "2000.00")
    add(b, "2015-12", "基本养老金", "2000.00")
    rule_text = 'year = 2020\neffective = "2020-01"\nflat = "10.00"\n'
    with write() as s:
        adjustments.apply(s, adjustments.plan(s, rules.parse_rule(rule_text), rule_text))
        first = corrections.open_(s, s.get(Retiree, a.id), "问题一", found_on=date(2020, 2, 1))
        corrections.open_(s, s.get(Retiree, b.id), "问题二", found_on=date(2020, 5, 1))
        corrections.open_(s, s.get(Retiree, b.id), "问题三", found_on=date(2019, 5, 1))
        corrections.correct(s, first, [rules.parse_correction_line("基本养老金:2020-01:2020.00")],
                            paid_through=PartialDate(2020, 2), on=date(2020, 3, 1))  # fmt: skip
        corrections.answer(s, first, "已补发", on=date(2020, 3, 5))
    with read() as s:
        figures = read_side.annual_figures(s, 2020)
    assert figures == {
        "cards_made": 2, "benefit_entries": 4, "corrections_opened": 2, "corrections_closed": 1,
        "corrections_open": 2, "adjustment_people": 2, "arrears_paid_total": "20.00",
    }  # fmt: skip


def test_the_reports_registry_knows_the_ledger():
    from kuangqu.reports import ANNUAL_FIGURES, MONTHLY_SECTIONS
    from kuangqu.services.checks import REGISTERED_CHECKS

    assert "kuangqu.reports.ledger:monthly_changes" in MONTHLY_SECTIONS
    assert "kuangqu.reports.ledger:annual_figures" in ANNUAL_FIGURES
    assert {
        "kuangqu.services.ledger:verify_ledger_chain",
        "kuangqu.services.deaths:entries_after_death",
    } <= set(REGISTERED_CHECKS)


# ---------------------------------------------------------------- newspapers


def test_a_cadre_receives_papers_per_year_and_the_copies_add_up(retiree, write, read):
    a, b = retiree("甲", position="副处级"), retiree("乙", position="科长")
    with write() as s:
        cadres.subscribe(s, s.get(Retiree, a.id), 2020, ["renmin_ribao", "qiushi"])
        cadres.subscribe(s, s.get(Retiree, b.id), 2020, ["renmin_ribao", "kuanggong_bao"], copies=2)
        cadres.subscribe(s, s.get(Retiree, b.id), 2019, ["renmin_ribao"])
    with read() as s:
        found = cadres.list_subscriptions(s, year=2020)
        assert cadres.totals(found) == {"renmin_ribao": 3, "qiushi": 1, "kuanggong_bao": 2}
        assert len(cadres.list_subscriptions(s, retiree_id=b.id)) == 3


def test_the_same_paper_twice_in_a_year_is_refused(retiree, write):
    a = retiree()
    with write() as s:
        cadres.subscribe(s, s.get(Retiree, a.id), 2020, ["renmin_ribao"])
    with pytest.raises(Conflict), write() as s:
        cadres.subscribe(s, s.get(Retiree, a.id), 2020, ["renmin_ribao"])


@pytest.mark.parametrize(
    ("year", "copies", "papers"), [(1900, 1, ["qiushi"]), (2020, 0, ["qiushi"]), (2020, 1, [])]
)
def test_implausible_subscriptions_are_refused(retiree, write, year, copies, papers):
    a = retiree()
    with pytest.raises(RuleViolation), write() as s:
        cadres.subscribe(s, s.get(Retiree, a.id), year, papers, copies=copies)


def test_a_subscription_recorded_by_mistake_can_be_removed(retiree, write, read):
    a = retiree()
    with write() as s:
        sub = cadres.subscribe(s, s.get(Retiree, a.id), 2020, ["qiushi"])[0]
    with write() as s:
        cadres.remove(s, sub.id, reason="登记错")
    with read() as s:
        assert cadres.list_subscriptions(s) == []
    with pytest.raises(NotFound), write() as s:
        cadres.remove(s, sub.id)


def test_no_temporary_card_file_is_left_when_writing_fails(tmp_path, monkeypatch):
    from kuangqu.excel import card as card_module

    def boom(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(card_module.Workbook, "save", boom)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError):
        card_module.write_cards(out / "x.xlsx", [])
    assert os.listdir(out) == []


# ---------------------------------------------------------------- the catalogue


def _placeholders(text):
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_ledger_message_has_chinese_first_and_the_same_parameters_in_both_languages():
    import re

    from kuangqu.messages.ledger import MESSAGES

    for key, (zh, en) in MESSAGES.items():
        assert _placeholders(zh) == _placeholders(en), key
        assert re.search(r"[\u4e00-\u9fff]", zh), key
        assert zh != en, key


def test_every_message_key_the_ledger_code_uses_is_in_the_catalogue():
    import re
    from pathlib import Path

    from kuangqu.i18n import catalogue

    src = Path(__file__).resolve().parents[2] / "src" / "kuangqu"
    files = ["rules/ledger.py", "services/ledger.py", "services/corrections.py", "services/adjustments.py",
             "services/deaths.py", "services/cadres.py", "cli/benefit.py", "cli/correction.py",
             "cli/retiree_died.py", "excel/card.py", "reports/ledger.py"]  # fmt: skip
    pattern = re.compile(
        r"""(?:t|Violation|Conflict|NotFound|Problem)\(\s*["']((?:ledger|correction|adjustment|death|papers|card|report)\.[a-z_]+)["']"""
    )
    used = {key for name in files for key in pattern.findall((src / name).read_text("utf-8"))}
    used |= {f"ledger.chain_broken_{why}" for why in ("seq", "prev_hash", "hash")}
    assert len(used) > 50
    assert used - set(catalogue()) == set()
