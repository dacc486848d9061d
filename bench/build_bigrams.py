"""Rebuild cleantext/data/bigrams.txt.gz, the character statistics the lost-byte repair reads.

    pip install wordfreq && python bench/build_bigrams.py

For every language of wordfreq's 'best' lists, its words down to a Zipf frequency of
cleantext.filters.bytes_lost.MIN_ZIPF (at most the first 60,000), each weighted by its
frequency: how often each character, and each pair of neighbouring characters (a space at
either end of the word), occurs in running text. Every language counts alike (its
frequencies add up to one). Kept: the characters a lost byte can stand for (those whose
UTF-8 form has a byte 80-9F after the first), in lower case as wordfreq has them, and the
pairs holding one. One line per entry,
"<characters>\\t<count per 10^9 characters>", sorted.
"""
from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import wordfreq

from cleantext.filters.bytes_lost import MIN_ZIPF, can_be_lost

OUT = Path(__file__).resolve().parents[1] / "cleantext" / "data" / "bigrams.txt.gz"


def main() -> None:
    counts: Counter = Counter()
    languages = sorted(wordfreq.available_languages("best"))
    for lang in languages:
        chars: Counter = Counter()
        freqs = wordfreq.get_frequency_dict(lang, "best")  # (no tokenizer needed, unlike word_frequency)
        floor = 10 ** (MIN_ZIPF - 9)  # the Zipf scale is log10 of the frequency per 10^9 words
        for word, freq in sorted(freqs.items(), key=lambda item: -item[1])[:60_000]:
            if freq < floor:
                break
            padded = f" {word} "
            for a, b in zip(padded, padded[1:]):
                chars[a + b] += freq
            for c in word:
                chars[c] += freq
        total = sum(v for k, v in chars.items() if len(k) == 1) or 1.0
        for key, value in chars.items():
            if any(can_be_lost(c) or can_be_lost(c.upper()) for c in key):
                counts[key] += value / total
    lines = [f"{key}\t{round(value * 1e9)}" for key, value in sorted(counts.items()) if round(value * 1e9) > 0]
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), 9, mtime=0))
    print(f"{len(languages)} languages, {len(lines)} entries, {OUT.stat().st_size} bytes: {OUT}")


if __name__ == "__main__":
    main()
