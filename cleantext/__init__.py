"""cleantext: clean scraped text — repair mojibake, remove ad residue, normalise whitespace.

>>> from cleantext import clean
>>> clean("Itâs  here\\u00a0 now.  \\n\\n\\n\\n[ad_1]\\n")
'It’s here now.\\n'
>>> clean("a  b\\n", filters=["whitespace"])
'a b\\n'
"""
from __future__ import annotations

TYPE_CHECKING = False  # this module imports nothing when it runs: see _command
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

__version__ = "0.1.0"
__all__ = ["clean", "__version__"]


def _command() -> None:
    """The ``cleantext`` console script. Its first code runs here, before anything is
    imported, so a Ctrl-C that lands while the command loads is one line and exit 130, as one
    during the run is (only Python's own start-up comes before this)."""
    try:
        from cleantext.cli import main
    except (KeyboardInterrupt, RuntimeError) as exc:
        # a Ctrl-C while a class is made comes out wrapped ("Error calling __set_name__")
        if isinstance(exc, RuntimeError) and not isinstance(exc.__cause__, KeyboardInterrupt):
            raise
        import signal
        import sys

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the message short
        sys.stderr.write("cleantext: interrupted before it started; nothing was changed\n")
        raise SystemExit(130) from None
    try:
        main()
    finally:
        # The run is over: a Ctrl-C from here on would land while Python shuts down, which puts
        # back the default handler first and would end the process by the signal (exit -2).
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def clean(text: str, filters: Sequence[str] | None = None, options: dict[str, dict[str, Any]] | None = None) -> str:
    """Clean ``text`` with the named filters (default: mojibake, ads, whitespace), in order.

    ``options`` maps a filter name to its options, as in ``[tool.cleantext.<name>]``.
    """
    from cleantext.registry import DEFAULT_CHAIN, build_chain
    from cleantext.textio import without_surrogates

    out = build_chain(list(filters or DEFAULT_CHAIN), options).run(text).text
    return out if out.isascii() else without_surrogates(out)
