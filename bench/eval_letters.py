"""How many letters lost to C1 stripping the mojibake filter brings back, per language.

    python bench/eval_letters.py

Real sentences of the Latin-script languages among the Universal Dependencies treebanks in
../shared/corpus/legit-multilingual/ud-treebanks/: the first 40 with a letter whose UTF-8 form
has a byte 80-9F after the first ("É", "ł", "č", Vietnamese "ố"), encoded as UTF-8, read as
Latin-1 and stripped of the C1 controls (U+0080-U+009F), as tools that drop control characters
do. For each language: the letters so lost, the share that comes back right when each line is
cleaned alone and when ten lines are cleaned as one document, and the lines restored exactly
(cleantext's mojibake filter against ftfy.fix_text, which restores none).
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import ftfy

from cleantext.filters.mojibake import FixMojibake

UD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "legit-multilingual" / "ud-treebanks"
LATIN = "cs da de es fi fr ga gl hr is it lt lv mt no pl pt ro sk sl sr tr vi".split()
_C1 = re.compile("[\x80-\x9f]")


def stripped(text: str) -> str:
    return _C1.sub("", text.encode("utf-8").decode("latin-1"))


def loses(char: str) -> bool:
    return any(0x80 <= byte <= 0x9F for byte in char.encode("utf-8")[1:])


def back(got: str, want: str) -> int:
    """How many of ``want``'s letters that C1 stripping takes stand right in ``got``."""
    wrong: set[int] = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, got, want, autojunk=False).get_opcodes():
        if tag != "equal":
            wrong.update(range(j1, j2))
    return sum(loses(c) and i not in wrong for i, c in enumerate(want))


def main() -> None:
    fix = FixMojibake()
    total = [0, 0, 0, 0, 0, 0]
    print(f"{'lang':5s} {'lines':>5s} {'lost':>5s} {'back, alone':>12s} {'in documents':>12s} {'exact ours':>10s} {'ftfy':>5s}")
    for lang in LATIN:
        found = sorted(UD.glob(f"{lang}_*-sentences.txt"))
        if not found:
            continue
        lines = [ln for ln in found[0].read_text(encoding="utf-8").splitlines() if any(map(loses, ln))][:40]
        docs = ["\n".join(lines[i : i + 10]) for i in range(0, len(lines), 10)]
        row = [len(lines), sum(map(loses, "".join(lines))),
               sum(back(fix(stripped(ln)), ln) for ln in lines), sum(back(fix(stripped(d)), d) for d in docs),
               sum(fix(stripped(ln)) == ln for ln in lines), sum(ftfy.fix_text(stripped(ln)) == ln for ln in lines)]
        total = [a + b for a, b in zip(total, row)]
        print(f"{lang:5s} {row[0]:5d} {row[1]:5d} {row[2] / row[1]:12.1%} {row[3] / row[1]:12.1%} {row[4]:10d} {row[5]:5d}")
    print(f"{'ALL':5s} {total[0]:5d} {total[1]:5d} {total[2] / total[1]:12.1%} {total[3] / total[1]:12.1%} {total[4]:10d} {total[5]:5d}")


if __name__ == "__main__":
    main()
