"""`kuangqu relief assess`: placing one household in a tier with the full explanation (income,
each tier's test, exclusions, distance to the next tier), or every household summed by tier.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kuangqu.cli.common import FormatOption, OutputFormat, day_or_today, emit, say, session
from kuangqu.cli.relief._common import AsOfOpt, Opt, col, money
from kuangqu.i18n import t

if TYPE_CHECKING:
    from kuangqu.render import Record
    from kuangqu.rules.relief import Assessment


def assess(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="户（或用 --all 评定全部）")] = None,
    all_: Annotated[bool, Opt("--all", help="评定全部家庭，按档次汇总")] = False,
    as_of: AsOfOpt = None,
    standard: Annotated[str | None, Opt("--standard", help="使用的标准版本（默认评定日生效的版本）")] = None,
    record: Annotated[bool, Opt("--record", help="记录评定结果（含数字快照和标准版本）")] = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """评定档次并说明理由（收入计算、各档检验、排除情形、距下一档的差距）/ assess a household's tier."""
    import json

    from kuangqu.models.registry import Retiree
    from kuangqu.services import households
    from kuangqu.services.relief import assessment as assessing
    from kuangqu.services.relief import standards

    if (ref is None) == (not all_):
        raise typer.BadParameter(t("relief.assess_one_or_all"))
    day = day_or_today(as_of)
    with session(ctx, write=record) as s:
        row = standards.resolve(s, standard, day)
        if all_:
            # Streamed: only the counts are kept, each assessment is dropped once counted (or recorded).
            counts: dict[str, int] = {}
            for household_id, placed in assessing.assess_each(s, as_of=day, standard_row=row):
                key = placed.tier.code if placed.tier else placed.status
                counts[key] = counts.get(key, 0) + 1
                if record:
                    assessing.record_placement(s, household_id, placed, as_of=day, standard_row=row)
            version = row.version
            total = sum(counts.values())
            summary = _assess_summary(counts, standards.parsed(row))
        else:
            assert ref is not None
            household = households.get(s, ref)
            head = s.get(Retiree, household.head_id)
            result = assessing.assess_household(s, household, as_of=day, standard_row=row)
            recorded_id = (
                assessing.record(s, household, result, as_of=day, standard_row=row).id if record else None
            )
    if all_:
        from kuangqu.render import Report

        footer = [t("relief.assess_all_footer", version=version, as_of=day.isoformat(), count=total)]
        if record:
            say(t("relief.assess_recorded_all", count=total))
        emit(
            Report(
                t("relief.assess_all_title", as_of=day.isoformat()),
                [col("tier"), col("label"), col("households", justify="right")],
                summary,
                footer=footer,
                json_extra={
                    "standard_version": version,
                    "as_of": day.isoformat(),
                    "households": total,
                    "recorded": record,
                },
            ),
            fmt,
        )
        return
    if recorded_id is not None:
        say(t("relief.assess_recorded", id=recorded_id))
    if fmt == OutputFormat.json:
        data = _assessment_json(result, household, head, day)
        if recorded_id is not None:
            data["assessment_id"] = recorded_id
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        emit(_assessment_record(result, household, head, day), fmt)


def _assess_summary(counts: dict[str, int], standard: Any) -> list[dict[str, Any]]:
    """One row per tier, then the households in none: by tier code or status ("none", "excluded", …)."""
    rows = [
        {"tier": tier.code, "label": tier.label, "households": counts.get(tier.code, 0)}
        for tier in standard.tiers
    ]
    for status in ("none", "excluded", "incomplete"):
        rows.append(
            {
                "tier": None,
                "label": t(f"relief.status.{status}"),
                "households": counts.get(status, 0),
                "status": status,
            }
        )
    return rows


def _assessment_json(result: Assessment, household: Any, head: Any, as_of: date) -> dict[str, Any]:
    return {
        "household": household.id,
        "household_no": household.household_no,
        "head_name": head.name,
        "as_of": as_of.isoformat(),
        **result.as_dict(),
    }


def _distance_text(result: Assessment) -> str | None:
    from kuangqu.rules.relief import code_labels

    d = result.distance
    if d is None:
        return None
    parts = []
    if d.margin_fen is not None and result.tier is not None:
        parts.append(t("relief.distance.margin", tier=result.tier.code, amount=money(d.margin_fen)))
    if d.next_tier is not None:
        if d.per_capita_drop_fen:
            parts.append(t("relief.distance.drop", tier=d.next_tier, amount=money(d.per_capita_drop_fen)))
        if d.causes_needed:
            causes = code_labels("cause", d.causes_needed)
            parts.append(t("relief.distance.cause", tier=d.next_tier, causes=causes))
    elif result.tier is not None:
        parts.append(t("relief.distance.deepest"))
    return "；".join(parts) or None


def _assessment_record(result: Assessment, household: Any, head: Any, as_of: date) -> Record:
    from kuangqu.render import Record, Report

    data = result.as_dict()
    income = data["income"]
    missing = [t(f"relief.missing.{m['fact']}", member=m["member"]) for m in data["missing"]]
    checks = [
        {
            "tier": c["tier"],
            "label": c["label"],
            "passed": _passed(c["passed"]),
            "reasons": "；".join(r["text"] for r in c["reasons"]),
        }
        for c in data["checks"]
    ]
    return Record(
        title=t(
            "relief.assess_title", household=household.household_no or f"#{household.id}", head=head.name
        ),
        fields=[
            ("household", household.id),
            ("head_name", head.name),
            ("as_of", as_of),
            ("standard_version", result.standard_version),
            ("members", income["size"]),
            ("monthly_total", income["monthly_total"]),
            ("annual_income", income["annual_income"]),
            ("annual_rigid_expenses", income["annual_rigid_expenses"]),
            ("net_annual_income", income["net_annual_income"]),
            ("per_capita_monthly_income", data["per_capita_monthly_income"]),
            ("dibao_monthly", data["dibao_monthly"]),
            ("tier", data["tier"] or t("relief.no_tier")),
            ("tier_label", data["tier_label"]),
            ("excluded_by", data["excluded_by"]),
            ("missing", missing),
            ("distance", _distance_text(result)),
        ],
        sections=[
            Report(
                t("relief.checks_title"),
                [col("tier"), col("label"), col("passed"), col("reasons")],
                checks,
                json_key="checks",
            ),
            Report(
                t("relief.income_title"),
                [col("name"), col("monthly_income", justify="right")],
                income["members"],
                json_key="members",
            ),
        ],
    )


def _passed(value: bool | None) -> str:
    return t("relief.passed_unknown") if value is None else t("word.yes") if value else t("word.no")
