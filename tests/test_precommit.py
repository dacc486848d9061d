"""The hooks in .pre-commit-hooks.yaml, run by pre-commit itself (try-repo) on a real git repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
pytestmark = [
    pytest.mark.precommit,
    pytest.mark.skipif(not PRE_COMMIT.exists() or shutil.which("git") is None, reason="pre-commit or git missing"),
]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
}


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    """One hook environment for the module: pre-commit installs cleantext into it once."""
    return tmp_path_factory.mktemp("pre-commit-home")


README = "# Demo\n\nItâs  a demo.   \n\n```sh\nx  =  1    # aligned, Itâs kept  \n```\n\n| a  | b   |\n|----|-----|\n| 1  | 2   |\n"
MANUAL = "Manual\n======\n\nRun this::\n\n    cleantext  --check   # aligned  \n\n+----+-----+\n| a  | Itâs|\n+----+-----+\n"
REQUIREMENTS = "click>=8      # the CLI\nftfy>=6.2     # mojibake\n"


@pytest.fixture
def project(tmp_path):
    write(tmp_path / "dirty.txt", "Itâs  here.   \n\n\n\n[ad_1]\n")
    write(tmp_path / "clean.md", "Already clean.\n")
    write(tmp_path / "script.py", "x = 1  \n")  # not a text-document type: left alone
    write(tmp_path / "README.md", README)
    write(tmp_path / "docs" / "manual.rst", MANUAL)
    write(tmp_path / "requirements.txt", REQUIREMENTS)
    git("init", "-q", cwd=tmp_path)
    git("add", ".", cwd=tmp_path)
    git("commit", "-qm", "init", cwd=tmp_path)
    return tmp_path


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def try_repo(hook, cwd, home, *extra, env=None):
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), **(env or {})}
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), hook, "--all-files", *extra],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=900,
    )


def _mtimes(folder):
    return {p.name: os.stat(p).st_mtime_ns for p in folder.iterdir() if p.is_file()}


def test_fix_hook_fixes_then_passes_and_follows_the_project_config(project, pre_commit_home):
    """The fix hook as a team meets it: the first run fixes and fails, the second passes
    without touching a file, and the project's [tool.cleantext] decides the chain."""
    clean_before = os.stat(project / "clean.md").st_mtime_ns
    first = try_repo("cleantext", project, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (project / "dirty.txt").read_text() == "It’s  here.\n"  # the docs preset keeps spacing in lines
    assert (project / "script.py").read_text() == "x = 1  \n"
    assert (project / "README.md").read_text() == README.replace("Itâs  a demo.   ", "It’s  a demo.")
    assert (project / "docs" / "manual.rst").read_text() == MANUAL  # only code and a table: nothing to change
    assert (project / "requirements.txt").read_text() == REQUIREMENTS
    assert os.stat(project / "clean.md").st_mtime_ns == clean_before
    git("commit", "-qam", "fixed", cwd=project)
    mtimes = _mtimes(project)
    second = try_repo("cleantext", project, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert _mtimes(project) == mtimes

    write(project / "pyproject.toml", "[tool.cleantext]\nfilters = ['ads']\n")
    write(project / "new.txt", "Itâs  here.   \n\n\n\n[ad_1]\n")
    git("add", ".", cwd=project)
    git("commit", "-qm", "config", cwd=project)
    third = try_repo("cleantext", project, pre_commit_home)
    assert third.returncode == 1
    assert (project / "new.txt").read_text() == "Itâs  here.   \n\n\n\n"  # only ads ran


def test_check_hook_reports_and_changes_nothing(project, pre_commit_home):
    mtimes = _mtimes(project)
    result = try_repo("cleantext-check", project, pre_commit_home)
    assert result.returncode == 1
    assert "--- a/dirty.txt" in result.stdout
    assert (project / "dirty.txt").read_text() == "Itâs  here.   \n\n\n\n[ad_1]\n"
    assert _mtimes(project) == mtimes


def test_check_hook_annotates_a_pull_request_in_github_actions(project, pre_commit_home):
    """README's CI example: the same hook, with CLEANTEXT_OUTPUT_FORMAT=github set by the job."""
    import re

    result = try_repo("cleantext-check", project, pre_commit_home, env={"CLEANTEXT_OUTPUT_FORMAT": "github"})
    assert result.returncode == 1
    found = re.findall(r"^::warning file=([^,]+),line=(\d+),endLine=\d+,col=\d+,title=cleantext/([^:]+)%3A", result.stdout, re.M)
    assert ("dirty.txt", "1", "mojibake") in found and "--- a/dirty.txt" not in result.stdout
    assert (project / "dirty.txt").read_text() == "Itâs  here.   \n\n\n\n[ad_1]\n"
