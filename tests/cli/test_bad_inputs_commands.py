"""Bad inputs (../shared/bad-inputs.md rows 1–22) typed on the command line: `kuangqu retiree add`
(--id-number, --sex, --name, --phone, --work-start/--retired-on) and `household member add`
(--birth-date). A rejected value exits 1 naming the field with the value masked and writes
nothing; a normalised value is stored with a warning on the screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.helpers import make_id
from tests.trust.helpers import fingerprint

A = make_id(birth="19480312", seq="111")  # male, born 1948-03-12
A_X = make_id(birth="19480312", seq="105")  # ends in X
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
WIDE = {"KUANGQU_WIDTH": "400"}  # one message per line, for the assertions


def add(cli: Any, *args: str, name: str = "王建国", id_number: str | None = A) -> Any:
    ident = ["--id-number", id_number] if id_number is not None else []
    return cli("retiree", "add", "--name", name, *ident, "--format", "json", *args, env=WIDE)


def revealed(cli: Any, ref: str = "#1") -> dict[str, Any]:
    return cli("retiree", "show", ref, "--format", "json", "--reveal", "--reason", "核对").json()


REJECTED = [
    # (extra options, ID given, field label named, message fragment, secret that must stay masked)
    pytest.param([], A[:-1] + ("0" if A[-1] != "0" else "1"), "身份证号", "校验", id="row2-wrong-check-char"),
    pytest.param([], make_id(birth="19490230"), "身份证号", "出生日期", id="row3-february-30"),
    pytest.param([], make_id(birth="20300101"), "身份证号", "", id="row4-born-in-the-future"),
    pytest.param([], make_id(birth="18991231"), "身份证号", "", id="row4-born-before-1900"),
    pytest.param([], make_id(birth="20100101"), "身份证号", "", id="row4-too-young"),
    pytest.param([], "4.10402E+17", "身份证号", "文本", id="row9-scientific-text"),
    pytest.param([], "", "身份证号", "为空", id="row10-empty"),
    pytest.param([], "   ", "身份证号", "为空", id="row10-only-spaces"),
    pytest.param(["--sex", "女"], A, "性别", "不符", id="row14-sex"),
    pytest.param(["--phone", "abc"], A, "电话", "电话号码格式", id="row19-garbage"),
    pytest.param(["--phone", "1381234567"], A, "电话", "电话号码格式", id="row19-ten-digits"),
    pytest.param(["--retired-on", "01/02/2008"], A, "退休时间", "歧义", id="row22-day-month-first"),
    pytest.param(["--retired-on", "2003-02-29"], A, "退休时间", "", id="row22-feb-29-2003"),
    pytest.param(["--work-start", "1968-13"], A, "参加工作时间", "", id="row22-month-13"),
]  # fmt: skip


@pytest.mark.parametrize(("extra", "id_number", "label", "says"), REJECTED)
def test_a_bad_value_on_the_command_line_exits_1_naming_the_field_masked_and_writes_nothing(
    cli, db_url, extra, id_number, label, says
):
    before = fingerprint(db_url)
    result = add(cli, *extra, id_number=id_number)
    assert result.exit_code == 1
    assert "未写入任何数据" in result.stderr
    line = next(ln for ln in result.stderr.splitlines() if ln.strip().startswith("- "))
    assert line.strip().startswith(f"- {label}") and says in line
    assert "Traceback" not in result.stdout + result.stderr
    if len(id_number.strip()) == 18:
        assert id_number not in result.stdout + result.stderr
    assert fingerprint(db_url) == before


NORMALISED_IDS = [
    # (typed ID, stored ID, warning fragment or None)
    pytest.param(A_X.lower(), A_X, None, id="row1-lowercase-x"),
    pytest.param("410402480312111", None, "15 位", id="row5-15-digits"),
    pytest.param(f"{A[:6]} {A[6:14]} {A[14:]}", A, "空格", id="row6-inner-spaces"),
    pytest.param(f"{A[:6]}-{A[6:14]}-{A[14:]}", A, "连字符", id="row6-hyphens"),
    pytest.param(f"{A[:6]}\u00a0{A[6:]}", A, "空格", id="row6-nbsp"),
    pytest.param(f"{A[:6]}\u3000{A[6:]}", A, "空格", id="row6-u3000"),
    pytest.param(A.translate(FULL_WIDTH), A, "全角", id="row7-fullwidth"),
    pytest.param(A_X.translate(FULL_WIDTH), A_X, "全角", id="row7-fullwidth-x"),
]


@pytest.mark.parametrize(("typed", "stored", "warning"), NORMALISED_IDS)
def test_an_id_typed_in_another_form_is_stored_in_the_standard_form(cli, typed, stored, warning):
    from kuangqu.rules.ids import upgrade_15

    result = add(cli, id_number=typed)
    assert result.exit_code == 0, result.stderr
    expected = stored or upgrade_15(typed)
    person = revealed(cli)
    assert person["id_number"] == expected
    if stored is None:
        assert person["id_number_original"] == typed
    if warning is None:
        assert result.stderr == ""
    else:
        assert "提示" in result.stderr and warning in result.stderr
    assert expected not in result.stdout + result.stderr


NAMES = [
    pytest.param("  王建国  ", "王建国", None, id="row16-outer-spaces"),
    pytest.param("王\u3000建国", "王建国", "空格", id="row16-inner-u3000"),
    pytest.param("阿卜杜•热合曼", "阿卜杜·热合曼", "·", id="row17-bullet"),
    pytest.param("阿卜杜．热合曼", "阿卜杜·热合曼", "·", id="row17-fullwidth-stop"),
    pytest.param("阿卜杜・热合曼", "阿卜杜·热合曼", "·", id="row17-katakana-dot"),
    pytest.param("𠮷" * 50, "𠮷" * 50, None, id="row18-fifty-outside-bmp"),
]


@pytest.mark.parametrize(("typed", "stored", "warning"), NAMES)
def test_a_name_is_trimmed_and_its_dot_normalised_with_a_warning_where_it_changed_inside(
    cli, typed, stored, warning
):
    result = add(cli, name=typed)
    assert result.exit_code == 0, result.stderr
    assert revealed(cli)["name"] == stored
    if warning is None:
        assert result.stderr == ""
    else:
        assert warning in result.stderr


PHONES = [
    pytest.param("+86 138 1234 5678", "13812345678", id="row19-plus-86"),
    pytest.param("0086-13812345678", "13812345678", id="row19-0086"),
    pytest.param("138-1234-5678", "13812345678", id="row19-mobile-dashes"),
    pytest.param("１３８１２３４５６７８", "13812345678", id="row19-fullwidth-mobile"),
    pytest.param("0375-1234567", "0375-1234567", id="row19-landline"),
    pytest.param("０３７５－１２３４５６７", "0375-1234567", id="row19-fullwidth-landline"),
]


@pytest.mark.parametrize(("typed", "stored"), PHONES)
def test_a_phone_typed_in_any_common_form_is_stored_in_one_standard_form(cli, typed, stored):
    result = add(cli, "--phone", typed)
    assert result.exit_code == 0, result.stderr
    assert revealed(cli)["phone"] == stored
    assert stored not in result.stdout + result.stderr


def test_row14_a_birth_date_contradicting_the_members_id_is_refused(cli, db_url):
    assert add(cli).exit_code == 0
    assert cli("household", "add", "--head", "#1", "--format", "json").exit_code == 0
    before = fingerprint(db_url)
    wife = make_id(birth="19500520", seq="122")
    result = cli("household", "member", "add", "#1", "--name", "李秀英", "--relation", "配偶",
                 "--id-number", wife, "--birth-date", "1950-05-21", env=WIDE)  # fmt: skip
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "出生日期" in result.stderr and "1950-05-20" in result.stderr
    assert wife not in result.stdout + result.stderr
    assert fingerprint(db_url) == before
