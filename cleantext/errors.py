"""The errors a user can meet, and the one way each becomes a one-line message.

Every error here is about one input or one setting and names it; nothing else ever reaches
a user as more than one line (cli.run_safely turns the unexpected into "internal error").
"""
from __future__ import annotations


class CleantextError(Exception):
    """An error whose message is fit for the user as it is."""


class ConfigError(CleantextError):
    """A filter name, option or setting the user gave that cannot be honoured."""


class UsageError(CleantextError):
    """Options or arguments that do not go together; shown as click shows a usage error (exit 2)."""


class InputError(CleantextError):
    """An input that cannot be processed; the message names the file and says why."""


class FilterError(CleantextError):
    """A filter failed on one input; the batch goes on without that input."""


class WorkerError(RuntimeError):
    """A worker process failed in a way that is not about one file (a bug): the batch stops,
    and it is reported as an internal error."""


def about(name: str, exc: BaseException) -> str:
    """The one-line message for ``exc`` met while processing the input ``name``.

    >>> about("a.txt", InputError("a.txt: binary file"))
    'a.txt: binary file'
    >>> about("a.txt", PermissionError(13, "Permission denied"))
    'a.txt: Permission denied'
    """
    if isinstance(exc, UnicodeEncodeError):
        return f"{name}: cleaned text cannot be encoded: {exc.reason}"
    if isinstance(exc, OSError) and not isinstance(exc, CleantextError):
        text = exc.strerror or str(exc)
    else:
        text = str(exc)
    return text if text.startswith(name) else f"{name}: {text}"
