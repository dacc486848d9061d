"""Configuration: every way [tool.cleantext] can be wrong is one row of a table, each an
error that names the key and the file, exit 2, before any input is touched."""
from __future__ import annotations

import pytest

from tests.conftest import write

BAD = [
    # (file, its content, what the one-line error must name)
    ("pyproject.toml", "[tool.cleantext]\nfliters = ['ads']\n", ["'fliters'", "pyproject.toml"]),
    ("pyproject.toml", "[tool.cleantext]\njobs = 'two'\n", ["'jobs'", "an integer", "pyproject.toml"]),
    ("pyproject.toml", "[tool.cleantext]\njobs = 0\n", ["'jobs'", "at least 1"]),
    ("pyproject.toml", "[tool.cleantext]\nmax-loss = nan\n", ["'max-loss'", "between 0 and 1"]),
    ("pyproject.toml", "[tool.cleantext]\nmax-loss = -1\n", ["'max-loss'", "between 0 and 1"]),
    ("pyproject.toml", "[tool.cleantext]\nmax-loss = true\n", ["'max-loss'", "a number"]),
    ("pyproject.toml", "[tool.cleantext]\nforce-exclude = 1\n", ["'force-exclude'", "true or false"]),
    ("pyproject.toml", "[tool.cleantext]\ninclude = ['*.md', 3]\n", ["'include'", "a list of strings"]),
    ("pyproject.toml", "[tool.cleantext]\nfilters = ['nope']\n", ["'filters'", "'nope'"]),
    ("pyproject.toml", "[tool.cleantext.nope]\nx = 1\n", ["tool.cleantext.nope", "unknown filter"]),
    ("pyproject.toml", "[tool]\ncleantext = 5\n", ["[tool.cleantext] must be a table"]),
    ("pyproject.toml", "tool = 3\n", ["'tool' must be a table"]),
    ("pyproject.toml", "[tool.cleantext\n", ["pyproject.toml", "invalid TOML"]),
    ("pyproject.toml", "[tool.cleantext.whitespace]\ntrailing = 'yes'\n", ["'trailing'", "true or false"]),
    ("pyproject.toml", "[tool.cleantext.whitespace]\ntrailng = false\n", ["'trailng'", "options:"]),
    ("pyproject.toml", "[tool.cleantext.ads]\nline_patterns = ['([unclosed']\n", ["([unclosed"]),
    ("pyproject.toml", "[tool.cleantext.ads]\ntimeout = -1\n", ["'timeout'"]),
    ("pyproject.toml", "[tool.cleantext.ads]\ntimeout = nan\n", ["'timeout'"]),
    ("pyproject.toml", "[tool.cleantext.ads]\ntimeout = inf\n", ["'timeout'"]),
    ("conf.toml", "fliters = ['ads']\n", ["'fliters'", "conf.toml"]),
]


@pytest.mark.parametrize("name,content,says", BAD, ids=[row[1].strip().replace("\n", " ") for row in BAD])
def test_bad_configuration_is_one_line_naming_it(cli, tmp_path, name, content, says):
    write(tmp_path / name, content)
    data = write(tmp_path / "a.txt", "It\u00e2s  here.\n")
    args = ["--config", name] if name != "pyproject.toml" else []
    r = cli(*args, "-i", "a.txt")
    assert r.code == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cleantext: error:"), r.stderr
    for word in says:
        assert word in lines[0], (word, lines[0])
    assert data.read_text() == "It\u00e2s  here.\n"


def test_missing_config_file(cli):
    r = cli("--config", "nowhere.toml", input=b"x\n")
    assert r.code == 2 and "nowhere.toml: config file not found" in r.stderr


@pytest.mark.parametrize(
    "config,args,expected",
    [
        ("filters = ['ads']", [], "x  \n"),  # the configuration's chain
        ("filters = ['ads']", ["-f", "whitespace"], "[ad_1]\nx\n"),  # the command line wins
        ("", [], "x\n"),  # neither: the default chain
    ],
)
def test_command_line_over_configuration_over_default(cli, tmp_path, config, args, expected):
    write(tmp_path / "pyproject.toml", f"[tool.cleantext]\n{config}\n")
    assert cli(*args, input=b"[ad_1]\nx  \n").stdout == expected


def test_options_table_drives_command_and_configuration():
    """Each [tool.cleantext] key is an option of the command, and each option's default is
    what the command uses when neither the command line nor the configuration sets it."""
    from cleantext.cli import build_command
    from cleantext.options import OPTIONS, effective

    params = {p.name for p in build_command().params}
    assert {o.dest for o in OPTIONS} <= params
    defaults = effective({"paths": ()}, {})
    for option in OPTIONS:
        expected = tuple(option.default) if isinstance(option.default, (list, tuple)) else option.default
        assert defaults[option.dest] == expected, option.dest


def test_not_a_number_on_the_command_line_is_refused(cli):
    r = cli("--max-loss", "nan", input=b"x\n")
    assert r.code == 2 and "--max-loss must be between 0 and 1, not nan" in r.stderr


def test_an_unreadable_file_named_on_the_command_line_is_its_own_error(cli, tmp_path, monkeypatch):
    """click's own check would stop the whole run before anything is processed."""
    import os

    bad = write(tmp_path / "bad.txt", "a  \n")
    good = write(tmp_path / "good.txt", "b  \n")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if str(p).endswith("bad.txt") else real(p, mode, *a, **k))
    real_open = os.open

    def deny(path, *a, **k):
        if str(path).endswith("bad.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", deny)
    r = cli("-i", "bad.txt", "good.txt")
    assert r.code == 2 and "bad.txt: cannot read: Permission denied" in r.stderr
    assert good.read_text() == "b\n" and bad.read_text() == "a  \n"
