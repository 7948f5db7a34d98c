"""The README tells the truth: its commands exist and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

import click

from kg.cli import main
from kg.query import named_queries

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def test_the_quick_start_is_two_commands():
    commands = _quick_start()
    assert len(commands) == 2, commands
    assert all("\n" not in c for c in commands), commands
    assert "kg build" in commands[0] and "kg query dual-supply" in commands[0], commands[0]


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start()[1] in ci, "the test command in .ci/run differs from the README's"


def test_every_command_and_option_is_documented_in_the_readme():
    missing = []
    ctx = click.Context(main)
    for name, cmd in main.commands.items():
        commands = [(name, cmd)]
        if isinstance(cmd, click.Group):
            commands = [(f"{name} {sub}", c) for sub, c in cmd.commands.items()]
        for full, c in commands:
            if f"kg {full}" not in README:
                missing.append(f"kg {full}")
            for p in c.get_params(ctx):
                for opt in getattr(p, "opts", []):
                    if opt.startswith("--") and opt not in ("--help",) and opt not in README:
                        missing.append(f"kg {full} {opt}")
    assert missing == [], missing


def test_every_named_query_is_listed_in_the_readme():
    missing = [n for n in named_queries() if f"`{n}`" not in README]
    assert missing == [], missing
