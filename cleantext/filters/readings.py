"""What a word that lost UTF-8 bytes to C1 stripping could have been.

A word of UTF-8 read as Latin-1 ("czÄÅci") is read back as its bytes; at each place where
UTF-8 wants a continuation byte that is missing, each of the 32 bytes that C1 stripping
removes is tried. :func:`listed` gives the readings that are words of some language (and in
the case of the word's other letters); :func:`unlisted` the one reading of a word no list has
("stopniÄko" is Slovenian "stopničko") in the letters the text writes, each lost letter the
one that the character model of the text's languages (:mod:`cleantext.filters.char_model`)
makes far likelier. :mod:`cleantext.filters.letters` chooses among them.
"""
from __future__ import annotations

import codecs
import itertools
import re
from functools import lru_cache

from cleantext.filters.wordlists import begins_word, is_ranked, is_word, outside_ascii, zipf

_C1 = range(0x80, 0xA0)
_LATIN_1_RE = re.compile("[\x00-\xff]+")  # the parts of a word that ftfy decoded in part ("Å¡alį")
# A character of two or three UTF-8 bytes read as Latin-1 ("Å¡", "á»\u0087")
_SEQUENCE_RE = re.compile("[\u00c2-\u00df][\u0080-\u00bf]|[\u00e0-\u00ef][\u0080-\u00bf]{2}")
_CP1252_PAIR_RE = re.compile("[\u00c2-\u00df][" + "".join(sorted(set(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore")))) + "]")
MIN_ZIPF = 2.0  # wordfreq's Zipf frequency of the words listed (about once in 10 million words)


@lru_cache(maxsize=65536)
def listed(word: str) -> tuple[str, ...]:
    """The readings of ``word`` that are words, one for each word and in the case of the
    word's other letters."""
    if len(word) == 1:
        return ()  # a lone "Ã": ftfy's
    readings = _letter_readings(word)
    # A word as it stands ("Ärger"; not "sÄ", though Finnish writes "sä") stays, unless a
    # reading is written a thousand times as often (Finnish "Äi" against Vietnamese "đi"); a
    # word of a list without frequencies is no such word (Scottish Gaelic "Èir", Romanian "șir").
    as_is = zipf(word) if word in (word.lower(), word.upper(), word.capitalize()) and is_ranked(word) else None
    least = MIN_ZIPF if as_is is None else as_is + 3.0
    return _cased([r for r in readings if (zipf(r) or 0.0) >= least], word)


@lru_cache(maxsize=65536)
def unlisted(word: str, letters: frozenset[str], alphabet: frozenset[str], languages: frozenset[str] = frozenset()) -> str | None:
    """The reading of ``word`` (no list's word) in the ``alphabet`` of the text's language
    that the character statistics of its ``languages`` make likeliest, letter by letter
    between its neighbours, when its letters are among those the text writes (``letters``)
    and no other reading in them comes near ("stopničko", "rezidentė", Latvian "izlutināti"; not
    "veđerali" beside "đ" when the text writes no "č")."""
    if len(word) == 1:
        return None  # a lone "Ã": ftfy's
    cased = _cased(list(_letter_readings(word)), word)
    readings = tuple(r for r in cased if outside_ascii(r) <= alphabet)
    if len(cased) == 1:  # the one letter of the case of its place ("AuÃenplätze": of C3 80-9F only "ß" is small)
        return readings[0] if readings else None
    if len(readings) < 2:  # the one reading in the alphabet of the one language the text is in
        return readings[0] if readings and (outside_ascii(readings[0]) <= letters or len(languages) == 1) else None
    if any(len(r) != len(readings[0]) for r in readings):
        return None
    differ = [i for i in range(len(readings[0])) if len({r[i] for r in readings}) > 1]
    for at in differ:  # each lost letter between its neighbours, the one before already read
        readings = _likeliest(readings, at, differ, letters, languages)
        if not readings:
            return None
    return readings[0]


def _likeliest(readings: tuple[str, ...], at: int, lost: list[int], letters: frozenset[str],
               languages: frozenset[str]) -> tuple[str, ...]:
    """The ``readings`` whose letter at ``at`` the model makes far likelier than every other
    one the text writes, and likeliest of all (none when no letter is); the letters at ``lost``
    after ``at`` are not read yet."""
    from cleantext.filters.char_model import MARGIN, WIDE, score

    padded = f"  {readings[0]}  "  # the letter at ``at`` stands at at + 2
    before, after = padded[at : at + 2], padded[at + 3 : at + 5]
    if at + 1 in lost:
        after = ""  # the next letter is not read yet
    elif at + 2 in lost:
        after = after[:1]
    ranked = sorted(((score(before, c, after, languages), c) for c in {r[at] for r in readings}), reverse=True)
    written = [(mark, c) for mark, c in ranked if c.isascii() or c.lower() in letters]
    if not written or written[0] != ranked[0]:
        return ()
    if len(written) > 1 and written[0][0] - written[1][0] < (MARGIN if len(languages) <= 3 else WIDE):
        return ()
    return tuple(r for r in readings if r[at] == ranked[0][1])


def intact(word: str) -> set[str]:
    """The letters outside ASCII that ``word`` still writes whole ("Ã¡" is "á"), in lower case."""
    try:
        raw = word.encode("latin-1")
    except UnicodeEncodeError:
        return set()
    return {c for c in raw.decode("utf-8", "ignore").lower() if not c.isascii() and c.isalpha()}


@lru_cache(maxsize=65536)
def decoded(word: str) -> str | None:
    """``word`` decoded as UTF-8 when it decodes and makes Latin letters only ("PriÅ¡tine" is
    "Priština"; "CAFÉ»" would make "CAFɻ", a letter no language's word has); a word that
    ftfy decoded in part, in its other parts ("Å¡alį" is "šalį")."""
    try:
        out = _LATIN_1_RE.sub(lambda m: m.group().encode("latin-1").decode("utf-8"), word)
    except UnicodeError:
        return None
    return out if _new_letters_are_latin(out, word) else None


@lru_cache(maxsize=65536)
def decoded_pieces(word: str) -> str | None:
    """``word`` with each UTF-8 sequence in it read as Latin-1 decoded, when any is and they
    make Latin letters only (but for quotes around them): a word that ftfy decoded in part, or
    that also lost a letter ("Å¡túdium" is "štúdium", "Å¡Ä" is "šÄ", "Â«É" is "«É")."""
    out = _SEQUENCE_RE.sub(_decoded_sequence, word)
    if _CP1252_PAIR_RE.search(out):
        return None  # what is left would read as Windows-1252 mojibake ("ÃÅ¡" is no "Ãš")
    others = [c for c in _SEQUENCE_RE.sub("", word) if c.isalpha()]
    if len(others) > 1 and all(c.isupper() for c in others) and any(c.islower() for c in set(out) - set(word)):
        return None  # a small letter in a word of capitals: no mojibake of it ("MÄ£ÄM" is no "MģÄM")
    return out if _new_letters_are_latin(out, word, _QUOTES) else None


_QUOTES = "\u00ab\u00bb\u00a1\u00bf"  # "«", "»", "¡" and "¿", beside a word's letters ("Â«Ã©tÃ©Â»")


def _decoded_sequence(m: re.Match) -> str:
    try:
        return m.group().encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:  # ("\u00ed\u00a0\u0080" would be a surrogate)
        return m.group()


def _new_letters_are_latin(out: str, word: str, quotes: str = "") -> bool:
    """Whether decoding changed ``word`` and each character it brought is a Latin letter (or
    one of ``quotes``, which Latin-1 also has: "Â«" decodes to a "«")."""
    new = set(out) - set(word)
    return (bool(new) or bool(quotes) and out != word) and all(c in quotes or c.isalpha() and ("\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff") for c in new)


@lru_cache(maxsize=65536)
def _letter_readings(word: str) -> tuple[str, ...]:
    """The readings of ``word`` with a lost byte put back that bring back letters only."""
    try:
        raw = word.encode("latin-1")
    except UnicodeEncodeError:
        return ()
    gaps = _gaps(raw)
    if not gaps:
        return ()  # nothing lost (ftfy's to decode; decode_left reads what it leaves)
    return tuple(sorted(r for r in _readings(raw, gaps) if r != word and all(c.isalpha() for c in set(r) - set(word))))


def _cased(readings: list[str], word: str) -> tuple[str, ...]:
    """Of ``readings``, one for each word (in any case), in the case of ``word``'s other letters."""
    same: dict[str, list[str]] = {}
    for r in readings:
        same.setdefault(r.casefold(), []).append(r)
    return tuple(sorted(r for r in (_in_case(rs, word) for rs in same.values()) if r is not None))


def _in_case(readings: list[str], word: str) -> str | None:
    """The reading whose letters are in the case of the word's other letters (one case of
    one word: wordfreq's lists do not tell "części" from "czĘŚci")."""
    kept = [c for c in word if c.isascii() and c.isalpha()]
    if not kept and len({r.lower() for r in readings}) == 1:
        return readings[0].lower()  # "á»" is "ở" or "Ở": the case of its place
    if len(kept) == 1 and word[0] == kept[0] and kept[0].isupper():
        wanted = [r for r in readings if r[1:] == r[1:].lower()]  # "SÄ" opening a sentence: "Są"
    elif all(c.isupper() for c in kept):
        wanted = [r for r in readings if r == r.upper()]
    elif all(c.islower() for c in kept[1:]):
        wanted = [r for r in readings if r[1:] == r[1:].lower()]
        if len(wanted) == 2 and wanted[0].lower() == wanted[1].lower():
            return wanted[0].lower()  # the lost letter leads ("Äesky"): its case is the sentence's
        wanted = wanted or [r for r in readings if _MUTATED_RE.fullmatch(r) and r[2:] == r[2:].lower()]
    else:
        wanted = []
    return wanted[0] if len(wanted) == 1 else None


# A capital vowel after the letter that Irish puts before a word's (and a name's) first vowel:
# "hÉireann", "tÚdarás", "nÓg"
_MUTATED_RE = re.compile("[hnt][\u00c1\u00c9\u00cd\u00d3\u00da][^\\W\\d_]*")


def _readings(raw: bytes, gaps: list[int] | None, limit: int = 2) -> set[str]:
    """The UTF-8 readings of ``raw`` with the missing C1 bytes at ``gaps`` put back: all of
    them for up to ``limit`` gaps, else those that are listed words (_listed_readings)."""
    if gaps is None:
        return set()
    if len(gaps) > limit:
        return _listed_readings(raw, tuple(gaps))
    out = set()
    for fill in itertools.product(_C1, repeat=len(gaps)):
        data = bytearray(raw)
        for at, byte in sorted(zip(gaps, fill), reverse=True):
            data.insert(at, byte)
        try:
            out.add(data.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return out


MOST_READINGS = 64  # readings of a word kept while its lost bytes are read one after another (here and in bytes_lost)


@lru_cache(maxsize=4096)
def _listed_readings(raw: bytes, gaps: tuple[int, ...]) -> set[str]:
    """The readings of ``raw`` that are listed words, read one missing byte after another: a
    reading goes on only while the word up to the next gap begins a listed word (Latvian
    "pÄdÄjÄ", three lost bytes, is "pēdējā")."""
    partial = [raw[: gaps[0]]]
    for k, gap in enumerate(gaps):
        last = k + 1 == len(gaps)
        between = raw[gap : len(raw) if last else gaps[k + 1]]
        grown = []
        for head in partial:
            for byte in _C1:
                data = head + bytes((byte,)) + between
                try:
                    text = codecs.getincrementaldecoder("utf-8")().decode(data, final=last)
                except UnicodeDecodeError:
                    continue
                if is_word(text) if last else begins_word(text):
                    grown.append(data)
        if len(grown) > MOST_READINGS:
            return set()  # too many ways to read it: no one reading can be told
        partial = grown
    return {data.decode("utf-8") for data in partial}


def _gaps(raw: bytes) -> list[int] | None:
    """Where a continuation byte is missing in ``raw`` (its offsets), None when something else
    is wrong with it as UTF-8."""
    gaps, i, n = [], 0, len(raw)
    while i < n:
        b = raw[i]
        width = 1 if b < 0x80 else 2 if 0xC2 <= b <= 0xDF else 3 if b == 0xE1 else 0
        if width == 0:
            return None  # a byte no UTF-8 text starts a character with: not mojibake of UTF-8
        i += 1
        for _ in range(width - 1):
            if i < n and 0x80 <= raw[i] <= 0xBF:
                i += 1
            else:
                gaps.append(i)
    return gaps
