"""cleantext: clean scraped text — repair mojibake, remove ad residue, normalise whitespace.

>>> from cleantext import clean
>>> clean("Itâs  here\\u00a0 now.  \\n\\n\\n\\n[ad_1]\\n")
'It’s here now.\\n'
>>> clean("a  b\\n", filters=["whitespace"])
'a b\\n'
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__version__ = "0.1.0"
__all__ = ["clean", "__version__"]


def clean(text: str, filters: Sequence[str] | None = None, options: dict[str, dict[str, Any]] | None = None) -> str:
    """Clean ``text`` with the named filters (default: mojibake, ads, whitespace), in order.

    ``options`` maps a filter name to its options, as in ``[tool.cleantext.<name>]``.
    """
    from cleantext.registry import DEFAULT_CHAIN, build_chain
    from cleantext.textio import without_surrogates

    out = build_chain(list(filters or DEFAULT_CHAIN), options).run(text).text
    return out if out.isascii() else without_surrogates(out)
