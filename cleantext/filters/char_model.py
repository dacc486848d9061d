"""How likely a character is between its neighbours: the character models of the repairs of
lost bytes and letters, built from wordfreq's words (by ftfy's author).

For each Latin-script language, and the languages of SCRIPTS, runs of three characters (of
four too for those of SCRIPTS, FOURS), backed off to shorter runs and to single characters
when a run is rare; each language's counts are read when a repair first needs them (``cleantext/data/
letters-model.txt.gz``; ``bench/build_letter_model.py`` rebuilds it): the lost-letter repair
scores each reading of a word no list has in the languages whose letters the text writes
("izlutināti", not "izlutinēti", in Latvian), and the lost-byte repair a letter of those
scripts (Russian "романском", not "романяком"). For every language of wordfreq, pairs of
characters (``cleantext/data/bigrams.txt.gz``; ``bench/build_bigrams.py``): the lost-byte
repair's other characters (Korean syllables, Chinese and Japanese ones, punctuation). Each file is read once
per process, when a repair first needs it.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import cache, lru_cache

PRIOR = 1000.0  # how many characters' worth of weight a pair's statistics give to its second character's
WEIGHT = 1000.0  # how many characters' worth a shorter context weighs against a longer one
# how much likelier the character taken must be than every other (a wrong letter is worse
# than the lost byte left as it stands); the lost-letter and lost-byte repairs both ask this
MARGIN = math.log(20)
WIDE = math.log(50)  # ... when the text's letters fit more than three languages, whose model is vaguer
# Scripts other than Latin whose letters the runs of three characters of these languages
# score (by the first word of a letter's Unicode name), all of a script's languages together;
# Hebrew and Arabic keep the pairs, which tell "ים" from "יא" at a word's end better
SCRIPTS = {
    "CYRILLIC": ("ru", "uk", "bg", "mk"),
    "GREEK": ("el",),
    "DEVANAGARI": ("hi",),
}
FOURS = frozenset(lang for langs in SCRIPTS.values() for lang in langs)  # whose runs of four are counted too


def is_letter(char: str) -> bool:
    """A letter, or a mark that belongs to one (Devanagari's virama and vowel signs).

    >>> is_letter("\u094d"), is_letter("\u0915"), is_letter("-")
    (True, True, False)
    """
    import unicodedata

    return char.isalpha() or unicodedata.category(char) in ("Mn", "Mc")


def score(before: str, char: str, after: str, languages: frozenset[str], reach: int = 2) -> float:
    """log P of the ``reach`` characters ``before``, ``char`` and the ones ``after`` (as many;
    "" when the next is not read yet) in running text of ``languages``, taken together, but
    for what does not depend on ``char``: runs of three, or of four where ``reach`` is 3 (the
    languages of FOURS only). Characters are compared in lower case; a character that is no
    letter counts as a space, as at a word's end."""
    counts = _counts(languages)
    b, a = _plain(before.rjust(reach)[-reach:]), _plain(after[:reach])
    # the model's words stand alone, between spaces: a neighbouring word tells nothing
    if " " in b:
        cut = b.rindex(" ")
        b = " " * (cut + 1) + b[cut + 1 :]
    if " " in a:
        a = a[: a.index(" ")] + " " * (len(a) - a.index(" "))
    run = b + char.lower() + a
    return sum(_chain(counts, run[at - reach : at], run[at]) for at in range(reach, len(run)))


def _chain(counts: dict[str, float], before: str, z: str) -> float:
    """log P(z | before), backed off to ever shorter contexts and to P(z)."""
    p = (counts.get(z, 0.0) + 1.0) / 1e9
    for k in range(1, len(before) + 1):
        history = before[-k:]
        p = (counts.get(history + z, 0.0) + WEIGHT * p) / (counts.get(history, 0.0) + WEIGHT)
    return math.log(p)


def _plain(chars: str) -> str:
    return "".join(c.lower() if is_letter(c) else " " for c in chars)


@lru_cache(maxsize=16)  # (a merge of all the languages holds about 35,000 counts, 2 MB)
def _counts(languages: frozenset[str]) -> dict[str, float]:
    """The counts of ``languages``, each language weighing alike (all the Latin-script ones for none known)."""
    known = _blocks()
    chosen = [lang for lang in sorted(languages) if lang in known] or [lang for lang in known if lang not in FOURS]
    merged: Counter[str] = Counter()
    for lang in chosen:
        merged.update(_language(lang))
    return {key: n / len(chosen) for key, n in merged.items()}


@cache
def _language(lang: str) -> dict[str, int]:
    """One language's counts, parsed when a repair first needs them."""
    counts: dict[str, int] = {}
    for line in _blocks()[lang].splitlines():
        _, key, n = line.split("\t")
        counts[key] = int(n)
    return counts


@lru_cache(maxsize=1)
def _blocks() -> dict[str, str]:
    """The model's lines, each language's together (the file holds them so)."""
    import gzip
    from importlib.resources import files

    data = gzip.decompress(files("cleantext").joinpath("data", "letters-model.txt.gz").read_bytes()).decode("utf-8")
    blocks: dict[str, str] = {}
    start = 0
    while start < len(data):
        lang = data[start : data.index("\t", start)]
        low, high = start, len(data)  # the block's last line holds low; high lies past the block
        while high - low > 1:
            middle = (low + high) // 2
            if data.startswith(f"{lang}\t", data.rfind("\n", 0, middle) + 1):
                low = middle
            else:
                high = middle
        end = data.index("\n", low) + 1
        blocks[lang] = data[start:end]
        start = end
    return blocks


def scored(chars: list[str], index: int, candidates: set[str], after: str,
            languages: frozenset[str]) -> list[tuple[float, str]]:
    """How likely each of ``candidates`` is at ``index`` of the line ``chars``, before the
    characters ``after`` (up to three, fewer where the next lost byte is not read yet): Latin
    letters (and Vietnamese ones) by the runs of three characters of ``languages``, those whose
    letters the line writes, in the case of their place; letters of one of SCRIPTS by those
    of its languages (a candidate of another script or none cannot stand); the rest by the
    pairs of every language's words (:func:`pair_score`)."""
    at_end = index + 1 + len(after) >= len(chars)  # ``after`` runs to the line's end
    before = "".join(chars[max(0, index - 3) : index])
    padded = after.ljust(3) if at_end else after  # (the runs read the line's end as spaces)
    if all(c.isalpha() and (c < "\u0250" or "\u1e00" <= c <= "\u1eff") for c in candidates):
        return [(score(before, c, padded, languages) if _fits_case(c, before, padded) else -math.inf, c) for c in candidates]
    scripts = {script(c) for c in candidates if is_letter(c)}
    if len(scripts) == 1 and (name := scripts.pop()) in SCRIPTS:
        own = frozenset(SCRIPTS[name])
        # runs of four for a byte of Windows-1252's five undefined ones; for one of C1
        # stripping's 32, the sparser runs make too many wrong readings look sure
        reach = 3 if len(candidates) <= 5 else 2
        return [(score(before, c, padded, own, reach) if is_letter(c) and script(c) == name and _may_stand(c, before, padded)
                 else -math.inf, c) for c in candidates]
    previous = chars[index - 1] if index else " "
    following = " " if index + 1 == len(chars) else (after[:1] or None)  # None: not read yet
    if following is not None and not any(_seen(c, following) for c in candidates):
        following = None  # no candidate was seen before it: it would only count against the common ones
    # a mark follows a letter of its own script (not Hebrew "֝", D6 9D, after Armenian or a
    # space), and a symbol stands beside no letter where the rest are letters of its script
    # ("ց", D6 81, not "֍" or "֏": wordfreq has no Armenian)
    able = {c for c in candidates if _may_stand(c, before, after) and may_follow(c, previous)}
    rest = [c for c in able if not _is_symbol(c)]
    beside = {script(c) for c in (previous, after[:1]) if c and is_letter(c)}
    kin = bool(rest) and all(is_letter(c) and script(c) in beside for c in rest)
    return [(pair_score(previous, c, following) if c in able and not (kin and _is_symbol(c)) else -math.inf, c) for c in candidates]


def may_follow(char: str, previous: str) -> bool:
    """Whether ``char`` may follow ``previous``: a mark follows a letter (or mark) of its own script."""
    import unicodedata

    if unicodedata.category(char) not in ("Mn", "Mc"):
        return True
    return is_letter(previous) and script(char) in (script(previous), "COMBINING")


def _is_symbol(char: str) -> bool:
    import unicodedata

    return unicodedata.category(char)[0] == "S"


def script(char: str) -> str:
    """The first word of the character's Unicode name: LATIN, CYRILLIC, HANGUL, CJK ..."""
    import unicodedata

    return unicodedata.name(char, "").split(" ")[0]


def _may_stand(char: str, before: str, after: str) -> bool:
    """Whether ``char`` is assigned at all, and a letter of a script with case is in the case
    of its place (Greek "καΐκι", not "καΝκι"); Greek's final "ς" ends a word ("σταματάει")."""
    import unicodedata

    if unicodedata.category(char) == "Cn" or char == "\u03c2" and is_letter(after[:1] or " "):
        return False
    return char.lower() == char.upper() or _fits_case(char, before, after)


def _seen(char: str, after: str) -> bool:
    """Whether wordfreq's words hold the pair ``char`` ``after`` (the way pair_score reads them)."""
    return (char.lower() + (after.lower() if is_letter(after) else " ")) in _pairs()


def _fits_case(char: str, before: str, after: str) -> bool:
    """Whether ``char`` is in the case of its place: small after a small letter ("suočava",
    not "suĐeljava"), a capital before one in a word of capitals."""
    if before[-1:].islower():
        return char.islower()
    return char.isupper() or not after[:1].isupper()


def pair_score(before: str, char: str, after: str | None) -> float:
    """log P(char | before) + log P(after | char), as wordfreq's words have them (a neighbour
    not known yet, None, tells nothing). A pair never seen falls back on how often its second
    character is (Japanese "の" after "本": wordfreq's Japanese words hold no such pair, as "の"
    is a word of its own)."""
    stats = _pairs()
    c = char.lower()
    b = before.lower() if is_letter(before) else " "
    score = math.log(stats.get(b + c, 0) + PRIOR * share(c)) - math.log(stats.get(b, 0) + PRIOR)
    if after is not None:
        a = after.lower() if is_letter(after) else " "
        score += math.log(stats.get(c + a, 0) + PRIOR * share(a)) - math.log(stats.get(c, 0) + PRIOR)
    return score


def share(char: str) -> float:
    """How often ``char`` is, of all characters (counted per 10^9 of them; one at least)."""
    return (_pairs().get(char, 0) + 1) / 1e9


@lru_cache(maxsize=1)
def _pairs() -> dict[str, int]:
    import gzip
    from importlib.resources import files

    data = gzip.decompress(files("cleantext").joinpath("data", "bigrams.txt.gz").read_bytes()).decode("utf-8")
    fields = data.replace("\n", "\t").split("\t")  # key, count, key, count ... (and "" after the last newline)
    return dict(zip(fields[0:-1:2], map(int, fields[1::2])))
