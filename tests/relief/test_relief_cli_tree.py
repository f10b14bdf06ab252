"""The `kuangqu relief` interface stays put: every command path, its help, and each parameter's name,
flags, type, default and help equal the recorded snapshot (relief_cli_tree.json).

The snapshot was taken from the single-module cli/relief.py before it was split into the
cli/relief/ package; it protects the interface from accidental change. When a change is meant,
regenerate it with `.venv/bin/python -m tests.relief.test_relief_cli_tree` and review the diff.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kuangqu.cli import app

SNAPSHOT = Path(__file__).with_name("relief_cli_tree.json")


def _plain(value: Any) -> Any:
    """A parameter's default (or other attribute) as JSON: enums by value, anything else by repr."""
    if type(value).__name__ == "DefaultPlaceholder":  # typer's "not set here" marker
        value = value.value
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return repr(value)


def _annotation(annotation: Any) -> str:
    return annotation.__name__ if isinstance(annotation, type) else str(annotation)


def _param(param: Any) -> dict[str, Any]:
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    return {
        "name": param.name,
        "kind": type(param).__name__,
        "opts": list(param.opts),
        "secondary_opts": list(param.secondary_opts),
        "annotation": _annotation(descriptor.annotation),
        "checks": {
            key: _plain(getattr(info, key, None))
            for key in ("exists", "file_okay", "dir_okay", "readable", "min", "max", "case_sensitive")
        },
        "required": param.required,
        "default": _plain(param.default),
        "nargs": param.nargs,
        "multiple": param.multiple,
        "is_flag": getattr(param, "is_flag", False),
        "is_eager": param.is_eager,
        "help": getattr(param, "help", None),
        "show_default": _plain(getattr(param, "show_default", None)),
        "hidden": getattr(param, "hidden", False),
        "envvar": _plain(param.envvar),
        "metavar": param.metavar,
    }


def relief_tree() -> list[dict[str, Any]]:
    """Every command under `kuangqu relief`, depth first in the order the help lists them."""
    relief = get_command(app).commands["relief"]  # type: ignore[attr-defined]
    found: list[dict[str, Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        subs = getattr(command, "commands", None)
        found.append(
            {
                "path": " ".join(path),
                "group": subs is not None,
                "callback": getattr(command.callback, "__name__", None),
                "help": _plain(command.help),
                "short_help": _plain(command.short_help),
                "epilog": _plain(command.epilog),
                "hidden": _plain(command.hidden),
                "deprecated": _plain(command.deprecated),
                "no_args_is_help": _plain(command.no_args_is_help),
                "rich_help_panel": _plain(getattr(command, "rich_help_panel", None)),
                "commands": list(subs) if subs is not None else None,
                "params": [_param(p) for p in command.params],
            }
        )
        for name, sub in (subs or {}).items():
            walk(sub, [*path, name])

    walk(relief, ["relief"])
    return found


def test_the_relief_command_tree_equals_the_recorded_snapshot():
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(relief_tree(), ensure_ascii=False))
    assert [c["path"] for c in actual] == [c["path"] for c in expected], "commands added, removed or moved"
    for got, want in zip(actual, expected, strict=True):
        assert got == want, f"kuangqu {want['path']} changed"


def test_the_snapshot_covers_every_relief_noun_and_its_options():
    paths = {c["path"]: c for c in json.loads(SNAPSHOT.read_text(encoding="utf-8"))}
    for path in (
        "relief standard load",
        "relief assess",
        "relief objection resolve",
        "relief payments reverse",
        "relief pay-temporary",
        "relief pair list",
        "relief check",
        "relief stats",
    ):
        assert path in paths, path
    upheld = next(p for p in paths["relief objection resolve"]["params"] if p["name"] == "upheld")
    assert upheld["opts"] == ["--upheld"] and upheld["secondary_opts"] == ["--dismissed"]
    assert len(paths) == 31


@pytest.mark.parametrize("path", [c["path"] for c in relief_tree()])
def test_each_relief_command_prints_its_help(path):
    result = CliRunner().invoke(app, [*path.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


if __name__ == "__main__":  # regenerate the snapshot after an intended interface change
    SNAPSHOT.write_text(json.dumps(relief_tree(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
