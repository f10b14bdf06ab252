"""Find the header row of a sheet and map its columns to field keys.

A synonym table maps field keys (English, as in the models) to the header texts users
write, the first one being the field's display name::

    {"id_number": ["身份证号", "身份证号码", "公民身份号码", "身份证"], ...}

`ROSTER_SYNONYMS` is the table for the retiree roster; other record types (households,
relief, …) pass their own table to the same functions. Users can add aliases with a TOML
file read by `load_synonyms`::

    [synonyms]
    id_number = ["证件号码"]
    former_unit = ["所在单位", "原工作单位"]

Header texts are compared after `normalise_header`: NFKC (full-width → half-width), and
removal of spaces (also U+3000 and NBSP), line breaks, ``*``, colons and bracketed notes
such as （元）, (元), [元], 【元】.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kuangqu.errors import InvalidInput, Problem, RuleViolation

SynonymTable = Mapping[str, Sequence[str]]

ROSTER_SYNONYMS: SynonymTable = MappingProxyType(
    {
        "name": ("姓名",),
        "sex": ("性别",),
        "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
        "birth_date": ("出生日期", "出生年月"),
        "ethnicity": ("民族",),
        "category": ("类别", "人员类别", "离退休类别"),
        "work_start": ("参加工作时间", "参加工作日期"),
        "retired_on": ("退休时间", "离退休时间", "退休日期"),
        "former_unit": ("原单位", "原部门", "退休部门", "原区队"),
        "position": ("职务", "职称", "职务职称"),
        "address": ("住址", "家庭住址", "现住址"),
        "phone": ("电话", "联系电话", "手机", "手机号码"),
        "family_situation": ("家庭状况", "家庭情况"),
        "area": ("片区", "片"),
        "building": ("楼栋", "楼号"),
        "work_group": ("工作组",),
        "status": ("状态", "人员状态"),
        "died_on": ("死亡日期", "去世时间"),
        "remarks": ("备注",),
    }
)
IGNORED_HEADERS: tuple[str, ...] = ("序号",)
TOTAL_WORDS = frozenset({"合计", "总计", "小计"})
TOTAL_SCAN_CELLS = 3  # a total label sits in one of the first few filled cells
MIN_HEADER_FIELDS = 2

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_BRACKETS = re.compile(r"[()\[\]【】〔〕]")
_JUNK = re.compile(r"[\s*:\u200b\u200c\u200d\u2060\ufeff]+")


def column_letter(index: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    if index < 0:
        raise ValueError(f"negative column index {index}")
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise_header(value: Any) -> str:
    """The comparable form of a header cell: ``" 身份证号\\n（18位）* "`` → ``"身份证号"``."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    stripped = _BRACKETED.sub("", text)
    if not _JUNK.sub("", stripped):  # a header that is all brackets keeps its content
        stripped = _BRACKETS.sub("", text)
    # casefold can leave a decomposed sequence (´ → combining acute): normalise once more.
    return unicodedata.normalize("NFKC", _JUNK.sub("", stripped).casefold())


def field_label(synonyms: SynonymTable, key: str) -> str:
    """The display name of a field: its first synonym."""
    names = synonyms.get(key) or ()
    return names[0] if names else key


@dataclass
class HeaderMatch:
    """Where the header is and what each column means.

    ``row_index`` is the index (in the rows given) of the last header row; data starts
    at ``row_index + 1``. ``header_rows`` is 2 for a two-row header.
    """

    row_index: int
    columns: dict[int, str]  # column index → field key
    unknown: dict[int, str]  # column index → original header text (warn, keep the values)
    ignored: list[int]  # column indexes of ignored headers (序号)
    header_rows: int = 1
    texts: dict[int, str] = field(default_factory=dict)  # column index → normalised header text

    @property
    def data_start(self) -> int:
        return self.row_index + 1


def _lookup(synonyms: SynonymTable) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, names in synonyms.items():
        for name in (key, *names):
            text = normalise_header(name)
            if text:
                table.setdefault(text, key)
    return table


def find_header(
    rows: Sequence[Sequence[Any]],
    synonyms: SynonymTable,
    required: Iterable[str],
    *,
    max_scan: int = 20,
    ignored: Iterable[str] = IGNORED_HEADERS,
    sheet: str | None = None,
    first_row_number: int = 1,
) -> HeaderMatch:
    """Find the header among the first `max_scan` rows (title lines may come first).

    The header is the row matching the most known fields (at least two); when the row
    above or below fills in columns it leaves empty or unmatched (a two-row header with
    merged group titles), both rows are combined. Raises `InvalidInput` with problems
    ``excel.header_not_found``, ``excel.duplicate_header`` (one per field, naming the
    column letters) and ``excel.missing_columns`` (listing the display names).
    `sheet` and `first_row_number` only serve to locate the problems.
    """
    lookup = _lookup(synonyms)
    ignored_texts = {normalise_header(x) for x in ignored}
    required = list(dict.fromkeys(required))
    scanned = [list(row) for row in rows[:max_scan]]
    normed = [[normalise_header(v) for v in row] for row in scanned]

    scores = [len({lookup[t] for t in row if t in lookup}) for row in normed]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=None)
    if best is None or scores[best] < min(MIN_HEADER_FIELDS, len(synonyms)):
        expected = "、".join(field_label(synonyms, k) for k in (required or list(synonyms)))
        problem = Problem("excel.header_not_found", {"rows": max_scan, "expected": expected}, sheet=sheet)
        raise InvalidInput([problem])

    upper, lower = best, best
    mapping = _map_columns(normed[best], None, lookup)
    best_combined = mapping
    gain = 0
    for pair in ((best, best + 1), (best - 1, best)):
        if pair[0] < 0 or pair[1] >= len(normed):
            continue
        below = normed[pair[1]]
        if pair[0] == best and any(c < len(below) and below[c] for c in mapping):
            continue  # a row with values under the named columns is data, not more header
        combined = _map_columns(normed[pair[0]], normed[pair[1]], lookup)
        extra = len(set(combined.values())) - len(set(mapping.values()))
        if extra > gain and set(mapping.values()) <= set(combined.values()):
            gain, (upper, lower), best_combined = extra, pair, combined
    if gain:
        mapping = best_combined

    columns: dict[int, str] = {}
    unknown: dict[int, str] = {}
    ignored_cols: list[int] = []
    texts: dict[int, str] = {}
    seen: dict[str, list[int]] = {}
    width = max(len(normed[upper]), len(normed[lower]))
    for c in range(width):
        own = [r for r in dict.fromkeys((lower, upper)) if c < len(normed[r]) and normed[r][c]]
        if not own:
            continue
        texts[c] = normed[own[0]][c]
        if c in mapping:
            columns[c] = mapping[c]
            seen.setdefault(mapping[c], []).append(c)
        elif any(normed[r][c] in ignored_texts for r in own):
            ignored_cols.append(c)
        else:
            unknown[c] = " ".join(str(scanned[own[0]][c]).split())

    problems: list[Problem] = []
    header_row = first_row_number + lower
    for key, cols in seen.items():
        if len(cols) > 1:
            letters = [column_letter(c) for c in cols]
            problems.append(
                Problem(
                    "excel.duplicate_header",
                    {
                        "name": field_label(synonyms, key),
                        "columns": ", ".join(letters),
                        "first": letters[0],
                        "second": letters[1],
                    },
                    field=key,
                    sheet=sheet,
                    row=header_row,
                    column=letters[1],
                )
            )
    missing = [k for k in required if k not in seen]
    if missing:
        problems.append(
            Problem(
                "excel.missing_columns",
                {"names": "、".join(field_label(synonyms, k) for k in missing), "fields": missing},
                sheet=sheet,
                row=header_row,
            )
        )
    if problems:
        raise InvalidInput(problems)
    return HeaderMatch(
        row_index=lower,
        columns=columns,
        unknown=unknown,
        ignored=ignored_cols,
        header_rows=lower - upper + 1,
        texts=texts,
    )


def _map_columns(upper: list[str], lower: list[str] | None, lookup: dict[str, str]) -> dict[int, str]:
    """Column → field for one header row, or for two rows read together.

    For two rows a column's name is tried as: the lower text, the group title above it
    (the nearest filled cell to the left in the upper row, as merged titles are stored
    in their first cell) joined before or after the lower text, then the upper text.
    """
    if lower is None:
        return {c: lookup[t] for c, t in enumerate(upper) if t in lookup}
    mapping: dict[int, str] = {}
    group = ""
    for c in range(max(len(upper), len(lower))):
        up = upper[c] if c < len(upper) else ""
        lo = lower[c] if c < len(lower) else ""
        group = up or group
        for candidate in (lo, group + lo if lo else "", lo + group if lo else "", up):
            if candidate and candidate in lookup:
                mapping[c] = lookup[candidate]
                break
    return mapping


def skip_reason(row_values: Sequence[Any], header: HeaderMatch | Mapping[int, str]) -> str | None:
    """Why a data row should be skipped: ``"blank"``, ``"repeated_header"``, ``"total"``, or None.

    `header` is the `HeaderMatch` (or its ``texts``: column → normalised header text).
    Cheap on ordinary rows: only short strings that could be a label are normalised.
    """
    # Only the first few filled cells are looked at (for a total label), so stop there.
    filled = []
    for v in row_values:
        if v is not None and not (isinstance(v, str) and not v.strip()):
            filled.append(v)
            if len(filled) == TOTAL_SCAN_CELLS:
                break
    if not filled:
        return "blank"
    texts = header.texts if isinstance(header, HeaderMatch) else header
    if texts and _restates_header(row_values, texts):
        return "repeated_header"
    for value in filled:
        if (
            isinstance(value, str)
            and "计" in value
            and len(value) <= 20
            and normalise_header(value) in TOTAL_WORDS
        ):
            return "total"
    return None


def _caseless(char: str) -> bool:
    """True for a CJK ideograph (the first character of nearly every header): no character
    case-folds to one, so `char in value.casefold()` is `char in value` and the fold is skipped.
    (Checked over every code point in tests/importer/test_import_speedups.py.)"""
    return "\u4e00" <= char <= "\u9fff"


def _restates_header(row_values: Sequence[Any], texts: Mapping[int, str]) -> bool:
    needed = max(MIN_HEADER_FIELDS, (len(texts) + 1) // 2)
    misses_allowed = len(texts) - needed
    hits = misses = 0
    width = len(row_values)
    for c, text in texts.items():
        value = row_values[c] if c < width else None
        if (
            isinstance(value, str)
            and text
            and (
                (first := text[0]) in value
                # not _caseless(first), inline: this runs for ten cells of every data row
                or (not "\u4e00" <= first <= "\u9fff" and first in value.casefold())
            )
            and normalise_header(value) == text
        ):
            hits += 1
            if hits >= needed:
                return True
        else:
            misses += 1
            if misses > misses_allowed:
                return False
    return False


def load_synonyms(
    extra_file: Path | None = None, base: SynonymTable = ROSTER_SYNONYMS
) -> dict[str, list[str]]:
    """`base` (the roster table by default) with the aliases of a user TOML file added.

    The file has a ``[synonyms]`` table of ``field = ["别名", …]`` (a single string is
    accepted). Unknown field keys, and an alias already used by another field, are refused
    (``excel.synonyms_unknown_field``, ``excel.synonym_conflict``); an unreadable or
    malformed file gives ``excel.synonyms_file_invalid``.
    """
    merged = {key: list(names) for key, names in base.items()}
    if extra_file is None:
        return merged
    extra_file = Path(extra_file)
    file = extra_file.name
    try:
        data = tomllib.loads(extra_file.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleViolation("excel.synonyms_file_invalid", file=file, detail=str(exc)) from None
    section = data.get("synonyms")
    if not isinstance(section, dict):
        raise RuleViolation("excel.synonyms_file_invalid", file=file, detail="[synonyms] table missing")
    owner = {normalise_header(n): k for k, names in merged.items() for n in (k, *names)}
    for key, names in section.items():
        if key not in merged:
            raise RuleViolation("excel.synonyms_unknown_field", file=file, field=key, known=", ".join(merged))
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise RuleViolation(
                "excel.synonyms_file_invalid", file=file, detail=f"{key}: expected a list of texts"
            )
        for name in names:
            text = normalise_header(name)
            if not text:
                continue
            other = owner.setdefault(text, key)
            if other != key:
                raise RuleViolation(
                    "excel.synonym_conflict",
                    file=file,
                    name=name,
                    field=field_label(merged, key),
                    other=field_label(merged, other),
                )
            if name not in merged[key]:
                merged[key].append(name)
    return merged
