"""Recovery of *lossy* mojibake, the forms ftfy cannot undo because bytes are missing.

UTF-8 punctuation read as Latin-1 becomes ``â`` plus two C1 controls; tools that strip
controls leave the ``â`` alone (``Itâs``, ``âHelloâ``, ``1990â2000``), and ``…`` becomes
``â¦``. Read as Windows-1252, ``”`` loses its undefined last byte and becomes a bare ``â€``.

A lone ``â`` is also a correct letter in French, Portuguese, Romanian, Vietnamese and Turkish,
so nothing is repaired per character. A paragraph is repaired only when it shows evidence that
no correct text in those languages produces (an English contraction with ``â``, ``â`` between
digits, after sentence punctuation, before a capital, standing alone between spaces); a
paragraph with weaker signs only when the same document has such evidence. Then each ``â``
is read from its neighbours, and quotes are paired within the paragraph.
"""
from __future__ import annotations

import re
from collections import Counter

from cleantext.filters.english import PRONOUN_SET, PRONOUNS, english_enough, has_english_dash
from cleantext.filters.letters import CP1252_HIGH, LATIN_1_RE, MARK, has_letter_evidence
from cleantext.filters.quotes import ascii_word_start, repair_quotes

# "â€" that closes after a word or punctuation, followed by plain ASCII or the end: the "”"
# (E2 80 9D) whose 0x9D, undefined in Windows-1252, was dropped. A following non-ASCII
# character may be the rest of another encoding's mojibake, and "?" may be the byte's
# replacement, so those are left to ftfy. Before a space ftfy would read "â€ " as a dagger.
# Also after a Latin letter that is mojibake too ("letter", read with it: _mojibake_letter),
# and opening a Latin word ("”" opens Finnish and Swedish quotations). _replace_bare_euro
# does what this pattern's sub does (tests/test_speed_paths.py checks).
_LATIN_LEADS = "\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9"  # C3-C9 read as Latin-1: the lead bytes of Latin letters (U+00C0-U+027F)
_CLOSER_AFTER = r"(?=[\x00-\x3e\x40-\x7f]|Â\xa0|$)"
_BARE_EURO_RE = re.compile(
    f"(?P<letter>[{_LATIN_LEADS}][\u00a0-\u00bf{re.escape(''.join(sorted(CP1252_HIGH)))}])â€{_CLOSER_AFTER}"
    f"|(?<=[A-Za-z0-9.,!?;:)\\]'\"%…™¦])â€{_CLOSER_AFTER}|(?:^|(?<=[ (]))â€(?=[A-Za-z{_LATIN_LEADS}])", re.MULTILINE)
# Double-encoded "â€" in the same state (seen in the wild as "Ã¢â‚¬â€ ").
_DOUBLE_BARE_EURO_RE = re.compile("Ã¢â‚¬â€(?=[ \n]|$)")
# "â¦" before plain ASCII, a bare "â€" or the first byte of another character ("â¦Äe"):
# "…" (E2 80 A6) without its 0x80; ftfy would read "â¦ " as "⦠".
_BARE_ELLIPSIS_RE = re.compile(r"â¦(?=[\x00-\x7f\u00c2-\u00df]|â€|$)", re.MULTILINE)
_ELLIPSIS_RE = re.compile("â¦")
# "€300m", "10 € ", "• item", "Brand™ ": "€" (E2 82 AC), "•" (E2 80 A2) and "™" (E2 84 A2)
# without their C1 byte, before what no character whose UTF-8 begins E2 AC or E2 A2 (shapes,
# braille) can have as its third byte (or a no-break space, "Â\xa0"); ftfy would read
# "â¢\xa0" as braille "⢠". Right after a letter or digit, "â¢" is the trade mark sign.
_NO_THIRD_BYTE = r"(?=[\x00-\x7f\xa0]|Â\xa0|$)"
_EURO_RE = re.compile(r"â¬" + _NO_THIRD_BYTE, re.MULTILINE)
_BULLET_RE = re.compile(r"(?<![^\W_])â¢" + _NO_THIRD_BYTE, re.MULTILINE)
_TRADE_MARK_RE = re.compile(r"(?<=[^\W_])â¢" + _NO_THIRD_BYTE, re.MULTILINE)
# A lost no-break space: "Â" before a plain space, the "Â\xa0" of a UTF-8 NBSP whose second
# byte became a space. Kept after a word with other non-ASCII letters (Turkish "HÂLÂ "),
# where it can be a correct capital.
_LOST_NBSP_RE = re.compile(r"(?<=\S)([^\W\d_]*)Â ")

_LETTER = r"[^\W\d_]"
# Strong evidence: nothing correct in fr/pt/ro/vi/tr/de looks like this.
# An ASCII word (or one after a lost "’", O’Brien’s) + "â" + an English contraction ending.
# Only pronouns and modals take 're 've 'll 'd: Welsh "caniatâd" is a correct word.
_CONTRACTION = (
    r"(?:(?<=â)|(?<![^\W\d_]))"
    rf"(?:[A-Za-z]*nât|[A-Za-z]+âs|(?i:{PRONOUNS})â(?:re|ve|ll|d)|Iâm)\b"
)
# The plain form, which the code below does not run: has_strong_evidence is the same search,
# faster, and tests/test_speed_paths.py checks the two agree (compiled with re.MULTILINE).
STRONG_PATTERN = "|".join(
    [
        _CONTRACTION,
        r"\dâ\d",  # 1990â2000
        r"\dâs\b",  # the 1990âs, a 70âs rocker
        r"(?:^|\s)â\d\d",  # the â80s, â4.2
        r"â¦",  # an ellipsis ("…" is E2 80 A6)
        r"(?:^|(?<=[\s(\[]))â[A-Z]",  # an opening quote before a capital
        r"(?<![^\W\d_])[ODL]â[A-Z]",  # O’Hare, D’Angelo, L’Osservatore
        r"[.,!?;:]â",  # a closing quote after punctuation
        # a quoted span of plain ASCII: "âa disasterâ" (a correct â never ends a word)
        r"(?:^|(?<=[\s(\[*_]))â[A-Za-z0-9][\x20-\x7e]{0,200}?[A-Za-z0-9]â(?=[\s.,;:!?)\]*_]|$)",
    ]
)
# The same search, anchored at each "â" (found by a fast scan for the literal) with the
# context before it read by look-behinds that include the "â" itself. The contraction, whose
# word has no fixed length, is a candidate here and confirmed by _CONTRACTION_RE.
_STRONG_AT_A_RE = re.compile(
    "â(?:"
    + "|".join(
        [
            r"(?<=\dâ)(?=\d|s\b)",
            r"(?<!\Sâ)(?=\d\d)",
            r"(?=¦)",
            r"(?<![^\s(\[]â)(?=[A-Z])",
            r"(?<=[ODL]â)(?<![^\W\d_][ODL]â)(?=[A-Z])",
            r"(?<=[.,!?;:]â)",
            r"(?<![^\s(\[*_]â)(?=[A-Za-z0-9][\x20-\x7e]{0,200}?[A-Za-z0-9]â(?:[\s.,;:!?)\]*_]|$))",
            r"(?P<word>(?<=[A-Za-z]â)(?=(?:s|re|ve|ll|d|t|m)\b))",
        ]
    )
    + ")",
    re.MULTILINE,
)
_CONTRACTION_RE = re.compile(_CONTRACTION)


def has_strong_evidence(text: str) -> bool:
    """Whether STRONG_PATTERN matches anywhere in ``text`` (several times faster)."""
    for m in _STRONG_AT_A_RE.finditer(text):
        if m.group("word") is None:
            return True
        start = ascii_word_start(text, m.start())  # a contraction: confirm from the start of its word
        if _CONTRACTION_RE.match(text, start) and english_enough(text, start, m.start(), PRONOUN_SET):
            return True
    return False


# Weak evidence: "â" ending an ASCII word, or opening one; counts only in a document that
# already has strong evidence elsewhere.
# A dash between spaces without words around it is weak: a text about letters may write "â / Â / ã".
_WEAK_RE = re.compile(r"\b[A-Za-z]+â(?:(?![^\W\d_])|(?<=[A-Za-z]{2}â)(?=[A-Za-z]))|(?:^|(?<=\s))â[a-z]|(?<=[^\S\n]|>)â(?=[^\S\n])", re.MULTILINE)
_PARAGRAPH_SPLIT_RE = re.compile(r"(\n[ \t\r]*\n)")


# An "â" of UTF-8 read as Latin-1 (the byte E2; the letter "â" reads "Ã¢") that lost the
# rest of its character: not the first of a punctuation mark's bytes that kept the next (a
# C1 control, or the "¦" of "â¦"), nor Windows-1252 mojibake ("â€"), nor one whose next byte
# became "?" (ftfy reads "â?" itself).
_LONE_RE = re.compile("\u00e2(?![?\u0080-\u00bf" + "".join(sorted(CP1252_HIGH)) + "])")


def mark_lone_punctuation(text: str) -> str:
    """In each paragraph that is all UTF-8 read as Latin-1 (it shows "Ã©" for "é", and holds
    no character outside Latin-1, as a text that quotes such mojibake would), every "â" marked
    (MARK): there a correct "â" reads "Ã¢", so a lone one is what C1 stripping left of a
    quote, apostrophe or dash ("lâhomme", "âDas istâ"), which ftfy cannot tell from the letter
    once it has decoded the rest. :func:`repair_lossy` reads the marks; unmark puts back the
    "â" of those it leaves."""
    if "\u00e2" not in text or MARK in text or not has_letter_evidence(text):
        return text
    parts = _PARAGRAPH_SPLIT_RE.split(text)
    for i in range(0, len(parts), 2):
        if _LONE_RE.search(parts[i]) and LATIN_1_RE.fullmatch(parts[i]) and has_letter_evidence(parts[i]):
            parts[i] = _LONE_RE.sub(MARK, parts[i])
    return "".join(parts)


def unmark(text: str) -> str:
    return text.replace(MARK, "\u00e2") if MARK in text else text


def repair_bare_closing_quotes(text: str) -> tuple[str, Counter]:
    """Repair a "”" that lost its last byte, before ftfy can turn it into a dagger, and an
    ellipsis, euro sign, bullet or trade mark sign that lost its C1 byte, before ftfy reads
    them as a mathematical bracket, shape or braille ("â¦ ", "â¬ ", "â¢ ": a space may stand
    for A0).

    >>> repair_bare_closing_quotes("Si hace clic en â€œAplicarâ€, listo.")[0]
    'Si hace clic en â€œAplicar”, listo.'
    """
    counts: Counter = Counter()
    if "â" not in text:  # one character to look for: the common case costs one scan
        return text, counts
    if "â¦" in text:  # first: a quote closes after an ellipsis ("Wait…”")
        text = _count_sub(_BARE_ELLIPSIS_RE, "\u2026", text, counts, "lossy-ellipsis")
    if "â¬" in text:
        text = _count_sub(_EURO_RE, "\u20ac", text, counts, "lossy-euro")
    if "â¢" in text:
        text = _count_sub(_BULLET_RE, "\u2022", text, counts, "lossy-bullet")
        text = _count_sub(_TRADE_MARK_RE, "\u2122", text, counts, "lossy-trade-mark")
    if "â€" in text:
        if "Ã¢â‚¬â€" in text:
            text = _count_sub(_DOUBLE_BARE_EURO_RE, "\u201d", text, counts, "lossy-closing-quote")
        text = _replace_bare_euro(text, counts)
    return text, counts


# What a closing quote follows: a word, punctuation, and the last character of the mojibake of
# "’" and "…" ("â€™", "â€¦"), which ftfy mends after this.
_BEFORE_CLOSER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,!?;:)]'\"%…™¦")


def _mojibake_letter(text: str, i: int) -> str | None:
    """The Latin letter whose UTF-8 read as Windows-1252 ends at ``i`` (Finnish "sÃ¤ngyssÃ¤â€
    tai"), if one does; not a Hebrew or Arabic one, after which "â€" is as likely a
    right-to-left mark, E2 80 8F; nor "â" ("Ã¢"), which with an "â€" after it is mojibake of
    mojibake ("Ã¢â€ â€™" for "→")."""
    if i < 2 or text[i - 2] not in _LATIN_LEADS:
        return None
    try:
        letter = text[i - 2 : i].encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return letter if letter.isalpha() and letter != "\u00e2" else None


def _opens_word(text: str, i: int, after: str) -> bool:
    """Whether the "â€" at ``i`` opens a Latin word, after a space or a line's start: a "”" as
    Finnish and Swedish open a quotation ("â€Miten", "â€Ã„lä"; of the other characters E2 80
    and an undefined byte make, no hyphen, joiner or mark opens such a word)."""
    return (i == 0 or text[i - 1] in " \n(") and (after.isascii() and after.isalpha() or after != "" and after in _LATIN_LEADS)


def _replace_bare_euro(text: str, counts: Counter) -> str:
    """What _BARE_EURO_RE.sub("”", text) does, and a "”" after a Latin letter that is mojibake
    too or opening a word; "â€" occurs often in mojibake, and checking each occurrence's
    neighbours is much faster than a look-behind at every position."""
    out: list[str] = []
    pos, n = 0, len(text)
    i = text.find("â€")
    while i >= 0:
        after = text[i + 2] if i + 2 < n else ""
        plain = after == "" or (after < "\x80" and after != "?") or text.startswith("Â\xa0", i + 2)  # "” " with NBSP
        # after a letter that is mojibake too, both are written: ftfy decodes no letter before a "”" (94)
        letter = _mojibake_letter(text, i) if plain else None
        if letter or plain and i and text[i - 1] in _BEFORE_CLOSER or _opens_word(text, i, after):
            out += (text[pos : i - 2 if letter else i], (letter or "") + "\u201d")
            pos = i + 2
            counts["lossy-closing-quote"] += 1
        i = text.find("â€", i + 2)
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def repair_lossy(text: str, evidence_before: bool = False, marked: bool = False) -> tuple[str, Counter, bool, bool]:
    """Repair lossy mojibake that ftfy left alone.

    Returns the text, a count per kind of repair, whether the text showed strong evidence
    (a stream passes that on to its next piece as ``evidence_before``), and whether a
    paragraph was left for want of it. A paragraph with weak signs only is repaired when
    strong evidence came before it in the document. In a ``marked`` text
    (mark_lone_punctuation), a paragraph with a MARK has only its marks repaired.

    >>> repair_lossy("Itâs âfineâ, he said â the 1990â2000 data.")[0]
    'It’s “fine”, he said — the 1990–2000 data.'
    >>> repair_lossy("O conteúdo dinâmico, no âmbito do România.")[0]
    'O conteúdo dinâmico, no âmbito do România.'
    """
    counts: Counter = Counter()
    marked = marked and MARK in text
    if "â" not in text and "Â" not in text and not marked:
        return text, counts, evidence_before, False
    if "Â " in text:
        text = _count_sub(_LOST_NBSP_RE, _restore_lost_nbsp, text, counts, "lost-nbsp")
    if "â" not in text and not marked:
        return text, counts, evidence_before, False
    parts = _PARAGRAPH_SPLIT_RE.split(text)
    seen, wanted = evidence_before, False
    for i, part in enumerate(parts):
        if i % 2:
            continue
        if marked and MARK in part:  # only the marks: an "â" beside them is a letter
            parts[i], seen = _repair_paragraph(part, counts, MARK), True
            continue
        if "â" not in part:
            continue
        strong = has_strong_evidence(part) or has_english_dash(part)
        seen = seen or strong
        weak = not strong and _WEAK_RE.search(part) is not None
        if strong or (seen and weak):
            parts[i] = _repair_paragraph(part, counts)
        elif weak:
            wanted = True  # weak signs only, and no evidence before them
    return "".join(parts), counts, seen, wanted


def _restore_lost_nbsp(match: re.Match) -> str:
    word = match.group(1)
    return word + "\u00a0" if word.isascii() else match.group()


def _count_sub(pattern: re.Pattern, repl, text: str, counts: Counter, kind: str) -> str:
    new, n = pattern.subn(repl, text)
    if n:
        counts[kind] += n
    return new


def _repair_paragraph(par: str, counts: Counter, lone: str = "â") -> str:
    par = _count_sub(_ELLIPSIS_RE, "\u2026", par, counts, "lossy-ellipsis")
    return repair_quotes(par, counts, lone)
