"""The options and the filter of commands that pick people off the roster: `export roster`,
`export households` and `benefit cards` (which imports `roster_filter` inside its body, keeping
the quick `benefit card` path free of it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from kuangqu.services.retirees import RosterFilter

BuildingOpt = Annotated[str | None, typer.Option("--building", help="楼栋")]
WorkGroupOpt = Annotated[str | None, typer.Option("--work-group", help="工作组")]
CategoryOpt = Annotated[str | None, typer.Option("--category", help="类别：离休|退休|退职|遗属")]


def roster_filter(
    area: str | None = None,
    building: str | None = None,
    work_group: str | None = None,
    category: str | None = None,
    status: str | None = None,
) -> RosterFilter:
    """The roster filter of the options; a category or status the office does not use is exit 1."""
    from kuangqu.models.enums import Category, Status
    from kuangqu.services.retirees import RosterFilter

    return RosterFilter(
        area=area,
        building=building,
        work_group=work_group,
        category=Category.parse(category, "category").value if category else None,
        status=Status.parse(status, "status").value if status else None,
    )
