"""The word lists that the repairs of lost bytes read, and how often each word is written.

``cleantext/data/words.txt.gz`` holds the words with a letter outside ASCII of the
Latin-script languages (the lost-letter repair's), ``words-lost.txt.gz`` those of other
scripts with a letter a lost byte 80-9F makes (the lost-byte repairs'); both
are wordfreq's (by ftfy's author), casefolded and sorted one per line. Three lines follow:
each word's Zipf frequency (the largest in any of the languages), one character per word in
half steps from 2.0 ("a" is 2.0, "b" 2.5, ...); the language of that frequency, one character
per word ("a" the first language); the languages. words.txt.gz also has, at 2.0, the words of
Tesseract's lists for 13 Latin-script languages wordfreq has none for (UNRANKED).
``alphabets.txt`` gives the letters of each Latin-script language (of wordfreq's, and from
the Unicode CLDR of 16 more).
``bench/build_words.py`` rebuilds them; each is read once per process, when a repair first
needs it. :func:`pick` chooses among the readings of a word.
"""
from __future__ import annotations

import bisect
from functools import lru_cache

FLOOR = 2.0  # the Zipf frequency of the code "a"
# The languages whose words words.txt.gz has from Tesseract's lists, which give no frequencies
# (each such word stands at FLOOR): Maltese, Irish, Galician, Welsh ...
UNRANKED = frozenset("mt ga gl cy eu et sq lb fo gd br oc af".split())
MARGIN = 0.5  # how much likelier (in Zipf) a reading must be than every other: a half step, about 3 times


def is_word(word: str, listed: str = "words.txt.gz") -> bool:
    """Whether ``word``, in any case, is one of the words in ``cleantext/data/<listed>`` (by
    default: the words with a letter outside ASCII in a Latin-script language)."""
    return zipf(word, listed) is not None


def begins_word(prefix: str, listed: str = "words.txt.gz") -> bool:
    """Whether some word of ``cleantext/data/<listed>`` begins with ``prefix`` (in any case)."""
    words = _words(listed)[0]
    key = _key(prefix)
    at = bisect.bisect_left(words, key)
    return at < len(words) and words[at].startswith(key)


def zipf(word: str, listed: str = "words.txt.gz") -> float | None:
    """The Zipf frequency of ``word`` in any case (to half a step), None when it is not listed."""
    words, codes, _, _ = _words(listed)
    at = _index(word, words)
    return None if at is None else FLOOR + (ord(codes[at]) - ord("a")) / 2


def language(word: str, listed: str = "words.txt.gz") -> str | None:
    """The language in which ``word`` is written most often, None when it is not listed."""
    words, _, codes, languages = _words(listed)
    at = _index(word, words)
    return None if at is None else languages[ord(codes[at]) - ord("a")]


def is_ranked(word: str) -> bool:
    """Whether ``word`` is listed with its frequency (a wordfreq word's, not one of UNRANKED's)."""
    lang = language(word)
    return lang is not None and lang not in UNRANKED


def _key(word: str) -> str:
    """``word`` casefolded as the lists are: Turkish "İ" is "i" (casefold writes "i" and a dot above)."""
    return word.replace("\u0130", "i").casefold()


def _index(word: str, words: list[str]) -> int | None:
    key = _key(word)
    at = bisect.bisect_left(words, key)
    return at if at < len(words) and words[at] == key else None


def code(frequency: float) -> str:
    """The character that stands for a Zipf ``frequency`` in a list's last line."""
    return chr(ord("a") + max(0, min(25, int((frequency - FLOOR) * 2))))


@lru_cache(maxsize=2)
def _words(listed: str) -> tuple[list[str], str, str, list[str]]:
    """A sorted word list, its frequencies, their languages and the languages (a list searched
    by bisection loads in a third of a set's time)."""
    import gzip
    from importlib.resources import files

    data = files("cleantext").joinpath("data", listed).read_bytes()
    words = gzip.decompress(data).decode("utf-8").split("\n")
    codes, langs, languages = words[-4:-1]
    del words[-4:]  # the three lines and the empty string after the last newline
    return words, codes, langs, languages.split(" ")


@lru_cache(maxsize=4096)
def pick(readings: tuple[str, ...], letters: frozenset[str], languages: frozenset[str]) -> str | None:
    """Of the readings of a word, the one in the letters of ``languages``, those that write all
    the ``letters`` the text's other repaired words bring back ("sÄ" beside "też" is Polish
    "są", not Romanian "să"), and most often written in one of them ("će" beside "đ" is
    Croatian, not Slovenian "če"); of several, the one written about three times as often as
    any other ("veći", not "veči"), else the one whose letters are among those ``letters``;
    else none."""
    if len(readings) > 1 and languages:
        alphabet = alphabet_of(languages)
        readings = tuple(r for r in readings if outside_ascii(r) <= alphabet) or readings
        readings = tuple(r for r in readings if language(r) in languages) or readings
    readings = far_likelier(readings)
    if len(readings) > 1:
        readings = tuple(r for r in readings if outside_ascii(r) <= letters)
    return readings[0] if len(readings) == 1 else None


def outside_ascii(word: str) -> set[str]:
    """The letters of ``word`` outside ASCII, in lower case (as the alphabets have them; Turkish "İ" is "i")."""
    return {c for c in word.replace("\u0130", "i").lower() if not c.isascii()}


@lru_cache(maxsize=256)
def languages_of(letters: frozenset[str]) -> frozenset[str]:
    """The languages whose alphabet holds all of ``letters`` (none if no letters)."""
    if not letters:
        return frozenset()
    missing = {lang: len(letters - alphabet) for lang, alphabet in _alphabets().items()}
    least = min(missing.values())
    if least > 1 or (least == 1 and len(letters) < 4):
        return frozenset()
    return frozenset(lang for lang, n in missing.items() if n == least)


def alphabet_of(languages: frozenset[str]) -> frozenset[str]:
    """The letters of ``languages``."""
    return frozenset().union(*(_alphabets()[lang] for lang in languages))


@lru_cache(maxsize=1)
def _alphabets() -> dict[str, frozenset[str]]:
    """Each language's letters outside ASCII: for wordfreq's languages those that make 0.2% or
    more of its words', for other Latin-script ones (Maltese, Irish ...) CLDR's exemplar
    characters (cleantext/data/alphabets.txt)."""
    from importlib.resources import files

    lines = files("cleantext").joinpath("data", "alphabets.txt").read_text(encoding="utf-8").splitlines()
    return {line.split(" ")[0]: frozenset(line.split(" ")[1]) for line in lines}


def far_likelier(readings: tuple[str, ...]) -> tuple[str, ...]:
    """The reading written about three times as often as any other or more (MARGIN: "și"
    against "ți", Vietnamese "rồi" against "rời"), if one is."""
    if len(readings) < 2:
        return readings
    ranked = sorted(((zipf(r) or 0.0, r) for r in readings), reverse=True)
    return (ranked[0][1],) if ranked[0][0] >= ranked[1][0] + MARGIN else readings
