"""A bounded fuzz target for the importer's row parsing: any cell values give problems, never a crash."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuangqu.validate import member_input, retiree_input

cell = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(min_value=-(10**19), max_value=10**19),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(
        [
            "11010519491231002X",
            "440524188001010014",
            "1.10105E+17",
            "１１０１０５１９４９１２３１００２ｘ",
            "19491231",
            "1955.1",
            "2023-02-29",
            "¥3,456.78",
            "壹仟元",
            '=HYPERLINK("x")',
            "男",
            "退休",
        ]
    ),
)
ROSTER_FIELDS = [
    "name",
    "id_number",
    "sex",
    "birth_date",
    "category",
    "work_start",
    "retired_on",
    "phone",
    "status",
    "died_on",
    "area",
    "remarks",
]
MEMBER_FIELDS = [
    "name",
    "relation",
    "id_number",
    "sex",
    "birth_date",
    "health",
    "disability_grade",
    "monthly_income",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({}, optional={f: cell for f in ROSTER_FIELDS}))
def test_any_roster_row_is_either_valid_or_explained(row):
    result = retiree_input(row, today=dt.date(2020, 12, 31))
    assert result.value is not None or result.problems
    for problem in result.problems:
        assert problem.message()


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional={f: cell for f in MEMBER_FIELDS}))
def test_any_household_member_row_is_either_valid_or_explained(row):
    result = member_input(row, today=dt.date(2020, 12, 31))
    assert result.value is not None or result.problems
