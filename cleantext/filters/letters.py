"""Letters lost to C1 stripping, recovered word by word with a list of real words.

UTF-8 read as Latin-1 with the C1 controls (U+0080-U+009F) stripped loses the second byte of
every letter whose UTF-8 form has one there: "É" (C3 89) becomes a lone "Ã", Polish "ł"
(C5 82) a lone "Å", Czech "č" (C4 8D) a lone "Ä". ftfy cannot undo that: the byte is gone.
Here a word that still holds such a lead byte (as a Latin-1 letter) is read back as its bytes;
at each place where UTF-8 wants a byte that is missing, each of the 32 bytes that C1
stripping removes is tried, and the word is replaced by a reading that is a word of some
language, when the word as it stands is none (or a reading is written a thousand times as
often). Of several such readings, :func:`cleantext.filters.wordlists.pick` takes the one in
the letters of the text's language, else the one more often written (by half a step of Zipf), else none. The
words are wordfreq's (by ftfy's author), those with a letter outside ASCII
(``cleantext/data/words.txt.gz``, read once per process; ``bench/build_words.py`` rebuilds
it). A correct word ("Ärger", "NÃO" is "não", "Þórður") is known, or has no reading that is
a word, and stays. After ftfy, :func:`decode_left` decodes the mojibake that ftfy leaves on a
line beside a lost letter.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from cleantext.filters.readings import decoded, decoded_pieces, intact, listed, unlisted
from cleantext.filters.wordlists import (
    alphabet_of,
    far_likelier,
    is_ranked,
    is_word,
    language,
    languages_of,
    outside_ascii,
    pick,
)

# Latin-script languages of wordfreq, whose words these letters are.
LANGUAGES = ("en", "fr", "de", "es", "pt", "it", "nl", "ca", "pl", "cs", "sk", "sl", "sh", "ro", "hu", "tr",
             "da", "sv", "nb", "fi", "is", "lt", "lv", "vi", "id", "ms", "fil")
# A word with the lead byte of a two-byte letter read as Latin-1 (U+00C2-U+00DF), among
# letters, digits and the rest of Latin-1 the word may have kept; or with the first of a
# Vietnamese letter's three (U+1EA0-U+1EFF: E1 BA-BB, then a byte C1 stripping may take: "há»c"
# is "học"), which _candidates confirms (a class of characters is scanned several times faster
# than an alternation). Other three-byte characters that lose a byte are punctuation: the
# lossy repair's.
_LEAD_RE = re.compile(r"[\u00c2-\u00df\u00e1]")
_VIETNAMESE_LEADS = ("\u00e1\u00ba", "\u00e1\u00bb")
_REST_RE = re.compile(r"[\w\u00a0-\u00ff]*")
# What only mojibake of UTF-8 shows: a lead byte and its continuation both read as Latin-1
# ("Ã©", "Å¡"), or a lead byte's capital inside a lower-case word ("byÅo", "JoannÄ"). The
# plain form; _EVIDENCE_RE is the same search written to start with the lead byte, which the
# search then skips to (tests/test_speed_paths.py checks the two agree).
EVIDENCE_PATTERN = r"[\u00c2-\u00df][\u00a0-\u00bf]|(?<=[a-z])[\u00c2-\u00de]"
_EVIDENCE_RE = re.compile(r"[\u00c2-\u00df](?:(?=[\u00a0-\u00bf])|(?<=[a-z][\u00c2-\u00de]))")
# A paragraph break, as the lossy repair and a stream's cuts see one
_PARAGRAPH_RE = re.compile(r"\n[ \t\r]*\n")
# What Windows-1252 puts at the bytes 80-9F (its own, unlike Latin-1's controls)
CP1252_HIGH = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))
# A noncharacter (Unicode keeps them for a program's own use) that stands, between
# lossy.mark_lone_punctuation and lossy.unmark, where an "â" is known to be a lost punctuation mark.
MARK = "\ufdd0"
_SECOND_BYTES = CP1252_HIGH | frozenset(map(chr, range(0x80, 0xA0)))  # ... or Latin-1's C1 controls


def repair_lost_letters(text: str, evidence_before: bool = False) -> tuple[str, Counter, bool, bool]:
    """``text`` with the words that lost a UTF-8 byte to C1 stripping read back, and the count.

    A word is read back only in a paragraph that shows such mojibake, or after one: a
    stream's earlier pieces pass theirs on as ``evidence_before``, and so the pieces give
    what the whole gives. Also returned: whether the text showed evidence (or came after
    some), and whether a word was left for want of it (a stream piece cleaned before the
    evidence was known is then cleaned again).

    >>> repair_lost_letters("L'\\u00c3COLE EST FERM\\u00c3\\u00a9E, cz\\u00c4\\u00c5ci")[0]
    "L'ÉCOLE EST FERMÃ©E, części"
    >>> repair_lost_letters("\\u00c4rger \\u00fcber N\\u00c3O und \\u00deór\\u00f0ur")[0]
    'Ärger über NÃO und Þórður'
    >>> repair_lost_letters("L'\\u00c3COLE\\n\\nLe caf\\u00c3\\u00a9")[0]
    "L'ÃCOLE\\n\\nLe cafÃ©"
    """
    counts: Counter = Counter()
    start = 0
    if not evidence_before:
        evidence = _first_evidence(text)
        if evidence < 0:
            return text, counts, False, _has_lead(text, len(text))
        for gap in _PARAGRAPH_RE.finditer(text, 0, evidence):
            start = gap.end()
    wanted = _has_lead(text, start)
    chosen = _chosen(text, start)
    if chosen:
        counts["lost-letter"] += len(chosen)
    return ("".join(_spliced(text, chosen)) if chosen else text), counts, True, wanted


def _chosen(text: str, start: int) -> list[tuple[int, int, str]]:
    """Where the words that lost a byte stand from ``start`` on, and what each was (see
    wordlists.pick, and readings.unlisted for a word no list has), in the order of the text."""
    found, letters, singles, lone, written = [], set[str](), Counter[str](), [], set[str]()
    for first, end in _candidates(text, start):
        while text.startswith(_OPENINGS, first) and first + 2 < end:
            first += 2  # "Â«Ã um": a quote opens the word "Ã"
        written |= intact(text[first:end])
        if text[end : end + 1] in _SECOND_BYTES:
            continue  # "Ä—" is Windows-1252 mojibake of "ė" (C4 97), "Ä\x9f" Latin-1 of "ğ": no byte was lost
        if end == first + 1 and text[first] in _LEAD_SET and text[end : end + 1] == " " and _opens_sentence(text, first):
            lone.append(first)  # "Ã stata": ftfy would read "à", but a sentence opens with a capital
        whole = decoded(text[first:end])
        if whole is not None and len(whole) == 1:
            singles[whole] += 1  # a word of one letter that the text writes ("è", "é")
        readings = listed(text[first:end]) or ((whole,) if whole else ())
        if len(readings) == 1 and is_ranked(readings[0]):  # (a list without frequencies tells no language)
            letters.update(outside_ascii(readings[0]))
        if readings != (whole,):  # a word that decodes whole is ftfy's
            found.append((first, end, readings))
    known = frozenset(letters)
    languages = languages_of(known | written)
    alphabet, writes = alphabet_of(languages), frozenset(known | written)
    chosen = [(first, first + 1, capital) for first in lone if (capital := _capital(text[first], singles, writes, languages))]
    for first, end, readings in found:
        if len(languages) == 1:  # a word of another language's list is not the text's ("ią" in Maltese)
            readings = tuple(r for r in readings if outside_ascii(r) <= alphabet)
        # a word of a list without frequencies counts only in a text of its language
        readings = tuple(r for r in readings if is_ranked(r) or language(r) in languages)
        word = pick(readings, known, languages) if readings else unlisted(text[first:end], writes, alphabet, languages)
        if word is not None and word[0].islower() and _loses_first(text, first):
            if _opens_sentence(text, first):
                word = word[0].upper() + word[1:]
            elif not readings:
                word = None  # the case of a lost first letter of a word no list has: a name's? ("Čepinec")
        if word is not None:
            chosen.append((first, end, word))
    return sorted(chosen)  # the capitals opening a sentence were put first


def has_letter_evidence(text: str) -> bool:
    """Whether ``text`` shows UTF-8 read as Latin-1 (EVIDENCE_PATTERN)."""
    return _first_evidence(text) >= 0


def _capital(lead: str, singles: Counter[str], writes: frozenset[str], languages: frozenset[str]) -> str | None:
    """The capital that a lone lead byte opening a sentence lost its second byte from: the one
    whose small letter the text writes as a word of its own (Italian "è", Portuguese "é"), or
    writes twice as often as any other such (Portuguese "é" beside "à"); else, of the small
    letters the text ``writes``, the one that is a word of its ``languages`` written far more
    often than any other (Portuguese "é", Norwegian "å"), unless the lead byte and a no-break
    space make a word of theirs too (French "à")."""
    capitals = Counter[str]()
    for small, n in singles.items():
        if _loses_second(small.upper(), lead):
            capitals[small.upper()] += n
    ranked = sorted(((n, c) for c, n in capitals.items()), reverse=True)
    if len(ranked) == 1 or len(ranked) > 1 and ranked[0][0] >= 2 * ranked[1][0]:
        return ranked[0][1]
    if ranked:
        return None
    spaced = (lead.encode("latin-1") + b"\xa0").decode("utf-8").lower()
    if language(spaced) in languages:
        return None  # "Ã " may be French "à " (C3 A0, the no-break space made a space)
    best = far_likelier(tuple(c for c in writes if _loses_second(c.upper(), lead) and language(c) in languages))
    return best[0].upper() if len(best) == 1 else None


def _loses_second(capital: str, lead: str) -> bool:
    """Whether ``capital`` is two bytes of UTF-8, the first ``lead`` (read as Latin-1), the second a C1 byte."""
    raw = capital.encode("utf-8")
    return len(raw) == 2 and raw[:1] == lead.encode("latin-1") and 0x80 <= raw[1] <= 0x9F


# What may stand between a sentence's end and its first word: space, opening quotes and
# brackets, a list's or a dialogue's mark
_BEFORE_A_WORD = " \t\"'(*\u2022\u2013\u2014\u201e\u00ab\u201c\u00a1\u00bf\u00c2" + MARK


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence (a line, or after ". ", "! ", "? "), after
    an opening quote that may be mojibake too ("Â«", or a lost one's MARK)."""
    while at and text[at - 1] in _BEFORE_A_WORD:
        at -= 1
    return at == 0 or text[at - 1] in "\n.!?"


# Each lead byte as a Latin-1 letter: a substring search for each is much faster than a
# regular expression's scan for the class.
_LEADS = tuple(chr(c) for c in range(0xC2, 0xE0))
_LEAD_SET = frozenset(_LEADS)
_LOST_FIRST = _LEAD_SET | {"\u00e1"}  # a word that starts with one lost its first letter's case


def _loses_first(text: str, first: int) -> bool:
    """Whether the word at ``first`` opens with a letter that lost a byte ("Äesky", Vietnamese
    "Äá»c"), and so its case; not one whose bytes are all there ("Ã¼retilemediÄi")."""
    if text[first] not in _LOST_FIRST:
        return False
    rest = text[first + 1 : first + (3 if text[first] == "\u00e1" else 2)]
    return len(rest) < (2 if text[first] == "\u00e1" else 1) or not all("\u00a0" <= c <= "\u00bf" for c in rest)


def _first_evidence(text: str) -> int:
    """Where ``_EVIDENCE_RE`` first matches in ``text``, or -1."""
    first = len(text)
    for lead in _LEADS:
        at = text.find(lead, 0, first)
        while at >= 0 and not _EVIDENCE_RE.match(text, at):
            at = text.find(lead, at + 1, first)
        if at >= 0:
            first = at
    return first if first < len(text) else -1


def _has_lead(text: str, end: int) -> bool:
    """Whether ``text[:end]`` holds a lead byte (a word the repair could read back)."""
    if any(text.find(lead, 0, end) >= 0 for lead in _LEADS):
        return True
    return text.find("\u00e1", 0, end) >= 0 and any(text.find(lead, 0, end) >= 0 for lead in _VIETNAMESE_LEADS)


def _candidates(text: str, end: int = 0) -> Iterator[tuple[int, int]]:
    """Where the words holding a lead byte stand, from ``end`` on (found from the byte: a
    pattern for the whole word would be tried at every letter of the text)."""
    for m in _lead_re().finditer(text, end):
        if m.start() < end:
            continue  # a second lead byte in the word just given
        if m.group() == "\u00e1" and text[m.end() : m.end() + 1] not in ("\u00ba", "\u00bb"):
            continue  # "á" of Latin-1 text, not a Vietnamese letter's first byte
        start = m.start()
        while start > end and _in_word(text[start - 1]):
            start -= 1
        end = _REST_RE.match(text, m.end()).end()  # type: ignore[union-attr]
        yield start, end


@lru_cache(maxsize=1)
def _lead_re():
    """_LEAD_RE compiled by the regex module, whose scan for a class of characters is several
    times faster than re's (imported only for a text with evidence)."""
    import regex

    return regex.compile(_LEAD_RE.pattern)


_OPENINGS = ("\u00c2\u00ab", "\u00c2\u00a1", "\u00c2\u00bf")  # "«", "¡" and "¿" as Latin-1


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "_" or "\u00a0" <= char <= "\u00ff"


# What C1 stripping leaves on a line: a letter whose UTF-8 form has its second byte at 80-9F,
# read back ("ł", "č"; "É" is also a lead byte), or a lead byte without its second byte.
_STRIPPED_RE = re.compile(
    "[" + "".join(chr(c) for c in range(0x100, 0x800) if 0x80 <= chr(c).encode()[1] <= 0x9F and chr(c).isalpha()) + "]"
    "|[\u00c2-\u00df](?![\u00a0-\u00bf])"
)


# ... and the mojibake of a Vietnamese letter ftfy leaves whole ("cá»§a" is "của")
_LEFT_RE = re.compile(_EVIDENCE_RE.pattern + "|\u00e1[\u00ba\u00bb][\u0080-\u00bf]")


def decode_left(text: str, only: frozenset[str] | None = None) -> tuple[str, Counter]:
    """In a text that shows UTF-8 mojibake, on each line that shows C1 stripping (or on each
    line of ``only``, the lines known to): the words of mojibake that decode whole
    ("PriÅ¡tine" is "Priština"). ftfy decodes a line whole or not at all, and a line that
    also lost a letter or a punctuation mark it leaves.

    >>> decode_left("mill-\u00c4\u00a1did \u2026", frozenset(["mill-\u00c4\u00a1did \u2026"]))[0]
    'mill-ġdid …'
    >>> decode_left("mill-\u00c4\u00a1did \u2026")[0]
    'mill-Ä¡did …'
    """
    out: list[str] = []
    done, counts = 0, Counter[str]()
    for m in _LEFT_RE.finditer(text):
        if m.start() < done:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        line = text[start:end]
        if (line in only) if only is not None else _STRIPPED_RE.search(line):
            words = [(a, b, decoded_pieces(line[a:b])) for a, b in _candidates(line)]
            # a no-break space after a letter is often just that (Finnish "SELKÄ\u00a0EDELLÄ", not
            # "SELKĠ"), unless it is the second byte of a word's first letter ("Å\u00a0afárik")
            wholes = [(a, b, w) for a, b, w in words if w is not None and ("\u00a0" not in line[a:b] or is_word(w) or _opens_with_nbsp(line[a:b]))]
            counts["lost-letter-line"] += len(wholes)
            line = "".join(_spliced(line, wholes))
        out += (text[done:start], line)
        done = end
    return ("".join(out) + text[done:] if out else text), counts


def stripped_lines(before: str, after: str) -> frozenset[str]:
    """The lines of ``after`` known to have lost bytes to C1 stripping: Latin-1 in ``before``
    (but for the MARK of a lost punctuation mark), and changed by the repairs of
    C1 stripping that made ``after`` of it, or marked. (A line of Windows-1252 mojibake,
    "ÄŒesko", is ftfy's to decode whole.)"""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return frozenset()
    return frozenset(b for a, b in zip(old, new) if (a != b or MARK in a) and LATIN_1_RE.fullmatch(a.replace(MARK, "")))


LATIN_1_RE = re.compile("[\x00-\xff]*")  # text that Latin-1 can encode


def _opens_with_nbsp(word: str) -> bool:
    """Whether the no-break space of ``word`` is the second byte of its first letter ("Š" is C5 A0)."""
    return word[1:2] == "\u00a0" and "\u00a0" not in word[2:] and word[2:3].islower()


def _spliced(line: str, parts: list[tuple[int, int, str]]) -> Iterator[str]:
    """``line`` with each span (start, end) of ``parts``, in order, replaced by its text."""
    done = 0
    for first, end, word in parts:
        yield line[done:first]
        yield word
        done = end
    yield line[done:]
