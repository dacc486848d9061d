"""Check-then-use races, with real files, links and writers: a file or a folder swapped while a
run cleans it, lines appended meanwhile, and records too long to hold.

The swap happens from inside a filter (a hook on the whitespace filter), so it lands exactly
between the read and the write; everything it does to the file system is real.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext.filters.whitespace import NormalizeWhitespace
from tests.conftest import write

DIRTY = "line  one \n\n\n\nline two\n"


@pytest.fixture
def during_cleaning(monkeypatch):
    """``during_cleaning(action)``: run ``action(text)`` each time the whitespace filter cleans."""

    def install(action):
        clean = NormalizeWhitespace._clean

        def hooked(self, text, fired):
            action(text)
            return clean(self, text, fired)

        monkeypatch.setattr(NormalizeWhitespace, "_clean", hooked)

    return install


def test_in_place_file_swapped_for_a_symlink_is_not_written_through(cli, tmp_path, during_cleaning):
    secret = "keep  me  ".ljust(len(DIRTY) - 1) + "\n"  # as long as the file it stands in for
    outside = write(tmp_path / "outside" / "secret.txt", secret)
    a = write(tmp_path / "tree" / "a.txt", DIRTY)

    def swap(text):
        if (tmp_path / "tree" / "a.txt").is_symlink():
            return
        st = os.stat(a)
        os.unlink(a)
        os.symlink(outside, a)
        os.utime(outside, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same time: only the inode tells

    during_cleaning(swap)
    r = cli("-i", "-f", "whitespace", "tree/a.txt")
    assert r.code == 2 and "changed on disk while it was being cleaned" in r.stderr
    assert outside.read_text() == secret and a.is_symlink()


def test_output_folder_swapped_for_a_symlink_mid_run_gets_nothing(cli, tmp_path, during_cleaning):
    for i in range(20):
        write(tmp_path / "in" / "sub" / f"{i:02}.txt", f"file {i}  \n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    calls = []

    def swap(text):
        calls.append(text)
        if len(calls) == 6:  # five files are written by now
            os.rename(tmp_path / "out" / "sub", tmp_path / "out" / "moved")
            os.symlink(elsewhere, tmp_path / "out" / "sub")

    during_cleaning(swap)
    r = cli("-j", "1", "-f", "whitespace", "-o", "out", "in")
    assert r.code == 2 and "output path would leave the output folder (symlink)" in r.stderr
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in (tmp_path / "out" / "moved").iterdir()) == [f"{i:02}.txt" for i in range(5)]


@pytest.mark.parametrize("writer", ["reopens", "keeps open"])
def test_lines_appended_while_cleaning_are_not_lost(cli, tmp_path, during_cleaning, writer):
    a = write(tmp_path / "log.txt", DIRTY)
    held = open(a, "ab", buffering=0)  # noqa: SIM115 - a writer that keeps the file open

    def append(text):
        if writer == "reopens":
            with open(a, "ab") as fh:
                fh.write(b"appended\n")
        else:
            held.write(b"appended\n")

    during_cleaning(append)
    r = cli("-i", "-f", "whitespace", "log.txt")
    held.close()
    assert r.code == 2 and "changed on disk" in r.stderr
    assert a.read_text() == DIRTY + "appended\n"


APPENDER = """
import sys, time
paths, lines = sys.argv[1:-1], int(sys.argv[-1])
for n in range(lines):
    for p in paths:
        with open(p, "a") as fh:
            fh.write(f"appended {n}\\n")
    time.sleep(0.0005)
"""


def test_a_concurrent_appender_loses_no_line(tmp_path):
    """A real writer process appends to the files of a batch that is cleaned in place again
    and again: every line it wrote is there at the end."""
    files = [write(tmp_path / f"f{i}.txt", DIRTY) for i in range(8)]
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, *map(str, files), "400"])
    runs = 0
    while appender.poll() is None or runs < 3:
        subprocess.run([sys.executable, "-m", "cleantext", "-i", "-q", "-j", "1", "--no-cache", *map(str, files)],
                       capture_output=True, timeout=120)
        runs += 1
    assert appender.wait(timeout=120) == 0
    for f in files:
        lines = f.read_text().splitlines()
        assert [ln for ln in lines if ln.startswith("appended")] == [f"appended {n}" for n in range(400)], f


def test_a_record_too_long_to_hold_is_kept_and_the_rest_cleaned(cli, tmp_path):
    from cleantext.datasets import MAX_RECORD

    huge = json.dumps({"id": 2, "text": "x  y " * (MAX_RECORD // 5 + 10)})
    data = json.dumps({"id": 1, "text": "a  b"}) + "\n" + huge + "\n" + json.dumps({"id": 3, "text": "c  d"}) + "\n"
    write(tmp_path / "d.jsonl", data)
    r = cli("-o", "out", "d.jsonl")
    assert r.code == 2 and "d.jsonl: line 2: a record over 16 MB; kept as it is" in r.stderr
    out = (tmp_path / "out" / "d.jsonl").read_text().split("\n")
    assert out == ['{"id": 1, "text": "a b"}', huge, '{"id": 3, "text": "c d"}', ""]
    diff = cli("--diff", "d.jsonl")
    assert diff.code == 2 and "[a record over 16 MB, kept as it is]" in diff.stdout and "@@ -1,3 +1,3 @@" in diff.stdout


def test_a_folder_swapped_for_a_symlink_before_an_in_place_write_gets_nothing(cli, tmp_path, during_cleaning):
    """The file to replace must be the very one read: in a folder swapped meanwhile it is not."""
    write(tmp_path / "docs" / "a.txt", DIRTY)
    decoy = tmp_path / "decoy"
    decoy.mkdir()

    def swap(text):
        if not (tmp_path / "moved").exists():
            os.rename(tmp_path / "docs", tmp_path / "moved")
            os.symlink(decoy, tmp_path / "docs")

    during_cleaning(swap)
    r = cli("-i", "-f", "whitespace", "docs/a.txt")
    assert r.code == 2 and "changed on disk" in r.stderr
    assert list(decoy.iterdir()) == [] and (tmp_path / "moved" / "a.txt").read_text() == DIRTY


# Runs the command again and again as a "subreaper" (the processes it leaves behind become
# ours), sends Ctrl-C to its process group at a random moment (twice, 10 ms apart, for
# "double"), and says what went wrong: a hang, a worker still running when the command has
# exited, a traceback, click's "Aborted!" or an exit code other than 0 or 130. A signal that
# lands while Python itself starts (its site module), before any code of cleantext's runs,
# is Python's to report and is not counted.
STORM = """
import ctypes, json, os, random, shutil, signal, subprocess, sys, time
ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
runs, double, out, cmd = int(sys.argv[1]), sys.argv[2] == "double", sys.argv[3], sys.argv[4:]
rng, bad = random.Random(17), []
for run in range(runs):
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(rng.uniform(0.0, 0.35))
    for _ in range(2 if double else 1):
        try:
            os.killpg(p.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        time.sleep(0.01)
    try:
        err = p.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        p.kill()
        bad.append(f"run {run}: hung")
        continue
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
        bad.append(f"run {run}: a worker outlived the command")
        os.wait()
    except ChildProcessError:
        pass
    if (p.returncode == -signal.SIGINT and not err) or (b"Traceback" in err and b"/cleantext/" not in err):
        continue  # Python's own start-up (before its handler is set, or in site), before cleantext's code
    if p.returncode not in (0, 130) or b"Traceback" in err or b"Aborted" in err:
        bad.append(f"run {run}: exit {p.returncode}: {err[-300:]!r}")
print(json.dumps(bad))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="counts orphans with Linux's PR_SET_CHILD_SUBREAPER")
@pytest.mark.parametrize("presses", ["single", "double"])
def test_ctrl_c_at_any_moment_never_hangs_leaks_or_tracebacks(tmp_path, presses):
    """30 runs each (a one-in-thirty race shows up about two times in three): the signal lands
    anywhere from the imports to the end of the batch."""
    for i in range(1500):
        write(tmp_path / "in" / f"{i // 100}" / f"{i}.txt", f"file {i}  \n\n\n")
    exe = str(Path(sys.executable).parent / "cleantext")
    args = [exe, "-j", "2", "--no-cache", "-o", str(tmp_path / "out"), str(tmp_path / "in")]
    p = subprocess.run([sys.executable, "-c", STORM, "30", presses, str(tmp_path / "out"), *args],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == []


def test_a_ctrl_c_that_lands_while_a_class_is_made_is_an_interrupt(monkeypatch, capsys):
    """A Ctrl-C inside a dataclass's creation (a module imported mid-run) comes out as
    "RuntimeError: Error calling __set_name__" with the KeyboardInterrupt as its cause: it is
    still one line and exit 130 (found by the storm above, once in five CI runs)."""
    import signal

    import cleantext.run
    from cleantext import cli

    def interrupted_import(opts):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from exc

    monkeypatch.setattr(cleantext.run, "run", interrupted_import)
    old = signal.getsignal(signal.SIGTERM)
    try:
        assert cli.run_safely({}) == 130
    finally:
        signal.signal(signal.SIGTERM, old)
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err and "internal error" not in err
