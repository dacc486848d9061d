"""Rebuild cleantext/data/words.txt.gz, the word list the lost-letter repair reads.

    pip install wordfreq && python bench/build_words.py

Every word of wordfreq's 'best' lists for the Latin-script languages in
cleantext.filters.letters.LANGUAGES that has a letter outside ASCII (or, in German, "ss", which
wordfreq writes for "ß") and a Zipf frequency of at least 2.0 (about once in 10 million
words), casefolded, one per line, sorted.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import wordfreq

from cleantext.filters.letters import LANGUAGES, MIN_ZIPF

OUT = Path(__file__).resolve().parents[1] / "cleantext" / "data" / "words.txt.gz"


def main() -> None:
    words: set[str] = set()
    for lang in LANGUAGES:
        for word in wordfreq.iter_wordlist(lang, "best"):
            if wordfreq.zipf_frequency(word, lang) < MIN_ZIPF:
                break  # the list is in order of frequency
            # German lists spell "ß" as "ss" (as casefolding does): those words count too
            if word.isalpha() and (not word.isascii() or (lang == "de" and "ss" in word)):
                words.add(word.casefold())
    data = "\n".join(sorted(words)).encode("utf-8") + b"\n"
    OUT.write_bytes(gzip.compress(data, 9, mtime=0))
    print(f"{len(words)} words, {OUT.stat().st_size} bytes: {OUT}")


if __name__ == "__main__":
    main()
