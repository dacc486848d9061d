"""The installed ``cleantext`` command in a subprocess: real pipes, real exit codes, real files."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write

EXE = str(Path(sys.executable).with_name("cleantext"))
DIRTY = "Itâs  here\u00a0now.   \n\n\n\n[ad_1]\nok\n"
CLEANED = "It’s here now.\n\nok\n"


def run(*args, input=b"", cwd=None, **kw):
    return subprocess.run([EXE, *args], input=input, capture_output=True, cwd=cwd, timeout=120, **kw)


def test_pipe(tmp_path):
    p = run(input=DIRTY.encode())
    assert (p.returncode, p.stdout.decode(), p.stderr) == (0, CLEANED, b"")


def test_issue_example():
    p = subprocess.run(f"printf 'a  \\n\\n\\n\\nb' | {EXE}", shell=True, capture_output=True)
    assert p.stdout == b"a\n\nb\n"


def test_file_folder_modes(tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    write(tmp_path / "d" / "s" / "b.md", "x  \ny\n")
    assert run("d/a.txt", cwd=tmp_path).stdout.decode() == CLEANED
    assert run("d", cwd=tmp_path).returncode == 2
    assert run("--check", "d", cwd=tmp_path).returncode == 1
    diff = run("--diff", "d", cwd=tmp_path)
    assert diff.returncode == 1 and diff.stdout.startswith(b"--- a/d/a.txt")
    out = run("-o", "out", "d", cwd=tmp_path)
    assert out.returncode == 0 and (tmp_path / "out" / "a.txt").read_text() == CLEANED
    assert (tmp_path / "out" / "s" / "b.md").read_text() == "x  \ny\n"
    assert run("-i", "d", cwd=tmp_path).returncode == 0
    assert (tmp_path / "d" / "a.txt").read_text() == CLEANED
    assert run("--check", "d", cwd=tmp_path).returncode == 0


def test_bad_input_no_traceback(tmp_path):
    write(tmp_path / "bad.txt", b"\xc3\x28 oops")
    p = run("bad.txt", cwd=tmp_path)
    assert p.returncode == 2 and p.stdout == b""
    assert p.stderr.count(b"\n") == 1 and b"bad.txt" in p.stderr and b"offset 0" in p.stderr


def _as_nobody():
    os.setgid(65534)
    os.setuid(65534)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user")
def test_unreadable_file_and_folder(tmp_path):
    """As an unprivileged user: an unreadable file and folder are reported by name; others go on."""
    os.chmod(tmp_path, 0o755)
    write(tmp_path / "d" / "secret.txt", DIRTY)
    write(tmp_path / "d" / "locked" / "x.txt", DIRTY)
    write(tmp_path / "d" / "ok.txt", DIRTY)
    os.chmod(tmp_path / "d" / "secret.txt", 0)
    os.chmod(tmp_path / "d" / "locked", 0)
    for p in [tmp_path / "d", tmp_path / "d" / "ok.txt"]:
        os.chmod(p, 0o777)
    try:
        probe = subprocess.run([sys.executable, "-c", "import cleantext"], preexec_fn=_as_nobody, capture_output=True)
    except PermissionError:
        probe = None
    if probe is None or probe.returncode:
        pytest.skip("the test environment is not readable by an unprivileged user")
    p = run("-i", "d", cwd=tmp_path, preexec_fn=_as_nobody)
    err = p.stderr.decode()
    assert p.returncode == 2, err
    assert "secret.txt" in err and "locked" in err and "Traceback" not in err
    assert (tmp_path / "d" / "ok.txt").read_text() == CLEANED


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_outcomes_come_in_argument_order_stdin_included(tmp_path, jobs):
    """With a pool (-j 2, 10 files) as without one, stdin is reported where it was named."""
    names = [f"f{n}.txt" for n in range(10)]
    for name in names:
        (tmp_path / name).write_text(DIRTY)
    args = [*names[:4], "-", *names[4:]]
    p = subprocess.run([EXE, "--check", "-j", jobs, *args], input=DIRTY.encode(), capture_output=True, cwd=tmp_path)
    reported = [line.split()[-1] for line in p.stderr.decode().splitlines() if line.startswith("would clean")]
    assert p.returncode == 1 and reported == args
