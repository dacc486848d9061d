"""The ``ads`` filter: ad placeholders, ad-script residue and stand-alone ad labels.

Every rule has a name, so the report can count what each removed. Line rules delete whole
lines only; a sentence that mentions advertising is never a whole-line match.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

from cleantext.errors import FilterError
from cleantext.filters import Filter
from cleantext.filters.lines import find_rule_lines, remove_lines

# [ad_1], [ad_2] ...: placeholders the wp_automatic WordPress plugin leaves when no ad code is set.
_PLACEHOLDER = r"\[ad_\d{1,3}\]"
_PLACEHOLDER_LINE = rf"(?:{_PLACEHOLDER}[ \t]*)+"
_INLINE_PLACEHOLDER_RE = re.compile(rf"[ \t]*{_PLACEHOLDER}[ \t]*")

# AdSense and Google Publisher Tag residue: the loader script, the <ins> slot and the push call,
# in any combination on one line.
_ADSENSE_PIECE = (
    r"<script\b[^>\n]*\bsrc=[\"'][^\"'\n]*(?:adsbygoogle|googlesyndication)[^\"'\n]*[\"'][^>\n]*>[ \t]*</script>"
    r"|<ins\b[^>\n]*\bclass=[\"'][^\"'\n]*adsbygoogle[^\"'\n]*[\"'][^>\n]*>[ \t]*</ins>"
    r"|(?:<script\b[^>\n]*>[ \t]*)?\(adsbygoogle[ \t]*=[ \t]*window\.adsbygoogle[ \t]*\|\|[ \t]*\[\]\)"
    r"\.push\([ \t]*\{\}[ \t]*\);?(?:[ \t]*</script>)?"
    r"|(?:<script\b[^>\n]*>[ \t]*)?googletag\.cmd\.push\([ \t]*function[ \t]*\([ \t]*\)[ \t]*\{[ \t]*"
    r"googletag\.display\([ \t]*[\"'][\w-]+[\"'][ \t]*\);?[ \t]*\}[ \t]*\);?(?:[ \t]*</script>)?"
    r"|(?:<script\b[^>\n]*>[ \t]*)?googletag\.display\([ \t]*[\"'][\w-]+[\"'][ \t]*\);?(?:[ \t]*</script>)?"
)
_AD_SCRIPT_LINE = rf"(?:(?:{_ADSENSE_PIECE})[ \t]*)+"

# Ad labels as whole lines, optionally framed by dashes or bullets: "- Advertisement -".
_FRAME = r"(?:[-\u2013\u2014\u2022|*~=]+[ \t]*)?"
_AD_LABEL = (
    r"advertisements?|advertising|advertisement[ \t]*[-\u2013\u2014:][ \t]*(?:the[ \t]+)?story[ \t]+continues[ \t]+below"
    r"|(?:the[ \t]+)?story[ \t]+continues[ \t]+below[ \t]+(?:this[ \t]+|the[ \t]+)?advertisement"
    r"|continue[ \t]+reading[ \t]+below[ \t]+(?:the[ \t]+|this[ \t]+)?advertisement"
    r"|sponsored(?:[ \t]+(?:content|links?|stories|post))?|paid[ \t]+content|scroll[ \t]+to[ \t]+continue[ \t]+with[ \t]+content"
)
_AD_LABEL_LINE = rf"{_FRAME}(?:{_AD_LABEL})[ \t]*[.:]?[ \t]*(?:[-\u2013\u2014\u2022|*~=]+)?"

# (rule name, whole-line body, flags, the characters a matching line can start with).
LINE_RULES = [
    ("ad-placeholder", _PLACEHOLDER_LINE, 0, "["),
    ("ad-script", _AD_SCRIPT_LINE, 0, "<(g"),
    # IGNORECASE: "s" also matches "ſ" (U+017F), so it is a possible first character too
    ("ad-label", _AD_LABEL_LINE, re.IGNORECASE, "-\u2013\u2014\u2022|*~=aAsStTcCpP\u017f"),
]
_RULES = tuple((name, body, flags) for name, body, flags, _ in LINE_RULES)


_FIRST_CHARS = "".join(chars for *_, chars in LINE_RULES)
_AD_SCRIPT_LINE_RE = re.compile(rf"[ \t]*{_AD_SCRIPT_LINE}[ \t]*")


def is_ad_script(line: str) -> bool:
    """Whether ``line`` is nothing but AdSense or Google Publisher Tag residue: in a Markdown
    HTML block, the one markup that cleaning may remove.

    >>> is_ad_script('<ins class="adsbygoogle"></ins>'), is_ad_script("<div>ad</div>")
    (True, False)
    """
    return _AD_SCRIPT_LINE_RE.fullmatch(line) is not None


def _remove_inline_placeholders(text: str) -> tuple[str, int]:
    """_INLINE_PLACEHOLDER_RE's substitution, run on the lines that hold "[ad_" only (the
    pattern starts with optional spaces, so over a whole text it is tried at every space)."""
    out: list[str] = []
    pos = count = 0
    at = text.find("[ad_")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line, n = _INLINE_PLACEHOLDER_RE.subn(_inline_placeholder, text[start:end])
        out += (text[pos:start], line)
        count, pos = count + n, end
        at = text.find("[ad_", end)
    return "".join(out) + text[pos:], count


def _inline_placeholder(match: re.Match) -> str:
    """A placeholder inside a line leaves one space; at an end of its line, none."""
    text, start, end = match.string, match.start(), match.end()
    at_edge = start == 0 or end == len(text) or text[start - 1] == "\n" or text[end] == "\n"
    return "" if at_edge else " "


class UserPatternError(FilterError):
    """A user pattern that is invalid or ran past its time limit."""


class RemoveAdMarkers(Filter):
    """Remove ad placeholders ([ad_1]), AdSense/googletag residue and stand-alone "Advertisement" lines.

    >>> RemoveAdMarkers()("[ad_1]\\nFirst paragraph. [ad_2] Second.\\nAdvertisement\\nAdvertisement revenue fell.\\n")
    'First paragraph. Second.\\nAdvertisement revenue fell.\\n'
    >>> RemoveAdMarkers()("See [1] and [ad hoc] notes.\\n")
    'See [1] and [ad hoc] notes.\\n'
    """

    idempotent = True  # tests/test_properties.py::test_each_filter_alone_is_idempotent

    def __init__(self, *, line_patterns: list = [], inline_patterns: list = [], timeout: float = 1.0) -> None:
        if not 0 < timeout < math.inf:  # NaN too: no time limit would let a pattern run forever
            raise ValueError(f"option 'timeout' must be a number of seconds above 0, not {timeout!r}")
        self.timeout = timeout
        if line_patterns or inline_patterns:
            import regex  # user patterns get the regex module, for its timeout=
        else:
            regex = None
        self.user_lines = [(p, _compile_user(regex, rf"^[ \t]*(?:{p})[ \t]*$", p, regex.MULTILINE)) for p in line_patterns]
        self.user_inline = [(p, _compile_user(regex, p, p, 0)) for p in inline_patterns]

    # The built-in rules delete only vetted residue, so the safety guard does not count them;
    # a user pattern can be over-eager, so its step is counted.
    guard_exempt = True

    def steps(self) -> list[Filter]:
        """The built-in rules and the user's patterns, as two steps: only the second is guarded."""
        if not (self.user_lines or self.user_inline):
            return [self]
        return [_Step(self._builtin, True), _Step(self._user, False)]

    def __call__(self, text: str) -> str:
        return self.apply_counted(text)[0]

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        text, counts = self._builtin(text)
        text, more = self._user(text)
        return text, counts + more

    def _builtin(self, text: str) -> tuple[str, Counter]:
        counts: Counter = Counter()
        while True:  # each round shortens the text, so this ends
            spans = find_rule_lines(text, _RULES, _FIRST_CHARS)
            if spans:
                text = remove_lines(text, spans, counts)
            if "[ad_" not in text:
                return text, counts
            text, n = _remove_inline_placeholders(text)
            if not n:
                return text, counts
            # What was left beside a placeholder may now be a line of its own
            # ("[ad_1]Advertisement"), or a placeholder ("[ad_[ad_1]1]").
            counts["ad-placeholder"] += n

    def _user(self, text: str) -> tuple[str, Counter]:
        counts: Counter = Counter()
        spans: list[tuple[int, int, str]] = []
        for source, pattern in self.user_lines:
            spans.extend((m.start(), m.end(), "user:" + source) for m in self._run(pattern.finditer, source, text))
        if spans:
            text = remove_lines(text, spans, counts)
        for source, pattern in self.user_inline:
            text, n = self._run(pattern.subn, source, "", text)
            if n:
                counts["user:" + source] += n
        return text, counts

    def _run(self, method, source: str, *args):
        try:
            result = method(*args, timeout=self.timeout)
            return list(result) if not isinstance(result, tuple) else result
        except TimeoutError:
            raise UserPatternError(
                f"ads pattern {source!r} ran longer than {self.timeout:g}s (catastrophic backtracking?)"
            ) from None


class _Step(Filter):
    """One part of the ads filter as a pipeline step of its own."""

    def __init__(self, counted: Callable[[str], tuple[str, Counter]], guard_exempt: bool) -> None:
        self.counted, self.guard_exempt = counted, guard_exempt

    def __call__(self, text: str) -> str:
        return self.counted(text)[0]

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        return self.counted(text)


def _compile_user(regex, pattern: str, source: str, flags: int):
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise UserPatternError(f"ads pattern {source!r} is not a valid regular expression: {exc}") from None
