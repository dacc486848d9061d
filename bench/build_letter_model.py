"""Rebuild cleantext/data/letters-model.txt.gz, the character model of the lost-letter repair.

    pip install wordfreq && python bench/build_letter_model.py

For each Latin-script language of cleantext.filters.letters.LANGUAGES, and each language of
the other scripts in cleantext.filters.char_model.SCRIPTS (Russian, Greek, Hebrew ...), its words in wordfreq's
'best' list down to a Zipf frequency of 2.0 (at most the first 60,000), each weighted by its
frequency, with spaces at either end (Greek with its final "ς", which wordfreq casefolds to "σ"): how often each character occurs in running text, and
each pair and each run of three characters that holds a letter C1 stripping can take (one
whose UTF-8 form has a byte 80-9F after the first: "č", "ė", "É", "с"); for the languages of
char_model.FOURS, also each run of four that holds a letter one of Windows-1252's five
undefined bytes makes ("с", D1 81). A language's counts are per 10^9 of its characters. One
line per entry, "<language>\\t<characters>\\t<count>", each language's together and sorted;
cleantext.filters.char_model reads it.
"""
from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import wordfreq

from cleantext.filters.bytes_lost import UNDEFINED, can_be_lost
from cleantext.filters.char_model import FOURS, SCRIPTS
from cleantext.filters.letters import LANGUAGES as LATIN

LANGUAGES = LATIN + tuple(lang for langs in SCRIPTS.values() for lang in langs)

OUT = Path(__file__).resolve().parents[1] / "cleantext" / "data" / "letters-model.txt.gz"
MIN_ZIPF = 2.0
_FINAL_SIGMA_RE = re.compile("\u03c3(?![^\\W\\d_])")  # "σ" ending a word
MOST = 60_000


def main() -> None:
    lines = []
    for lang in LANGUAGES:
        counts = language_counts(lang)
        total = sum(n for key, n in counts.items() if len(key) == 1)
        for key, n in sorted(counts.items()):
            if (len(key) == 1 or any(map(_kept, key)) and (len(key) < 4 or any(map(_undefined, key)))) and round(n / total * 1e9) > 0:
                lines.append(f"{lang}\t{key}\t{round(n / total * 1e9)}")
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), 9, mtime=0))
    print(f"{len(LANGUAGES)} languages, {len(lines)} entries, {OUT.stat().st_size} bytes: {OUT}")


def _kept(char: str) -> bool:
    """Whether runs holding ``char`` are kept: C1 stripping can take a byte of it, or of its capital."""
    return can_be_lost(char) or can_be_lost(char.upper())


def _undefined(char: str) -> bool:
    """Whether a byte after the first of ``char`` (or of its capital) is one Windows-1252 leaves
    undefined: runs of four are kept only for those (the lost-byte repair reads them so)."""
    return any(byte in UNDEFINED for c in (char, char.upper()) for byte in c.encode("utf-8")[1:])


def language_counts(lang: str) -> Counter:
    """Characters, pairs and runs of three (and of four) in ``lang``'s words, weighted by their frequency."""
    counts: Counter = Counter()
    floor = 10 ** (MIN_ZIPF - 9)  # the Zipf scale is log10 of the frequency per 10^9 words
    freqs = wordfreq.get_frequency_dict(lang, "best")
    for word, freq in sorted(freqs.items(), key=lambda item: -item[1])[:MOST]:
        if freq < floor:
            break
        if lang == "el":
            word = _FINAL_SIGMA_RE.sub("\u03c2", word)  # wordfreq casefolds "της" to "τησ"
        widths = (1, 2, 3, 4) if lang in FOURS else (1, 2, 3)
        padded = " " * (widths[-1] - 1) + word + " " * (widths[-1] - 1)
        for width in widths:
            for i in range(len(padded) - width + 1):
                counts[padded[i : i + width]] += freq
    return counts


if __name__ == "__main__":
    main()
