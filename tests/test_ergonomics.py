"""Formatter-grade ergonomics: excludes, .gitignore, --force-exclude, --stdin-filename, completion."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write

DIRTY = "dirty  \n"


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    git("init", "-q", cwd=tmp_path)
    write(tmp_path / ".gitignore", "ignored.txt\nbuild/\n")
    write(tmp_path / "docs" / "a.txt", DIRTY)
    write(tmp_path / "docs" / "ignored.txt", DIRTY)
    write(tmp_path / "build" / "b.txt", DIRTY)
    return tmp_path


def test_gitignored_files_skipped_in_folders(cli, repo):
    r = cli("--check", ".")
    assert "docs/a.txt" in r.stderr
    assert "ignored.txt" not in r.stderr and "build/b.txt" not in r.stderr


def test_gitignore_applies_to_a_subfolder_of_the_repository(cli, repo):
    r = cli("--check", "docs")
    assert "docs/a.txt" in r.stderr and "ignored.txt" not in r.stderr


def test_gitignore_applies_through_git_dir_elsewhere(cli, tmp_path, monkeypatch):
    """A work tree whose repository lives elsewhere (GIT_DIR) has no .git of its own."""
    tree, store = tmp_path / "tree", tmp_path / "store.git"
    tree.mkdir()
    monkeypatch.setenv("GIT_DIR", str(store))
    monkeypatch.setenv("GIT_WORK_TREE", str(tree))
    git("init", "-q", cwd=tree)
    assert not (tree / ".git").exists()
    write(tree / ".gitignore", "ignored.txt\n")
    write(tree / "a.txt", DIRTY)
    write(tree / "ignored.txt", DIRTY)
    r = cli("--check", str(tree))
    assert "a.txt" in r.stderr and "ignored.txt" not in r.stderr


def test_no_respect_gitignore(cli, repo):
    r = cli("--check", "--no-respect-gitignore", ".")
    assert "ignored.txt" in r.stderr and "build/b.txt" in r.stderr


def test_gitignore_setting_in_config(cli, repo):
    write(repo / "pyproject.toml", "[tool.cleantext]\nrespect-gitignore = false\n")
    assert "ignored.txt" in cli("--check", ".").stderr


def test_ignored_file_named_explicitly_is_processed(cli, repo):
    r = cli("--check", "docs/ignored.txt")
    assert r.code == 1 and "docs/ignored.txt" in r.stderr


def test_extend_exclude_and_force_exclude(cli, tmp_path):
    write(tmp_path / "d" / "keep.txt", DIRTY)
    write(tmp_path / "d" / "vendor" / "v.txt", DIRTY)
    r = cli("--check", "--extend-exclude", "vendor", "d")
    assert "keep.txt" in r.stderr and "v.txt" not in r.stderr
    # named explicitly (as pre-commit does): processed, unless --force-exclude
    r = cli("--check", "--extend-exclude", "vendor", "d/vendor/v.txt")
    assert r.code == 1
    r = cli("--check", "--extend-exclude", "vendor", "--force-exclude", "d/vendor/v.txt")
    assert r.code == 0 and "v.txt" not in r.stderr


def test_extend_exclude_keeps_defaults(cli, tmp_path):
    write(tmp_path / "d" / "node_modules" / "x.txt", DIRTY)
    write(tmp_path / "d" / "y.txt", DIRTY)
    r = cli("--check", "--extend-exclude", "other", "d")
    assert "y.txt" in r.stderr and "node_modules" not in r.stderr


def test_exclude_globs_with_paths(cli, tmp_path):
    write(tmp_path / "d" / "drafts" / "x.txt", DIRTY)
    write(tmp_path / "d" / "y.txt", DIRTY)
    r = cli("--check", "--extend-exclude", "drafts/*", "d")
    assert "y.txt" in r.stderr and "x.txt" not in r.stderr


def test_exclude_path_pattern_is_anchored_at_the_folder_given(cli, tmp_path):
    # "/build" (a path pattern) is the top-level build folder only; "build" is any build folder
    for rel in ("d/build/a.txt", "d/src/build/b.txt", "d/src/c.txt"):
        write(tmp_path / rel, DIRTY)
    r = cli("--check", "--extend-exclude", "/build", "d")
    assert "a.txt" not in r.stderr and "b.txt" in r.stderr and "c.txt" in r.stderr
    r = cli("--check", "--extend-exclude", "build", "d")
    assert "a.txt" not in r.stderr and "b.txt" not in r.stderr and "c.txt" in r.stderr


def test_stdin_filename_applies_file_rules(cli):
    text = b"hard  \nbreak\n"
    assert cli("-", input=text).stdout == "hard\nbreak\n"
    assert cli("--stdin-filename", "notes.md", "-", input=text).stdout == "hard  \nbreak\n"


def test_stdin_filename_with_force_exclude_echoes_input(cli):
    text = b"dirty  \n"
    r = cli("--stdin-filename", "vendor/x.txt", "--extend-exclude", "vendor", "--force-exclude", "-", input=text)
    assert r.stdout_bytes == text and r.code == 0
    r = cli("--stdin-filename", "vendor/x.txt", "--extend-exclude", "vendor", "-", input=text)
    assert r.stdout == "dirty\n"


def test_stdin_filename_names_diff(cli):
    r = cli("--diff", "--stdin-filename", "page.txt", "-", input=b"x  \n")
    assert r.code == 1 and r.stdout.startswith("--- a/page.txt\n+++ b/page.txt\n")


def test_paths_globs_and_folders_mix(cli, tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    write(tmp_path / "g" / "b.txt", DIRTY)
    write(tmp_path / "f" / "c.md", DIRTY)
    r = cli("--check", "a.txt", "g/*.txt", "f")
    for name in ("a.txt", "g/b.txt", "f/c.md"):
        assert f"would clean {name}" in r.stderr


def test_same_file_twice_is_cleaned_once(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    r = cli("--check", "d", "d/a.txt")
    assert r.stderr.count("would clean") == 1
    write(tmp_path / "d" / "sub" / "b.txt", DIRTY)
    for args in (["d", "d/sub/b.txt"], ["d/sub/b.txt", "d"], ["d/sub", "d", "./d/sub/../sub/b.txt"]):
        r = cli("--check", *args)
        assert r.stderr.count("would clean") == 2 and "2 files seen" in r.stderr, args


def test_shell_completion_script():
    exe = str(Path(sys.executable).with_name("cleantext"))
    env = dict(os.environ, _CLEANTEXT_COMPLETE="bash_source")
    p = subprocess.run([exe], env=env, capture_output=True, timeout=60)
    assert p.returncode == 0 and b"complete" in p.stdout and b"_CLEANTEXT_COMPLETE" in p.stdout
