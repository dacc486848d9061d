"""The listed readings of a word that lost bytes: which letters at its gaps make it a word of
the lists (``cleantext/data/words.txt.gz`` and ``words-lost.txt.gz``), and which reading is
far likelier than the rest. The lost-byte repairs (:mod:`cleantext.filters.bytes_lost`,
:mod:`cleantext.filters.bytes_dropped`) ask it.
"""
from __future__ import annotations

from functools import lru_cache

from cleantext.filters.char_model import is_letter
from cleantext.filters.readings import MOST_READINGS
from cleantext.filters.wordlists import begins_word, is_word, zipf


def is_listed(word: str) -> bool:
    """Whether ``word`` is in one of the word lists (the lost-letter repair's, or words-lost)."""
    return is_word(word) or is_word(word, "words-lost.txt.gz")


def begins_listed(prefix: str) -> bool:
    """Whether a word of one of those lists begins with ``prefix``."""
    return begins_word(prefix) or begins_word(prefix, "words-lost.txt.gz")


def known_words(chars: list[str], rivals: dict[int, set[str]]) -> tuple[dict[int, str], dict[int, set[str]]]:
    """For each word with characters that have rivals: the characters of its one reading that
    is a listed word (a Latin-script word with a letter outside ASCII, or a word of the other
    scripts' lists), where there is exactly one; of several, the characters they all agree on;
    and where they differ only in forms of one letter, those forms (Greek "?ημείο" is "σημείο"
    or "ςημείο", one word to the lists, which casefold the final "ς": the statistics choose
    between "σ" and "ς" only)."""
    chosen: dict[int, str] = {}
    offered: dict[int, set[str]] = {}
    seen: set[int] = set()
    for index in rivals:
        if index in seen:
            continue
        start, end = index, index + 1
        while start > 0 and (is_letter(chars[start - 1]) or start - 1 in rivals):
            start -= 1
        while end < len(chars) and (is_letter(chars[end]) or end in rivals):
            end += 1
        inside = [i for i in range(start, end) if i in rivals]
        seen.update(inside)
        gaps = [i - start for i in inside]
        word = chars[start:end]
        readings = _far_likelier(word, gaps, _listed_readings(word, gaps, [rivals[i] for i in inside]))
        if not readings:
            continue
        # the letters every listed reading has: all of one reading's, or the stem of
        # "инфраструктур?" ("-ы", "-у" or "-а"), or Greek "τους" and "τουσ" (one word whose
        # final "ς" the lists casefold); the rest left to the statistics
        for at, *letters in zip(inside, *readings):
            if len(set(letters)) == 1:
                chosen[at] = letters[0]
            elif len({letter.casefold() for letter in letters}) == 1:
                offered[at] = set(letters)
    return chosen, offered


FAR = 1.0  # how much more often (in Zipf: ten times) a listed reading must be written than every other


def _far_likelier(word: list[str], gaps: list[int], readings: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Of several listed readings of ``word`` (its letters at ``gaps``), the one written ten
    times as often as any other (Hebrew "היא" against "הים"), with its other forms of the same
    casefolded word, if one is."""
    if len(readings) < 2:
        return readings
    ranked = sorted(((_frequency(word, gaps, r), r) for r in readings), reverse=True)
    first = _spelled(word, gaps, ranked[0][1]).casefold()
    same = [r for _, r in ranked if _spelled(word, gaps, r).casefold() == first]  # its other forms ("τουσ")
    others = [f for f, r in ranked if r not in same]
    return same if not others or ranked[0][0] >= others[0] + FAR else readings


def _frequency(word: list[str], gaps: list[int], letters: tuple[str, ...]) -> float:
    """The Zipf frequency of ``word`` with ``letters`` at ``gaps`` (0 for no listed word)."""
    joined = _spelled(word, gaps, letters)
    return max(zipf(joined) or 0.0, zipf(joined, "words-lost.txt.gz") or 0.0)


def _spelled(word: list[str], gaps: list[int], letters: tuple[str, ...]) -> str:
    """``word`` with ``letters`` at ``gaps``."""
    text = list(word)
    for at, letter in zip(gaps, letters):
        text[at] = letter
    return "".join(text)


def _listed_readings(word: list[str], gaps: list[int], rivals: list[set[str]]) -> list[tuple[str, ...]]:
    """The letters at ``gaps`` (of ``rivals``) that make ``word`` a listed word, read one
    lost byte after another: a reading goes on only while the word, up to the next lost
    byte, begins some listed word (so that a word with many, "осуществл�ет��", is read too)."""
    options = tuple(tuple(sorted(filter(is_letter, r))) for r in rivals)
    return list(_readings_of("".join(word), tuple(gaps), options))


@lru_cache(maxsize=4096)
def _readings_of(word: str, gaps: tuple[int, ...], options: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """_listed_readings of one word, remembered (a text repeats its words)."""
    partial: list[tuple[tuple[str, ...], str]] = [((), word[: gaps[0]])]
    for k, gap in enumerate(gaps):
        upto = gaps[k + 1] if k + 1 < len(gaps) else len(word)
        between = word[gap + 1 : upto]
        grown = []
        for letters, head in partial:
            for letter in options[k]:
                text = head + letter + between
                if is_listed(text) if upto == len(word) else begins_listed(text):
                    grown.append(((*letters, letter), text))
        if len(grown) > MOST_READINGS:
            return ()  # too many ways to read it ("��������"): no one reading can be told
        partial = grown
    return tuple(letters for letters, _ in partial)
