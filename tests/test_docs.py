"""README documents every filter, every filter option and every command-line option."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleantext.cli import build_command
from cleantext.registry import BUILTINS, load, option_defaults

main = build_command()

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(BUILTINS))
def test_filter_documented(name):
    assert f"### `{name}`" in README
    for option in option_defaults(load(name)):
        assert f"`{option}" in README, f"option {option!r} of filter {name!r} is not in README.md"


@pytest.mark.parametrize("param", [p for p in main.params if p.name != "paths"], ids=lambda p: p.name)
def test_cli_option_documented(param):
    for opt in param.opts + param.secondary_opts:
        assert f"`{opt}" in README or f" {opt}" in README, f"{opt} is not in README.md"


def test_readme_commands_are_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    test_cmd = ci.strip().splitlines()[-1]
    assert test_cmd in README


def test_every_filter_has_a_one_line_description():
    from cleantext.registry import describe

    for name in BUILTINS:
        line = describe(load(name))
        assert line and line != "(no description)"


def test_readme_example_output():
    """The README's first example gives what it shows."""
    from cleantext import clean

    assert clean("Itâs  a âtestâ â nothing more.\u00a0 \n\n\n\n[ad_1]\n") == "It’s a “test” — nothing more.\n"
