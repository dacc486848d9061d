"""How many lossy Windows-1252 documents the mojibake filter restores, per language.

    python bench/eval_bytes.py [--docs 20]

Real sentences in many languages (Universal Dependencies, ../shared/corpus/legit-multilingual/
ud-treebanks/), ten to a document, encoded as UTF-8 and decoded as Windows-1252 with the
undefined bytes replaced by "�" ("replaced") or dropped ("dropped"). For each language and
corruption: documents restored exactly, characters left wrong, by cleantext's mojibake filter
and by ftfy.fix_text, and of cleantext's wrong characters those that are a wrong guess (not a
"�" left); and the uncorrupted documents that the filter changes.
"""
from __future__ import annotations

import argparse
import difflib
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
    """Characters of ``got`` that stand where ``want`` has another: a wrong guess, not a "�" left."""
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    return sum(sum(c != "\ufffd" for c in got[i1:i2]) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag == "replace")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20)
    a = ap.parse_args()
    fix = FixMojibake()
    totals = {k: [0, 0, 0, 0, 0, 0] for k in ("replaced", "dropped")}
    changed_correct = 0
    print(f"{'language':28s} {'corruption':9s} {'docs':>5s} {'ours':>5s} {'ftfy':>5s} {'wrong ours':>10s} {'wrong ftfy':>10s} {'guessed wrong':>8s}")
    for path in sorted(UD.glob("*-sentences.txt")):
        docs = documents(path, a.docs)
        changed_correct += sum(fix(d) != d for d in docs)
        for kind, errors in (("replaced", "replace"), ("dropped", "ignore")):
            broken = [d.encode("utf-8").decode("cp1252", errors) for d in docs]
            hurt = [(b, d) for b, d in zip(broken, docs) if b.encode("cp1252", "replace") != d.encode("utf-8")]
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
