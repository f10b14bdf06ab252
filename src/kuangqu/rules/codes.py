"""Fixed code lists: hardship causes (致困原因) and relief exclusions (排除情形), with labels."""

from __future__ import annotations

from kuangqu.errors import RuleViolation

# The trade unions' list of hardship causes, plus the mine's own (工亡, 工伤, 尘肺病 …).
HARDSHIP_CAUSES: dict[str, str] = {
    "no_work_capacity": "无劳动能力",
    "unemployed": "有劳动能力未就业",
    "laid_off": "下岗失业",
    "no_social_insurance": "未参加社会保险",
    "benefits_not_delivered": "社保待遇落实不到位",
    "serious_illness": "患重特大疾病",
    "disaster": "遭受自然灾害",
    "accident": "遭受意外事故",
    "school_children": "子女上学",
    "other": "其他",
    "work_death": "工亡",
    "work_injury": "工伤",
    "pneumoconiosis": "尘肺病",
    "disability": "残疾",
    "single_parent": "单亲家庭",
    "widowed": "遗孀",
}

EXCLUSIONS: dict[str, str] = {
    "two_homes": "拥有两套及以上住房",
    "business_owner": "经营店铺或雇佣他人",
    "private_car": "拥有非营运私家车",
    "private_school": "子女就读高收费私立学校或自费留学",
}

_CAUSE_BY_LABEL = {label: code for code, label in HARDSHIP_CAUSES.items()}
_EXCLUSION_BY_LABEL = {label: code for code, label in EXCLUSIONS.items()}


def parse_codes(raw: object, known: dict[str, str], by_label: dict[str, str], rule_key: str) -> list[str]:
    """'serious_illness, 子女上学' → ['serious_illness', 'school_children'] (order kept, no repeats)."""
    if raw is None:
        return []
    items = (
        raw if isinstance(raw, (list, tuple)) else str(raw).replace("，", ",").replace("、", ",").split(",")
    )
    codes: list[str] = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        code = text if text in known else by_label.get(text)
        if code is None:
            raise RuleViolation(rule_key, value=text, choices=", ".join(known))
        if code not in codes:
            codes.append(code)
    return codes


def parse_causes(raw: object) -> list[str]:
    return parse_codes(raw, HARDSHIP_CAUSES, _CAUSE_BY_LABEL, "rule.unknown_cause")


def parse_exclusions(raw: object) -> list[str]:
    return parse_codes(raw, EXCLUSIONS, _EXCLUSION_BY_LABEL, "rule.unknown_exclusion")
