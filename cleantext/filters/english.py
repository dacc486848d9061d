"""Does a line read as English? What the lossy repair asks before it takes an "â" for a lost
dash or apostrophe in a language that writes "â" as a letter or a word (Welsh, Friulian)."""
from __future__ import annotations

import re

# A dash between words ("bridge â again") is strong evidence only on a line with an English
# function word: a spaced "â" is also a Welsh word ("Peidiwch â chyffwrdd", "yn ogystal â").
# The list leaves out the short words Welsh shares with English spelling (a, i, at, am, an).
_SPACED_DASH_RE = re.compile(r"(?<=[A-Za-z0-9.,!?;:)]) â (?=[A-Za-z0-9(])")
ENGLISH_WORD_RE = re.compile(
    r"\b(?:the|and|of|to|is|it|that|was|for|with|as|by|from|he|his|she|this|be|are|but|not|have|had"
    r"|they|you|we|which|their|has|will|been|were|said|would|there|after|about|when)\b",
    re.IGNORECASE,
)


WORD_RE = re.compile(r"[^\W\d_]+")  # a word of letters (in any script)
_TAG_RE = re.compile(r"<[^<>]*>")


def reads_as_english(text: str) -> bool:
    """Whether a tenth of the words of ``text`` (outside its tags) or more are English function
    words (in English a third or so are; "to" is also a word of Czech, Slovak and Polish)."""
    if "<" in text:
        text = _TAG_RE.sub(" ", text)
    words = len(WORD_RE.findall(text))
    return words > 0 and len(ENGLISH_WORD_RE.findall(text)) * 10 >= words


def has_english_dash(text: str) -> bool:
    """Whether ``text`` has a spaced "â" between words on a line that reads as English."""
    checked = -1  # the start of the last line looked at: each line is searched once
    for m in _SPACED_DASH_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start == checked:
            continue
        checked, end = start, text.find("\n", m.end())
        if ENGLISH_WORD_RE.search(text, start, end if end >= 0 else len(text)):
            return True
    return False


# Words that open a phrase, as what follows an unspaced dash often does ("true—and it is");
# a lost hyphen of a compound ("battle‑tested", "self‑hosted") has a word of content there.
PHRASE_WORDS = frozenset(
    "a an the and but or nor so yet for to of in on at by with from as if that this these those it its i you he"
    " she we they who which what where when why how whether while because than then though all some one only"
    " just like even not no is was are were be been being would will may might must can could should including"
    " especially very".split()
)

# Only pronouns and modals take 're 've 'll 'd (a lost apostrophe's contractions)
PRONOUNS = "I|you|he|she|it|we|they|who|that|there|what|could|would|should|might|must"
PRONOUN_SET = frozenset(PRONOUNS.lower().split("|"))

# Words that take "'s" only in English (with the pronouns of the contraction rule).
_STEMS = frozenset({"here", "let", "where", "how", "why", "when", "one", "everyone", "nobody", "someone", "everything"})


def english_enough(text: str, start: int, at: int, pronouns: frozenset[str]) -> bool:
    """Whether the word at ``start`` + "â" (at ``at``) + "s" is English enough to be a lost
    apostrophe: a lower-case word only on a line that reads as English, as Friulian writes
    "fâs", "stâs"; a capital ("Trumpâs", a name's possessive) or a pronoun ("itâs") anywhere."""
    if text[start].isupper() or text[at + 1 : at + 2] != "s" or text[start:at].lower() in pronouns | _STEMS:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", at)
    return ENGLISH_WORD_RE.search(text, line_start, line_end if line_end >= 0 else len(text)) is not None
