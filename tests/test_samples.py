"""Golden pairs: samples/<case> cleaned by the default chain equals samples/<case>.expected."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext.registry import DEFAULT_CHAIN, build_chain

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CASES = sorted(p for p in SAMPLES.iterdir() if p.suffix != ".expected")


def _clean_like_a_file(path: Path) -> bytes:
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3 if bom else 0 :].decode("utf-8")
    out = build_chain(list(DEFAULT_CHAIN)).for_path(path).run(text).text
    return (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden(case):
    expected = case.with_name(case.name + ".expected").read_bytes()
    assert _clean_like_a_file(case) == expected


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_is_idempotent(case, tmp_path):
    expected = case.with_name(case.name + ".expected").read_bytes()
    again = tmp_path / case.name  # same name, so .md keeps its Markdown rules
    again.write_bytes(expected)
    assert _clean_like_a_file(again) == expected


def test_readme_main_job_on_samples(tmp_path):
    """The README's main job, through the installed command: samples/ -> cleaned/ equals the goldens."""
    exe = Path(sys.executable).with_name("cleantext")
    shutil.copytree(SAMPLES, tmp_path / "samples")
    p = subprocess.run([str(exe), "--output-dir", "cleaned", "samples"], cwd=tmp_path, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == b""
    for case in CASES:
        assert (tmp_path / "cleaned" / case.name).read_bytes() == case.with_name(case.name + ".expected").read_bytes()
    assert not list((tmp_path / "cleaned").glob("*.expected"))
    # and a second run over the output changes nothing
    p = subprocess.run([str(exe), "--check", "cleaned"], cwd=tmp_path, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
