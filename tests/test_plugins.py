"""Plugins through a real entry point: a dist-info on the path, exercised by the installed command."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cleantext import registry
from tests.conftest import write

EXE = Path(sys.executable).with_name("cleantext")


def make_plugin(root: Path, name: str, module_source: str, entry_points: str) -> Path:
    """A tiny installed distribution: a module and a dist-info declaring cleantext.filters."""
    write(root / f"{name}.py", textwrap.dedent(module_source))
    info = root / f"{name}-1.0.dist-info"
    write(info / "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    write(info / "entry_points.txt", "[cleantext.filters]\n" + textwrap.dedent(entry_points))
    return root


def run(args, env_path: Path, input: bytes = b"", cwd: Path | None = None):
    import os

    env = dict(os.environ, PYTHONPATH=str(env_path))
    return subprocess.run([str(EXE), *args], input=input, capture_output=True, env=env, cwd=cwd, timeout=60)


@pytest.fixture
def plugins(tmp_path) -> Path:
    root = tmp_path / "site"
    make_plugin(
        root, "ct_shout",
        '''
        def shout(text):
            """Upper-case everything (a test plugin)."""
            return text.upper()

        class Replace:
            """Replace one word with another (a test plugin with options)."""
            def __init__(self, *, old: str = "cat", new: str = "dog"):
                self.old, self.new = old, new
            def __call__(self, text):
                return text.replace(self.old, self.new)
        ''',
        "shout = ct_shout:shout\nreplace = ct_shout:Replace\n",
    )
    make_plugin(root, "ct_broken", "raise ImportError('missing dependency xyz')\n", "broken = ct_broken:nothing\n")
    return root


def test_plugin_listed_and_broken_one_warns(plugins):
    p = run(["--list-filters"], plugins)
    assert p.returncode == 0
    out = p.stdout.decode()
    assert "shout" in out and "Upper-case everything (a test plugin)." in out and "(plugin)" in out
    assert "broken" not in out
    assert b"warning" in p.stderr and b"broken" in p.stderr and b"missing dependency xyz" in p.stderr


def test_plugin_runs_in_chain(plugins, tmp_path):
    p = run(["-f", "shout", "-f", "whitespace"], plugins, input=b"hello  world  \n")
    assert (p.returncode, p.stdout, p.stderr) == (0, b"HELLO WORLD\n", b"")


def test_plugin_options_from_config(plugins, tmp_path):
    write(tmp_path / "w" / "pyproject.toml", "[tool.cleantext]\nfilters = ['replace']\n[tool.cleantext.replace]\nnew = 'bird'\n")
    p = run([], plugins, input=b"a cat\n", cwd=tmp_path / "w")
    assert p.stdout == b"a bird\n", p.stderr


def test_plugin_on_folder_in_place(plugins, tmp_path):
    f = write(tmp_path / "d" / "a.txt", "quiet\n")
    p = run(["-f", "shout", "-i", str(tmp_path / "d")], plugins)
    assert p.returncode == 0, p.stderr
    assert f.read_text() == "QUIET\n"


def test_asking_for_broken_plugin_is_an_error(plugins):
    p = run(["-f", "broken"], plugins, input=b"x\n")
    assert p.returncode == 2
    assert b"broken" in p.stderr and b"Traceback" not in p.stderr


def test_builtins_table_matches_entry_points():
    """The fast-path copy of the built-ins equals what the installed metadata declares."""
    from importlib.metadata import entry_points

    declared = {ep.name: ep.value for ep in entry_points(group=registry.GROUP) if ep.value.startswith("cleantext.")}
    assert declared == registry.BUILTINS


def test_filter_that_raises_fails_one_file(tmp_path):
    root = tmp_path / "site"
    make_plugin(root, "ct_boom", '''
        def boom(text):
            """Fails on one word."""
            if "boom" in text:
                raise ValueError("exploded")
            return text
        ''', "boom = ct_boom:boom\n")
    write(tmp_path / "d" / "a.txt", "boom\n")
    write(tmp_path / "d" / "b.txt", "fine  \n")
    p = run(["-f", "boom", "-f", "whitespace", "-i", str(tmp_path / "d")], root)
    assert p.returncode == 2
    err = p.stderr.decode()
    assert "a.txt" in err and "exploded" in err and "Traceback" not in err
    assert (tmp_path / "d" / "b.txt").read_text() == "fine\n"
