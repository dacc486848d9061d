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

from cleantext.filters.english import ENGLISH_WORD_RE as _ENGLISH_WORD_RE
from cleantext.filters.english import PHRASE_WORDS, english_enough, has_english_dash
from cleantext.filters.letters import is_word

# "â€" that closes after a word or punctuation, followed by plain ASCII or the end: the "”"
# (E2 80 9D) whose 0x9D, undefined in Windows-1252, was dropped. A following non-ASCII
# character may be the rest of another encoding's mojibake, and "?" may be the byte's
# replacement, so those are left to ftfy. Before a space ftfy would read "â€ " as a dagger.
_BARE_EURO_RE = re.compile(r"(?<=[A-Za-z0-9.,!?;:)\]'\"%…™¦])â€(?=[\x00-\x3e\x40-\x7f]|Â\xa0|$)", re.MULTILINE)
# Double-encoded "â€" in the same state (seen in the wild as "Ã¢â‚¬â€ ").
_DOUBLE_BARE_EURO_RE = re.compile("Ã¢â‚¬â€(?=[ \n]|$)")
# "â¦" before plain ASCII or a bare "â€": "…" (E2 80 A6) without its 0x80; ftfy would read
# "â¦ " as "⦠".
_BARE_ELLIPSIS_RE = re.compile(r"â¦(?=[\x00-\x7f]|â€|$)", re.MULTILINE)
_ELLIPSIS_RE = re.compile("â¦")
_EURO_RE = re.compile(r"â¬(?=\d)")  # "€300m": "€" is E2 82 AC
# A lost no-break space: "Â" before a plain space, the "Â\xa0" of a UTF-8 NBSP whose second
# byte became a space. Kept after a word with other non-ASCII letters (Turkish "HÂLÂ "),
# where it can be a correct capital.
_LOST_NBSP_RE = re.compile(r"(?<=\S)([^\W\d_]*)Â ")

_LETTER = r"[^\W\d_]"
# Strong evidence: nothing correct in fr/pt/ro/vi/tr/de looks like this.
# An ASCII word (or one after a lost "’", O’Brien’s) + "â" + an English contraction ending.
# Only pronouns and modals take 're 've 'll 'd: Welsh "caniatâd" is a correct word.
_PRONOUNS = "I|you|he|she|it|we|they|who|that|there|what|could|would|should|might|must"
_CONTRACTION = (
    r"(?:(?<=â)|(?<![^\W\d_]))"
    rf"(?:[A-Za-z]*nât|[A-Za-z]+âs|(?i:{_PRONOUNS})â(?:re|ve|ll|d)|Iâm)\b"
)
# The plain form, which the code below does not run: has_strong_evidence is the same search,
# faster, and tests/test_speed_paths.py checks the two agree (compiled with re.MULTILINE).
STRONG_PATTERN = "|".join(
    [
        _CONTRACTION,
        r"\dâ\d",  # 1990â2000
        r"(?:^|\s)â\d\d",  # the â80s, â4.2
        r"â¦",  # an ellipsis ("…" is E2 80 A6)
        r"(?:^|(?<=[\s(\[]))â[A-Z]",  # an opening quote before a capital
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
            r"(?<=\dâ)(?=\d)",
            r"(?<!\Sâ)(?=\d\d)",
            r"(?=¦)",
            r"(?<![^\s(\[]â)(?=[A-Z])",
            r"(?<=[.,!?;:]â)",
            r"(?<![^\s(\[*_]â)(?=[A-Za-z0-9][\x20-\x7e]{0,200}?[A-Za-z0-9]â(?:[\s.,;:!?)\]*_]|$))",
            r"(?P<word>(?<=[A-Za-z]â)(?=(?:s|re|ve|ll|d|t|m)\b))",
        ]
    )
    + ")",
    re.MULTILINE,
)
_CONTRACTION_RE = re.compile(_CONTRACTION)
_PRONOUN_SET = frozenset(_PRONOUNS.lower().split("|"))


def has_strong_evidence(text: str) -> bool:
    """Whether STRONG_PATTERN matches anywhere in ``text`` (several times faster)."""
    for m in _STRONG_AT_A_RE.finditer(text):
        if m.group("word") is None:
            return True
        start = m.start()  # a contraction: confirm from the start of its word
        while start and text[start - 1] < "\x80" and text[start - 1].isalpha():
            start -= 1
        if _CONTRACTION_RE.match(text, start) and english_enough(text, start, m.start(), _PRONOUN_SET):
            return True
    return False


# Weak evidence: "â" ending an ASCII word, or opening one; counts only in a document that
# already has strong evidence elsewhere.
# A dash between spaces without words around it is weak: a text about letters may write "â / Â / ã".
_WEAK_RE = re.compile(r"\b[A-Za-z]+â(?![^\W\d_])|[A-Za-z]{2}â[A-Za-z]|(?:^|(?<=\s))â[a-z]|(?<=[^\S\n]|>)â(?=[^\S\n])", re.MULTILINE)
_LONE_A_RE = re.compile("â")
_PARAGRAPH_SPLIT_RE = re.compile(r"(\n[ \t\r]*\n)")
_SUFFIX_RE = re.compile(r"(?:s|t|re|ve|ll|d|m)\b")
_CAPS_SUFFIX_RE = re.compile(r"(?:S|T|RE|VE|LL|D|M)\b")  # ITâS, DONâT

OPEN, CLOSE = "open", "close"


def repair_bare_closing_quotes(text: str) -> tuple[str, Counter]:
    """Repair a "”" that lost its last byte, before ftfy can turn it into a dagger.

    >>> repair_bare_closing_quotes("Si hace clic en â€œAplicarâ€, listo.")[0]
    'Si hace clic en â€œAplicar”, listo.'
    """
    counts: Counter = Counter()
    if "â" not in text:  # one character to look for: the common case costs one scan
        return text, counts
    if "â¦" in text:  # first: a quote closes after an ellipsis ("Wait…”")
        text = _count_sub(_BARE_ELLIPSIS_RE, "\u2026", text, counts, "lossy-ellipsis")
    if "â€" in text:
        if "Ã¢â‚¬â€" in text:
            text = _count_sub(_DOUBLE_BARE_EURO_RE, "\u201d", text, counts, "lossy-closing-quote")
        text = _replace_bare_euro(text, counts)
    return text, counts


# What a closing quote follows: a word, punctuation, and the last character of the mojibake of
# "’" and "…" ("â€™", "â€¦"), which ftfy mends after this.
_BEFORE_CLOSER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,!?;:)]'\"%…™¦")


def _replace_bare_euro(text: str, counts: Counter) -> str:
    """What _BARE_EURO_RE.sub("”", text) does; "â€" occurs often in mojibake, and checking each
    occurrence's neighbours is much faster than a look-behind at every position."""
    out, pos, n = [], 0, len(text)
    i = text.find("â€")
    while i >= 0:
        after = text[i + 2] if i + 2 < n else ""
        plain = after == "" or (after < "\x80" and after != "?") or text.startswith("Â\xa0", i + 2)  # "” " with NBSP
        if i and text[i - 1] in _BEFORE_CLOSER and plain:
            out.append(text[pos:i])
            out.append("\u201d")
            pos = i + 2
            counts["lossy-closing-quote"] += 1
        i = text.find("â€", i + 2)
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def repair_lossy(text: str, evidence_before: bool = False) -> tuple[str, Counter, bool, bool]:
    """Repair lossy mojibake that ftfy left alone.

    Returns the text, a count per kind of repair, whether the text showed strong evidence
    (a stream passes that on to its next piece as ``evidence_before``), and whether a
    paragraph was left for want of it. A paragraph with weak signs only is repaired when
    strong evidence came before it in the document.

    >>> repair_lossy("Itâs âfineâ, he said â the 1990â2000 data.")[0]
    'It’s “fine”, he said — the 1990–2000 data.'
    >>> repair_lossy("O conteúdo dinâmico, no âmbito do România.")[0]
    'O conteúdo dinâmico, no âmbito do România.'
    """
    counts: Counter = Counter()
    if "â" not in text and "Â" not in text:
        return text, counts, evidence_before, False
    if "Â " in text:
        text = _count_sub(_LOST_NBSP_RE, _restore_lost_nbsp, text, counts, "lost-nbsp")
    if "â" not in text:
        return text, counts, evidence_before, False
    parts = _PARAGRAPH_SPLIT_RE.split(text)
    seen, wanted = evidence_before, False
    for i, part in enumerate(parts):
        if i % 2 or "â" not in part:
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


def _repair_paragraph(par: str, counts: Counter) -> str:
    par = _count_sub(_ELLIPSIS_RE, "\u2026", par, counts, "lossy-ellipsis")
    if "â¬" in par:
        par = _count_sub(_EURO_RE, "\u20ac", par, counts, "lossy-euro")
    return _repair_quotes(par, counts)


def _repair_quotes(par: str, counts: Counter) -> str:
    tokens = [(m.start(), _classify(par, m.start())) for m in _LONE_A_RE.finditer(par)]
    repl: dict[int, str] = {}
    depth = 0
    following = _next_quote_kinds(tokens)
    for n, (pos, kind) in enumerate(tokens):
        if kind == OPEN and depth and "\n" in par[tokens[n - 1][0] : pos]:
            # A line that opens a quote while one is open: in scraped text every line is a
            # paragraph, and a quotation that runs over several opens each and closes the last.
            depth = 0
        if kind == OPEN:
            # "âThe" opens a quote; "âbest" or "â4" only when the next quote-like "â" closes it.
            confirmed = par[pos + 1 : pos + 2].isupper() or following[n] == CLOSE
            if confirmed and depth < 2:
                repl[pos] = "\u201c" if depth == 0 else "\u2018"
                depth += 1
        elif kind == CLOSE:
            if depth and _possessive(par, pos) and following[n] == CLOSE:
                repl[pos] = "\u2019"  # "the workers’ patience”: the quote closes later
            elif depth:
                repl[pos] = "\u201d" if depth == 1 else "\u2019"
                depth -= 1
            elif par[pos - 1] in ".,!?;:":
                repl[pos] = "\u201d"  # the close of a quotation opened on a line before
            elif par[pos - 1] in "sS":
                repl[pos] = "\u2019"  # the nurses’ union
        elif kind == "spaced":
            if depth == 1 and pos >= 2 and par[pos - 2] in ",.!?":
                repl[pos] = "\u201d"  # a closing quote that drifted after the space
                depth = 0
            else:
                repl[pos] = "\u2014"
        elif kind is not None:
            repl[pos] = kind
    if not repl:
        return par
    out, last = [], 0
    for pos in sorted(repl):
        ch = repl[pos]
        if ch == "\u201d" and par[pos - 1 : pos] == " " and _drifted(par, pos):
            out.append(par[last : pos - 1])
            out.append(ch + " ")
            last = pos + 2 if par[pos + 1 : pos + 2] == " " else pos + 1
        else:
            out.append(par[last:pos])
            out.append(ch)
            last = pos + 1
        counts["lossy-" + _KIND_NAMES.get(ch, "quote")] += 1
    out.append(par[last:])
    return "".join(out)


def _possessive(par: str, pos: int) -> bool:
    """A plural possessive before a word: "the workersâ patience"."""
    return par[pos - 1] in "sS" and par[pos + 1 : pos + 2] == " " and par[pos + 2 : pos + 3].islower()


def _next_quote_kinds(tokens: list[tuple[int, str | None]]) -> list[str | None]:
    """For each token, the kind of the next quote-like token after it (None at the end): one
    pass from the end, so a paragraph of many quotes costs linear time."""
    out: list[str | None] = [None] * len(tokens)
    upcoming = None
    for n in range(len(tokens) - 1, -1, -1):
        out[n] = upcoming
        if tokens[n][1] in (OPEN, CLOSE, "spaced"):
            upcoming = tokens[n][1]
    return out


_KIND_NAMES = {"\u2019": "apostrophe", "\u2014": "dash", "\u2013": "dash"}


def _drifted(par: str, pos: int) -> bool:
    """A closer written after the space that should follow it: 'plan, â he' -> 'plan,” he'."""
    return pos >= 2 and par[pos - 2] in ",.!?"


def _classify(par: str, pos: int) -> str | None:
    before = par[pos - 1] if pos else "\n"
    after = par[pos + 1] if pos + 1 < len(par) else "\n"
    # A tag's edge stands where a space would: "<p>âThe", "said.â</p>".
    before, after = (" " if before == ">" else before), (" " if after == "<" else after)
    if before.isdigit() and after.isdigit():
        return "\u2013"  # a range: 1990–2000, pages 4–7
    if before.isalpha() and before.isascii():
        suffix = (_CAPS_SUFFIX_RE if after.isupper() else _SUFFIX_RE).match(par, pos + 1)
        if suffix and _is_contraction(par, pos, suffix.group().lower()):
            return "\u2019"
        if before in "ODL" and after.isupper() and (pos < 2 or not par[pos - 2].isalpha()):
            return "\u2019"  # O’Brien, D’Angelo, L’Osservatore
        if after.isalpha():
            return "\u2014" if after.isascii() and _tight_dash(par, pos) else None  # else a correct letter; leave it
    if (before.isspace() or before in "([{") and re.match(r"\d\ds?\b", par[pos + 1 : pos + 4]):
        return "\u2019"  # the ’80s
    if before.isspace() and after.isspace() and "\n" not in (before, after):
        return "spaced"
    # English follows a lost opening quote; "âï¸" is an emoji's remains, not a quote.
    if (before.isspace() or before in "([{*_\u2014\u2013-") and (
        (after.isascii() and after.isalnum()) or after in "\u2018\u201c'\"([\u2026"
    ):
        return OPEN
    if (before.isalnum() or before in ".,!?;:)]%\u2026") and (after.isspace() or after in ".,;:!?)]*_\u2014\u2013-"):
        return CLOSE
    return None


_ASCII_WORD_RE = re.compile("[A-Za-z]+")


def _tight_dash(par: str, pos: int) -> bool:
    """A dash between two English words with no spaces ("it’s just not trueâand it’s"): two
    ASCII words, the first of two letters or more and the second a word that opens a phrase,
    on a line that reads as English, which together with the "â" make no word of a language
    that writes "â" ("château", "România")."""
    start = pos
    while start and par[start - 1].isascii() and par[start - 1].isalpha():
        start -= 1
    if pos - start < 2 or (start and par[start - 1].isalpha()):
        return False
    end = _ASCII_WORD_RE.match(par, pos + 1).end()  # type: ignore[union-attr]  # the caller saw a letter
    if end < len(par) and par[end].isalpha() and not par[end].isascii():
        return False  # "câmară": a word with other letters
    if par[pos + 1 : end].lower() not in PHRASE_WORDS or par[start:pos].lower() in PHRASE_WORDS:
        return False  # a compound's hyphen ("self‑hosted", "up‑to‑date"), or a word
    return _ENGLISH_WORD_RE.search(par) is not None and not is_word(par[start:end])


def _is_contraction(par: str, pos: int, suffix: str) -> bool:
    start = pos
    while start and par[start - 1].isascii() and par[start - 1].isalpha():
        start -= 1
    word = par[start:pos]
    if start and par[start - 1].isalpha() and par[start - 1] != "â":
        return False  # part of a word with other letters: Romanian "rămâs"
    if suffix == "t":
        return word.lower().endswith("n")
    if suffix == "m":
        return word == "I"
    return suffix == "s" or word.lower() in _PRONOUN_SET

