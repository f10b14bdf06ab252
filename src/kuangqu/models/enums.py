"""Enumerations of the registry, with their Chinese labels and the words clerks type for them."""

from __future__ import annotations

from enum import StrEnum

from kuangqu.errors import RuleViolation


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label and accept Chinese or English input."""

    @classmethod
    def labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {}

    @property
    def label(self) -> str:
        return self.labels()[self.value]

    def display(self, lang: str = "zh") -> str:
        return self.value if lang == "en" else self.label

    @classmethod
    def parse(cls, raw: object, field: str = "") -> LabelledEnum:
        text = str(raw).strip() if raw is not None else ""
        for member in cls:
            if text in (member.value, member.label) or text.lower() == member.value:
                return member
        alias = cls.aliases().get(text)
        if alias is not None:
            return cls(alias)
        choices = "、".join(m.label for m in cls)
        raise RuleViolation("rule.choice", field=field, value=text, choices=choices)


class Sex(LabelledEnum):
    MALE = "male"
    FEMALE = "female"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"male": "男", "female": "女"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"M": "male", "F": "female", "男性": "male", "女性": "female"}


class Category(LabelledEnum):
    LIXIU = "lixiu"
    RETIRED = "retired"
    TUIZHI = "tuizhi"
    SURVIVOR = "survivor"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"lixiu": "离休", "retired": "退休", "tuizhi": "退职", "survivor": "遗属"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"离休干部": "lixiu", "退休人员": "retired", "遗孀": "survivor", "工亡家属": "survivor"}


class Status(LabelledEnum):
    ACTIVE = "active"
    DECEASED = "deceased"
    MOVED = "moved"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"active": "在册", "deceased": "已故", "moved": "迁出"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"死亡": "deceased", "去世": "deceased", "正常": "active", "迁走": "moved"}


class Relation(LabelledEnum):
    SELF = "self"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    GRANDCHILD = "grandchild"
    SURVIVOR = "survivor"
    OTHER = "other"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {
            "self": "本人",
            "spouse": "配偶",
            "child": "子女",
            "parent": "父母",
            "grandchild": "孙子女",
            "survivor": "遗属",
            "other": "其他",
        }

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {
            "户主": "self",
            "妻子": "spouse",
            "丈夫": "spouse",
            "儿子": "child",
            "女儿": "child",
            "子": "child",
            "女": "child",
            "父亲": "parent",
            "母亲": "parent",
            "孙子": "grandchild",
            "孙女": "grandchild",
            "外孙": "grandchild",
            "外孙女": "grandchild",
            "遗孀": "survivor",
        }


class Health(LabelledEnum):
    HEALTHY = "healthy"
    CHRONIC = "chronic"
    SERIOUS = "serious"
    DISABLED = "disabled"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"healthy": "健康", "chronic": "慢病", "serious": "重病", "disabled": "残疾"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"良好": "healthy", "一般": "healthy", "慢性病": "chronic", "大病": "serious"}


class GridLevel(LabelledEnum):
    AREA = "area"
    BUILDING = "building"
    WORK_GROUP = "work_group"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"area": "片长", "building": "楼长", "work_group": "工作组长"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"片区": "area", "楼栋": "building", "工作组": "work_group"}


class HouseholdKind(LabelledEnum):
    RETIREE = "retiree"
    SURVIVOR = "survivor"
    WORKER = "worker"

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {"retiree": "离退休户", "survivor": "遗属户", "worker": "职工户"}

    @classmethod
    def aliases(cls) -> dict[str, str]:
        return {"工亡家属": "survivor", "遗孀": "survivor"}
