"""How many lines of lossy English news the mojibake filter restores exactly.

    python bench/eval_english.py [--show dev|held-out] [--corruption stripped|replaced|dropped]

Real scraped articles (../shared/corpus/scraped/, one article per file, one paragraph per line),
encoded as UTF-8 and read back lossily: as Latin-1 with the C1 controls stripped ("stripped":
"’" becomes a lone "â"), or as Windows-1252 with its undefined bytes replaced by "�"
("replaced") or dropped ("dropped": "”" becomes "â€"). Each article is cleaned whole; a line
counts when its corruption changed it. Two sets are kept apart: "dev" is what the rules were
read against, "held-out" is only counted. For each: lines, exact by cleantext's mojibake filter,
exact by ftfy.fix_text. Lines the filter changes in the uncorrupted articles are mojibake in
the source (Windows-1252 read as Latin-1); they are left out and counted.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import ftfy
import regex

from cleantext.filters.mojibake import FixMojibake

SCRAPED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scraped"
SETS = {
    "dev": ("fakenewscorpus-sample", "wp_automatic-whenitson"),
    "held-out": ("newsdata-2023-metalinguistic", "fakenewsnet-2018"),
}
_C1 = regex.compile("[\x80-\x9f]")


def corrupt(text: str, kind: str) -> str:
    data = text.encode("utf-8")
    if kind == "stripped":
        return _C1.sub("", data.decode("latin-1"))
    return data.decode("cp1252", "replace" if kind == "replaced" else "ignore")


def articles(folders: tuple[str, ...]) -> list[str]:
    return [p.read_text(encoding="utf-8") for f in folders for p in sorted((SCRAPED / f).glob("*.txt"))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", choices=tuple(SETS), help="print the lines of this set that come out wrong")
    ap.add_argument("--corruption", choices=("stripped", "replaced", "dropped"), default=None)
    a = ap.parse_args()
    fix = FixMojibake()
    kinds = (a.corruption,) if a.corruption else ("stripped", "replaced", "dropped")
    print(f"{'set':9s} {'corruption':10s} {'lines':>6s} {'ours':>6s} {'ftfy':>6s}")
    for name, folders in SETS.items():
        docs = articles(folders)
        # Lines the filter changes in the source itself are real mojibake there (C1 controls of
        # Windows-1252 text read as Latin-1); they are left out of the count.
        broken = {line for d in docs for line, fixed in zip(d.split("\n"), fix(d).split("\n")) if line != fixed}
        for kind in kinds:
            counts = [0, 0, 0]
            for doc in docs:
                bad = corrupt(doc, kind)
                rows = zip(doc.split("\n"), bad.split("\n"), fix(bad).split("\n"), ftfy.fix_text(bad).split("\n"))
                for want, got, ours, theirs in rows:
                    if got == want or want in broken:
                        continue
                    counts[0] += 1
                    counts[1] += ours == want
                    counts[2] += theirs == want
                    if a.show == name and ours != want:
                        print(f"  want {want}\n  ours {ours}\n")
            print(f"{name:9s} {kind:10s} {counts[0]:6d} {counts[1]:6d} {counts[2]:6d}")
        print(f"{name:9s} lines broken in the source, left out: {len(broken)}")


if __name__ == "__main__":
    main()
