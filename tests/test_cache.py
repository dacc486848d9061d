"""The cache of files known clean: a re-run skips them unread, and never trusts a stale entry."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import cleantext
from tests.conftest import write

HOUR_AGO = time.time() - 3600


def _tree(root: Path, n: int = 6) -> list[Path]:
    paths = [write(root / "docs" / f"{i}.md", f"# Page {i}\n\nClean text.\n") for i in range(n)]
    paths.append(write(root / "docs" / "dirty.md", "# Dirty\n\ntrailing  \n"))
    for p in paths:
        os.utime(p, (HOUR_AGO, HOUR_AGO))
    return paths


def _known(stderr: str) -> set[str]:
    return {line.split()[1] for line in stderr.splitlines() if "known clean" in line}


def test_a_second_check_skips_the_clean_files(cli, tmp_path):
    _tree(tmp_path)
    first = cli("--check", "-v", "docs")
    assert first.code == 1 and not _known(first.stderr)
    second = cli("--check", "-v", "docs")
    assert second.code == 1 and "would clean docs/dirty.md" in second.stderr
    assert _known(second.stderr) == {f"docs/{i}.md" for i in range(6)}
    assert "(cached: known clean)" in second.stderr


def test_touching_a_file_rechecks_it_and_an_edit_is_found(cli, tmp_path):
    paths = _tree(tmp_path)
    cli("--check", "docs")
    os.utime(paths[0], (HOUR_AGO + 60, HOUR_AGO + 60))  # touched, same content
    paths[1].write_text("# Page 1\n\nClean text.  \n")  # now with trailing spaces
    os.utime(paths[1], (HOUR_AGO, HOUR_AGO))  # even with the old time, the size tells
    r = cli("--check", "-v", "docs")
    assert "unchanged docs/0.md (same content: known clean)" in r.stderr
    assert "would clean docs/1.md" in r.stderr
    assert _known(r.stderr) == {"docs/0.md"} | {f"docs/{i}.md" for i in range(2, 6)}


def test_another_configuration_or_version_trusts_nothing(cli, tmp_path, monkeypatch):
    _tree(tmp_path)
    cli("--check", "docs")
    assert not _known(cli("--check", "-v", "-f", "whitespace", "docs").stderr)
    write(tmp_path / "pyproject.toml", "[tool.cleantext.whitespace]\ncollapse-spaces = false\n")
    assert not _known(cli("--check", "-v", "docs").stderr)
    assert _known(cli("--check", "-v", "docs").stderr)
    monkeypatch.setattr(cleantext, "__version__", "99.0")
    assert not _known(cli("--check", "-v", "docs").stderr)


def test_a_corrupt_cache_is_ignored_with_a_note(cli, tmp_path):
    _tree(tmp_path)
    cli("--check", "docs")
    (cache,) = Path(os.environ["CLEANTEXT_CACHE_DIR"]).glob("clean-*.json")
    cache.write_text('{"entries": [1, 2')
    r = cli("--check", "-v", "docs")
    assert r.code == 1 and "cleantext: note: cache" in r.stderr and "ignored" in r.stderr
    assert not _known(r.stderr)
    assert _known(cli("--check", "-v", "docs").stderr)  # rewritten whole


def test_no_cache_reads_and_writes_none(cli, tmp_path):
    _tree(tmp_path)
    cli("--check", "--no-cache", "docs")
    assert not list(Path(os.environ["CLEANTEXT_CACHE_DIR"]).iterdir())


def test_in_place_caches_clean_files_and_forgets_cleaned_ones(cli, tmp_path):
    paths = _tree(tmp_path)
    cli("-i", "docs")
    assert paths[-1].read_text() == "# Dirty\n\ntrailing\n"
    os.utime(paths[-1], (HOUR_AGO, HOUR_AGO))
    r = cli("--check", "-v", "docs")
    assert r.code == 0 and _known(r.stderr) == {f"docs/{i}.md" for i in range(6)}
    assert "unchanged docs/dirty.md\n" in r.stderr  # written by the run: checked afresh


def test_a_file_modified_just_now_is_not_recorded(cli, tmp_path):
    write(tmp_path / "fresh.txt", "clean\n")
    cli("--check", "fresh.txt")
    assert not _known(cli("--check", "-v", "fresh.txt").stderr)


def test_parallel_runs_leave_a_valid_cache_with_true_entries(tmp_path):
    paths = [write(tmp_path / f"f{i}.txt", f"clean {i}\n" if i % 3 else f"dirty {i}  \n") for i in range(60)]
    for p in paths:
        os.utime(p, (HOUR_AGO, HOUR_AGO))
    exe = [sys.executable, "-m", "cleantext", "--check", "-j", "1"]
    runs = [subprocess.Popen([*exe, *map(str, paths[k::4])], stderr=subprocess.DEVNULL) for k in range(4)]
    assert [r.wait(timeout=120) for r in runs] == [1, 1, 1, 1]
    (cache,) = Path(os.environ["CLEANTEXT_CACHE_DIR"]).glob("clean-*.json")
    entries = json.loads(cache.read_text())["entries"]
    assert len(entries) > 30  # most survive the races; each is right
    assert all(Path(p).read_text().startswith("clean") == (e[3] == []) for p, e in entries.items())
    assert not [p for p in cache.parent.iterdir() if p.suffix == ".tmp"]


def test_a_plain_check_replays_what_would_change_and_the_diff_is_made_afresh(cli, tmp_path):
    _tree(tmp_path)
    first = cli("--check", "--stats", "docs")
    second = cli("--check", "--stats", "-v", "docs")
    assert second.code == first.code == 1
    assert [ln for ln in second.stderr.splitlines() if ln.startswith(("  ", "7 files"))] == \
        [ln for ln in first.stderr.splitlines() if ln.startswith(("  ", "7 files"))]
    assert "would clean docs/dirty.md" in second.stderr
    diff = cli("--diff", "docs")  # a diff needs the text: the dirty file is read again
    assert diff.code == 1 and "+trailing\n" in diff.stdout
    # and once the file is fixed (a new size), the verdict is not replayed
    (tmp_path / "docs" / "dirty.md").write_text("# Dirty\n\ntrailing\n")
    os.utime(tmp_path / "docs" / "dirty.md", (HOUR_AGO, HOUR_AGO))
    assert cli("--check", "docs").code == 0
