"""Nothing lost: bad input, faults, interruptions, and the safety guard."""
from __future__ import annotations

import errno
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import make_folder
from cleantext import textio, writing
from cleantext.registry import DEFAULT_CHAIN, build_chain
from tests.conftest import CORPUS, write
from tests.test_plugins import make_plugin

EXE = str(Path(sys.executable).with_name("cleantext"))
DIRTY = "Itâs  here.   \n\n\n\n[ad_1]\nThe rest of the article stays as it was written.\n"


# ------------------------------------------------------------ bad input, three ways


@pytest.mark.parametrize("how", ["folder", "file", "stdin"])
@pytest.mark.parametrize("data,says", [(b"caf\xe9 au lait\n", "offset 3"), (b"GIF89a\0\0\x01", "binary")])
def test_bad_bytes_everywhere(cli, tmp_path, how, data, says):
    good = write(tmp_path / "d" / "good.txt", DIRTY)
    bad = write(tmp_path / "d" / "bad.txt", data)
    if how == "folder":
        r = cli("-i", "d")
    elif how == "file":
        r = cli("-i", "d/bad.txt", "d/good.txt")
    else:
        r = cli("-", input=data)
    assert r.code == 2
    err = [ln for ln in r.stderr.splitlines() if says in ln]
    assert len(err) == 1 and ("bad.txt" in err[0] or how == "stdin")
    assert bad.read_bytes() == data
    if how != "stdin":
        assert good.read_text().startswith("It’s here.")


def test_encoding_option(cli, tmp_path):
    f = write(tmp_path / "w.txt", "“Caf\u00e9” – ok  \n".encode("cp1252"))
    r = cli("--encoding", "cp1252", "-i", "w.txt")
    assert r.code == 0 and "read as cp1252, written as UTF-8" in r.stderr
    assert f.read_text(encoding="utf-8") == "“Café” – ok\n"
    r = cli("--encoding", "no-such-codec", "w.txt")
    assert r.code == 2 and "no-such-codec" in r.stderr


def test_encoding_auto_on_windows_1252_scrapes(cli, corpus, tmp_path):
    shutil.copytree(corpus / "scraped" / "horne2017-fakenewsdata1", tmp_path / "h")
    r = cli("--encoding", "auto", "-o", "out", "h")
    assert r.code == 0, r.stderr[-2000:]
    assert "written as UTF-8" in r.stderr
    outs = list((tmp_path / "out").rglob("*.txt"))
    assert len(outs) == len(list((tmp_path / "h").rglob("*.txt")))
    text = "".join(p.read_bytes().decode("utf-8") for p in outs)  # all valid UTF-8
    assert "’" in text and "\x92" not in text


def test_special_files_are_reported_not_read(cli, tmp_path):
    os.mkfifo(tmp_path / "fifo.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.txt"))
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing")
    (tmp_path / "loop1.txt").symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(tmp_path / "loop1.txt")
    try:
        for name in ["fifo.txt", "sock.txt", "broken.txt", "loop1.txt", "/dev/null"]:
            r = cli("--check", name)
            assert r.code == 2, name
            assert name in r.stderr and r.stderr.count("\n") <= 2
        r = cli("--check", ".")  # walking: special files are passed over silently
        assert r.code == 0
    finally:
        sock.close()


def test_unreadable_folder_reported(cli, tmp_path, monkeypatch):
    write(tmp_path / "d" / "ok.txt", DIRTY)
    (tmp_path / "d" / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):  # root reads every folder, so the denial is injected
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(writing.os, "scandir", scandir)
    r = cli("-i", "-j", "1", "d")
    assert r.code == 2 and "locked: cannot read folder: Permission denied" in r.stderr
    assert (tmp_path / "d" / "ok.txt").read_text().startswith("It’s here.")


# ------------------------------------------------------------ any text at all


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_bytes_through_surrogateescape(data):
    from cleantext import clean

    text = data.decode("utf-8", "surrogateescape")
    out = clean(text)
    out.encode("utf-8")  # valid UTF-8: lone surrogates do not survive
    assert clean(out) == out
    textio.encode(build_chain(list(DEFAULT_CHAIN))(text), False).decode("utf-8")  # the file path too


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200))
def test_fuzz_controls_rtl_combining(text):
    text = text + "\u202e\u0301\x00\x7f\x1b[31m"
    pipe = build_chain(["html", "boilerplate", "mojibake", "ads", "whitespace"])
    out = pipe(text)
    out.encode("utf-8")
    assert pipe(out) == out


# ------------------------------------------------------------ faults


def test_disk_full_while_writing(cli, tmp_path, monkeypatch):
    a = write(tmp_path / "d" / "a.txt", DIRTY)
    b = write(tmp_path / "d" / "b.txt", DIRTY)
    real_fsync = os.fsync

    def fsync(fd):
        if os.readlink(f"/proc/self/fd/{fd}").split("/")[-1].startswith(".a.txt."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(writing.os, "fsync", fsync)
    r = cli("-i", "-j", "1", "d")
    assert r.code == 2
    assert "d/a.txt: No space left on device" in r.stderr
    assert a.read_text() == DIRTY  # the original is intact
    assert b.read_text().startswith("It’s here.")  # the batch went on
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["a.txt", "b.txt"]


def test_permission_denied_writing(cli, tmp_path, monkeypatch):
    from cleantext import writing

    a = write(tmp_path / "a.txt", DIRTY)

    def create_temp(*args, **kw):  # root may write anywhere: the refusal is simulated
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writing, "_create_temp", create_temp)
    r = cli("-i", "a.txt")
    assert r.code == 2 and "a.txt: Permission denied" in r.stderr
    assert a.read_text() == DIRTY


def test_file_changed_while_cleaning_is_not_overwritten(cli, tmp_path, monkeypatch):
    from cleantext import process
    from cleantext.filters import Filter
    from cleantext.pipeline import Pipeline

    f = write(tmp_path / "a.txt", DIRTY)

    class Meddler(Filter):
        def __call__(self, text):
            f.write_text("edited by someone else\n")  # the file moves under our feet
            return text.upper()

    monkeypatch.setattr(process, "pipeline_for", lambda settings: Pipeline([("meddler", Meddler())]))
    r = cli("-i", "a.txt")
    assert r.code == 2 and "changed on disk while it was being cleaned" in r.stderr
    assert f.read_text() == "edited by someone else\n"


def test_output_dir_inside_input_is_not_cleaned_again(cli, tmp_path):
    write(tmp_path / "d" / "a.txt", DIRTY)
    assert cli("-o", "d/out", "d").code == 0
    r = cli("-o", "d/out", "-v", "d")
    assert "d/out/a.txt" not in r.stderr and "1 file seen" in r.stderr
    assert not (tmp_path / "d" / "out" / "out").exists()


def test_output_never_escapes_through_symlink(cli, tmp_path):
    write(tmp_path / "in" / "sub" / "a.txt", DIRTY)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(tmp_path / "elsewhere")
    r = cli("-o", "out", "in")
    assert r.code == 2 and "leave the output folder" in r.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_output_name_from_stdin_cannot_climb(cli, tmp_path):
    r = cli("-o", "out", "--stdin-filename", "../../etc/x.txt", input=b"x\n")
    assert r.code == 0 and (tmp_path / "out" / "x.txt").exists()


# ------------------------------------------------------------ the safety guard


@pytest.fixture
def wiper(tmp_path):
    root = tmp_path / "site"
    make_plugin(root, "ct_wipe", '''
        def wipe(text):
            """Deletes everything (a filter bug)."""
            return ""
        ''', "wipe = ct_wipe:wipe\n")
    return root


def _run_with(plugin_root, *args, input=b"", cwd=None):
    env = dict(os.environ, PYTHONPATH=str(plugin_root))
    return subprocess.run([EXE, *args], input=input, capture_output=True, env=env, cwd=cwd, timeout=120)


def test_guard_refuses_a_wipe(wiper, tmp_path):
    f = write(tmp_path / "d" / "a.txt", DIRTY)
    p = _run_with(wiper, "-f", "wipe", "-i", str(tmp_path / "d"))
    assert p.returncode == 2
    assert b"would remove 100% of its letters" in p.stderr and b"a.txt" in p.stderr
    assert f.read_text() == DIRTY
    p = _run_with(wiper, "-f", "wipe", "-", input=DIRTY.encode())  # refused on stdout: the text as it was
    assert p.returncode == 2 and p.stdout == DIRTY.encode()
    art = write(tmp_path / "d" / "art.txt", "\u2605 \u2605 \u2605\n+--+--+\n| \U0001f600 | -> |\n")  # no letter or digit
    p = _run_with(wiper, "-f", "wipe", "-i", str(art))
    assert p.returncode == 2 and b"would remove 100%" in p.stderr and art.read_text().startswith("\u2605")
    p = _run_with(wiper, "-f", "wipe", "-i", "--force", str(tmp_path / "d"))
    assert p.returncode == 0 and f.read_text() == ""


def test_guard_share_is_configurable(wiper, tmp_path):
    f = write(tmp_path / "a.txt", DIRTY)
    p = _run_with(wiper, "-f", "wipe", "--max-loss", "1", "-i", str(f))
    assert p.returncode == 0 and f.read_text() == ""


# ------------------------------------------------------------ interrupted for real


@pytest.fixture(scope="module")
def corpus_pair(tmp_path_factory):
    """A folder of generated articles and, beside it, what cleaning gives for each."""
    base = tmp_path_factory.mktemp("signals")
    make_folder(str(base / "orig"), mb=12, seed=11)
    subprocess.run([EXE, "-o", str(base / "clean"), str(base / "orig")], check=True, capture_output=True)
    return base


def _running(marker: str) -> list[str]:
    """Processes whose command line holds ``marker`` (forked workers share their parent's)."""
    ps = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True, check=True)
    return [line for line in ps.stdout.splitlines() if marker in line]


@pytest.mark.skipif(sys.platform != "linux", reason="counts orphans with Linux's PR_SET_CHILD_SUBREAPER")
@pytest.mark.parametrize("count", [3, 40])
def test_no_worker_outlives_a_folder_run(tmp_path, count):
    """A folder run forks its workers before it knows how many files there are (cli.main):
    with too few for a pool (3) they must be gone when the command is, as with a pool (40)."""
    folder = tmp_path / "few"
    for n in range(count):
        write(folder / f"f{n}.txt", "dirty  \n")
    p = subprocess.run([sys.executable, "-c", _ORPHANS, EXE, "--check", str(folder)], capture_output=True, timeout=60)
    assert p.stdout.split() == [b"1", b"0"], p.stderr  # exit status 1, no orphan


# Runs a command as a "subreaper": the processes it leaves behind become ours, and are counted.
_ORPHANS = """
import ctypes, os, subprocess, sys
ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
print(subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode)
orphans = 0
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
    orphans += 1
print(orphans)
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("jobs,to", [("1", "process"), ("2", "process"), ("2", "group")])
def test_interrupted_batch_leaves_whole_files(corpus_pair, tmp_path, sig, jobs, to):
    """``to="group"`` is a Ctrl-C at a terminal: the signal reaches the workers too."""
    work = tmp_path / "work"
    shutil.copytree(corpus_pair / "orig", work)
    before = {p.name: p.stat().st_mtime_ns for p in work.iterdir()}
    proc = subprocess.Popen(
        [EXE, "-i", "-j", jobs, str(work)], stderr=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:  # wait until it is writing files
        if any(p.stat().st_mtime_ns != before.get(p.name) for p in work.iterdir() if not p.name.startswith(".")):
            break
        time.sleep(0.005)
    if to == "group":
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err
    assert not _running(str(work))  # no worker outlives the command
    if proc.returncode == 0:
        pytest.skip("the batch finished before the signal")  # the machine was faster than planned
    assert proc.returncode == (130 if sig == signal.SIGINT else 143), err
    assert re.search(rb"cleantext: (interrupted|terminated) after \d+ of \d+ inputs; every file", err), err
    cleaned = untouched = 0
    for path in sorted(work.iterdir()):
        data = path.read_bytes()
        original = (corpus_pair / "orig" / path.name).read_bytes()
        expected = (corpus_pair / "clean" / path.name).read_bytes()
        assert data in (original, expected), path.name
        cleaned += data == expected != original
        untouched += data == original != expected
    assert untouched > 0  # it really was interrupted
    assert not [p for p in work.rglob("*") if p.name.endswith(writing.TMP_SUFFIX)]


# ------------------------------------------------------------ a worker process dies


@pytest.fixture
def crasher(tmp_path):
    """A filter that kills its own process on a marker (as the kernel's OOM killer would), or
    leaves it through SystemExit (a bug no per-file handler catches)."""
    root = tmp_path / "site"
    make_plugin(root, "ct_crash", '''
        import os, signal
        def crash(text):
            """Dies on a marker."""
            if "KILL-ME" in text:
                os.kill(os.getpid(), signal.SIGKILL)
            if "EXIT-ME" in text:
                raise SystemExit(3)
            return text.replace("dirty", "clean")
        ''', "crash = ct_crash:crash\n")
    return root


def _folder_of(tmp_path, count: int, marked: int, marker: str) -> Path:
    folder = tmp_path / "d"
    for n in range(count):
        write(folder / f"f{n:03d}.txt", f"file {n} is dirty\n" + (marker + "\n" if n == marked else ""))
    return folder


def test_a_killed_worker_costs_only_its_batch(crasher, tmp_path):
    # 40 files on two workers: batches of five, so the batch of f022 is f020..f024
    folder = _folder_of(tmp_path, 40, 22, "KILL-ME")
    p = _run_with(crasher, "-f", "crash", "-j", "2", "-i", str(folder))
    err = p.stderr.decode()
    assert p.returncode == 2 and "Traceback" not in err, err
    lost = {f"f{n:03d}.txt" for n in range(20, 25)}
    for n in range(40):
        path = folder / f"f{n:03d}.txt"
        if path.name in lost:
            assert f"{path}: may not be cleaned: the worker process cleaning it died (killed by signal 9)" in err
        else:
            assert path.read_text().startswith(f"file {n} is clean"), path.name  # the rest went on
            assert f"{path}: " not in err
    assert (folder / "f022.txt").read_text() == "file 22 is dirty\nKILL-ME\n"
    assert "40 files seen, 35 cleaned, 0 unchanged, 5 failed" in err
    assert not _running(str(folder))


def test_a_worker_that_fails_outside_any_file_stops_the_batch_with_a_message(crasher, tmp_path):
    folder = _folder_of(tmp_path, 40, 3, "EXIT-ME")
    before = (folder / "f003.txt").read_bytes()
    p = _run_with(crasher, "-f", "crash", "-j", "2", "-i", str(folder))
    err = p.stderr.decode()
    assert p.returncode == 2 and "Traceback" not in err, err
    assert "cleantext: internal error: WorkerError: a worker process failed: SystemExit: 3" in err
    assert (folder / "f003.txt").read_bytes() == before
    assert not _running(str(folder))


def test_stale_temporary_files_of_dead_writers_are_removed(tmp_path):
    """A temporary file left by a killed run (its PID in the name, the process gone) is removed
    by the next run that writes in that folder; one whose writer is alive stays."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = write(tmp_path / f".a.txt.{dead.pid}.abcd1234{writing.TMP_SUFFIX}", "half")
    live = write(tmp_path / f".a.txt.{os.getpid()}.abcd1234{writing.TMP_SUFFIX}", "in progress")
    other = write(tmp_path / ".notes.cleantext-tmp", "not ours by its name")
    f = write(tmp_path / "a.txt", "a  \n")
    p = subprocess.run([EXE, "-i", str(f)], capture_output=True, timeout=60)
    assert p.returncode == 0 and f.read_text() == "a\n"
    assert not stale.exists() and live.exists() and other.exists()


def test_a_255_byte_file_name_is_cleaned_in_place(tmp_path):
    f = write(tmp_path / ("é" * 127 + "x"), "a  \n")  # 255 bytes in UTF-8
    assert len(os.fsencode(f.name)) == 255
    p = subprocess.run([EXE, "-i", str(f)], capture_output=True, timeout=60)
    assert p.returncode == 0 and f.read_text() == "a\n", p.stderr


@pytest.mark.parametrize("name", ["data.jsonl", "data.jsonl.gz", "big.txt"])
def test_output_dir_never_writes_through_a_symlink_it_finds(tmp_path, monkeypatch, name):
    """Datasets and streamed texts are written piece by piece; a symlink already in the output
    folder is refused for them as for whole texts, and its target is untouched."""
    from cleantext import textio

    monkeypatch.setattr(textio, "STREAM_THRESHOLD", 100)
    outside = write(tmp_path / "outside.txt", "precious\n")
    data = b'{"text": "a  b"}\n' * 20 if "jsonl" in name else b"a  b\n" * 50
    src = write(tmp_path / "in" / name, gzip.compress(data) if name.endswith(".gz") else data)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / name).symlink_to(outside)
    from click.testing import CliRunner

    from cleantext.cli import build_command

    r = CliRunner().invoke(build_command(), ["-o", str(tmp_path / "out"), str(src)])
    assert r.exit_code == 2 and "output path is a symlink; not written" in r.stderr
    assert outside.read_text() == "precious\n"


def test_two_inputs_with_one_output_name_are_refused_before_writing(cli, tmp_path):
    write(tmp_path / "a" / "x.txt", "a  \n")
    write(tmp_path / "b" / "x.txt", "b  \n")
    r = cli("-o", "out", "a/x.txt", "b/x.txt")
    assert r.code == 2 and "a/x.txt and b/x.txt would both be written to x.txt" in r.stderr
    assert not (tmp_path / "out").exists()


def test_in_place_gives_a_hard_linked_file_its_own_inode(tmp_path):
    """What README promises for hard links: the name cleaned gets the new content, the other
    names keep the old (the write is a rename, never a rewrite of the shared inode)."""
    f = write(tmp_path / "a.txt", "a  \n")
    other = tmp_path / "b.txt"
    os.link(f, other)
    p = subprocess.run([EXE, "-i", str(f)], capture_output=True, timeout=60)
    assert p.returncode == 0
    assert f.read_text() == "a\n" and other.read_text() == "a  \n"
    assert os.stat(f).st_ino != os.stat(other).st_ino


# ------------------------------------------------------------ --encoding auto, as browsers decode

UD = CORPUS / "legit-multilingual" / "ud-treebanks"
LEGACY = {"cs": "cp1250", "pl": "cp1250", "hr": "cp1250", "ro": "cp1250", "sk": "cp1250", "tr": "cp1254", "lv": "cp1257",
          "fr": "cp1252", "de": "cp1252", "es": "cp1252", "da": "cp1252", "is": "cp1252", "ru": "cp1251", "el": "cp1253",
          "he": "cp1255", "ar": "cp1256", "ja": "shift_jis", "ko": "euc_kr", "zh": "gbk", "vi": "cp1258", "fa": "cp1256"}


def test_encoding_auto_reads_every_scraped_windows_1252_news_file(corpus, cli, tmp_path):
    """The real news files of horne2017: all Windows-1252 (or UTF-8), none read as cp775 or
    mac_iceland as charset-normalizer alone reads a third of them."""
    from cleantext.textio import decode

    files = sorted((corpus / "scraped" / "horne2017-fakenewsdata1").glob("*.txt"))
    assert len(files) >= 40
    got = {decode(f.read_bytes(), f.name, "auto")[2] for f in files}
    assert got == {"cp1252", "utf-8"}


@pytest.mark.parametrize("lang", sorted(LEGACY))
def test_encoding_auto_reads_real_sentences_in_their_legacy_code_page(lang):
    """Ten small documents (four sentences each) of a Universal Dependencies treebank, in the
    code page the language was written in before UTF-8: at least nine come back exactly."""
    from cleantext.textio import decode

    found = sorted(UD.glob(f"{lang}_*sentences.txt")) if UD.is_dir() else []
    if not found:
        pytest.skip("the UD treebanks of ../shared/corpus are not here")
    lines = found[0].read_text(encoding="utf-8").splitlines()
    right = 0
    for k in range(0, 40, 4):
        data = ("\n".join(lines[k : k + 4]) + "\n").encode(LEGACY[lang], "ignore")
        right += decode(data, "doc", "auto")[0] == data.decode(LEGACY[lang])
    assert right >= 9


def test_encoding_auto_refuses_what_no_code_page_reads(cli, tmp_path):
    import random

    data = bytes(random.Random(4).randrange(0x80, 0x100) for _ in range(3000))  # no text in any encoding
    f = write(tmp_path / "noise.txt", data)
    r = cli("--encoding", "auto", "-i", "noise.txt")
    assert r.code == 2 and "noise.txt: cannot tell its encoding" in r.stderr
    assert f.read_bytes() == data


def test_encoding_auto_says_what_it_detected(cli, tmp_path):
    write(tmp_path / "cz.txt", "Příliš žluťoučký kůň úpěl ďábelské ódy. Žádné město nemá tolik věží.\n".encode("cp1250"))
    r = cli("--encoding", "auto", "-o", "out", "cz.txt")
    assert r.code == 0 and "cz.txt: detected as cp1250, written as UTF-8" in r.stderr
    assert (tmp_path / "out" / "cz.txt").read_text(encoding="utf-8").startswith("Příliš žluťoučký kůň")
