"""``import ftfy`` without wcwidth, which ftfy needs only for display widths that cleaning
never asks for: every worker process and every one-line run with mojibake imports ftfy, and
wcwidth is a third of that import (the benchmark's start-up rows show it)."""
from __future__ import annotations

import sys
from types import ModuleType


def import_ftfy():
    """``import ftfy``, without importing wcwidth until something asks for a display width.

    ftfy imports wcwidth only for its display helpers (ftfy.formatting: display_ljust and
    co.), which cleaning never calls. wcwidth 0.9 imports some twenty modules (secrets,
    hashlib, textwrap ...), a third of ftfy's import, paid by every worker process and every
    one-line run with mojibake (the benchmark's start-up rows). While ftfy is imported, a stand-in
    takes wcwidth's place in sys.modules: ftfy.formatting gets functions that import the real
    wcwidth when first called. The stand-in is gone from sys.modules when ftfy is in, so any
    later ``import wcwidth`` gets the real module. tests/test_mojibake.py checks both.
    """
    if "ftfy" in sys.modules or "wcwidth" in sys.modules:
        import ftfy

        return ftfy
    stand_in = sys.modules["wcwidth"] = _DeferredWcwidth("wcwidth")
    try:
        import ftfy
    finally:
        if sys.modules.get("wcwidth") is stand_in:
            del sys.modules["wcwidth"]
    return ftfy


class _DeferredWcwidth(ModuleType):
    """wcwidth's place in sys.modules while ftfy is imported (see import_ftfy)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system asking for __path__ and the like
            raise AttributeError(name)
        if name in ("wcwidth", "wcswidth"):  # what ftfy.formatting imports
            def deferred(*args, **kwargs):
                return getattr(_real_wcwidth(), name)(*args, **kwargs)

            deferred.__name__ = name
            return deferred
        return getattr(_real_wcwidth(), name)  # anything else: the real thing, now


def _real_wcwidth() -> ModuleType:
    if isinstance(sys.modules.get("wcwidth"), _DeferredWcwidth):
        del sys.modules["wcwidth"]
    import wcwidth

    return wcwidth
