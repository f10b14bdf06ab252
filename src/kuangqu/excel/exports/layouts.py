"""The office's own sheet layouts: column headers, widths and kinds of the registration sheet
(离退休人员情况登记表) and the household member list (家庭成员).

The headers are data, not interface text: they are what the office's sheets say and what the
importer's synonym tables (`kuangqu.excel.headers.ROSTER_SYNONYMS`) recognise, so they stay in
Chinese whatever the interface language. A roster export uses exactly the template's layout,
which is what lets an exported sheet be edited and imported again.
"""

from __future__ import annotations

from dataclasses import dataclass

from kuangqu.excel.writer import INT, TEXT


@dataclass(frozen=True)
class Field:
    key: str  # the model field (or "seq" for 序号)
    header: str
    width: float
    kind: str = TEXT
    required: bool = False


ROSTER_SHEET = "登记表"
ROSTER_TITLE = "离退休人员情况登记表"
HEADER_ROW = 3  # title, 填报单位/日期 line, header
FIRST_DATA_ROW = HEADER_ROW + 1

ROSTER: tuple[Field, ...] = (
    Field("seq", "序号", 6, INT),
    Field("name", "姓名", 10, required=True),
    Field("sex", "性别", 5),
    Field("id_number", "身份证号码", 20, required=True),
    Field("birth_date", "出生年月", 9),
    Field("ethnicity", "民族", 8),
    Field("category", "人员类别", 8),
    Field("work_start", "参加工作时间", 12),
    Field("retired_on", "退休时间", 12),
    Field("former_unit", "原单位", 10),
    Field("position", "职务职称", 11),
    Field("address", "家庭住址", 32),
    Field("phone", "联系电话", 15),
    Field("family_situation", "家庭状况", 22),
    Field("area", "片区", 6),
    Field("building", "楼栋", 7),
    Field("work_group", "工作组", 7),
    Field("status", "人员状态", 8),
    Field("died_on", "死亡日期", 11),
    Field("remarks", "备注", 34),
)

HOUSEHOLD_SHEET = "家庭成员"
HOUSEHOLD_TITLE = "困难职工家庭成员登记表"

HOUSEHOLDS: tuple[Field, ...] = (
    Field("household_no", "户号", 8),
    Field("head_id_number", "户主身份证号", 20, required=True),
    Field("name", "成员姓名", 12, required=True),
    Field("relation", "与户主关系", 9, required=True),
    Field("id_number", "成员身份证号", 20),
    Field("birth_date", "出生日期", 11),
    Field("health", "健康状况", 8),
    Field("disability_grade", "残疾等级", 8),
    Field("schooling", "就学情况", 8),
    Field("work_status", "就业情况", 10),
    Field("monthly_income", "月收入（元）", 11),
    Field("causes", "致困原因", 40),
    Field("exclusions", "排除情形", 16),
    Field("annual_rigid_expenses", "年刚性支出（元）", 14),
)


def column_of(layout: tuple[Field, ...], key: str) -> int:
    """1-based column number of `key` in `layout`."""
    for index, f in enumerate(layout, start=1):
        if f.key == key:
            return index
    raise KeyError(key)
