#!/usr/bin/env python3
"""The cleantext benchmark: every speed and memory target next to its measured figure.

    python bench/run.py                 # everything, 50 MB corpora, 1 GB single file
    python bench/run.py --quick         # 10 MB corpora, 100 MB single file
    python bench/run.py --only startup  # one section: corpus, clean, mojibake, single, startup, huge, ray

Corpora come from ../shared/bench/make_corpus.py when it is there, else from bench/corpus.py
(our own generator of a similar mix). Every figure is a whole-process wall time measured
here, side by side with its baseline in the same run.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_GEN = ROOT.parent / "shared" / "bench" / "make_corpus.py"
PY = sys.executable
EXE = str(Path(PY).with_name("cleantext"))
ROWS: list[tuple[str, str, str, str]] = []


def row(name: str, value: str, target: str = "", verdict: str = "") -> None:
    ROWS.append((name, value, target, verdict))
    print(f"  {name:58s} {value:>18s}  {target:>16s}  {verdict}", flush=True)


def ok(good: bool) -> str:
    return "PASS" if good else "MISS"


def generate(out: Path, mb: float, clean: bool = False, single: bool = False) -> None:
    if SHARED_GEN.exists():
        args = [PY, str(SHARED_GEN), "--single" if single else "--out", str(out), "--mb", str(mb)]
    else:
        args = [PY, str(HERE / "corpus.py"), "--single" if single else "--out", str(out), "--mb", str(mb)]
    if clean:
        args += ["--clean", "1"]
    subprocess.run(args, check=True, capture_output=True)


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def timed(args: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, **kw)
    return time.perf_counter() - start


def peak_rss_mb(args: list[str], stdin_path: Path, stdout_path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        f"subprocess.run({args!r}, stdin=open({str(stdin_path)!r}, 'rb'), stdout=open({str(stdout_path)!r}, 'wb'), check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([PY, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


FTFY_LOOP = """
import sys, time, ftfy
from pathlib import Path
files = sorted(Path(sys.argv[1]).rglob('*.txt'))
start = time.perf_counter()
for p in files:
    ftfy.fix_text(p.read_bytes().decode('utf-8', 'replace'))
print(time.perf_counter() - start)
"""


DISK_FLOOR = """
import os, sys, time
from pathlib import Path
src, out = Path(sys.argv[1]), Path(sys.argv[2])
data = [(p.relative_to(src), p.read_bytes()) for p in sorted(src.rglob('*.txt'))]
start = time.perf_counter()
for rel, b in data:
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / rel, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.write(fd, b)
    os.close(fd)
print(time.perf_counter() - start)
"""


def _interleaved_medians(out_base: Path, measures: dict, rounds: int = 5) -> dict[str, float]:
    """The median of ``rounds`` runs of each ``measure(out)``, taken in turns (one of each per
    round, so a slow spell of the host hits every figure alike), each run into a new, empty
    output folder.

    The folders stay until the benchmark ends. On this machine's disk (ext4 mounted with
    online discard) creating 4,443 files right after deleting as many took 2.2 s instead of
    0.2 s: deleting each run's output before the next would time the benchmark's own
    clean-up, not the cleaner."""
    runs: dict[str, list[float]] = {name: [] for name in measures}
    for attempt in range(rounds):
        for name, measure in measures.items():
            out = _fresh(out_base / f"{name}-{attempt}")
            os.sync()  # the last run's writes are not this run's cost
            runs[name].append(measure(out))
    return {name: statistics.median(times) for name, times in runs.items()}


def _cleaner(exe: str, jobs: int, corpus: Path):
    return lambda out: timed([exe, "-q", "-j", str(jobs), "--output-dir", str(out), str(corpus)])


def _disk_floor(corpus: Path):
    """Creating the same files with nothing else done: what the file system alone costs."""
    return lambda out: float(subprocess.run(
        [PY, "-c", DISK_FLOOR, str(corpus), str(out)], check=True, capture_output=True, text=True).stdout)


def _wait_for_the_disk(base: Path, floor, limit: float, patience: float = 150) -> None:
    """Wait (up to ``patience`` seconds) until creating the files takes at most ``limit``
    seconds: on ext4 with online discard it takes up to 10x longer for a minute or more after
    many files were deleted, e.g. by the previous benchmark's clean-up. Probe folders stay
    (deleting them would start it again)."""
    waited, probe = 0.0, 0
    while (secs := floor(_fresh(base / f"probe-{probe}"))) > limit and waited < patience:
        if not waited:
            print(f"  (creating the files on disk takes {secs:.2f} s, over {limit:.2f} s: the disk is still"
                  f" discarding deleted blocks; waiting up to {patience:.0f} s)")
        time.sleep(15)
        waited += 15
        probe += 1
    if waited:
        print(f"  (waited {waited:.0f} s; the floor is now {secs:.2f} s)")


def _ram_folder() -> Path | None:
    """A new folder on the RAM disk (/dev/shm), or None where there is none."""
    if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
        return Path(tempfile.mkdtemp(prefix="cleantext-bench-", dir="/dev/shm"))
    return None


def _fresh(folder: Path) -> Path:
    if folder.exists():  # a reused --work folder
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def section_corpus(work: Path, mb: float) -> None:
    print(f"\n== folder of scraped articles ({mb:g} MB, default mix) vs ftfy.fix_text in one process")
    corpus = work / "mixed"
    generate(corpus, mb)
    total = size_mb(corpus)
    count = sum(1 for _ in corpus.rglob("*.txt"))
    ftfy_s = float(subprocess.run([PY, "-c", FTFY_LOOP, str(corpus)], check=True, capture_output=True, text=True).stdout)
    row("ftfy.fix_text (default settings), 1 process", f"{total / ftfy_s:.2f} MB/s", "baseline")
    cores = os.cpu_count() or 1
    _, exe = _regular_install(work)  # as users run it: no editable-install import hook at start
    # The output folder on the work folder's disk, and on a RAM disk when there is one: writing
    # thousands of new files costs the file system more than the cleaning on some disks
    # (the floor row times a bare loop that creates the same files).
    places = [("disk", work / "outputs")]
    ram = _ram_folder()
    if ram is not None:
        places.insert(0, ("RAM disk", ram))
    job_counts = sorted({1, cores})
    floors: dict[str, float] = {}
    for where, base in places:
        if where == "disk" and "RAM disk" in floors:
            _wait_for_the_disk(base, _disk_floor(corpus), 5 * floors["RAM disk"])
        measures = {"floor": _disk_floor(corpus)} | {f"j{jobs}": _cleaner(exe, jobs, corpus) for jobs in job_counts}
        medians = _interleaved_medians(base, measures)
        row(f"[{where}] creating the {count} output files, nothing else", f"{medians['floor']:.2f} s")
        floors[where] = medians["floor"]
        if where == "disk" and "RAM disk" in floors and floors["disk"] > 5 * floors["RAM disk"]:
            print(f"  (the disk is slow to create files right now, {floors['disk'] / floors['RAM disk']:.0f}x the RAM disk:"
                  "\n   on ext4 with online discard that follows deleting many files, such as a previous"
                  "\n   benchmark's work folder, for a minute or more)")
        figures = {}
        for jobs in job_counts:
            secs = figures[jobs] = medians[f"j{jobs}"]
            speedup = ftfy_s / secs
            target = ">= 20x ftfy" if jobs == cores else "(one core)"
            row(f"[{where}] default chain --output-dir, -j {jobs} (median of 5)",
                f"{total / secs:.1f} MB/s = {speedup:.1f}x", target, ok(speedup >= 20) if jobs == cores else "")
        if cores > 1:
            scale = figures[1] / figures[cores]
            row(f"[{where}] {cores} cores vs 1 core", f"{scale:.2f}x", ">= 1.8x", ok(scale >= 1.8))
        if where == "RAM disk":  # in memory: removed now (the disk outputs go with the work folder)
            shutil.rmtree(base, ignore_errors=True)


def section_scale(work: Path, mb: float) -> None:
    """Scaling on a folder four times the reference one: start-up, discovery and the workers'
    own imports are paid once per run, so they weigh less on a bigger batch."""
    cores = os.cpu_count() or 1
    if cores == 1:
        return
    big = 4 * mb
    print(f"\n== scaling on a bigger folder ({big:g} MB, default mix): the fixed costs of a run weigh less")
    corpus = work / "mixed-big"
    generate(corpus, big)
    _, exe = _regular_install(work)
    ram = _ram_folder()
    base = ram or work / "outputs-big"
    medians = _interleaved_medians(base, {f"j{jobs}": _cleaner(exe, jobs, corpus) for jobs in (1, cores)}, rounds=3)
    total = size_mb(corpus)
    for jobs in (1, cores):
        row(f"default chain --output-dir, -j {jobs} (median of 3)", f"{total / medians[f'j{jobs}']:.1f} MB/s")
    row(f"{cores} cores vs 1 core", f"{medians['j1'] / medians[f'j{cores}']:.2f}x", "(information)")
    if ram is not None:
        shutil.rmtree(ram, ignore_errors=True)


def section_clean(work: Path, mb: float) -> None:
    print(f"\n== all-clean text ({mb:g} MB), one core")
    corpus = work / "clean"
    generate(corpus, mb, clean=True)
    total = size_mb(corpus)
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom cleantext.registry import build_chain, DEFAULT_CHAIN\n"
        "texts = [p.read_bytes().decode('utf-8') for p in sorted(Path(sys.argv[1]).rglob('*.txt'))]\n"
        "pipe = build_chain(list(DEFAULT_CHAIN))\nbest = 1e9\n"
        "for _ in range(3):\n    t = time.perf_counter()\n    [pipe.run(x) for x in texts]\n    best = min(best, time.perf_counter() - t)\n"
        "print(best)\n"
    )
    secs = float(subprocess.run([PY, "-c", code, str(corpus)], check=True, capture_output=True, text=True).stdout)
    row("default chain, in process, per core", f"{total / secs:.0f} MB/s", ">= 150 MB/s", ok(total / secs >= 150))
    secs = timed([EXE, "-q", "-j", "1", "--check", str(corpus)])
    row("whole command --check -j 1 (read, clean, compare)", f"{total / secs:.0f} MB/s")
    out = work / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    secs = timed([EXE, "-q", "-j", "1", "--output-dir", str(out), str(corpus)])
    row("whole command --output-dir -j 1 (also writes every file)", f"{total / secs:.0f} MB/s")


def section_mojibake(work: Path, mb: float) -> None:
    print("\n== the mojibake filter alone vs ftfy.fix_text")
    code = (
        "import sys, time, ftfy\nfrom pathlib import Path\nfrom cleantext.filters.mojibake import FixMojibake\n"
        "texts = [p.read_bytes().decode('utf-8') for p in sorted(Path(sys.argv[1]).rglob('*.txt'))]\n"
        "texts = [t for t in texts if 'Ã' in t or 'â€' in t or 'â' in t] if sys.argv[2] == 'moji' else texts\n"
        "mb = sum(len(t.encode()) for t in texts) / 1e6\nf = FixMojibake()\n"
        "t = time.perf_counter(); [f(x) for x in texts]; ours = time.perf_counter() - t\n"
        "t = time.perf_counter(); [ftfy.fix_text(x) for x in texts]; base = time.perf_counter() - t\n"
        "print(mb / ours, mb / base)\n"
    )
    for kind, corpus in [("clean", work / "clean"), ("moji", work / "mixed")]:
        if not corpus.exists():
            generate(corpus, mb, clean=kind == "clean")
        ours, base = map(float, subprocess.run([PY, "-c", code, str(corpus), kind], check=True, capture_output=True, text=True).stdout.split())
        label = "nothing to fix" if kind == "clean" else "mojibake-heavy files"
        target = "costs little" if kind == "clean" else ">= ftfy"
        row(f"mojibake filter, {label}", f"{ours:.1f} MB/s", target, ok(ours >= base))
        row(f"ftfy.fix_text, {label}", f"{base:.1f} MB/s")


def section_single(work: Path, mb: float) -> None:
    print(f"\n== one {mb:g} MB file through stdin -> stdout")
    single = work / "single.txt"
    generate(single, mb, single=True)
    out = work / "single.out"
    secs, rss = peak_rss_mb([EXE], single, out)
    row("stdin -> stdout peak memory", f"{rss:.0f} MB", "< 200 MB", ok(rss < 200))
    row("stdin -> stdout throughput", f"{size_mb(single) / secs:.1f} MB/s")
    check = (
        "import sys\nfrom cleantext.registry import build_chain, DEFAULT_CHAIN\n"
        "text = open(sys.argv[1], 'rb').read().decode('utf-8')\n"
        "whole = build_chain(list(DEFAULT_CHAIN)).run(text).text.encode('utf-8')\n"
        "print(whole == open(sys.argv[2], 'rb').read())\n"
    )
    same = subprocess.run([PY, "-c", check, str(single), str(out)], check=True, capture_output=True, text=True).stdout.strip()
    row("streamed output equals cleaning the whole text", same, "True", ok(same == "True"))


def section_stream(work: Path, mb: float) -> None:
    jobs = os.cpu_count() or 1
    print(f"\n== one {mb:g} MB file, through stdin and with --output-dir, vs a folder of the same mix")
    single, folder = work / f"stream-{mb:g}.txt", work / f"stream-{mb:g}-folder"
    if not single.exists():
        generate(single, mb, single=True)
    if not folder.exists():
        generate(folder, mb)
    total = size_mb(single)
    folder_times: dict[int, float] = {}
    for j in sorted({1, jobs}):
        out = work / "stream-out"
        shutil.rmtree(out, ignore_errors=True)
        t_folder = timed([EXE, "-q", "-j", str(j), "--no-cache", "-o", str(out), str(folder)], capture_output=True)
        t_stdin, rss = peak_rss_mb([EXE, "-j", str(j)], single, work / "stream.out")
        shutil.rmtree(out, ignore_errors=True)
        t_out = timed([EXE, "-q", "-j", str(j), "--no-cache", "-o", str(out), str(single)], capture_output=True)
        limit = 1.25 if j > 1 else 1.1
        row(f"-j {j}: the folder, --output-dir", f"{size_mb(folder) / t_folder:.1f} MB/s")
        row(f"-j {j}: the file through stdin", f"{total / t_stdin:.1f} MB/s")
        row(f"-j {j}: the file with --output-dir", f"{total / t_out:.1f} MB/s")
        ratio = t_stdin / t_folder
        row(f"-j {j}: stdin time / folder time", f"{ratio:.2f}x", f"<= {limit:g}x", ok(ratio <= limit))
        row(f"-j {j}: peak memory (stdin, largest process)", f"{rss:.0f} MB", "< 200 MB", ok(rss < 200))
        folder_times[j] = t_folder
    shard = work / f"stream-{mb:g}.jsonl"
    if not shard.exists():
        _jsonl_of(folder, shard)
    for j in sorted({1, jobs}):
        t_shard, rss = peak_rss_mb([EXE, "-j", str(j), "--stdin-filename", "shard.jsonl"], shard, work / "stream.jsonl.out")
        limit = 1.25 if j > 1 else 1.1
        row(f"-j {j}: the folder as one JSONL shard through stdin", f"{size_mb(shard) / t_shard:.1f} MB/s")
        ratio = t_shard / folder_times[j]
        row(f"-j {j}: JSONL shard time / folder time", f"{ratio:.2f}x", f"<= {limit:g}x", ok(ratio <= limit))
        row(f"-j {j}: peak memory (JSONL, largest process)", f"{rss:.0f} MB", "< 200 MB", ok(rss < 200))


def _jsonl_of(folder: Path, shard: Path) -> None:
    """One JSONL record per file of ``folder``: {"id": its name, "text": its text}."""
    import json

    with shard.open("w", encoding="utf-8") as out:
        for path in sorted(folder.rglob("*.txt")):
            text = path.read_bytes().decode("utf-8", "replace")
            out.write(json.dumps({"id": path.name, "text": text}, ensure_ascii=False) + "\n")


def _regular_install(work: Path) -> tuple[str, str]:
    """(python, cleantext) of a regular `pip install .` in a venv of its own, as users get it.

    An editable install (the development set-up) adds an import hook to every start."""
    import glob
    import sysconfig

    if not glob.glob(os.path.join(sysconfig.get_paths()["purelib"], "__editable__*cleantext*")):
        return PY, EXE
    venv = work / "startup-venv"
    if not (venv / "bin" / "cleantext").exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True, capture_output=True)
    return str(venv / "bin" / "python"), str(venv / "bin" / "cleantext")


def section_startup(work: Path, runs: int = 20) -> None:
    print(f"\n== start-up (median of {runs} runs, a regular install)")
    py, exe = _regular_install(work)

    def median(args, stdin=b""):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(args, input=stdin, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    base = median([py, "-c", "import ftfy, click, regex"])
    row('python -c "import ftfy, click, regex"', f"{base * 1000:.0f} ms", "baseline")
    for name, args, stdin, limit in [
        ("cleantext --version", [exe, "--version"], b"", 0.6),
        ("one clean line on stdin", [exe], b"A plain line of clean text.\n", 0.6),
        ("one line with mojibake on stdin", [exe], "It\u00e2\u20ac\u2122s caf\u00c3\u00a9 time.\n".encode(), 1.2),
    ]:
        secs = median(args, stdin)
        row(name, f"{secs * 1000:.0f} ms = {secs / base:.2f}x", f"<= {limit}x", ok(secs / base <= limit))


def section_huge(work: Path, mb: float) -> None:
    print("\n== pathological inputs: memory stays bounded, time grows linearly")
    for name, make in [
        ("no newline at all", lambda n: ("word " * (n // 5)).encode()),
        ("one line of spaces", lambda n: b" " * n + b"\n"),
    ]:
        times = []
        for size in (int(mb * 1e5), int(mb * 1e6)):
            path = work / "huge.txt"
            path.write_bytes(make(size))
            secs, rss = peak_rss_mb([EXE], path, work / "huge.out")
            times.append(secs)
            row(f"{name}, {size / 1e6:g} MB: peak memory", f"{rss:.0f} MB", "< 200 MB", ok(rss < 200))
        ratio = times[1] / times[0]
        row(f"{name}: time at 10x the size", f"{ratio:.1f}x", "near 10x", ok(ratio < 15))
    # one paragraph or line that was quadratic once: the lossy quote pairing on many quotes, many
    # "â" between words in a paragraph with no ASCII hyphen, and a line of Windows-1252 mojibake
    # with dropped bytes whose short characters all end a word; and a long line of Cyrillic that
    # lost its C1 bytes
    code = (
        "import sys, time\nfrom cleantext.filters.mojibake import FixMojibake\n"
        "text = sys.argv[2] + sys.argv[3] * int(sys.argv[1])\n"
        "t = time.perf_counter(); FixMojibake()(text); print(time.perf_counter() - t)\n"
    )
    dropped = "тот вот дом ".encode().decode("cp1252", "ignore"), "с я ".encode().decode("cp1252", "ignore")
    stripped = "", "".join(c for c in "Привет, мир — мы жили там. ".encode().decode("latin-1") if not "\x80" <= c <= "\x9f")
    for name, (head, unit), n in [("lossy quotes in one paragraph", ("", "\u00e2The plan,\u00e2 he said. "), mb * 200),
                                  ("dashes between words in one paragraph", ("", "The rival\u00e2s losses grew last year\u00e2making it worse. "), mb * 100),
                                  ("dropped bytes at words' ends, one line", dropped, mb * 100),
                                  ("Cyrillic with C1 stripped, one line", stripped, mb * 50)]:
        small, big = (float(subprocess.run([PY, "-c", code, str(k), head, unit], check=True, capture_output=True, text=True).stdout)
                      for k in (int(n), int(n * 10)))
        row(f"{name}: time at 10x the size", f"{big / small:.1f}x", "near 10x", ok(big / small < 15))
    many = work / "many"
    many.mkdir(exist_ok=True)
    n = 100_000
    for i in range(n):
        (many / f"f{i:06d}.txt").write_bytes(b"tiny  \n")
    t = time.perf_counter()
    subprocess.run([EXE, "-q", "--check", str(many)], capture_output=True)
    secs = time.perf_counter() - t
    row(f"{n:,} tiny files --check", f"{n / secs:,.0f} files/s")


def section_documents(work: Path, mb: float) -> None:
    print("\n== documents: Markdown (parsed only when the chain changes something) vs the same bytes as plain text")
    clean = work / "clean"
    if not clean.exists():
        generate(clean, mb, clean=True)
    articles = sorted(clean.rglob("*.txt"))
    # each article ends with a newline: joined by one more, a blank line stands between them
    clean_text = "\n".join(p.read_text(encoding="utf-8") for p in articles[: max(1, len(articles) // 10)])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")  # its code and tables hold mojibake examples
    for label, text, limit in [
        ("nothing to clean", clean_text, 2.0),
        ("mojibake examples in its code (this README, repeated)", readme * max(1, len(clean_text) // len(readme)), None),
    ]:
        times = {}
        for suffix in (".txt", ".md"):
            path = work / f"document{suffix}"
            path.write_text(text, encoding="utf-8")
            runs = []
            for _ in range(5):  # --check exits 1 when it finds something: not an error here
                start = time.perf_counter()
                subprocess.run([EXE, "-q", "-j", "1", "--check", str(path)], capture_output=True)
                runs.append(time.perf_counter() - start)
            times[suffix] = statistics.median(runs)
        ratio = times[".md"] / times[".txt"]
        mb_size = len(text.encode()) / 1e6
        target = f"<= {limit:g}x" if limit else "(information)"
        row(f"{mb_size:.1f} MB Markdown, {label}"[:58], f"{ratio:.2f}x plain", target, ok(ratio <= limit) if limit else "")


def section_ray(work: Path, mb: float) -> None:
    print("\n== the Ray engine on a local cluster (2 CPUs)")
    try:
        import ray  # noqa: F401
    except ImportError:
        row("ray", "not installed: pip install 'cleantext[ray]'")
        return
    corpus = work / "mixed"
    if not corpus.exists():
        generate(corpus, mb)
    total = size_mb(corpus)
    for engine in ("local", "ray"):
        out = work / f"out-{engine}"
        shutil.rmtree(out, ignore_errors=True)
        secs = timed([EXE, "-q", "--engine", engine, "--output-dir", str(out), str(corpus)], capture_output=True)
        row(f"--engine {engine} --output-dir (folder)", f"{total / secs:.1f} MB/s")


def section_cache(work: Path, mb: float) -> None:
    print(f"\n== a second --check over the same unchanged folder ({mb:g} MB, default mix): the cache")
    corpus = work / "mixed"
    if not corpus.exists():
        generate(corpus, mb)
    old = time.time() - 3600  # files written seconds ago are not recorded (racy times)
    for p in corpus.rglob("*"):
        os.utime(p, (old, old))
    env = dict(os.environ, CLEANTEXT_CACHE_DIR=str(work / "cache"))
    shutil.rmtree(work / "cache", ignore_errors=True)
    check = [EXE, "-q", "--check", str(corpus)]
    first = _timed_check(check, env)
    second = _timed_check(check, env)
    row("first --check (no cache yet)", f"{first:.2f} s")
    row("second --check, nothing changed", f"{second:.2f} s", "")
    row("second / first", f"{second / first:.2f}x", "<= 0.20x", ok(second / first <= 0.20))
    touched = next(p for p in sorted(corpus.rglob("*.txt")))
    os.utime(touched, None)
    row("third --check, one file touched", f"{_timed_check(check, env):.2f} s")
    row("--no-cache", f"{_timed_check([*check, '--no-cache'], env):.2f} s")


def _timed_check(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, capture_output=True)  # exit 1: the folder has work to do
    return time.perf_counter() - start


SECTIONS = {
    "corpus": section_corpus,
    "scale": section_scale,
    "clean": section_clean,
    "mojibake": section_mojibake,
    "single": section_single,
    "startup": section_startup,
    "huge": section_huge,
    "documents": section_documents,
    "ray": section_ray,
    "cache": section_cache,
    "stream": section_stream,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller corpora (10 MB, 100 MB single file)")
    ap.add_argument("--only", choices=sorted(SECTIONS), action="append")
    ap.add_argument("--work", help="folder for the generated corpora (default: a temporary one)")
    a = ap.parse_args()
    mb = 10.0 if a.quick else 50.0
    single_mb = 100.0 if a.quick else 1000.0
    # Byte-compile the package as pip does on install: an editable install run with
    # PYTHONDONTWRITEBYTECODE set would compile it again at every start of the command.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "cleantext")], check=True)
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="cleantext-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cleantext benchmark on {os.cpu_count()} cores; corpora from "
          f"{'../shared/bench/make_corpus.py' if SHARED_GEN.exists() else 'bench/corpus.py'}; work folder {work}")
    print(f"  {'figure':58s} {'measured':>18s}  {'target':>16s}")
    for name in a.only or list(SECTIONS):
        fn = SECTIONS[name]
        if name in ("single", "stream"):
            fn(work, single_mb)
        elif name == "startup":
            fn(work)
        elif name == "huge":
            fn(work, 10.0 if a.quick else 100.0)
        else:
            fn(work, mb)
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    misses = [r for r in ROWS if r[3] == "MISS"]
    print(f"\n{len([r for r in ROWS if r[3] == 'PASS'])} targets met, {len(misses)} missed")


if __name__ == "__main__":
    main()
