"""The progress bar shows on a terminal and never in a pipe; the summary and JSON report."""
from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import write

EXE = str(Path(sys.executable).with_name("cleantext"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_after_its_delay_and_gives_way_to_messages(monkeypatch):
    """A fake clock: nothing for the first half second, then files, MB/s and time left; a
    message line erases the bar, and the end of the batch leaves no bar behind."""
    from cleantext.mode import Mode
    from cleantext.output import Printer, Progress
    from cleantext.report import Outcome, Status

    clock = [0.0]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    printer = Printer(Mode.CHECK, 10, False, False, False, False, Progress(10, stream=terminal, clock=lambda: clock[0]))
    printer.outcome(Outcome("a.txt", Status.UNCHANGED, size=1_000_000))
    assert terminal.getvalue() == ""  # a quick batch shows nothing
    for n in range(2, 6):
        clock[0] += 0.2
        printer.outcome(Outcome(f"f{n}.txt", Status.UNCHANGED, size=1_000_000))
    assert terminal.getvalue().endswith("] 5/10 files  6.2 MB/s  0:01 left\x1b[K")
    clock[0] += 0.2
    printer.outcome(Outcome("dirty.txt", Status.CHANGED, size=10))
    assert terminal.getvalue().endswith("\r\x1b[Kwould clean dirty.txt\n")
    printer.finish()
    assert terminal.getvalue().endswith("would clean dirty.txt\n")


def test_no_progress_bar_in_a_pipe_or_ci(tmp_path):
    for i in range(10):
        write(tmp_path / "d" / f"f{i}.txt", "dirty  \n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    master, slave = pty.openpty()
    try:  # stderr a terminal, but CI set: no bar
        proc = subprocess.run([EXE, "--check", str(tmp_path / "d")], stderr=slave, capture_output=False,
                              stdout=subprocess.PIPE, env={**env, "CI": "true"}, timeout=120)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 1
    p = subprocess.run([EXE, "--check", str(tmp_path / "d")], capture_output=True, env=env, timeout=120)
    assert p.returncode == 1 and b"\r" not in p.stderr and b"files  " not in p.stderr


def test_summary_stats_and_json_report(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", "Itâs  here\n\n\n\n[ad_1]\nok\n")
    write(tmp_path / "d" / "b.txt", "clean\n")
    write(tmp_path / "d" / "bad.txt", b"\xff\n")
    r = cli("-o", "out", "--stats", "--report", "report.json", "d")
    assert r.code == 2
    assert "3 files seen, 1 cleaned, 1 unchanged, 1 failed" in r.stderr
    assert "mojibake: changed 1 file" in r.stderr and "ads:ad-placeholder: 1" in r.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["files"] == {"seen": 3, "changed": 1, "unchanged": 1, "failed": 1, "skipped": 0}
    assert report["filters"] == {"ads": 1, "mojibake": 1, "whitespace": 1}
    assert report["rules"]["ads:ad-placeholder"] == 1
    assert report["exit_code"] == 2 and len(report["problems"]) == 1


def test_quiet_and_verbose(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", "x  \n")
    write(tmp_path / "d" / "b.txt", "y\n")
    assert cli("-q", "-i", "d").stderr == ""
    write(tmp_path / "d" / "a.txt", "x  \n")
    r = cli("-v", "-i", "d")
    assert "cleaned d/a.txt" in r.stderr and "unchanged d/b.txt" in r.stderr


def test_results_in_stable_order_with_jobs(cli, tmp_path):
    for i in range(40):
        write(tmp_path / "d" / f"f{i:02d}.txt", "x  \n")
    r = cli("-j", "2", "--check", "d")
    names = [line.split()[-1] for line in r.stderr.splitlines() if line.startswith("would clean")]
    assert names == sorted(names) and len(names) == 40


def test_time_left_goes_by_the_pace_after_the_first_file(monkeypatch):
    """A Ray cluster may take half a minute to start; that wait is not the pace of the files."""
    import io
    import time

    from cleantext.output import Progress

    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    stream = io.StringIO()
    bar = Progress(100, stream=stream)
    clock[0] += 30  # start-up
    bar.advance(1_000_000)
    assert stream.getvalue().endswith("1/100 files  0.0 MB/s  --:-- left\x1b[K")
    for _ in range(9):
        clock[0] += 1  # then a file a second
        bar.advance(1_000_000)
    assert stream.getvalue().endswith("10/100 files  0.3 MB/s  1:30 left\x1b[K")


def test_one_input_in_pieces_shows_megabytes_done(monkeypatch):
    """A single big input: its bytes done of its size, MB/s and time left; a pipe's size is
    known only at its end, so it shows megabytes and MB/s alone."""
    from cleantext.mode import Mode
    from cleantext.output import Printer, Progress

    clock = [0.0]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    printer = Printer(Mode.OUTPUT_DIR, 1, False, False, False, False, Progress(1, stream=terminal, clock=lambda: clock[0]))
    printer.partial(10_000_000, 100_000_000)
    assert terminal.getvalue() == ""  # not in the first half second
    clock[0] += 2.0
    printer.partial(40_000_000, 100_000_000)
    assert terminal.getvalue().endswith("[#########...............] 40/100 MB  20.0 MB/s  0:03 left\x1b[K")
    clock[0] += 2.0
    printer.partial(80_000_000, None)
    assert terminal.getvalue().endswith("\r80 MB  20.0 MB/s\x1b[K")
    printer.finish()
    assert terminal.getvalue().endswith("\r\x1b[K")


def test_no_bar_where_the_text_goes_to_the_same_terminal(monkeypatch):
    from cleantext.mode import Mode
    from cleantext.output import Printer

    monkeypatch.setattr(sys, "stderr", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    monkeypatch.delenv("CI", raising=False)
    assert Printer(Mode.STDOUT, 1, False, False, False, False).progress is None
    assert Printer(Mode.CHECK, 1, False, False, False, False).progress is not None
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert Printer(Mode.STDOUT, 1, False, False, False, False).progress is not None
