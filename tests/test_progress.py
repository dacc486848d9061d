"""The progress bar shows on a terminal and never in a pipe; the summary and JSON report."""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import write
from tests.test_plugins import make_plugin

EXE = str(Path(sys.executable).with_name("cleantext"))


def _slow_plugin(root: Path) -> Path:
    return make_plugin(root, "ct_slow", '''
        import time

        def slow(text):
            """Takes its time (a test plugin)."""
            time.sleep(0.15)
            return text.replace("dirty", "clean")
        ''', "slow = ct_slow:slow\n")


def test_progress_bar_on_a_terminal_only(tmp_path):
    site = _slow_plugin(tmp_path / "site")
    for i in range(10):
        write(tmp_path / "d" / f"f{i}.txt", "dirty\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(site)
    master, slave = pty.openpty()
    proc = subprocess.run([EXE, "-f", "slow", "--check", str(tmp_path / "d")], stderr=slave, stdout=subprocess.PIPE,
                          env=env, timeout=120)
    os.close(slave)
    seen = b""
    try:
        while True:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            seen += chunk
    except OSError:
        pass
    os.close(master)
    assert proc.returncode == 1
    assert b"/10 files" in seen and b"MB/s" in seen and b"left" in seen
    assert proc.stdout == b""
    # in a pipe: no bar, no control characters
    p = subprocess.run([EXE, "-f", "slow", "--check", str(tmp_path / "d")], capture_output=True, env=env, timeout=120)
    assert b"\r" not in p.stderr and b"files  " not in p.stderr


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
