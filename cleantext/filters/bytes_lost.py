"""Bytes lost in Windows-1252 mojibake, read back from the characters around them.

UTF-8 decoded as Windows-1252 meets five bytes that code page leaves undefined (81 8D 8F 90
9D); a decoder that replaces them writes "�": "Ñ�" for Russian "с" (D1 81), "ì�˜" for a
Korean syllable, "Ã�" for "Á". ftfy decodes the rest of such a line, but the lost byte stays
"�". Here a line that is Windows-1252 mojibake all through (each part between the "�"
encodes to Windows-1252, and with a byte put back at each "�" the line is UTF-8) gets back,
at each "�", the character that one of the five bytes makes there. Where several fit, the
one reading of the word that is a listed word is taken (``cleantext/data/words.txt.gz`` and
``words-lost.txt.gz``; for Chinese, Japanese and Korean, a word in a window around the byte),
else the character the statistics make far likelier between its neighbours; where none is,
the "�" stays (and a line whose other characters plainly decode is decoded around it). The
statistics (:mod:`cleantext.filters.char_model`) are, for a Latin letter, runs of three
characters in the languages whose letters the line writes, its case that of its place
("sučeljava", not "suĐeljava"); for the rest, wordfreq's words in every language it has,
counted as characters and pairs of characters. Every file is read once per process, and
``bench/build_words.py`` rebuilds the word lists. :func:`resolve` is also how the
dropped-byte repair chooses.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter

from cleantext.filters import char_model
from cleantext.filters.char_model import is_letter
from cleantext.filters.ftfy_import import import_ftfy
from cleantext.filters.lost_words import known_words
from cleantext.filters.wordlists import is_word, languages_of

UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # the bytes Windows-1252 leaves undefined
MIN_ZIPF = 2.0  # the words counted (wordfreq's Zipf frequency: about once in 10 million words)
# Languages of other scripts whose words a lost byte often hurts, and the words listed
# (cleantext/data/words-lost.txt.gz; bench/build_words.py rebuilds it)
LANGUAGES = ("ru", "uk", "bg", "mk", "el", "he", "ar", "fa", "ur", "hi", "bn", "ta")
MIN_WORD_ZIPF = 2.5
# ... and of scripts written without spaces between words (or, in Korean, with a word's
# endings attached), whose words are looked for in a window of characters around a lost byte
SPACELESS = ("zh", "ja", "ko")
_SPACELESS_RE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# characters a line's other mojibake must decode to before it is decoded with its "�" kept
EVIDENT = 3


def can_be_lost(char: str) -> bool:
    """Whether ``char``'s UTF-8 form has a byte 80-9F after its first (one C1 stripping or
    Windows-1252 can lose).

    >>> can_be_lost("с"), can_be_lost("é"), can_be_lost("a")
    (True, False, False)
    """
    return any(0x80 <= b <= 0x9F for b in char.encode("utf-8", "surrogatepass")[1:])


def repair_replaced_bytes(text: str) -> tuple[str, Counter]:
    """``text`` with the characters behind each "�" of Windows-1252 mojibake read back.

    >>> repair_replaced_bytes("\u00c4\\ufffdeskoslovensk\u00c3\u00bdch, \u00d9\\ufffd\u00d9\u0160")[0]
    'československých, في'
    >>> repair_replaced_bytes("20\\ufffd C, caf\\ufffd")[0]
    '20\\ufffd C, caf\\ufffd'
    """
    counts: Counter = Counter()
    if "\ufffd" not in text:
        return text, counts
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "\ufffd" in line:
            fixed = _read_back(line)
            if fixed is not None:
                counts["lost-byte"] += line.count("\ufffd") - fixed.count("\ufffd")
                lines[i] = fixed
    return "\n".join(lines), counts


def _read_back(line: str) -> str | None:
    """The line decoded as UTF-8 with its lost bytes put back, or None when it is not
    Windows-1252 mojibake all through."""
    import_ftfy()  # registers sloppy-windows-1252 (which encodes 81, 8D ... as themselves)
    try:
        parts = [part.encode("sloppy-windows-1252") for part in line.split("\ufffd")]
    except UnicodeEncodeError:
        return None
    data, gaps = bytearray(parts[0]), []
    for part in parts[1:]:
        gaps.append(len(data))
        data += b"\x81" + part
    spans = _spans(data, gaps)
    if spans is None:
        return None
    options = {lead: _options(data, lead, end, inside) for lead, (end, inside) in spans.items()}
    if not all(options.values()):
        return None
    for lead, (_, inside) in spans.items():
        _fill(data, inside, options[lead][0][1])
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # something else in the line is not UTF-8: not mojibake all through
    from cleantext.filters.safe import is_bad_line

    if is_bad_line(decoded):
        return None  # mojibake of mojibake: a guess at the first level has no context to go by
    fixed = _choose(decoded, data, spans, options)
    if fixed.count("\ufffd") < line.count("\ufffd"):
        return fixed
    # Not one lost byte could be told (a script without statistics: Armenian, Georgian), but
    # the rest of the line is plainly UTF-8 read as Windows-1252: decoded, with its "�" kept.
    return fixed if sum(not c.isascii() for c in fixed) - fixed.count("\ufffd") >= EVIDENT else None


def _spans(data: bytearray, gaps: list[int]) -> dict[int, tuple[int, list[int]]] | None:
    """For each character holding a gap: its first byte -> (its end, the gaps in it)."""
    spans: dict[int, tuple[int, list[int]]] = {}
    for gap in gaps:
        lead = gap - 1
        while lead > gap - 4 and lead >= 0 and 0x80 <= data[lead] <= 0xBF:
            lead -= 1
        if lead < 0 or not 0xC2 <= data[lead] <= 0xF4:
            return None  # a lost byte is never a character's first: this "�" is no lost byte
        end = lead + (2 if data[lead] < 0xE0 else 3 if data[lead] < 0xF0 else 4)
        if gap >= end:
            return None
        spans.setdefault(lead, (end, []))[1].append(gap)
    return spans


def _options(data: bytearray, lead: int, end: int, inside: list[int]) -> list[tuple[str, tuple[int, ...]]]:
    """The characters the undefined bytes at ``inside`` make of the bytes lead..end."""
    out = []
    for fill in itertools.product(UNDEFINED, repeat=len(inside)):
        _fill(data, inside, fill)
        try:
            char = bytes(data[lead:end]).decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append((char, fill))
    return out


def _fill(data: bytearray, at: list[int], fill: tuple[int, ...]) -> None:
    for gap, byte in zip(at, fill):
        data[gap] = byte


def _choose(decoded: str, data: bytearray, spans: dict, options: dict) -> str:
    """``decoded`` (each lost byte read as its first option) with each character that has
    rivals read back (:func:`resolve`)."""
    chars = list(decoded)
    rivals: dict[int, set[str]] = {}  # where in chars -> the characters its lost bytes may make
    index, done = 0, 0
    for lead in sorted(spans):
        index += len(data[done:lead].decode("utf-8"))
        done = lead
        if len(options[lead]) > 1:
            rivals[index] = {char for char, _ in options[lead]}
    resolve(chars, rivals)
    return "".join(chars)


def resolve(chars: list[str], rivals: dict[int, set[str]]) -> None:
    """Put in ``chars``, at each place ``rivals`` names, the character it holds: the one reading
    of its word that is a listed word, else the character the statistics make far likelier
    between its neighbours; "�" where none is."""
    known, offered = known_words(chars, rivals)
    for index, char in known.items():
        chars[index] = char  # before any is read by the statistics: the letters after it are its context
    languages = languages_of(frozenset(c.lower() for i, c in enumerate(chars) if i not in rivals and c.isalpha() and not c.isascii()))
    brackets = any(c in _CJK_OPENING for c in chars)
    for index, candidates in rivals.items():
        if "\u201d" in candidates and not any(map(is_letter, candidates)):
            chars[index] = "\u201d"  # E2 80 9D: the others are a rare space, hyphen and two controls
        elif "\u3001" in candidates and not brackets and all(c in _CJK_MARKS or char_model.share(c) < 1e-7 for c in candidates):
            chars[index] = "\u3001"  # E3 80 81 "、": the others close or open brackets the line does not write, or are unseen
        elif index in known:
            chars[index] = known[index]
        elif (inside := _in_a_window(chars, index, candidates, rivals)) is not None:
            chars[index] = inside
        else:
            # the characters after it, up to the next lost byte not read yet
            upto = next((i for i in (index + 1, index + 2, index + 3) if i in rivals and i not in known), index + 4)
            scored = sorted(char_model.scored(chars, index, offered.get(index, candidates), "".join(chars[index + 1 : upto]), languages))
            best, runner_up = scored[-1], scored[-2]
            chars[index] = best[1] if best[0] - runner_up[0] >= char_model.MARGIN else "\ufffd"


# Chinese and Japanese punctuation (U+3000-U+303F); a lost byte after E3 80 makes "、", "」",
# "』", "【" or "〝", and all but the comma belong to a pair that opens with one of these
_CJK_MARKS = frozenset(map(chr, range(0x3000, 0x3040)))
_CJK_OPENING = frozenset("\u300c\u300e\u3010\u3011\u301d")  # 「 『 【 】 〝


def _in_a_window(chars: list[str], index: int, candidates: set[str], rivals: dict) -> str | None:
    """The one candidate of Chinese, Japanese or Korean script that makes a listed word of two
    to four characters with the characters beside it (a window holding no other lost byte)."""
    fitting = []
    for char in sorted(candidates):
        if not _SPACELESS_RE.match(char):
            continue
        for size in range(2, 5):
            starts = range(max(0, index - size + 1), min(index, len(chars) - size) + 1)
            if any(_window_is_word(chars, start, size, index, char, rivals) for start in starts):
                fitting.append(char)
                break
    return fitting[0] if len(fitting) == 1 else None


def _window_is_word(chars: list[str], start: int, size: int, index: int, char: str, rivals: dict) -> bool:
    window = chars[start:index] + [char] + chars[index + 1 : start + size]
    if any(i in rivals for i in range(start, start + size) if i != index):
        return False
    return all(_SPACELESS_RE.match(c) for c in window) and is_word("".join(window), "words-lost.txt.gz")
