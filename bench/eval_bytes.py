"""How many lossy Windows-1252 documents the mojibake filter restores, per language.

    python bench/eval_bytes.py [--docs 20]

Real sentences in many languages (Universal Dependencies, ../shared/corpus/legit-multilingual/
ud-treebanks/), ten to a document, encoded as UTF-8 and decoded as Windows-1252 with the
undefined bytes replaced by "�" ("replaced") or dropped ("dropped"), or decoded as Latin-1
with the C1 controls (80-9F) stripped ("stripped"). For each language and corruption:
documents restored exactly, characters left wrong, by cleantext's mojibake filter and by
ftfy.fix_text, and of cleantext's wrong characters those that are a wrong guess (not a "�"
left, nor mojibake left: a character of Latin-1 the document does not write); and the
uncorrupted documents that the filter changes.
"""
from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path

import ftfy

from cleantext.filters.mojibake import FixMojibake

UD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "legit-multilingual" / "ud-treebanks"


def documents(path: Path, n: int) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return ["\n".join(lines[i : i + 10]) for i in range(0, min(len(lines), 10 * n), 10)]


def wrong(got: str, want: str) -> int:
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def invented(got: str, want: str) -> int:
    """Characters of ``got`` that stand where ``want`` has another: a wrong guess, not a "�"
    left, nor mojibake left (a character of Latin-1 that ``want`` does not write)."""
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    left = {c for c in map(chr, range(0x80, 0x100)) if c not in want}
    return sum(sum(c != "\ufffd" and c not in left for c in got[i1:i2]) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag == "replace")


_C1_RE = re.compile("[\x80-\x9f]")
CORRUPTIONS = {  # each, and the code page that gives back the UTF-8 of what it did not lose
    "replaced": (lambda doc: doc.encode("utf-8").decode("cp1252", "replace"), "cp1252"),
    "dropped": (lambda doc: doc.encode("utf-8").decode("cp1252", "ignore"), "cp1252"),
    "stripped": (lambda doc: _C1_RE.sub("", doc.encode("utf-8").decode("latin-1")), "latin-1"),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20)
    a = ap.parse_args()
    fix = FixMojibake()
    totals = {k: [0, 0, 0, 0, 0, 0] for k in CORRUPTIONS}
    changed_correct = 0
    print(f"{'language':28s} {'corruption':9s} {'docs':>5s} {'ours':>5s} {'ftfy':>5s} {'wrong ours':>10s} {'wrong ftfy':>10s} {'guessed wrong':>8s}")
    for path in sorted(UD.glob("*-sentences.txt")):
        docs = documents(path, a.docs)
        changed_correct += sum(fix(d) != d for d in docs)
        for kind, (corrupt, codec) in CORRUPTIONS.items():
            hurt = [(b, d) for b, d in zip(map(corrupt, docs), docs) if b.encode(codec, "replace") != d.encode("utf-8")]
            if not hurt:
                continue
            ours = [fix(b) for b, _ in hurt]
            theirs = [ftfy.fix_text(b) for b, _ in hurt]
            row = [len(hurt), sum(o == d for o, (_, d) in zip(ours, hurt)), sum(t == d for t, (_, d) in zip(theirs, hurt)),
                   sum(wrong(o, d) for o, (_, d) in zip(ours, hurt)), sum(wrong(t, d) for t, (_, d) in zip(theirs, hurt)),
                   sum(invented(o, d) for o, (_, d) in zip(ours, hurt))]
            totals[kind] = [x + y for x, y in zip(totals[kind], row)]
            name = path.name.split(".")[0]
            print(f"{name:28s} {kind:9s} {row[0]:5d} {row[1]:5d} {row[2]:5d} {row[3]:10d} {row[4]:10d} {row[5]:8d}")
    for kind, row in totals.items():
        print(f"{'ALL':28s} {kind:9s} {row[0]:5d} {row[1]:5d} {row[2]:5d} {row[3]:10d} {row[4]:10d} {row[5]:8d}")
    print(f"uncorrupted documents changed: {changed_correct}")


if __name__ == "__main__":
    main()
