"""``--encoding auto``: which encoding a file that is not UTF-8 is in, decided as a browser would.

Only this module knows the code pages, the word lists that tell them apart (wordfreq, with
the ``[detect]`` extra) and charset-normalizer's verdicts; ``textio`` asks :func:`detect` and
decodes Windows-1252 with :data:`C1`, as browsers do.
"""
from __future__ import annotations

import codecs
import re

from cleantext.errors import InputError


def detect(data: bytes) -> str:
    """The encoding of ``data`` as a browser would settle it (README, "Line endings, encodings,
    BOMs"): UTF-8; else the Latin-script Windows code pages, 1252 first; else charset-normalizer's
    best candidate when that is clearly right; else the other Windows pages by their words;
    else InputError.

    >>> detect("caf\u00e9 \u201cau lait\u201d".encode("cp1252")), detect(b"plain")
    ('cp1252', 'utf-8')
    """
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    share = western_share(data)
    page = code_page(data, LATIN_PAGES) if share >= 0.6 else None
    if page is not None:
        return page
    if share >= 0.9:
        return "cp1252"
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        raise InputError("--encoding auto needs charset-normalizer: pip install 'cleantext[detect]'") from None
    results = from_bytes(data)
    best = results.best()
    # clearly right: little garbled, and no candidate nearly as good reads another language
    # as well as it reads its own
    rivals = [m for m in results if best is not None and m.chaos <= best.chaos + 0.05]
    others = [m.coherence for m in rivals if m.language not in ("Unknown", best.language)] if best else []
    if best is None or best.chaos > 0.1 or (others and best.coherence < max(others) + 0.1):
        page = code_page(data, OTHER_PAGES, least=0.8)  # what charset-normalizer cannot tell
        if page is not None:
            return page
        guess = f" ({' or '.join(m.encoding for m in rivals[:4])}?)" if rivals else ""
        raise InputError(f"cannot tell its encoding{guess}; left unchanged: use --encoding NAME")
    return best.encoding


# The Windows code pages, each with the languages (in wordfreq) written in it; Windows-1252
# first, as browsers try it first.
LATIN_PAGES = {
    "cp1252": ("en", "fr", "de", "es", "pt", "it", "nl", "ca", "da", "sv", "nb", "fi", "is", "id", "ms"),
    "cp1250": ("cs", "pl", "hu", "sk", "sl", "sh", "ro"),
    "cp1254": ("tr",),
    "cp1257": ("lt", "lv"),
    "cp1258": ("vi",),
}
OTHER_PAGES = {"cp1251": ("ru", "uk", "bg", "mk"), "cp1253": ("el",), "cp1255": ("he",), "cp1256": ("ar", "fa", "ur")}
_ACCENTED_WORD_RE = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")


def code_page(data: bytes, pages: dict[str, tuple[str, ...]], least: float = 0.5, sample: int = 200) -> str | None:
    """Which of the Windows code ``pages`` ``data`` (not UTF-8) is in, when its words with
    letters outside ASCII tell: the page under which most of them (at ``least`` this share) are
    words of its languages (wordfreq's lists). Ties go to Windows-1252; None when there are no
    such words or no page reads enough of them."""
    try:
        import wordfreq
    except ImportError:
        return None
    scores: dict[str, float] = {}
    for page, langs in pages.items():
        try:
            words = _ACCENTED_WORD_RE.findall(data.decode(page, C1 if page == "cp1252" else "strict"))[:sample]
        except UnicodeDecodeError:
            continue  # a byte this page leaves undefined: not this page
        if len(words) < 3:
            return None  # (almost) no accented letters: punctuation cannot tell the pages apart
        known = sum(max(wordfreq.zipf_frequency(w, lang) for lang in langs) >= 1.0 for w in words)
        scores[page] = known / len(words)
    if not scores:
        return None
    best = max(scores, key=lambda p: (scores[p], p == "cp1252"))
    if scores[best] < least:
        return None
    return "cp1252" if scores.get("cp1252", -1.0) >= scores[best] - 0.05 else best


def _undefined_as_c1(exc: UnicodeError) -> tuple[str, int]:
    """Windows-1252 as browsers read it (the WHATWG Encoding Standard): the five bytes it leaves
    undefined (0x81 0x8D 0x8F 0x90 0x9D) are the C1 controls of the same number."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(map(chr, exc.object[exc.start : exc.end])), exc.end


C1 = "cleantext-c1"
codecs.register_error(C1, _undefined_as_c1)


def errors_for(encoding: str) -> str:
    """The decoding error handler for ``encoding``: strict, but for Windows-1252."""
    return C1 if codecs.lookup(encoding).name == "cp1252" else "strict"


def western_share(data: bytes) -> float:
    r"""The share of the non-ASCII bytes of ``data`` that look like Western European text in
    Windows-1252: alone or in pairs between ASCII ones, as accents and typographic quotes stand,
    or in a run that is UTF-8 (mojibake: the mojibake filter's to repair). A text in another
    script has runs of them instead (b"\xcf\xf0\xe8\xe2\xe5\xf2" is Cyrillic). 1.0 for ASCII.

    >>> western_share("caf\u00e9, \u201cna\u00efve\u201d".encode("cp1252")), western_share(b"\xcf\xf0\xe8\xe2\xe5\xf2 world")
    (1.0, 0.0)
    >>> western_share("it\u2019s".encode("utf-8") + b" \xe9t\xe9")
    1.0
    """
    if data.isascii():
        return 1.0
    runs = [m.group() for m in _NON_ASCII_RUN_RE.finditer(data)]
    plausible = sum(len(r) for r in runs if len(r) <= 2 or _is_utf8_run(r))
    return plausible / sum(map(len, runs))


def _is_utf8_run(run: bytes) -> bool:
    """``run`` is UTF-8, perhaps with its last character cut short (a lossy scrape)."""
    try:
        run.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"


_NON_ASCII_RUN_RE = re.compile(rb"[\x80-\xff]+")
