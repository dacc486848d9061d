"""The fast paths give byte-identical output to the slow path they stand in for.

Slow path of the mojibake filter's ftfy step: ftfy.fix_text on every line on its own, with
our settings (and the entity rule). Fast path: the safe-character pre-check, the one-step
re-decode, and the proof that ftfy leaves a line alone. The whitespace and ads filters'
pre-checks are compared with running their regular expressions unconditionally.
"""
from __future__ import annotations

import functools
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import make_file
from cleantext.filters import mojibake, safe
from tests.conftest import CORPUS, corpus_files

SHARED_GEN = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_corpus.py"


def slow_ftfy(text: str) -> str:
    return "\n".join(mojibake._fix_line_with_ftfy.__wrapped__(line, True) for line in text.split("\n"))


def _generated(seed: int, n: int = 120) -> list[str]:
    rng = random.Random(seed)
    return [make_file(rng, rng.randint(500, 4000), 0.1).decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n") for _ in range(n)]


@pytest.mark.parametrize("seed", range(4))
def test_ftfy_step_equals_slow_path_on_our_mix(seed):
    for text in _generated(seed):
        assert mojibake.fix_lines_with_ftfy(text) == slow_ftfy(text)


@pytest.fixture(scope="module")
def reference_mix(tmp_path_factory):
    if not SHARED_GEN.exists():
        pytest.skip("../shared/bench/make_corpus.py not found")
    out = tmp_path_factory.mktemp("ref")
    subprocess.run([sys.executable, str(SHARED_GEN), "--out", str(out), "--mb", "3", "--seed", "5"], check=True, capture_output=True)
    return [p.read_bytes().decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n") for p in sorted(out.iterdir())]


def test_ftfy_step_equals_slow_path_on_reference_mix(reference_mix):
    for text in reference_mix:
        assert mojibake.fix_lines_with_ftfy(text) == slow_ftfy(text)


def _corpus_texts():
    texts = []
    for path in corpus_files("mojibake-wild") + corpus_files("legit-multilingual") + corpus_files("scraped", "*.txt"):
        data = path.read_bytes()
        try:
            texts.append(data.decode("utf-8").replace("\r\n", "\n"))
        except UnicodeDecodeError:
            texts.append(data.decode("cp1252", errors="replace").replace("\r\n", "\n"))
    for path in corpus_files("ftfy-cases", "*.json"):
        texts.extend(case["original"] for case in json.loads(path.read_text(encoding="utf-8")))
    return texts


def test_ftfy_step_equals_slow_path_on_real_corpus():
    texts = _corpus_texts()
    if not texts:
        pytest.skip("real-world corpus not found")
    for text in texts:
        assert mojibake.fix_lines_with_ftfy(text) == slow_ftfy(text)


def _safe_chars() -> list[str]:
    return [chr(c) for c in range(0x110000) if not safe.UNSAFE_RE.match(chr(c))]


def test_safe_characters_cannot_be_changed_by_ftfy():
    """The claim behind the pre-check, exhaustively: no three safe characters in a row are
    "bad" to ftfy (each BADNESS_RE alternative that fits in three characters), and no safe
    character is one that another ftfy fixer changes or NFC rewrites."""
    import unicodedata

    from ftfy.badness import BADNESS_RE
    from ftfy.chardata import CONTROL_CHARS

    safe = _safe_chars()
    assert "&" not in safe and "\x1b" not in safe and "\ufeff" not in safe
    assert len(safe) == 97 + 8 + 17  # ASCII (tab, LF, CR, printable but "&"), punctuation, spaces and zero-widths
    for ch in safe:
        assert ord(ch) not in CONTROL_CHARS and not 0x80 <= ord(ch) < 0xA0, hex(ord(ch))
        assert unicodedata.normalize("NFC", "a" + ch + "a") == "a" + ch + "a", hex(ord(ch))
    non_ascii = [c for c in safe if not c.isascii()]
    for a in safe:
        for b in non_ascii:
            for c in safe:  # every window holds a non-ASCII character: pure ASCII is never bad
                for s in (a + b + c, b + a + c, a + c + b):
                    assert not BADNESS_RE.search(s), repr(s)


def test_badness_regex_looks_only_at_its_match_and_the_line_start():
    """is_bad_line keeps ftfy's verdict per window of text and per "starts the line": exact only
    while BADNESS_RE looks at nothing outside what it matches but "^" (a newer ftfy that
    changes this fails here first)."""
    import re

    from ftfy.badness import BADNESS_RE

    assert not BADNESS_RE.flags & re.MULTILINE
    pattern = re.sub(r"\[(?:\\.|[^\]\\])*\]", "[]", BADNESS_RE.pattern)  # character classes out
    for token in ("(?<", "(?=", "(?!", "\\b", "\\B", "\\A", "\\Z", "$"):
        assert token not in pattern, token
    assert "^" in pattern  # the reason the cache tells line starts apart


def test_badness_window_at_and_after_the_line_start():
    """"Ã " is bad at the start of a line only; the same window further in is not (asked in
    this order, a cache that ignored the line start would answer the second from the first)."""
    from ftfy.badness import is_bad

    for line in ["\u00c3 \u00e9", "1.\u00c3 \u00e9", "\u00c3 x", "1.\u00c3 x"]:
        assert safe.is_bad_line(line) == is_bad(line), line
    assert safe.is_bad_line("1.\u00c3 \u00e9") is False


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["\u00c3", "\u00c2", " ", "\u00e9", "\u00a0", "a", "1", ".", "\u00d8", "\u00d9", "\u00a9",
                                 "\u2019", "\u00bb", "\u00e0", "\u00b2", "\u0432", "\u0402"]), max_size=12).map("".join))
def test_is_bad_equals_ftfy_on_any_line(line):
    from ftfy.badness import is_bad

    assert safe.is_bad_line(line) == is_bad(line)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\u00c3", "\u00a9", " ", "\u0432", "\u0420", "\u0451", "\u03b1", "\u10d0", "\u4e2d",
                                 "\u00e9", "a", "\u2019", "\u0405", "\u00b5", "\u00d0"]), min_size=20, max_size=200).map("".join))
def test_is_bad_equals_ftfy_on_dense_lines(line):
    """A line dense with unsafe characters is searched whole: the same verdict as the windows."""
    from ftfy.badness import is_bad

    assert safe.is_bad_line(line) == is_bad(line)
    assert safe.is_bad_line("x" * 97 + line) == is_bad("x" * 97 + line)  # dense, but not at the start: windows


def test_is_bad_equals_ftfy_on_real_lines_of_every_script():
    from ftfy.badness import is_bad

    folder = CORPUS / "legit-multilingual" / "ud-treebanks"  # sentences of 30-odd languages
    if not folder.is_dir():
        pytest.skip("../shared/corpus not found")
    lines = [line for path in sorted(folder.rglob("*.txt")) for line in path.read_text(encoding="utf-8").split("\n")]
    assert len(lines) > 10_000
    assert [safe.is_bad_line(line) for line in lines] == [is_bad(line) for line in lines]


PIECES = ["Ã©", "â€™", "â€œ", "â€", "Â", "\xa0", "Ã", "â", "Ð´", "Ñ\x81", "ï»¿", "\x9d", "\x85", "&amp;", "&eacute;",
          "é", "’", "“", "—", "\u200b", "\u200d", "\u00ad", "\u3000", "\u2009", "e\u0301", "\x1b[0m", "\ufeff", "¢", "Å", "ÃƒÂ©", " ", "a", "\n", "?", "\x1a"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30).map("".join))
def test_ftfy_step_equals_slow_path_on_any_text(text):
    assert mojibake.fix_lines_with_ftfy(text) == slow_ftfy(text)


# ------------------------------------------------------------ whitespace and ads pre-checks


def _ws_reference(flt, text):
    """The whitespace filter with its pre-checks forced open: every regular expression runs."""
    import re

    from cleantext.filters import whitespace as ws

    if flt.zero_width:
        text = re.sub(f"[{ws.ZERO_WIDTH}]", "", text)
    if flt.unicode_spaces:
        text = re.sub(f"[{ws.UNICODE_SPACES.replace(ws.NO_BREAK[0], '').replace(ws.NO_BREAK[1], '')}]", " ", text)
        text = ws._NBSP_RE.sub(ws._nbsp_or_space, text)
    text = ws._TRAILING_RE.sub("", text)
    text = re.sub(f"(?<=[^{ws._H}\n]) {{2,}}(?=[^{ws._H}\n])", " ", text)
    text = ws._BLANK_RUN_RE.sub("\n\n", text)
    text = ws._LEADING_BLANKS_RE.sub("", text)
    text = re.sub(f"\n(?:[{ws._H}\\r]*\n)*[{ws._H}\\r]*\\Z", "\n", text, count=1) if text.strip(ws._H + "\r\n") else ""
    return text + "\n" if text and not text.endswith("\n") else text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\r", "\f", "\v", "\xa0", "\u3000", "\u200b", "x", "word", "é"]), max_size=40).map("".join))
def test_whitespace_prechecks_exact(text):
    from cleantext.filters.whitespace import NormalizeWhitespace

    flt = NormalizeWhitespace()
    assert flt(text) == _ws_reference(flt, text)


def test_whitespace_prechecks_exact_on_mix():
    from cleantext.filters.whitespace import NormalizeWhitespace

    flt = NormalizeWhitespace()
    for text in _generated(9, 60):
        assert flt(text) == _ws_reference(flt, text)


def _multiline_spans(text, rules_with_bodies):
    import re

    from cleantext.filters.lines import BLANK

    spans = []
    for name, body, flags in rules_with_bodies:
        body = body.replace("[ \\t]", BLANK)
        line = rf"^{BLANK}*(?:{body})(?:{BLANK}|\r)*$"
        spans += [(m.start(), m.end(), name) for m in re.finditer(line, text, re.MULTILINE | flags)]
    return spans


def test_line_rules_prechecks_exact():
    """find_rule_lines (first characters, one find per line) equals a MULTILINE scan."""
    from collections import Counter

    from cleantext.filters import ads, boilerplate
    from cleantext.filters.lines import remove_lines

    texts = _generated(10, 80) + [t for t in _corpus_texts()[:400]]
    ad_rules = [(n, b, f) for n, b, f, _ in ads.LINE_RULES]
    bp_rules = [(n, b, 2) for n, b in boilerplate.RULES]  # re.IGNORECASE == 2
    for text in texts:
        for rules, first, bodies in [(ads._RULES, ads._FIRST_CHARS, ad_rules), (boilerplate._RULES, boilerplate._FIRST_CHARS, bp_rules)]:
            from cleantext.filters.lines import find_rule_lines

            fast = remove_lines(text, find_rule_lines(text, rules, first), Counter())
            slow = remove_lines(text, _multiline_spans(text, bodies), Counter())
            assert fast == slow


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["â€", "Ã¢â‚¬â€", "a", "A", "1", ".", "?", " ", "\n", "œ", "™", "é", "\x7f", "'", "â",
                                  "Ã", "Ã¤", "Ã¢", "Ã—", "¤", "(", "Ä", "…"]), max_size=30).map("".join))
def test_bare_closing_quote_scan_equals_regex(text):
    from collections import Counter

    from cleantext.filters import lossy

    expected = lossy._BARE_EURO_RE.sub(_bare_quote, lossy._DOUBLE_BARE_EURO_RE.sub("\u201d", text))
    assert lossy.repair_bare_closing_quotes(text)[0] == lossy._BARE_ELLIPSIS_RE.sub("\u2026", expected) or "â¦" in text
    assert lossy._replace_bare_euro(text, Counter()) == lossy._BARE_EURO_RE.sub(_bare_quote, text)


def _bare_quote(m) -> str:
    """The "”" of a match of lossy._BARE_EURO_RE, after its letter read back when it has one
    that is a letter (lossy._mojibake_letter: not "â", mojibake of mojibake; not "×"); else the
    match as it stands."""
    from cleantext.filters import lossy

    if m.group("letter") is None:
        return "\u201d"
    letter = lossy._mojibake_letter(m.string, m.end("letter"))
    return letter + "\u201d" if letter else m.group()


LOSSY_PIECES = ["â", "â¦", "Itâs", "donât", "Iâm", "1990â2000", " â ", "âHello", "âa disasterâ", ".â", "â80s",
                "rămâs", "château", "Brienâs", "Oâ", "x", "A", "1", " ", "\n", ".", "(", "_", "*", "ă", "é", "'", "s",
                "t", "re", "ll", "n", "I", "O", "\u2019", "\u2014"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LOSSY_PIECES), st.text(max_size=3)), max_size=20).map("".join))
def test_strong_evidence_scan_equals_regex(text):
    from cleantext.filters import english, lossy

    def evidence_at(pos: int) -> bool:
        m = _strong_re().match(text, pos)
        if m is None:
            return False
        word = lossy._CONTRACTION_RE.fullmatch(m.group())
        if word is None or m.group()[0].isupper() or not m.group().endswith("âs"):
            return True
        if m.group()[:-2].lower().lstrip("â") in english.PRONOUN_SET | english._STEMS:
            return True
        line = text[text.rfind("\n", 0, pos) + 1 :].split("\n", 1)[0]
        return english.ENGLISH_WORD_RE.search(line) is not None  # a lower-case "âs" wants an English line

    assert lossy.has_strong_evidence(text) == any(evidence_at(pos) for pos in range(len(text) + 1))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="aZ \u00c2\u00c3\u00c5\u00de\u00df\u00e0\u00a0\u00a9\u00bf\u00c0", max_size=12))
def test_lost_letter_evidence_scan_equals_regex(text):
    from cleantext.filters import letters

    plain = re.search(letters.EVIDENCE_PATTERN, text)
    assert bool(letters._EVIDENCE_RE.search(text)) == bool(plain)
    assert letters._first_evidence(text) == (plain.start() if plain else -1)
    for end in range(len(text) + 1):
        assert letters._has_lead(text, end) == bool(letters._LEAD_RE.search(text, 0, end))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["[ad_1]", "[ad_", "12]", " ", "\t", "\n", "x", "[ad_[ad_2]3]"]), max_size=12).map("".join))
def test_inline_placeholders_by_line_equal_the_whole_text_substitution(text):
    from cleantext.filters import ads

    assert ads._remove_inline_placeholders(text) == ads._INLINE_PLACEHOLDER_RE.subn(ads._inline_placeholder, text)


@functools.cache
def _strong_re():
    from cleantext.filters import lossy

    return re.compile(lossy.STRONG_PATTERN, re.MULTILINE)


# ------------------------------------------------------------ the mojibake filter's passes


def _all_passes(text: str) -> str:
    """The mojibake filter as it would run with every pass, not stopping where _more_to_do says."""
    from unittest import mock

    with mock.patch.object(mojibake, "_more_to_do", lambda before, after: True):
        return mojibake.FixMojibake()(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(LOSSY_PIECES + PIECES + ["\n\n", "\r", " \n \n"]), max_size=30).map("".join))
def test_mojibake_passes_stop_early_only_where_the_rest_would_change_nothing(text):
    assert mojibake.FixMojibake()(text) == _all_passes(text)


def test_mojibake_passes_stop_early_on_our_mix_and_the_real_corpus():
    texts = _generated(7, 200) + _corpus_texts()
    assert sum(mojibake.FixMojibake()(text) != text for text in texts) > 50  # the test sees repairs
    for text in texts:
        assert mojibake.FixMojibake()(text) == _all_passes(text)
