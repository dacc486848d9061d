"""The ``mojibake`` filter: ftfy with corpus-safe settings, plus recovery of lossy mojibake.

ftfy is imported only when a line holds a character that ftfy could change; most scraped
English text has none, and importing ftfy costs more than cleaning a small file.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from cleantext.filters import Filter, depends_on
from cleantext.filters.ftfy_import import import_ftfy
from cleantext.filters.safe import UNSAFE_RE, has_unsafe, is_bad_line


@cache
def _ftfy_config():
    import ftfy

    return ftfy.TextFixerConfig(
        # Differs from ftfy: HTML entities are decoded only where they are part of mojibake
        # (see _fix_line_with_ftfy); "&lt;" or "&#42;" in correct Markdown stays as written.
        unescape_html=False,
        # Differs from ftfy: typographic quotes are correct text, not something to fix.
        uncurl_quotes=False,
        # Differs from ftfy: ligatures (ﬁ) and full-width forms (ＡＢＣ) are real characters
        # that a corpus should keep; changing them is normalisation, not repair.
        fix_latin_ligatures=False,
        fix_character_width=False,
        # Differs from ftfy: line endings belong to the file; the pipeline keeps CRLF as CRLF.
        fix_line_breaks=False,
        # Same as ftfy: NFC, so a repaired "é" is one code point like the rest of the text.
        normalization="NFC",
        explain=False,
    )


def _redecode_line(line: str) -> str | None:
    """ftfy's answer for a line of plain UTF-8-read-as-Windows-1252 mojibake, without ftfy's
    chain: one re-decode, taken only where ftfy provably gives the same.

    ftfy (fix_encoding) decodes a bad line by encoding it with the first single-byte codec
    that can (latin-1, then sloppy-windows-1252: the same bytes whenever the latter can
    encode the line) and decoding UTF-8. Its byte repairs cannot apply when that decode
    succeeds: every ALTERED_UTF8_RE match (restore_byte_a0) and every LOSSY_UTF8_RE match
    (replace_lossy_sequences) but a lone 0x1A is a lead byte followed by a space, "?" or
    0x1A, which is not UTF-8. Its UTF-8 variants (0xED, 0xC0) are left to ftfy. When ftfy
    provably leaves the result alone, its next round changes nothing. What remains is
    whether ftfy calls the line bad at all; each BADNESS_RE match is at most three characters
    and holds an unsafe one, so searching a window around each unsafe character is exact.
    tests/test_speed_paths.py compares this with ftfy over the corpus generators.
    """
    if "&" in line:
        return None
    try:
        data = line.encode("sloppy-windows-1252")
    except UnicodeEncodeError:
        return None
    if b"\xed" in data or b"\xc0" in data or b"\x1a" in data:
        return None
    try:
        fixed = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if fixed == line or not is_bad_line(line):
        return None
    if UNSAFE_RE.search(fixed) and not _ftfy_leaves_alone(fixed):
        return None  # ftfy would go on (double mojibake, a control character ...)
    return fixed


@cache
def _other_fixers_re() -> re.Pattern:
    """Characters some ftfy fixer besides fix_encoding would change (as configured above)."""
    from ftfy.chardata import CONTROL_CHARS

    controls = "".join(re.escape(chr(c)) for c in sorted(CONTROL_CHARS))
    return re.compile(f"[{controls}\x80-\x9f\ud800-\udfff]")


def _ftfy_leaves_alone(line: str) -> bool:
    """True when ftfy (as configured) provably returns ``line`` unchanged: not "bad" (so
    fix_encoding does nothing), NFC already, and nothing another fixer would touch."""
    import unicodedata

    return (
        "&" not in line
        and not _other_fixers_re().search(line)
        and unicodedata.is_normalized("NFC", line)
        and not is_bad_line(line)
    )


@lru_cache(maxsize=4096)
def _fix_line_with_ftfy(line: str, unescape_html: bool) -> str:
    import ftfy
    from ftfy.fixes import unescape_html as unescape

    fixed = ftfy.fix_text(line, _ftfy_config())
    if unescape_html and "&" in line and "<" not in line:  # ftfy's own "auto" rule for '<'
        unescaped = unescape(line)
        if unescaped != line:
            repaired = ftfy.fix_text(unescaped, _ftfy_config())
            if repaired != unescaped:  # the entities were part of the mojibake: "10Î&frac14;s"
                return repaired
    return fixed


# Lines ftfy provably returns unchanged (its own outputs: ftfy repeats its chain until
# nothing changes). The chain's second round meets them again; this saves recomputing.
_FIXED_POINTS: dict[bool, dict[str, None]] = {True: {}, False: {}}  # by unescape_html


def fix_lines_with_ftfy(text: str, unescape_html: bool = True) -> str:
    """Run ftfy on each line that holds a character ftfy could change; keep the others as they are.

    Equal to calling ``ftfy.fix_text`` on every line on its own with the settings above.

    >>> fix_lines_with_ftfy("plain line\\nIt\\u00e2\\u20ac\\u2122s here\\n")
    'plain line\\nIt’s here\\n'
    """
    if not has_unsafe(text):
        return text
    import_ftfy()  # also registers the sloppy-windows-1252 codec

    known = _FIXED_POINTS[unescape_html]
    match = UNSAFE_RE.search(text)
    out, pos = [], 0
    while match is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        line = text[start:end]
        out.append(text[pos:start])
        if line in known:  # ftfy's own output, or a line it leaves alone: no change
            fixed = line
        else:
            if _ftfy_leaves_alone(line):  # correct accented text, mostly
                fixed = line
            else:
                redecoded = _redecode_line(line)
                fixed = _fix_line_with_ftfy(line, unescape_html) if redecoded is None else redecoded
            if len(known) > 10_000:  # bounded: a stream must stay in bounded memory
                known.clear()
            known[fixed] = None
        out.append(fixed)
        pos = end
        match = UNSAFE_RE.search(text, end)
    out.append(text[pos:])
    return "".join(out)


def _more_to_do(before: str, after: str) -> bool:
    """Whether another pass could change ``after``, what the lossy repairs made of ``before``.

    Only in a paragraph they changed: elsewhere every line is ftfy's own output, and the
    lossy repairs see no more evidence than they saw in ``before``. In a changed paragraph,
    only where a changed line holds a character ftfy could change, or a lone "â" or "Â" is
    left for the lossy repairs. (The repairs change no line break, so the paragraphs and
    lines pair up; when they do not, the answer is yes.)
    """
    from cleantext.filters.lossy import _PARAGRAPH_SPLIT_RE

    old, new = _PARAGRAPH_SPLIT_RE.split(before), _PARAGRAPH_SPLIT_RE.split(after)
    if len(old) != len(new):
        return True
    for a, b in zip(old, new):
        if a == b:
            continue
        if "â" in b or "Â" in b:
            return True
        lines_a, lines_b = a.split("\n"), b.split("\n")
        if len(lines_a) != len(lines_b):
            return True
        if any(x != y and UNSAFE_RE.search(y) for x, y in zip(lines_a, lines_b)):
            return True
    return False


# Passes of the filter's own steps per call, at most. ftfy repeats its chain until nothing
# changes, so another pass is needed only when a repair after it changed something: what the
# lossy repairs write (’ “ ” — – … NBSP) is safe for ftfy itself, but can give ftfy or the
# bare-quote repair a new neighbour to read ("â¦â€ " -> "…â€ ", whose "â€ " ftfy then reads as
# a dagger), and ftfy's own output can end a bare "â€" ("\x85â€" -> "…â€"). The pipeline
# treats this filter as idempotent; tests/test_properties.py checks it both ways.
ROUNDS = 3
PASSES = 4  # of the whole filter over its own output
# What the filter leaves in a stream's state (Chunk.state) for the pieces after this one:
EVIDENCE = "lossy-evidence"  # this piece, or one before it, showed lossy mojibake
LETTER_EVIDENCE = "letter-evidence"  # ... or mojibake of the kind that loses letters ("Ã©")
KINDS = (EVIDENCE, LETTER_EVIDENCE)


class FixMojibake(Filter):
    """Repair mojibake: ftfy's fixes with corpus-safe settings, and lossy forms such as "Itâs".

    >>> FixMojibake()("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.")
    'The Mona Lisa doesn’t have eyebrows.'
    >>> FixMojibake()("Itâs a âtestâ â nothing more.")
    'It’s a “test” — nothing more.'
    >>> FixMojibake()("Le château de România, NÃO.")
    'Le château de România, NÃO.'
    """

    idempotent = True  # tests/test_properties.py::test_each_filter_alone_is_idempotent
    guard_exempt = True  # re-decoding "Ã©" as "é" drops a letter but no text: not a loss

    def __init__(self, *, ftfy: bool = True, lossy: bool = True, unescape_html: bool = True) -> None:
        self.ftfy = ftfy
        self.lossy = lossy
        self.unescape_html = unescape_html
        self._stream_state: dict | None = None  # set for one piece of a stream (for_chunk)
        self._before: dict = {}  # the evidence of a stream's earlier pieces, by kind

    def for_chunk(self, chunk) -> FixMojibake:
        """A variant for one piece of a stream: evidence of lossy mojibake in earlier pieces counts."""
        variant = FixMojibake(ftfy=self.ftfy, lossy=self.lossy, unescape_html=self.unescape_html)
        variant._stream_state = chunk.state
        variant._before = {kind: chunk.state.get(kind, False) for kind in KINDS}
        return variant

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        counts: Counter = Counter()
        if not self.ftfy and not self.lossy or (text.isascii() and not has_unsafe(text)):
            return text, counts
        # A repair can make what is next to it read as mojibake, or leave the text showing
        # evidence it did not show before ("á»" beside a decoded "š"); the filter runs again
        # on its own output until that changes nothing, so that cleaning twice changes nothing.
        for _ in range(PASSES):
            cleaned = self._pass(text, counts)
            if cleaned == text:
                break
            text = cleaned
        return text, counts

    def _pass(self, text: str, counts: Counter) -> str:
        known = self._before  # empty but for a stream's piece
        from cleantext.filters import letters, lossy  # compiled only for text that may need it
        letters_seen = marked = False
        if self.lossy:
            text, letters_seen, marked = self._before_ftfy(text, counts)
        for _ in range(ROUNDS):
            if self.ftfy:
                fixed = fix_lines_with_ftfy(text, self.unescape_html)
                if fixed != text:
                    counts["ftfy"] += 1
                text = fixed
            if not self.lossy:
                break  # ftfy alone is at its fixed point
            # after ftfy: what it could decode is decoded, the rest is lossy
            repaired, found, evidence, wanted = lossy.repair_lossy(text, known.get(EVIDENCE, False), marked)
            counts.update(found)
            self._tell(EVIDENCE, evidence, wanted)
            # What ftfy or the lossy repair wrote may have made a new bare "â€" ("\x85â€": ftfy
            # reads the NEL as "…", which may close a quote).
            repaired, found = lossy.repair_bare_closing_quotes(repaired)
            counts.update(found)
            if repaired == text:
                break
            text, before = repaired, text
            if not _more_to_do(before, text):
                break
        if self.lossy and letters_seen:  # what ftfy left on a line that lost a letter
            text, found = letters.decode_left(text)
            counts.update(found)
        if self.lossy and marked:
            text = lossy.unmark(text)
        return text

    def _before_ftfy(self, text: str, counts: Counter) -> tuple[str, bool, bool]:
        """The lossy repairs that must read the text before ftfy does; also returned: whether
        it showed letters lost (or came after a piece that did), and whether it was marked."""
        from cleantext.filters import letters, lossy
        from cleantext.filters.bytes_dropped import repair_dropped_bytes, repair_stripped_bytes
        from cleantext.filters.bytes_lost import repair_replaced_bytes

        # a lone "â" of UTF-8 read as Latin-1 is punctuation, which ftfy's decoding (and the
        # repairs below) would hide
        marked = lossy.MARK not in text  # (a text that holds the mark itself is not marked)
        text = lossy.mark_lone_punctuation(text)
        marked = marked and lossy.MARK in text
        # a line of mojibake whose lost bytes ftfy would leave as "�" (whole lines, read
        # before the repairs below read parts of them), or that dropped them, or (in scripts
        # other than Latin) lost them to C1 stripping
        text, found = repair_replaced_bytes(text)
        counts.update(found)
        text, found = repair_dropped_bytes(text)
        counts.update(found)
        text, found = repair_stripped_bytes(text)
        counts.update(found)
        before = text  # what the repairs of C1 stripping below change
        # first, or ftfy would make a dagger of "â€ "
        text, found = lossy.repair_bare_closing_quotes(text)
        counts.update(found)
        # and before ftfy reads what is left of a letter that lost a byte ("Ã " as "à ")
        text, found, letters_seen, wanted = letters.repair_lost_letters(text, self._before.get(LETTER_EVIDENCE, False))
        counts.update(found)
        self._tell(LETTER_EVIDENCE, letters_seen, wanted)
        if letters_seen and (marked or text != before):  # ftfy decodes none of these lines whole
            text, found = letters.decode_left(text, letters.stripped_lines(before, text))
            counts.update(found)
        return text, letters_seen, marked

    def _tell(self, kind: str, evidence: bool, wanted: bool) -> None:
        """Leave a stream's next pieces what this piece showed."""
        if self._stream_state is not None:
            if evidence:
                self._stream_state[kind] = True
            if wanted:  # this piece would come out otherwise after a piece with evidence
                depends_on(self._stream_state, kind)

    def __call__(self, text: str) -> str:
        return self.apply_counted(text)[0]
