"""Rebuild the word lists the lost-letter and lost-byte repairs read.

    apt-get install tesseract-ocr && pip install wordfreq && python bench/build_words.py

(on Debian: it also fetches the tesseract-ocr-<code> packages of TESSDATA with apt-get download,
and the CLDR's npm package with npm pack)

cleantext/data/words.txt.gz: every word of wordfreq's 'best' lists for the Latin-script
languages in cleantext.filters.letters.LANGUAGES that has a letter outside ASCII (or, in
German, "ss", which wordfreq writes for "ß") and a Zipf frequency of at least 2.0 (about once
in 10 million words), casefolded, one per line, sorted; three lines after them give each
word's frequency and its language, and the languages (cleantext.filters.wordlists).

cleantext/data/alphabets.txt: for each of those Latin-script languages, its letters outside
ASCII that make 0.2% or more of its words' letters outside ASCII, weighted by frequency; then,
for the Latin-script languages wordfreq has no list of (CLDR_LANGUAGES: Maltese, Irish,
Galician, Welsh, ...), the letters outside ASCII of their main exemplar characters in the
Unicode CLDR (the npm package cldr-misc-full, fetched with `npm pack`; needs npm), so that a
text in one of them is told by its letters ("ħ", "ġ": Maltese, whose lost "ċ" is then the
one reading of "Ä" in its alphabet). Their words, for those of them that Tesseract reads
(TESSDATA), come from its trained data (Apache-2.0; Debian's tesseract-ocr-<code> packages,
fetched with `apt-get download` and read with combine_tessdata and dawg2wordlist, which
Debian's tesseract-ocr installs): the words with a letter outside ASCII join words.txt.gz at
the lowest frequency (the lists give none), where no wordfreq list has them ("átha",
"héireann": Irish "Átha", "hÉireann").

cleantext/data/words-lost.txt.gz: for the other scripts, in cleantext.filters.bytes_lost.
LANGUAGES, every word with a letter that a byte 80-9F after its first can make, which
Windows-1252 can leave undefined or C1 stripping remove (Russian "с", "я", "т"; Greek "ρ",
"π"; Hebrew "ם", "א"), or whose capital first letter is one (Russian "А", "Н"; Greek "Ν"), of
Zipf frequency 2.5 or more, the same way; and the words of two characters or more of Chinese,
Japanese and Korean likewise.
"""
from __future__ import annotations

import gzip
import math
from pathlib import Path

import wordfreq

from cleantext.filters import bytes_lost, letters, readings, wordlists

DATA = Path(__file__).resolve().parents[1] / "cleantext" / "data"


def main() -> None:
    # German lists spell "ß" as "ss" (as casefolding does): those words count too
    words = collect(letters.LANGUAGES, readings.MIN_ZIPF,
                    lambda word, lang: word.isalpha() and (not word.isascii() or (lang == "de" and "ss" in word)))
    for lang, code in TESSDATA.items():
        for word in tessdata_words(code):
            if word.isalpha() and not word.isascii() and word.casefold() not in words:
                add(words, word, readings.MIN_ZIPF, lang)
    save("words.txt.gz", words, letters.LANGUAGES + tuple(TESSDATA))
    # ... or whose capital does, opening a sentence or a name (Russian "А", "Н"; Greek "Ν")
    lost = collect(bytes_lost.LANGUAGES, bytes_lost.MIN_WORD_ZIPF,
                   lambda word, lang: all(map(bytes_lost.is_letter, word))
                   and (any(map(bytes_lost.can_be_lost, word)) or bytes_lost.can_be_lost(word[:1].upper())))
    # Chinese, Japanese and Korean: their lists hold words of two characters or more as
    # they are (word_frequency would need a segmenter for each)
    for lang in bytes_lost.SPACELESS:
        for word, freq in wordfreq.get_frequency_dict(lang, "best").items():
            frequency = round(math.log10(freq) + 9, 2)
            if len(word) > 1 and frequency >= bytes_lost.MIN_WORD_ZIPF:
                if all(map(bytes_lost.is_letter, word)) and any(map(bytes_lost.can_be_lost, word)):
                    add(lost, word, frequency, lang)
    save("words-lost.txt.gz", lost, bytes_lost.LANGUAGES + bytes_lost.SPACELESS)
    alphabets()


CLDR = "cldr-misc-full@48.2.0"
CLDR_LANGUAGES = ("mt", "ga", "gl", "cy", "eu", "et", "sq", "lb", "fo", "gd", "br", "oc", "fur", "af", "sc", "wa")


# The languages of CLDR_LANGUAGES whose words Tesseract's trained data lists, and its codes for them
TESSDATA = {"mt": "mlt", "ga": "gle", "gl": "glg", "cy": "cym", "eu": "eus", "et": "est", "sq": "sqi",
            "lb": "ltz", "fo": "fao", "gd": "gla", "br": "bre", "oc": "oci", "af": "afr"}


assert set(TESSDATA) == wordlists.UNRANKED


def tessdata_words(code: str) -> list[str]:
    """The words of the word list (a DAWG) in Tesseract's trained data for the language ``code``."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        run = lambda *args: subprocess.run(args, cwd=tmp, check=True, capture_output=True)  # noqa: E731
        run("apt-get", "download", f"tesseract-ocr-{code}")
        run("dpkg", "-x", next(Path(tmp).glob("*.deb")).name, "x")
        run("combine_tessdata", "-u", next(Path(tmp).glob(f"x/**/{code}.traineddata")).as_posix(), f"{code}.")
        run("dawg2wordlist", f"{code}.lstm-unicharset", f"{code}.lstm-word-dawg", "words.txt")
        return (Path(tmp) / "words.txt").read_text(encoding="utf-8").split()


def cldr_alphabets() -> list[str]:
    """The lines of alphabets.txt for CLDR_LANGUAGES, from CLDR's main exemplar characters
    ("[aà b ċ d ...{għ} ...]": the braces hold sequences, not letters)."""
    import json
    import re
    import subprocess
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", CLDR], cwd=tmp, check=True, capture_output=True)
        with tarfile.open(next(Path(tmp).glob("*.tgz"))) as pack:
            lines = []
            for lang in CLDR_LANGUAGES:
                member = pack.extractfile(f"package/main/{lang}/characters.json")
                assert member is not None
                exemplars = json.load(member)["main"][lang]["characters"]["exemplarCharacters"]
                letters_ = {c for c in re.sub(r"\{[^}]*\}", "", exemplars) if c.isalpha() and not c.isascii()}
                lines.append(f"{lang} " + "".join(sorted(letters_)))
    return lines


def alphabets() -> None:
    """cleantext/data/alphabets.txt: for each language of the lost-letter repair, its letters
    outside ASCII that make 0.2% or more of its words' (weighted by frequency)."""
    lines = []
    for lang in letters.LANGUAGES:
        counts: dict[str, float] = {}
        for word, freq in wordfreq.get_frequency_dict(lang, "best").items():
            for char in word:
                if not char.isascii() and char.isalpha():
                    counts[char] = counts.get(char, 0.0) + freq
        total = sum(counts.values())
        if lang == "de":
            counts["ß"] = total  # wordfreq writes "ss" for it (as casefolding does)
        lines.append(f"{lang} " + "".join(sorted(c for c, n in counts.items() if n >= 0.002 * total)))
    lines += cldr_alphabets()
    (DATA / "alphabets.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def collect(languages, min_zipf: float, wanted) -> dict[str, tuple[float, str]]:
    words: dict[str, tuple[float, str]] = {}
    for lang in languages:
        for word in wordfreq.iter_wordlist(lang, "best"):
            frequency = wordfreq.zipf_frequency(word, lang)
            if frequency < min_zipf:
                break  # the list is in order of frequency
            if wanted(word, lang):
                add(words, word, frequency, lang)
    return words


def add(words: dict[str, tuple[float, str]], word: str, frequency: float, lang: str) -> None:
    key = word.casefold()
    words[key] = max(words.get(key, (0.0, lang)), (frequency, lang))


def save(name: str, words: dict[str, tuple[float, str]], languages) -> None:
    keys = sorted(words)
    codes = "".join(wordlists.code(words[k][0]) for k in keys)
    langs = "".join(chr(ord("a") + languages.index(words[k][1])) for k in keys)
    data = "\n".join([*keys, codes, langs, " ".join(languages)]).encode("utf-8") + b"\n"
    out = DATA / name
    out.write_bytes(gzip.compress(data, 9, mtime=0))
    print(f"{len(words)} words, {out.stat().st_size} bytes: {out}")


if __name__ == "__main__":
    main()
