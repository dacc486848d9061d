"""The ``boilerplate`` filter (opt-in): whole lines of page furniture that are not ads.

Each rule is a whole-line pattern with a name, so the report counts removals per rule. The
patterns are deliberately narrow: "Share this story and let us know what you think" is a
sentence and stays; "Share this:" on its own is a button label and goes.
"""
from __future__ import annotations

import re
from collections import Counter

from cleantext.filters import Filter
from cleantext.filters.lines import find_rule_lines, remove_lines

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


# What a matching line can start with (after blanks), in either case ("ſ" folds to "s").
_FIRST_CHARS = "".join({c for w in "sctrmfwlgbx.[(" for c in (w, w.upper())}) + "\u017f"


class RemoveBoilerplate(Filter):
    """Remove page furniture lines: share prompts, "Click here", "Read more:", newsletter and cookie prompts.

    >>> RemoveBoilerplate()("Story.\\nShare this:\\nFacebook\\nTwitter\\nShare this story and tell us what you think.\\n")
    'Story.\\nShare this story and tell us what you think.\\n'
    """

    idempotent = True  # tests/test_properties.py::test_each_filter_alone_is_idempotent
    guard_exempt = True  # whole lines matched by vetted rules only

    def __call__(self, text: str) -> str:
        return self.apply_counted(text)[0]

    def apply_counted(self, text: str) -> tuple[str, Counter]:
        counts: Counter = Counter()
        spans = find_rule_lines(text, _RULES, _FIRST_CHARS)
        return (remove_lines(text, spans, counts) if spans else text), counts
