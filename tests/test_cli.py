"""The command end to end through click's runner: modes, exit codes, stdout vs stderr, file safety."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess

import pytest

from tests.conftest import write

DIRTY = "Itâs  here\u00a0now.   \n\n\n\n[ad_1]\nok\n"
CLEANED = "It’s here now.\n\nok\n"


def test_stdin_to_stdout(cli):
    r = cli(input=DIRTY.encode())
    assert (r.code, r.stdout, r.stderr) == (0, CLEANED, "")


def test_dash_is_stdin(cli):
    r = cli("-", input=DIRTY.encode())
    assert (r.code, r.stdout) == (0, CLEANED)


def test_file_to_stdout_leaves_file(cli, tmp_path):
    f = write(tmp_path / "a.txt", DIRTY)
    r = cli("a.txt")
    assert (r.code, r.stdout, r.stderr) == (0, CLEANED, "")
    assert f.read_text() == DIRTY


def test_two_files_to_stdout_in_order(cli, tmp_path):
    write(tmp_path / "b.txt", "second  \n")
    write(tmp_path / "a.txt", "first  \n")
    r = cli("b.txt", "a.txt")
    assert r.stdout == "second\nfirst\n"


def test_folder_without_mode_is_usage_error(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    r = cli("d")
    assert r.code == 2
    assert r.stdout == ""
    for option in ("--in-place", "--output-dir", "--diff", "--check"):
        assert option in r.stderr


def test_in_place_folder_recursive(cli, tmp_path):
    a = write(tmp_path / "d" / "a.txt", DIRTY)
    b = write(tmp_path / "d" / "sub" / "b.md", DIRTY)
    r = cli("--in-place", "d")
    assert r.code == 0, r
    assert r.stdout == ""
    assert a.read_text() == CLEANED and b.read_text() == CLEANED
    assert "cleaned d/a.txt" not in r.stderr and "2 files seen, 2 cleaned" in r.stderr  # per file with -v


def test_in_place_keeps_permissions_and_leaves_no_temp(cli, tmp_path):
    f = write(tmp_path / "a.txt", DIRTY)
    os.chmod(f, 0o640)
    assert cli("-i", "a.txt").code == 0
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_in_place_does_not_touch_unchanged(cli, tmp_path):
    f = write(tmp_path / "a.txt", CLEANED)
    os.utime(f, ns=(1_000_000_000, 1_000_000_000))
    ino = os.stat(f).st_ino
    assert cli("-i", "a.txt").code == 0
    st = os.stat(f)
    assert st.st_mtime_ns == 1_000_000_000 and st.st_ino == ino


def test_in_place_writes_through_symlink(cli, tmp_path):
    target = write(tmp_path / "real.txt", DIRTY)
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    assert cli("-i", "link.txt").code == 0
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_text() == CLEANED


def test_in_place_replaces_atomically(cli, tmp_path):
    """The cleaned file is a new inode renamed over the old one (never a truncate-and-write)."""
    f = write(tmp_path / "a.txt", DIRTY)
    old = os.stat(f).st_ino
    keep = tmp_path / "hardlink"
    os.link(f, keep)  # a hard link keeps the old inode: it must still hold the old bytes
    assert cli("-i", "a.txt").code == 0
    assert os.stat(f).st_ino != old
    assert keep.read_text() == DIRTY


def test_bom_kept_in_place(cli, tmp_path):
    f = write(tmp_path / "a.txt", b"\xef\xbb\xbfa  \n")
    assert cli("-i", "a.txt").code == 0
    assert f.read_bytes() == b"\xef\xbb\xbfa\n"


def test_output_dir_mirrors_tree(cli, tmp_path):
    write(tmp_path / "in" / "a.txt", DIRTY)
    write(tmp_path / "in" / "x" / "y" / "b.txt", CLEANED)
    write(tmp_path / "in" / "image.png", b"\x89PNG\r\n\x1a\n\0\0")
    r = cli("--output-dir", "out", "in")
    assert r.code == 0, r
    assert (tmp_path / "out" / "a.txt").read_text() == CLEANED
    assert (tmp_path / "out" / "x" / "y" / "b.txt").read_text() == CLEANED
    assert not (tmp_path / "out" / "image.png").exists()
    assert (tmp_path / "in" / "a.txt").read_text() == DIRTY


def test_output_dir_from_stdin_needs_a_name(cli, tmp_path):
    r = cli("-o", "out", "--stdin-filename", "page.txt", input=DIRTY.encode())
    assert r.code == 0
    assert (tmp_path / "out" / "page.txt").read_text() == CLEANED


def test_check_exit_codes(cli, tmp_path):
    write(tmp_path / "d" / "clean.txt", CLEANED)
    assert cli("--check", "d").code == 0
    write(tmp_path / "d" / "dirty.txt", DIRTY)
    r = cli("--check", "d")
    assert r.code == 1
    assert r.stdout == ""
    assert "would clean d/dirty.txt" in r.stderr
    assert (tmp_path / "d" / "dirty.txt").read_text() == DIRTY


def test_check_on_stdin(cli):
    assert cli("--check", input=DIRTY.encode()).code == 1
    assert cli("--check", input=CLEANED.encode()).code == 0


def test_diff_exit_code_and_output(cli, tmp_path):
    write(tmp_path / "d" / "dirty.txt", DIRTY)
    r = cli("--diff", "d")
    assert r.code == 1
    assert r.stdout.startswith("--- a/d/dirty.txt\n+++ b/d/dirty.txt\n")
    assert "\x1b[" not in r.stdout  # no colour when not a terminal
    r = cli("--diff", "--color", "d")
    assert "\x1b[" in r.stdout


def test_diff_and_check_together(cli, tmp_path):
    write(tmp_path / "d" / "dirty.txt", DIRTY)
    r = cli("--diff", "--check", "d")
    assert r.code == 1 and r.stdout.startswith("--- a/")


@pytest.mark.parametrize("tool", ["patch", "git"])
def test_diff_applies_with_patch_and_git(cli, tmp_path, tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed")
    cases = {
        "d/a.txt": DIRTY,
        "d/crlf.txt": "x  \r\ny\r\n\r\n\r\n",
        "d/no-newline.txt": "last line   ",
        "d/sub/b.md": "keep  \nbreak   here \n",
    }
    for name, text in cases.items():
        write(tmp_path / name, text)
    shutil.copytree(tmp_path / "d", tmp_path / "expected" / "d")
    r = cli("--diff", "d")
    assert r.code == 1
    (tmp_path / "p.diff").write_bytes(r.stdout_bytes)
    assert cli("-i", "expected/d").code == 0
    if tool == "patch":
        subprocess.run(["patch", "-p1", "-i", "p.diff"], cwd=tmp_path, check=True, capture_output=True)
    else:
        subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True, capture_output=True)
    for name in cases:
        assert (tmp_path / name).read_bytes() == (tmp_path / "expected" / name).read_bytes(), name


def test_filter_order_as_given(cli):
    # whitespace then ads: the blank line the ad line leaves is not tidied by whitespace
    text = b"a\n\n[ad_1]\n\nb\n"
    assert cli("-f", "ads", "-f", "whitespace", input=text).stdout == "a\n\nb\n"
    assert cli("-f", "whitespace", input=text).stdout == "a\n\n[ad_1]\n\nb\n"


def test_unknown_filter(cli):
    r = cli("-f", "nope", input=b"x\n")
    assert r.code == 2 and "nope" in r.stderr and r.stdout == ""


def test_list_filters(cli):
    r = cli("--list-filters")
    assert r.code == 0
    names = [line.split()[0] for line in r.stdout.splitlines()]
    assert {"mojibake", "ads", "whitespace"} <= set(names)


def test_version(cli):
    from cleantext import __version__

    r = cli("--version")
    assert r.stdout.strip() == f"cleantext {__version__}"


def test_help_documents_exit_codes(cli):
    r = cli("--help")
    assert "Exit codes" in r.stdout and "--check or --diff found" in r.stdout


# ------------------------------------------------------------ bad input


def test_invalid_utf8_names_file_and_offset(cli, tmp_path):
    bad = write(tmp_path / "d" / "bad.txt", b"caf\xe9 ok\n")
    good = write(tmp_path / "d" / "good.txt", DIRTY)
    r = cli("-i", "d")
    assert r.code == 2
    line = [ln for ln in r.stderr.splitlines() if "bad.txt" in ln]
    assert len(line) == 1 and "offset 3" in line[0]
    assert bad.read_bytes() == b"caf\xe9 ok\n"
    assert good.read_text() == CLEANED  # the rest of the batch is processed


def test_invalid_utf8_on_stdin(cli):
    r = cli(input=b"ok\n\xff\n")
    assert r.code == 2 and "offset 3" in r.stderr and r.stdout == ""


def test_binary_file(cli, tmp_path):
    data = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
    f = write(tmp_path / "image.txt", data)
    r = cli("-i", "image.txt")
    assert r.code == 2 and "image.txt" in r.stderr and "binary" in r.stderr
    assert f.read_bytes() == data


def test_missing_path(cli):
    r = cli("--check", "nope.txt")
    assert r.code == 2 and "nope.txt" in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(cli, tmp_path):
    f = write(tmp_path / "secret.txt", DIRTY)
    os.chmod(f, 0)
    r = cli("--check", "secret.txt")
    assert r.code == 2 and "secret.txt" in r.stderr


def test_unreadable_file_as_root_via_directory(cli, tmp_path):
    """A path whose parent is a file cannot be opened, even by root: one error line, exit 2."""
    write(tmp_path / "plain.txt", "x\n")
    r = cli("--check", "plain.txt/inner.txt")
    assert r.code == 2 and "plain.txt/inner.txt" in r.stderr


def test_fifo_is_not_read(cli, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    r = cli("--check", "pipe.txt")  # must not hang: no writer, nothing to read
    assert r.code == 2 and "pipe.txt: a pipe with nothing to read (no writer); skipped" in r.stderr


def test_folder_walk_skips_symlinks_and_loops(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "d" / "broken.txt").symlink_to(tmp_path / "missing")
    r = cli("--check", "d")
    assert r.code == 1, r
    assert "1 file seen" in r.stderr


def test_include_exclude(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    write(tmp_path / "d" / "b.log", DIRTY)
    write(tmp_path / "d" / "skip" / "c.txt", DIRTY)
    r = cli("--check", "--include", "*.log", "d")
    assert "would clean d/b.log" in r.stderr and "a.txt" not in r.stderr
    r = cli("--check", "--exclude", "skip", "d")
    assert "d/a.txt" in r.stderr and "c.txt" not in r.stderr


def test_glob_argument(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    write(tmp_path / "d" / "b.txt", DIRTY)
    r = cli("--check", "d/*.txt")
    assert r.code == 1 and "d/a.txt" in r.stderr and "d/b.txt" in r.stderr


def test_config_chain_and_cli_wins(cli, tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleantext]\nfilters = ['ads']\n")
    assert cli(input=b"[ad_1]\nx  \n").stdout == "x  \n"
    assert cli("-f", "whitespace", input=b"[ad_1]\nx  \n").stdout == "[ad_1]\nx\n"


def test_config_option_file(cli, tmp_path):
    write(tmp_path / "conf.toml", "filters = ['whitespace']\n")
    assert cli("--config", "conf.toml", input=b"[ad_1]\nx  \n").stdout == "[ad_1]\nx\n"


def test_config_found_upward(cli, tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", "[tool.cleantext]\nfilters = ['ads']\n")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    assert cli(input=b"[ad_1]\nx  \n").stdout == "x  \n"


def test_explain_and_stats(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    r = cli("--check", "--explain", "--stats", "d")
    assert "d/a.txt: mojibake changed line 1" in r.stderr
    assert "ads:ad-placeholder: 1" in r.stderr


def test_permission_denied_reading_is_reported(cli, tmp_path, monkeypatch):
    """Root reads anything, so the denial is injected at the one place files are opened."""
    import cleantext.textio as files_mod

    write(tmp_path / "d" / "secret.txt", DIRTY)
    ok = write(tmp_path / "d" / "ok.txt", DIRTY)
    real_open = os.open

    def deny(path, *a, **k):
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(files_mod.os, "open", deny)
    r = cli("-i", "-j", "1", "d")
    assert r.code == 2
    assert "d/secret.txt: cannot read: Permission denied" in r.stderr
    assert ok.read_text() == CLEANED


def test_fast_path_defaults_equal_click_defaults(monkeypatch):
    """A plain stdin run skips click; its options must be exactly what click would pass."""
    from click.testing import CliRunner

    from cleantext import cli
    from cleantext.options import command_line_defaults

    seen = {}
    monkeypatch.setattr(cli, "run_safely", lambda opts: seen.update(opts) or 0)
    CliRunner().invoke(cli.build_command(), [], input="x\n")
    assert seen == command_line_defaults()


def test_fast_path_gives_the_same_output():
    import subprocess
    import sys
    from pathlib import Path

    exe = str(Path(sys.executable).with_name("cleantext"))
    fast = subprocess.run([exe], input=DIRTY.encode(), capture_output=True)
    slow = subprocess.run([exe, "--quiet"], input=DIRTY.encode(), capture_output=True)  # goes through click
    assert fast.stdout == slow.stdout == CLEANED.encode() and fast.returncode == slow.returncode == 0
