"""Bytes dropped from Windows-1252 mojibake, or stripped from Latin-1 mojibake, read back
from the characters around them.

A decoder that drops the five bytes Windows-1252 leaves undefined (81 8D 8F 90 9D), rather
than write "�" for them (which :mod:`cleantext.filters.bytes_lost` reads back), leaves
characters one byte short: "Ñ" for Russian "с" (D1 81), "Ä" for Czech "č" (C4 8D). Here a
line that is Windows-1252 mojibake all through but for such characters gets back, at each,
the character that one of the five bytes makes there (the byte may have stood at any place
after the first), chosen as the lost-byte repair chooses; where none can be told, "�" marks
the loss, as a replacing decoder would have. A line changes only when at least three other
characters decode plainly, one of them through a byte that C1 stripping would have removed
(so it is not Latin-1 mojibake, whose letters lost other bytes: the lost-letter repair's);
or, where the text's lines with such mojibake show that together, when one of the line's
does, and the letters read back are of the script of those that decode. A line that lost
nothing but that ftfy calls good ("prasidÄ—jo": a letter may stand before a dash) is decoded
whole on the same evidence, or, beside lines that show it, where its words read are listed.

UTF-8 read as Latin-1 with its C1 controls (80-9F) stripped loses many more: every Russian
"р"-"я" (D1 80-8F) is a lone "Ñ", Greek "π"-"ω" (CF 80-89) a lone "Ï", Hebrew "א"-"ן" a
lone "×". :func:`repair_stripped_bytes` reads such lines of the scripts other than Latin
(leads CE-DB, and E0 of the Indic scripts) the same way, each short character from the 32
bytes; Latin letters are the lost-letter repair's, and what stays of general punctuation
("â" for a dash or quote) the lossy repairs'.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache

from cleantext.filters.bytes_lost import EVIDENT, UNDEFINED, can_be_lost, is_letter, resolve
from cleantext.filters.char_model import may_follow, script, share
from cleantext.filters.english import WORD_RE
from cleantext.filters.ftfy_import import import_ftfy
from cleantext.filters.letters import CP1252_HIGH, MARK
from cleantext.filters.lost_words import is_listed

_INVALID_RE = re.compile("[\udc80-\udcff]+")  # the bytes that are not UTF-8, as surrogateescape has them
_C1_RE = re.compile("[\x80-\x9f]")
_NON_ASCII_RE = re.compile("[^\x00-\x7f]")

# A lead byte and a byte 80-9F after it (the character's second or third), all read as
# Windows-1252 ("Ñ‚" for "т", "à¤•" for "क"): only a line that shows one is read, and only in
# a text that holds a lead byte at all (English with curly quotes holds none)
_LEADS = tuple(chr(byte) for byte in range(0xC2, 0xF5))
_HIGH = re.escape("".join(sorted(CP1252_HIGH)))
_SIGN = f"[\u00c2-\u00f4][\u00a0-\u00bf{_HIGH}]?[{_HIGH}]"
_KEPT_A0_RE = re.compile(f"[\u00c2-\u00f4][\u00a0-\u00bf{_HIGH}]?\u00a0")  # a lead byte, and an A0 after it
# ... and in Latin-1 mojibake with C1 stripped: the lead of a script other than Latin and a
# byte after it that stayed ("Ð¸" for "и", "×©" for "ש", "à¤¾" for "ा")
_OTHER_LEADS = (*range(0xCE, 0xDC), 0xE0)  # Greek, Cyrillic, Armenian, Hebrew, Arabic; the Indic scripts
_STRIPPED_LEADS = tuple(map(chr, _OTHER_LEADS))
_STRIPPED_SIGN = f"[{''.join(_STRIPPED_LEADS)}][\u00a0-\u00bf]"
C1 = tuple(range(0x80, 0xA0))  # the bytes C1 stripping removes


@cache
def _sign_re(stripped: bool = False):
    """_SIGN (or _STRIPPED_SIGN) compiled by the regex module, whose scan for a class of
    characters is several times faster than re's (imported only for a text that holds a
    lead byte)."""
    import regex

    return regex.compile(_STRIPPED_SIGN if stripped else _SIGN)


def repair_dropped_bytes(text: str) -> tuple[str, Counter]:
    """``text`` with the characters that lost an undefined byte in Windows-1252 mojibake read back.

    >>> repair_dropped_bytes("\u00d0\u0178\u00d1\u20ac\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u201a \u00d0\u00b2\u00d0\u00b5\u00d1\u00d0\u00bd\u00d0\u00b0")[0]
    'Привет весна'
    >>> repair_dropped_bytes("A\u00f1o \u00d1o")[0]
    'Año Ño'
    """
    return _repair(text, False)


def repair_stripped_bytes(text: str) -> tuple[str, Counter]:
    """``text`` with the characters of scripts other than Latin that lost a byte to C1
    stripping (UTF-8 read as Latin-1) read back.

    >>> repair_stripped_bytes("ÐÑÐ¸Ð²ÐµÑ Ð´ÑÑÐ·ÑÑÐ¼")[0]
    'Привет друзьям'
    >>> repair_stripped_bytes("ÐÑ Ð¶Ð¸Ð»Ð¸ ÑÐ°Ð¼")[0]  # "мы" or Bulgarian "му", "там" or "сам"
    '�� жили �ам'
    """
    return _repair(text, True)


def _repair(text: str, stripped: bool) -> tuple[str, Counter]:
    counts: Counter = Counter()
    if text.isascii() or not any(lead in text for lead in (_STRIPPED_LEADS if stripped else _LEADS)):
        return text, counts
    lines: list[tuple[int, int, str | None, bool, int, frozenset[str]]] = []  # each line with a sign, once
    search = _sign_re(stripped).search
    sign = search(text)
    if sign is None:
        return text, counts
    kept = _KEPT_A0_RE.search(text) is not None  # a character decodes through an A0 ("Ð\xa0" for "Р"): the text kept its A0 bytes
    while sign is not None:
        start = text.rfind("\n", 0, sign.start()) + 1
        end = text.find("\n", sign.end())
        end = len(text) if end < 0 else end
        fixed, plain, whole = _read_back(text[start:end], stripped, kept)
        lines.append((start, end, fixed, whole, len(plain), frozenset(plain)))  # (not the list: it may be long)
        sign = search(text, end)
    text_evident = _evident(sum(n for *_, n, _ in lines), frozenset().union(*(chars for *_, chars in lines)), stripped)
    out: list[str] = []
    done = 0
    for start, end, fixed, whole, n, chars in lines:
        if fixed is not None and (_evident(n, chars, stripped) or text_evident and _weakly_evident(text[start:end], fixed, chars, stripped)
                                  and not (whole and _may_be_correct(text[start:end], fixed, chars))):
            counts["decoded-line" if whole else "stripped-byte" if stripped else "dropped-byte"] += 1
            out += (text[done:start], fixed)
            done = end
    return ("".join(out) + text[done:] if out else text), counts


def _evident(n: int, chars: frozenset[str], stripped: bool) -> bool:
    """Whether ``n`` characters that decode plainly (as UTF-8 read as Windows-1252), ``chars``,
    show the mojibake: at least EVIDENT, one through a byte 80-9F, which C1 stripping would
    have removed (so it is not Latin-1 mojibake, whose letters lost other bytes: the
    lost-letter repair's). For C1 stripping: at least EVIDENT (of scripts other than Latin)."""
    return n >= EVIDENT and (stripped or any(map(can_be_lost, chars)))


def _weakly_evident(line: str, fixed: str, chars: frozenset[str], stripped: bool) -> bool:
    """Whether a line that shows too little mojibake alone may be read back in a text whose
    other lines show enough ("AnalitiÄari su takoÄ‘er"): a character that decodes plainly
    (``chars``) does so through a byte 80-9F (or, for C1 stripping, one decodes at all), and
    each letter read back is of a script that the letters that decode are of (not Arabic "ف"
    for a correct "Ù'" beside a decoded "Ã™"; a symbol may be any: "➡️")."""
    scripts = {script(c) for c in chars if c.isalpha()}
    shown = bool(chars) if stripped else any(map(can_be_lost, chars))
    return shown and all(script(c) in scripts for c in set(fixed) - set(line) - chars if c.isalpha())


def _may_be_correct(line: str, fixed: str, chars: frozenset[str]) -> bool:
    """Whether a line of plain mojibake that shows too little alone, ``line``, may be correct
    text: a sign of it opens a word ("Ã’s", "4288×…" of ftfy's cases), or a word of its
    reading ``fixed`` that holds one of ``chars`` is no listed word ("VOCÊ…" is no "VOCʅ")."""
    if any(not line[sign.start() - 1 : sign.start()].isalpha() for sign in _sign_re().finditer(line)):
        return True
    return any(not is_listed(word) for word in WORD_RE.findall(fixed) if not chars.isdisjoint(word))


def _read_back(line: str, stripped: bool = False, kept: bool = False) -> tuple[str | None, list[str], bool]:
    """The line with the characters that lost a dropped (or stripped) byte read back (None when
    it is not such mojibake all through); its characters outside ASCII that decode plainly
    (for C1 stripping: those of scripts other than Latin); and whether none lost a byte (a
    line of plain mojibake, decoded whole, where ftfy would leave it)."""
    import_ftfy()  # registers sloppy-windows-1252
    if "\ufffd" in line:
        return None, [], False  # the lost-byte repair's (sloppy-windows-1252 would write it as 1A)
    if stripped and _C1_RE.search(line):
        return None, [], False  # its C1 controls are there: ftfy's to decode
    lone = MARK if MARK in line else "\u00e2"  # a lone "â" the lossy repairs marked stays marked
    try:
        decoded = line.replace(MARK, "\u00e2").encode("latin-1" if stripped else "sloppy-windows-1252").decode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return None, [], False
    plain = _NON_ASCII_RE.findall(_INVALID_RE.sub("", decoded))
    if stripped:
        plain = [c for c in plain if script(c) != "LATIN"]
    runs = []
    for run in _INVALID_RE.finditer(decoded):
        short = _short_characters(bytes(ord(c) - 0xDC00 for c in run.group()), stripped, lone)
        if not all(candidates for _, candidates in short):
            return None, [], False  # not characters one byte short ("café" in Windows-1252): no mojibake of this kind
        runs.append((run, short))
    if not runs:  # UTF-8 already: ftfy's to decode, if it calls it mojibake; ftfy's badness lets
        # a letter stand before a dash or a trade mark ("NekentÄ—kite", "linkÄ™" of Lithuanian)
        from cleantext.filters.safe import is_bad_line

        if stripped or decoded == line or is_bad_line(line) or _mojibake_left(decoded):
            return None, plain, True
        return decoded, plain, True
    return _reading(decoded, runs, stripped, kept), plain, False


def _reading(decoded: str, runs: list, stripped: bool, kept: bool) -> str | None:
    """``decoded`` (with the bytes that are not UTF-8 as surrogates) with each of the short
    characters of ``runs`` read back, or None when a reading is not to be trusted."""
    chars: list[str] = []
    rivals: dict[int, set[str]] = {}
    shorts: dict[int, tuple[bytes, set[str]]] = {}  # where in chars -> the bytes left of the character, and its readings
    done = 0
    for run, short in runs:
        chars += decoded[done : run.start()]
        done = run.end()
        for raw, candidates in short:
            shorts[len(chars)] = raw, candidates
            if len(candidates) > 1:
                rivals[len(chars)] = candidates
            chars.append(min(candidates))
    chars += decoded[done:]
    resolve(chars, rivals)
    ends = [i for i in shorts if chars[i + 1 : i + 2] in ([], [" "])]  # "Ñ " may be "Ѡ" (D1 A0) whose A0 became a space
    inside = len(ends) < len(shorts)  # a character inside a word lost a byte: the line's decoder drops them
    written = frozenset(chars)
    # a character the line decodes through an A0 byte ("Ð\xa0" for "Р"): its A0 bytes were kept;
    # where only another line of the text does (``kept``), an A0 reading that makes a listed
    # word still wins (a text may join documents: ftfy's cases hold "Å veices", "Šveices")
    if not any(b"\xa0" in c.encode("utf-8")[1:] for c in written) and not all(
            _plainly_dropped(chars, i, *shorts[i], inside or kept, written) for i in ends):
        return None
    fixed = "".join(chars)
    from cleantext.filters.safe import is_bad_line

    # (what C1 stripping left of punctuation, "â¦", is the lossy repairs' to read, and no sign)
    punctuation = {i for i, (raw, _) in shorts.items() if stripped and raw[0] not in _OTHER_LEADS}
    if _mojibake_left(fixed) or is_bad_line("".join(" " if c == "\ufffd" or i in punctuation else c for i, c in enumerate(chars))):
        return None  # mojibake of mojibake ("Ã¢â€ â€™"): ftfy's (whose badness would count our own "��")
    if fixed.count("\ufffd") > MOST_UNKNOWN * sum(not c.isascii() for c in fixed):
        return None  # most of what was lost cannot be told: no reading to trust
    return fixed


def _mojibake_left(line: str) -> bool:
    """Whether ``line`` holds a sign that is not just letters of a word: one that decodes (as
    UTF-8 read as Windows-1252: "Å¡"), or one with punctuation ("â”" of "Ã¢â€ â€™", read once,
    whose A0 became a space). Czech "pláště" holds "áš", whose E1 would need two bytes after it."""
    for sign in _sign_re().finditer(line):
        lead = ord(sign.group()[0])
        width = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if not sign.group().isalpha() or _decoded(line[sign.start() : sign.start() + width].encode("sloppy-windows-1252", "replace")) is not None:
            return True
    return False


MOST_UNKNOWN = 0.5  # the share of a line's characters outside ASCII that may stay "�" in its reading
RARER = 1000.0  # how much rarer than a dropped byte's character the A0 reading's must be


def _plainly_dropped(chars: list[str], index: int, raw: bytes, candidates: set[str], inside: bool, written: frozenset[str]) -> bool:
    """Whether the short character at ``index``, which ends a word, lost a dropped byte (one
    of ``candidates``) rather than an A0 that became the space after it ("Å veices" is
    "Šveices"; asked only of a line that decodes no character through an A0): the word the A0
    reading would make with the next one is not listed (or not known: a "�" beside it), and
    either ``inside`` holds (a character inside a word of the line lost a byte too, or another
    line of the text kept its A0 bytes), or its word as read is listed, or the A0 reading makes
    a character a thousand times rarer than the likeliest candidate, which the line writes
    nowhere else (``written``: Russian "Ñ " is "с", "я" or "э", never "Ѡ"). The byte stays "�"
    where its word does not tell which; a line whose only short character is "à¸ " (Thai "ภ",
    E0 B8 A0) stays ftfy's."""
    start = index
    while start and is_letter(chars[start - 1]):
        start -= 1
    end = index + 2
    while end < len(chars) and is_letter(chars[end]):
        end += 1
    try:
        spaced = (raw + b"\xa0").decode("utf-8")
    except UnicodeDecodeError:
        return True
    if not may_follow(spaced, chars[index - 1] if index else " "):
        return True  # a mark of another script (Armenian "Ö " is "ց", D6 81, not Hebrew "֠", D6 A0)
    whole = chars[start - 1 : start] != ["\ufffd"] and chars[end : end + 1] != ["\ufffd"]  # (a "�" leaves the word unknown)
    if whole and is_listed("".join(chars[start:index]) + spaced + "".join(chars[index + 2 : end])):
        return False
    if inside or chars[index] != "\ufffd" and is_listed("".join(chars[start : index + 1])):
        return True
    return max(map(share, candidates)) >= RARER * share(spaced) and spaced not in written


def _short_characters(data: bytes, stripped: bool = False, lone: str = "\u00e2") -> list[tuple[bytes, set[str]]]:
    """For each character of ``data`` (bytes that are not UTF-8) that lacks one byte (or, of
    three, both after the first), its bytes and the characters undefined bytes (or, for C1
    stripping, C1 bytes) make of it; an empty set where that reading fails. For C1 stripping,
    what is left of general punctuation (E2) stays as it reads in Latin-1 ("â", or ``lone``
    for an E2 alone), one entry per byte, and a Latin letter's lead fails (the lost-letter
    repair's)."""
    lost = C1 if stripped else UNDEFINED
    out: list[tuple[bytes, set[str]]] = []
    i = 0
    while i < len(data):
        lead = data[i]
        width = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
        end = i + 1
        while end < len(data) and end < i + width and 0x80 <= data[end] <= 0xBF:
            end += 1
        if stripped and lead == 0xE2:
            out += [(bytes([byte]), {lone if end == i + 1 else chr(byte)}) for byte in data[i:end]]
            i = end
            continue
        if stripped and (lead not in _OTHER_LEADS or width == 3 and end == i + 1):
            return [(b"", set())]
        if width == 3 and end == i + 1:  # both bytes after the lead dropped (Japanese "反" is E5 8F 8D)
            tried = [data[i:end] + bytes(pair) for pair in itertools.product(lost, repeat=2)]
        elif width == 0 or end - i != width - 1:
            return [(b"", set())]
        else:
            tried = [data[i:at] + bytes([byte]) + data[at:end] for at in range(i + 1, end + 1) for byte in lost]
        found = {char for char in map(_decoded, tried) if char is not None}
        out.append((data[i:end], found))
        i = end
    return out


def _decoded(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
