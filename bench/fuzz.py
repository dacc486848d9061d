"""Fuzz the command with random bytes through stdin, files, --diff, --in-place and --output-dir.

    python bench/fuzz.py --minutes 10

Each round writes a folder of random inputs (random bytes, and random text drawn from the
pieces scraped text is made of: mojibake, ad residue, odd spaces, fences, BOMs, CRLF, NUL) and
checks what README promises of each:

- no traceback, and an exit code of 0, 1 or 2;
- a file the command cannot clean is left byte for byte, and its error line names it;
- --in-place, --output-dir and stdin give the same bytes; cleaning them again changes nothing;
- the --diff, applied with ``git apply``, gives the --in-place result.

It prints the rounds and inputs tried and every failure (the inputs kept under --keep).
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = str(Path(sys.executable).parent / "cleantext")
PIECES = [
    "word ", "Itâs ", "Ã©tÃ© ", "â\x80\x9c", "\u00e2\u20ac\u2122", "�", "  ", "\t", "\u00a0", "\u200b", "\n", "\n\n\n",
    "\r\n", "\r", "[ad_1]", "[ad_2]\n", "<script>adsbygoogle</script>", "Advertisement\n", "```\n", "    code\n",
    "| a | b |\n", "# Title\n", "\ufeff", "\x00", "\x85", "\u2028", "é", "中文", "Ж", "😀", "\ud800", "'", '"', "\\",
]


def random_input(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.15:
        return rng.randbytes(rng.randrange(0, 400))
    text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 120)))
    data = text.encode("utf-8", "surrogatepass" if kind < 0.2 else "replace")
    if kind > 0.95:  # a valid file with one bad byte somewhere
        at = rng.randrange(0, len(data) + 1)
        data = data[:at] + bytes([rng.randrange(0x80, 0x100)]) + data[at:]
    return data


def run(args: list[str], cwd: Path, data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], cwd=cwd, input=data, capture_output=True, timeout=300)


def one_round(rng: random.Random, root: Path, n: int) -> list[str]:
    problems: list[str] = []
    names = [f"f{i:02}" + rng.choice([".txt", ".md", ".rst", ".txt"]) for i in range(n)]
    inputs = {name: random_input(rng) for name in names}
    for sub in ("inplace", "git", "src"):
        (root / sub).mkdir(parents=True)
        for name, data in inputs.items():
            (root / sub / name).write_bytes(data)
    subprocess.run(["git", "init", "-q"], cwd=root / "git", check=True)

    def check(p: subprocess.CompletedProcess, what: str) -> None:
        if b"Traceback" in p.stderr or b"internal error" in p.stderr or p.returncode not in (0, 1, 2):
            problems.append(f"{what}: exit {p.returncode}: {p.stderr[-400:]!r}")

    inplace = run(["-i", "-q", "-j", "1", "--no-cache", "."], root / "inplace")
    check(inplace, "--in-place")
    out = run(["-q", "-j", "1", "--no-cache", "-o", str(root / "out"), "."], root / "src")
    check(out, "--output-dir")
    diff = run(["--diff", "--no-color", "-j", "1", "--no-cache", "."], root / "git")
    check(diff, "--diff")
    if diff.stdout:
        g = subprocess.run(["git", "apply", "--unidiff-zero", "-"], cwd=root / "git", input=diff.stdout, capture_output=True)
        if g.returncode:
            problems.append(f"git apply refused the diff: {g.stderr[-300:]!r}")
    for name, data in inputs.items():
        cleaned = (root / "inplace" / name).read_bytes()
        failed = f"{name}:".encode() in inplace.stderr and b"error" in inplace.stderr
        if failed and cleaned != data:
            problems.append(f"{name}: reported as failed but changed")
        if (root / "git" / name).read_bytes() != cleaned:
            problems.append(f"{name}: the applied diff differs from --in-place")
        output = root / "out" / name
        if output.exists() and output.read_bytes() != cleaned and not failed:
            problems.append(f"{name}: --output-dir differs from --in-place")
        if not failed:
            piped = run(["-q", "--stdin-filename", name], root, cleaned)
            check(piped, f"{name} on stdin")
            if piped.returncode == 0 and piped.stdout != cleaned:
                problems.append(f"{name}: cleaning the cleaned text changed it: {cleaned!r} -> {piped.stdout!r}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--files", type=int, default=20, help="inputs per round")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="folder to keep the inputs of failing rounds in")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    deadline = time.monotonic() + a.minutes * 60
    rounds = failures = 0
    while time.monotonic() < deadline:
        root = Path(tempfile.mkdtemp(prefix="cleantext-fuzz-"))
        try:
            problems = one_round(rng, root, a.files)
        finally:
            if a.keep and "problems" in locals() and problems:
                shutil.copytree(root / "src", Path(a.keep) / f"round-{rounds}", dirs_exist_ok=True)
            shutil.rmtree(root, ignore_errors=True)
        rounds += 1
        failures += len(problems)
        for p in problems:
            print(f"round {rounds}: {p}", flush=True)
    print(f"{rounds} rounds, {rounds * a.files} inputs, {a.minutes:g} minutes: {failures} problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
