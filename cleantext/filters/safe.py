"""What ftfy could change: the safe characters, and ftfy's verdict of "bad" searched only
around the others. Shared by the mojibake filter and the lost-byte repair."""
from __future__ import annotations

import re

# A line made only of these characters cannot be changed by ftfy's chain as the mojibake
# filter configures it (mojibake._ftfy_config).
# Every alternative of ftfy's BADNESS_RE needs a character outside this set; '&' is left out
# because of HTML unescaping, controls because of remove_control_chars and fix_c1_controls,
# and the curly quotes are safe only because uncurl_quotes is off. Also safe: the soft hyphen,
# the typographic spaces that NFC keeps, and the zero-width characters but the BOM (which
# remove_control_chars deletes); scraped text is full of them. CR is safe too: ftfy keeps it
# (fix_line_breaks is off), and a text that mixes line endings keeps it on its lines. tests/test_speed_paths.py
# checks the set exhaustively against BADNESS_RE and against plain ftfy over the corpus.
_SAFE = (
    "\t\n\r\x20-\x25\x27-\x7e\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0"
    "\u00ad\u2002-\u200d\u202f\u205f\u2060\u3000"
)
UNSAFE_RE = re.compile(f"[^{_SAFE}]")
# The same test for ASCII text, as bytes: deleting every safe byte leaves nothing.
_SAFE_ASCII_BYTES = bytes([9, 10, 13, *range(0x20, 0x26), *range(0x27, 0x7F)])


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character ftfy could change (see _SAFE).

    Deleting the safe ASCII bytes from the UTF-8 form leaves exactly the UTF-8 of the other
    characters (a multi-byte sequence holds no ASCII byte): a short string to search instead
    of the whole text, which for text with curly quotes is twice as fast.
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _SAFE_ASCII_BYTES)
    if not rest:
        return False
    if rest.isascii():
        return True  # an unsafe ASCII character ('&', a control)
    return UNSAFE_RE.search(rest.decode("utf-8", "surrogatepass")) is not None


def is_bad_line(line: str) -> bool:
    """ftfy's is_bad, searched only around the characters outside the safe set.

    BADNESS_RE looks at nothing outside what it matches but for one "^" (the start of the
    line), so its verdict on a window depends only on the window's text and on whether the
    window starts the line: it is kept per window ("té d", "ção "), as the windows of accented
    text repeat far more than its lines do. A line dense with such characters (Cyrillic,
    Greek, Georgian, CJK: hardly a safe one among them) is searched whole, as ftfy does.
    """
    from ftfy.badness import BADNESS_RE

    for n, m in enumerate(UNSAFE_RE.finditer(line)):
        p = m.start()
        if n % _DENSE[0] == 0 < n and p < _DENSE[1] * n:
            return BADNESS_RE.search(line) is not None
        start = max(0, p - 2)
        window = line[start : p + 3]
        windows = _BAD_WINDOWS[start == 0]
        bad = windows.get(window)
        if bad is None:
            if len(windows) > 100_000:  # bounded: a stream must stay in bounded memory
                windows.clear()
            bad = windows[window] = BADNESS_RE.search(line, start, p + 3) is not None
        if bad:
            return True
    return False


# (n, k): a line is dense when every k-th character or more is unsafe (looked at after every n
# of them); the windows then cost more than one search of the whole line.
_DENSE = (8, 4)
_BAD_WINDOWS: dict[bool, dict[str, bool]] = {True: {}, False: {}}  # by "starts the line"
