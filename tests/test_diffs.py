"""--diff is a patch that the real ``patch -p1`` and ``git apply`` apply, giving exactly what
--in-place writes: whatever the text and whatever the file's name."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXE = str(Path(sys.executable).with_name("cleantext"))
pytestmark = pytest.mark.skipif(shutil.which("patch") is None or shutil.which("git") is None, reason="patch or git missing")


def _round_trip(root: Path, name: str, data: bytes) -> None:
    """Write ``name`` holding ``data``; the diff applied by patch and by git apply must give
    the --in-place result, byte for byte."""
    for sub in ("inplace", "patch", "git"):
        path = root / sub / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    diff = subprocess.run([EXE, "--diff", "--no-color", name], cwd=root / "patch", capture_output=True, timeout=60)
    assert diff.returncode in (0, 1), diff.stderr
    subprocess.run([EXE, "-i", "-q", name], cwd=root / "inplace", capture_output=True, timeout=60)
    expected = (root / "inplace" / name).read_bytes()
    if diff.returncode == 0:
        assert diff.stdout == b"" and expected == data
        return
    p = subprocess.run(["patch", "-p1", "--quiet", "--no-backup-if-mismatch", "-F0"], cwd=root / "patch",
                       input=diff.stdout, capture_output=True, timeout=60)
    assert p.returncode == 0, (p.stdout, p.stderr, diff.stdout)
    assert (root / "patch" / name).read_bytes() == expected
    g = subprocess.run(["git", "apply", "--unidiff-zero", "-"], cwd=root / "git", input=diff.stdout,
                       capture_output=True, timeout=60)
    assert g.returncode == 0, (g.stderr, diff.stdout)
    assert (root / "git" / name).read_bytes() == expected


TRICKY = [
    ("ff.txt", "a\fb  \nItâs\n"),
    ("vt.txt", "a\vb  \nc\n"),
    ("cr.txt", "a\rb  \nc\n"),
    ("seps.txt", "a\x1cb\x1dc\x1ed  \ne\n"),
    ("nel.txt", "a\x85b  \nc\n"),
    ("ls.txt", "a\u2028b\u2029c  \nd\n"),
    ("bom.txt", "\ufeffItâs  here.\nsecond  line\n"),
    ("my file.txt", "a  b\n"),
    ("tab\there.txt", "a  b\n"),
    ("new\nline.txt", "a  b\n"),
    ('quote".txt', "a  b\n"),
    ("no-newline.txt", "a  b"),
    ("crlf.txt", "a  b\r\nc\r\n"),
]


@pytest.mark.parametrize("name,text", TRICKY, ids=[n for n, _ in TRICKY])
def test_diff_applies_with_patch_and_git(tmp_path, name, text):
    _round_trip(tmp_path, name, text.encode("utf-8"))


names = st.text(st.sampled_from("ab _-.\t\n\"\\é"), min_size=1, max_size=12).map(lambda s: s.strip("/") + ".txt")
texts = st.lists(st.sampled_from(["x", "  ", "\n", "\n\n\n", "\r", "\f", "\u2028", "\x85", "â", "Itâs", "[ad_1]", "\ufeff", "é"]),
                 max_size=30).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, text=texts)
def test_any_diff_applies_with_git_as_in_place(tmp_path_factory, name, text):
    root = tmp_path_factory.mktemp("diff")
    if name in (".txt", "..txt") or name.startswith("-"):
        return
    _round_trip(root, name, text.encode("utf-8"))
