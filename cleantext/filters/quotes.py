"""What each lone "â" of lossy English stood for, read from its neighbours: quotes paired
within a paragraph, apostrophes, dashes (see cleantext.filters.lossy, which decides where)."""
from __future__ import annotations

import re
from collections import Counter

from cleantext.filters.char_model import script
from cleantext.filters.english import ENGLISH_WORD_RE, PHRASE_WORDS, PRONOUN_SET, WORD_RE, reads_as_english
from cleantext.filters.wordlists import is_word

_SUFFIX_RE = re.compile(r"(?:s|t|re|ve|ll|d|m|all)\b")  # ("y’all")
_CAPS_SUFFIX_RE = re.compile(r"(?:S|T|RE|VE|LL|D|M)\b")  # ITâS, DONâT
_S_RE = re.compile(r"s(?![^\W\d_])")
OPEN, CLOSE, TIGHT = "open", "close", "tight"  # TIGHT: between two ASCII letters


def repair_quotes(par: str, counts: Counter, lone: str = "â") -> str:
    """``par`` with each ``lone`` that reads as a quote, apostrophe or dash replaced, counted in
    ``counts``. By default that is each "â", which may also be a letter; ``lone`` may instead
    be a mark the caller put where an "â" is known to be punctuation (lossy.MARK), and then
    one between letters outside English is an apostrophe ("l’homme") and the quotes and
    dashes are those the paragraph's language writes (style_of)."""
    certain = lone != "â"
    tokens = [(m.start(), _classify(par, m.start(), certain, lone)) for m in re.finditer(lone, par)]
    english = reads_as_english(par) if certain else None  # (searched for once)
    if any(kind == TIGHT for _, kind in tokens):
        if english is None:
            english = ENGLISH_WORD_RE.search(par) is not None
        hyphens = _ASCII_HYPHEN_RE.search(par) is not None  # (searched for once)
        tight = [(pos, kind if kind != TIGHT else _tight(par, pos, english, certain, hyphens)) for pos, kind in tokens]
        if english and "\u2014" in (kind for _, kind in tight):
            # a paragraph that writes an em dash between words writes every one so ("the
            # Vatican’s flagshipâgave", "asâif not moreâoffensive")
            tight = [(pos, "\u2014" if kind == TIGHT and _between_words(par, pos) or kind in (OPEN, CLOSE) and _at_a_tag(par, pos) else new)
                     for (pos, kind), (_, new) in zip(tokens, tight)]
        tokens = tight
    repl = _paired(par, tokens)
    return _written(par, repl, counts, style_of(par) if certain and not english else {}) if repl else par


def _tight(par: str, pos: int, english: bool, certain: bool, hyphens: bool) -> str | None:
    """What an "â" between two letters stood for: a dash in English ("trueâand"; between any
    two words in a paragraph whose compounds have ASCII ``hyphens``, "yearâmaking"), else
    (known punctuation, outside English) a zero-width non-joiner between Arabic letters, and
    an apostrophe between others, unless the word with an "â" there is a word."""
    if english and par[pos + 1 : pos + 2].isascii() and (_tight_dash(par, pos) or hyphens and _between_words(par, pos)):
        return "\u2014"
    if not certain or english:
        return None
    if script(par[pos - 1]) == script(par[pos + 1]) == "ARABIC":
        return "\u200c"  # Persian "می‌شود", "جمهوری‌ها": a zero-width non-joiner (E2 80 8C)
    start, end = pos, pos + 1
    while start and par[start - 1].isalpha():
        start -= 1
    while end < len(par) and par[end].isalpha():
        end += 1
    return None if is_word(par[start:pos] + "â" + par[pos + 1 : end]) else "\u2019"


def _at_a_tag(par: str, pos: int) -> bool:
    """Whether the "â" at ``pos`` stands between a word and a tag that opens ("tunnelsâ<em>Help"),
    or a tag that closes and a small letter ("</a>âthat is"); a quote closes before a closing
    tag ("âkill switchâ</a>")."""
    if par[pos - 1 : pos] == ">":
        return par[pos + 1 : pos + 2].islower() and par.startswith("</", par.rfind("<", 0, pos))
    return par[pos - 1 : pos].isalpha() and par[pos + 1 : pos + 2] == "<" and par[pos + 2 : pos + 3] != "/"


def _between_words(par: str, pos: int) -> bool:
    """Whether the "â" at ``pos`` stands between two ASCII words that with it make no word
    ("château")."""
    start, end = ascii_word_start(par, pos), _ASCII_WORD_RE.match(par, pos + 1)
    if end is None or (start and par[start - 1].isalpha()) or (end.end() < len(par) and par[end.end()].isalpha()):
        return False
    return not is_word(par[start : end.end()])


def _paired(par: str, tokens: list[tuple[int, str | None]]) -> dict[int, str]:
    """What each token (position, kind) stands for, the quotes paired along the paragraph."""
    repl: dict[int, str] = {}
    depth = 0
    following = _next_quote_kinds(tokens)
    closed = _closed_later(par, tokens)
    for n, (pos, kind) in enumerate(tokens):
        if pos in repl:
            continue  # the second of a pair
        pair = n + 1 < len(tokens) and tokens[n + 1] == (pos + 1, kind) and kind in (OPEN, CLOSE)
        if kind == OPEN and depth and "\n" in par[tokens[n - 1][0] : pos]:
            # A line that opens a quote while one is open: in scraped text every line is a
            # paragraph, and a quotation that runs over several opens each and closes the last.
            depth = 0
        if kind == OPEN and depth == 1 and par[pos - 1] == " " and _drifted(par, pos) and following[n] != CLOSE:
            repl[pos] = "\u201d"  # a closer that drifted onto the next word: "in Ohio, âMr. Smith said"
            depth = 0
        elif kind == OPEN and pair:  # "“‘The Life of Rosa Parks,’" inside a quote
            repl[pos], repl[pos + 1], depth = "\u201c", "\u2018", 2
        elif kind == CLOSE and pair:  # "‘Don’t do this.’”", a quote inside one closed with it
            repl[pos], repl[pos + 1], depth = "\u2019", "\u201d", 0
        elif kind == OPEN:
            # "âThe" (or "â[T]he") opens a quote; "âbest" or "â4" only when the next quote-like "â"
            # closes it, or a later one on its line is left over for it ("âat one point ... âthe 2nd ...?â ... really.â")
            confirmed = par[pos + 1 : pos + 3].lstrip("[")[:1].isupper() or following[n] == CLOSE or closed[n]
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
            if depth == 1 and _drifted(par, pos):
                repl[pos] = "\u201d"  # a closing quote that drifted after the space
                depth = 0
            else:
                repl[pos] = "\u2014"
        elif kind is not None:
            repl[pos] = kind
    return repl


# The quotes and spaced dash of the languages that write other ones than English (“ ” —);
# only those that C1 stripping turns into "â" count ("«" and "»" are Latin-1, and stay).
_LOW_HIGH = {"\u201c": "\u201e", "\u201d": "\u201c", "\u2014": "\u2013"}  # „quote“ – dash
_LOW_RIGHT = {"\u201c": "\u201e", "\u2014": "\u2013"}  # „quote” – dash
_RIGHT = {"\u201c": "\u201d", "\u2014": "\u2013"}  # ”quote” – dash
_EN_DASH = {"\u2014": "\u2013"}
STYLES = {
    **dict.fromkeys("de cs sk sl sh is lt".split(), _LOW_HIGH),
    **dict.fromkeys("pl ro hu".split(), _LOW_RIGHT),
    **dict.fromkeys("sv fi".split(), _RIGHT),
    **dict.fromkeys("fr it nl da nb lv".split(), _EN_DASH),
}


def style_of(par: str) -> dict[str, str]:
    """The quotes and dash of the language of a paragraph that does not read as English, in
    place of English ones: those of the languages whose letters it writes
    (wordlists.languages_of; English, whose words borrow most letters, aside), when they all
    write the same, or else that of the one most of its listed words are written in ("Mitä",
    "sä": Finnish, though German and Swedish also write "ä"), two at least and twice as many
    as of any other; else English ones."""
    from cleantext.filters.wordlists import language, languages_of

    # (a capital of Latin-1's upper half may be what is left of a letter that lost its second
    # byte, "rezidentÄ", and is no letter of the text; the small ones tell the language)
    letters = frozenset(c.lower() for c in par if c.isalpha() and not c.isascii() and not "\u00c0" <= c <= "\u00df")
    languages = languages_of(letters) - {"en"}
    styles = {id(STYLES.get(lang, {})): STYLES.get(lang, {}) for lang in languages}
    if len(styles) < 2:
        return next(iter(styles.values()), {})
    votes = Counter(language(w) for w in WORD_RE.findall(par) if not w.isascii())
    ranked = [(n, lang) for lang, n in votes.most_common() if lang in languages]
    # (two words at least, and twice as many as the next language has: a name, "Ah-lé", is no language)
    if ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] >= 2 * ranked[1][0]):
        return STYLES.get(ranked[0][1], {})
    return {}


def _written(par: str, repl: dict[int, str], counts: Counter, style: dict[str, str]) -> str:
    """``par`` with the character at each position of ``repl`` replaced (as ``style`` writes
    it), a closer that drifted after its space put back before it."""
    out, last = [], 0
    for pos in sorted(repl):
        ch = repl[pos]
        if ch == "\u201d" and par[pos - 1 : pos] == " " and _drifted(par, pos):
            out.append(par[last : pos - 1])
            out.append(style.get(ch, ch) + " ")
            last = pos + 2 if par[pos + 1 : pos + 2] == " " else pos + 1
        else:
            out.append(par[last:pos])
            out.append(style.get(ch, ch))
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


def _closed_later(par: str, tokens: list[tuple[int, str | None]]) -> list[bool]:
    """For each token, whether a closing quote after it on its line is left over for it by the
    quotes between (the next quote closes it, or "âat one point ... âthe 2nd Amendment ...?â
    ... really.â" closes twice after opening once): one pass from the end."""
    out = [False] * len(tokens)
    lowest = 0  # the lowest count of opens less closes over the tokens after, from the next on
    for n in range(len(tokens) - 1, -1, -1):
        if n + 1 < len(tokens) and "\n" in par[tokens[n][0] : tokens[n + 1][0]]:
            lowest = 0  # each line of scraped text is a paragraph
        out[n] = lowest < 0
        step = {OPEN: 1, CLOSE: -1}.get(tokens[n][1], 0)  # type: ignore[arg-type]
        lowest = min(0, step + lowest)
    return out


_KIND_NAMES = {"\u2019": "apostrophe", "\u2014": "dash", "\u2013": "dash", "\u200c": "non-joiner"}


def _drifted(par: str, pos: int) -> bool:
    """A closer written after the space that should follow it: 'plan, â he' -> 'plan,” he'."""
    return pos >= 2 and par[pos - 2] in ",.!?"


def _classify(par: str, pos: int, certain: bool = False, lone: str = "â") -> str | None:
    # two side by side are read as one ("“‘The", "done.’”"), and _paired nests them
    start = pos - 1 if par[pos - 1 : pos] != lone else pos - 2
    end = pos + 1 if par[pos + 1 : pos + 2] != lone else pos + 2
    before = par[start] if start >= 0 else "\n"
    after = par[end] if end < len(par) else "\n"
    # A tag's edge stands where a space would: "<p>âThe", "said.â</p>".
    before, after = (" " if before == ">" else before), (" " if after == "<" else after)
    if before.isdigit() and after.isdigit():
        return "\u2013"  # a range: 1990–2000, pages 4–7
    if (before.isdigit() or before == ".") and _S_RE.match(par, pos + 1):
        return "\u2019"  # the PlayStation 4’s, the 1990’s, the U.K.’s
    if before.isalpha() and before.isascii():
        suffix = (_CAPS_SUFFIX_RE if after.isupper() else _SUFFIX_RE).match(par, pos + 1)
        if suffix and _is_contraction(par, pos, suffix.group().lower()):
            return "\u2019"
        if before in "ODL" and after.isupper() and (pos < 2 or not par[pos - 2].isalpha()):
            return "\u2019"  # O’Brien, D’Angelo, L’Osservatore
        if after.isalpha():
            return TIGHT if after.isascii() or certain else None  # a dash, or a correct letter: leave it
    elif certain and before.isalpha() and after.isalpha():
        return TIGHT  # "dellâanno", "Ä°stanbulâun"
    if (before.isspace() or before in "([{-") and re.match(r"\d\ds?\b", par[pos + 1 : pos + 4]):
        return "\u2019"  # the ’80s
    if before.isspace() and after.isspace() and ("\n" not in (before, after) or certain and after == " "):
        return "spaced"  # (known punctuation: also a line's first, the dash of dialogue)
    # English (or a hashtag, a handle) follows a lost opening quote; "âï¸" is an emoji's remains, not a quote.
    if (before.isspace() or before in "([{*_\u2014\u2013-") and (
        (after.isascii() and after.isalnum()) or after in "\u2018\u201c'\"([\u2026#@"
    ):
        return OPEN
    if (before.isalnum() or before in ".,!?;:)]%\u2026") and (after.isspace() or after in ".,;:!?)]*_\u2014\u2013-"):
        return CLOSE
    return None


_ASCII_WORD_RE = re.compile("[A-Za-z]+")
# A hyphen between letters: where a paragraph writes its compounds so, an "â" between two
# words is no lost hyphen of a compound ("battle‑tested", U+2011, E2 80 91)
_ASCII_HYPHEN_RE = re.compile("[A-Za-z]-[A-Za-z]")


def _tight_dash(par: str, pos: int) -> bool:
    """A dash between two English words with no spaces ("it’s just not trueâand it’s"): two
    ASCII words, the first of two letters or more and the second a word that opens a phrase
    (in a paragraph that reads as English), which together with the "â" make no word of a language
    that writes "â" ("château", "România")."""
    start = ascii_word_start(par, pos)
    if pos - start < 2 or (start and par[start - 1].isalpha()):
        return False
    end = _ASCII_WORD_RE.match(par, pos + 1).end()  # type: ignore[union-attr]  # the caller saw a letter
    if end < len(par) and par[end].isalpha() and not par[end].isascii():
        return False  # "câmară": a word with other letters
    if par[pos + 1 : end].lower() not in PHRASE_WORDS or par[start:pos].lower() in PHRASE_WORDS:
        return False  # a compound's hyphen ("self‑hosted", "up‑to‑date"), or a word
    return not is_word(par[start:end])


def _is_contraction(par: str, pos: int, suffix: str) -> bool:
    start = ascii_word_start(par, pos)
    word = par[start:pos]
    if start and par[start - 1].isalpha() and par[start - 1] != "â":
        return False  # part of a word with other letters: Romanian "rămâs"
    if suffix == "t":
        return word.lower().endswith("n")
    if suffix == "m":
        return word == "I"
    if suffix == "all":
        return word.lower() == "y"
    return suffix == "s" or word.lower() in PRONOUN_SET


def ascii_word_start(text: str, pos: int) -> int:
    """Where the ASCII letters that end at ``pos`` begin."""
    start = pos
    while start and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    return start
