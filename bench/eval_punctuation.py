"""How many lines with punctuation that C1 stripping takes the mojibake filter restores, per language.

    python bench/eval_punctuation.py

Real sentences of the Universal Dependencies treebanks in ../shared/corpus/legit-multilingual/
ud-treebanks/ that hold a quote, dash or other mark of U+2010-U+203A (UTF-8 E2 80 xx, whose
last bytes but one are C1 controls read as Latin-1), ten to a document, encoded as UTF-8, read
as Latin-1 and stripped of the C1 controls: every such mark becomes a lone "â". For each
language: the lines, those restored exactly by cleantext's mojibake filter and by
ftfy.fix_text, and the commonest differences left (what we write, what the source has).
Lines of other scripts also lose most of their letters (Cyrillic "р" is D1 80), which nothing
brings back; the Latin-script rows are the ones to read.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import ftfy

from cleantext.filters.mojibake import FixMojibake

UD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "legit-multilingual" / "ud-treebanks"
_C1 = re.compile("[\x80-\x9f]")
_MARKS = re.compile("[\u2010-\u203a]")


def stripped(text: str) -> str:
    return _C1.sub("", text.encode("utf-8").decode("latin-1"))


def differences(got: str, want: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    return [(got[i1:i2], want[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def main() -> None:
    fix = FixMojibake()
    total = [0, 0, 0]
    print(f"{'lang':5s} {'lines':>5s} {'ours':>5s} {'ftfy':>5s}  commonest differences left")
    for path in sorted(UD.glob("*-sentences.txt")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if _MARKS.search(ln)]
        if not lines:
            continue
        docs = ["\n".join(lines[i : i + 10]) for i in range(0, len(lines), 10)]
        ours = "\n".join(fix(stripped(d)) for d in docs).split("\n")
        theirs = "\n".join(ftfy.fix_text(stripped(d)) for d in docs).split("\n")
        left: Counter = Counter()
        for got, want in zip(ours, lines):
            left.update(differences(got, want) if got != want else [])
        row = [len(lines), sum(g == w for g, w in zip(ours, lines)), sum(t == w for t, w in zip(theirs, lines))]
        total = [a + b for a, b in zip(total, row)]
        print(f"{path.name.split('_')[0]:5s} {row[0]:5d} {row[1]:5d} {row[2]:5d}  {left.most_common(3)}")
    print(f"{'ALL':5s} {total[0]:5d} {total[1]:5d} {total[2]:5d}")


if __name__ == "__main__":
    main()
