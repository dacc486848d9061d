"""A character model of each Latin-script language, for the letters lost to C1 stripping.

How likely a letter is between its neighbours in a language: runs of three characters from
wordfreq's words (by ftfy's author), backed off to pairs and to single characters when a run
is rare (``cleantext/data/letters-model.txt.gz``, read once per process, when a word no list
has lost a letter; ``bench/build_letter_model.py`` rebuilds it). The lost-letter repair
scores each reading of such a word in the languages whose letters the text writes
("izlutināti", not "izlutinēti", in Latvian).
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

WEIGHT = 1000.0  # how many characters' worth a shorter context weighs against a longer one
# how much likelier the letter taken must be than every other the text writes (a wrong
# letter is worse than the lead byte left as it stands)
MARGIN = math.log(20)
WIDE = math.log(50)


def score(before: str, char: str, after: str, languages: frozenset[str]) -> float:
    """log P of the two characters ``before``, ``char`` and the ones ``after`` (up to two; ""
    when the next is not read yet) in running text of ``languages``, taken together, but for
    what does not depend on ``char``. Characters are compared in lower case; a character
    that is no letter counts as a space, as at a word's end."""
    counts = _counts(languages)
    b, a = _plain(before.rjust(2)[-2:]), _plain(after[:2])
    c = char.lower()
    total = _chain(counts, b[0], b[1], c)
    if a:
        total += _chain(counts, b[1], c, a[0])
        if len(a) == 2:
            total += _chain(counts, c, a[0], a[1])
    return total


def _chain(counts: dict[str, float], x: str, y: str, z: str) -> float:
    """log P(z | x y), backed off to P(z | y) and to P(z)."""
    single = (counts.get(z, 0.0) + 1.0) / 1e9
    pair = (counts.get(y + z, 0.0) + WEIGHT * single) / (counts.get(y, 0.0) + WEIGHT)
    return math.log((counts.get(x + y + z, 0.0) + WEIGHT * pair) / (counts.get(x + y, 0.0) + WEIGHT))


def _plain(chars: str) -> str:
    return "".join(c.lower() if c.isalpha() else " " for c in chars)


@lru_cache(maxsize=64)
def _counts(languages: frozenset[str]) -> dict[str, float]:
    """The counts of ``languages``, each language weighing alike (all of them for none known)."""
    known = _languages()
    chosen = [known[lang] for lang in sorted(languages) if lang in known] or list(known.values())
    merged: Counter[str] = Counter()
    for counts in chosen:
        merged.update(counts)
    return {key: n / len(chosen) for key, n in merged.items()}


@lru_cache(maxsize=1)
def _languages() -> dict[str, dict[str, int]]:
    import gzip
    from importlib.resources import files

    data = gzip.decompress(files("cleantext").joinpath("data", "letters-model.txt.gz").read_bytes())
    counts: dict[str, dict[str, int]] = {}
    for line in data.decode("utf-8").splitlines():
        lang, key, n = line.split("\t")
        counts.setdefault(lang, {})[key] = int(n)
    return counts
