"""The ``boilerplate`` filter (opt-in): whole lines of page furniture that are not ads.

Each rule is a whole-line pattern with a name, so the report counts removals per rule. The
patterns are deliberately narrow: "Share this story and let us know what you think" is a
sentence and stays; "Share this:" on its own is a button label and goes.
"""
from __future__ import annotations

import re
from collections import Counter

from cleantext.filters import Filter, depends_on
from cleantext.filters.lines import BLANK, find_rule_lines, remove_lines

_SOCIAL = r"(?:reddit|facebook|email|e-mail|twitter|x|tumblr|pinterest|linkedin|whatsapp|telegram|print|pocket|skype|flipboard|more)"
_END = r"[ \t]*[.!:]?[ \t]*"

# (rule name, whole-line pattern); case-insensitive, leading/trailing blanks allowed.
RULES = [
    ("share-prompt",
     rf"(?:share this(?: article| story| post)?:?(?:[ \t]+{_SOCIAL})?"
     rf"|share on {_SOCIAL}|click to share on {_SOCIAL}(?: \(opens in new window\))?"
     rf"|like and share this article|share|tweet|share this:)"
     rf"{_END}(?:\n(?:[ \t]*\n)?[ \t]*{_SOCIAL}[ \t]*)*"),  # the buttons' names below it
    ("click-here",
     r"\(?click here(?:!|\.|(?: to| for)[^\n]{1,180}?)\)?[ \t]*[.!]?\)?"),
    ("read-more",
     r"(?:\.\.)?(?:read more|related(?: coverage| articles| stories| videos)?|see related story|more from [^:\n]{1,40})"
     r"(?:[ \t]+(?:about|at|here))?[ \t]*(?:[:→»›][^\n]{0,200}|\.\.\.?|…)?"
     r"|\[read more here\]"),
    ("continue-reading",
     r"continue reading(?: the main story| below| on the next page)?[ \t]*(?:[:→»›]|\.\.\.?|…)?"),
    ("newsletter",
     r"(?:sign up(?: (?:for|to) (?:our|the|my) [\w \t-]{0,40}?newsletters?)?"
     r"|subscribe to (?:our|my|the) [\w \t.-]{0,40}?(?:newsletter|channel|podcast|feed)s?(?: at [^\n]{1,60})?"
     r"|subscribe to [\w \t]{1,40} for free"
     r"|(?:follow|like) us on (?:facebook|twitter|instagram|youtube|linkedin|x))" + _END),
    ("cookie-prompt",
     r"(?:we|this (?:site|website)) uses? cookies\b[^\n]{0,200}"),
    ("skip-link",
     r"go back to top\. skip to: start of article\.|skip to (?:main )?content|back to top"),
    ("share-story-link",
     r"read or share this story: \S+"),
    ("rss-footer",
     r"the post [^\n]{1,200} appeared first on [^\n]{1,100}"),
    ("source-link",  # what html leaves of an auto-blog's link to the article it copied
     r"source(?: link)?"),
]

_RULES = tuple((name, body, re.IGNORECASE) for name, body in RULES)

# A share prompt's rule goes on over the buttons' names below it, across a blank line, so in a
# stream it can go on across a cut (always at a blank line): a piece that ends so leaves
# SHARE_OPEN, and the next one first takes the names it starts with, as that rule would.
SHARE_OPEN = "boilerplate-share-open"
_BUTTON = rf"{BLANK}*{_SOCIAL}{BLANK}*"
_BUTTONS_RE = re.compile(rf"{_BUTTON}(?:\n(?:{BLANK}*\n)?{_BUTTON})*(?:{BLANK}|\r)*(?=\n|\Z)", re.IGNORECASE)
_OPEN_END_RE = re.compile(rf"\n{BLANK}*\n")


# What a matching line can start with (after blanks), in either case ("ſ" folds to "s").
_FIRST_CHARS = "".join({c for w in "sctrmfwlgbx.[(" for c in (w, w.upper())}) + "\u017f"


class RemoveBoilerplate(Filter):
    """Remove page furniture lines: share prompts, "Click here", "Read more:", newsletter and cookie prompts.

    >>> RemoveBoilerplate()("Story.\\nShare this:\\nFacebook\\nTwitter\\nShare this story and tell us what you think.\\n")
    'Story.\\nShare this story and tell us what you think.\\n'
    """

    idempotent = True  # tests/test_properties.py::test_each_filter_alone_is_idempotent
    guard_exempt = True  # whole lines matched by vetted rules only

    _state: dict | None = None  # a stream's state, for one of its pieces, until it is told
    _after_cut = False  # the piece starts at a cut
    _open = False  # ... after a share prompt

    def for_chunk(self, chunk) -> RemoveBoilerplate:
        """A variant for one piece of a stream: a share prompt's buttons may follow the cut."""
        variant = RemoveBoilerplate()
        variant._state, variant._after_cut = chunk.state, not chunk.first
        variant._open = bool(chunk.state.get(SHARE_OPEN))
        return variant

    def __call__(self, text: str) -> str:
        return self.apply_counted(text)[0]

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        counts: Counter = Counter()
        buttons = _BUTTONS_RE.match(text) if self._after_cut else None
        if buttons is not None and self._state is not None:
            depends_on(self._state, SHARE_OPEN)
        lead = [] if buttons is None or not self._open else [(0, buttons.end(), "share-prompt")]
        spans = lead + find_rule_lines(text, _RULES, _FIRST_CHARS, lead[0][1] if lead else 0)
        if self._state is not None:  # told once: what the chain's next round sees has lost the prompt
            last = spans[-1] if spans else None
            self._state[SHARE_OPEN] = last is not None and last[2] == "share-prompt" and _OPEN_END_RE.fullmatch(text, last[1]) is not None
            self._state = None
        if not spans:
            return text, counts
        text = remove_lines(text, spans, counts)
        if lead:  # the prompt was counted in the piece before
            counts.subtract({"share-prompt": 1})
            if not counts["share-prompt"]:
                del counts["share-prompt"]
        return text, counts
