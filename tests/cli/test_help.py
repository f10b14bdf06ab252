"""Every command explains itself: `--help` works and says something for each one."""

from __future__ import annotations

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from kuangqu.cli import app


def _all_command_paths() -> list[list[str]]:
    root = get_command(app)
    paths: list[list[str]] = []

    def walk(command, prefix: list[str]) -> None:  # type: ignore[no-untyped-def]
        paths.append(prefix)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "kuangqu")
def test_every_command_has_help_text(path):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert (command.help or "").strip(), f"kuangqu {' '.join(path)} has no help text"


def test_the_version_is_printed():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("kuangqu ")


def test_an_unknown_option_is_a_usage_error_with_exit_code_2():
    result = CliRunner().invoke(app, ["retiree", "list", "--no-such-option"])
    assert result.exit_code == 2
