"""Structure-aware cleaning: filters see a document's prose and never its code, tables or markup.

Each format says which parts of a document are *protected* (:mod:`.markdown` with
markdown-it-py, :mod:`.rst` for reStructuredText, :mod:`.plain` for the other text formats).
The chain then runs over the document with every protected part replaced by a placeholder
that no filter changes (:class:`~cleantext.documents.mask.Mask`), the parts are put back byte
for byte, and the result is checked: a placeholder lost or moved, or a Markdown or RST
document that would parse to another structure, and the file is left as it was, with an error
naming the place (exit 2).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import PurePath
from typing import TYPE_CHECKING

from cleantext.documents.mask import Mask
from cleantext.errors import InputError

if TYPE_CHECKING:
    from cleantext.pipeline import Pipeline, Result

MARKDOWN = frozenset({".md", ".markdown", ".mdown", ".mkd"})
RST = frozenset({".rst", ".rest"})


def _suffix(path: PurePath | None) -> str:
    return path.suffix.lower() if path is not None else ""  # no path: stdin without --stdin-filename


def masker_for(path: PurePath | None) -> Callable[[str], Mask] | None:
    """The function that masks a document of ``path``'s type; None for formats with no
    structure to protect."""
    return _masker(_suffix(path))


@cache
def _masker(suffix: str) -> Callable[[str], Mask] | None:
    if suffix in MARKDOWN:
        from cleantext.documents.markdown import mask_markdown

        return mask_markdown
    if suffix in RST:
        from cleantext.documents.rst import mask_rst

        return mask_rst
    if suffix in (".txt", ".text", ".adoc", ".asciidoc", ".org"):
        from functools import partial

        from cleantext.documents.plain import mask_plain

        return partial(mask_plain, suffix=suffix)
    return None


def checker_for(path: PurePath | None) -> Callable[[str, str], str | None] | None:
    """The function that says where a cleaned document's structure differs from the original's
    (None when it does not); None for formats with no parser to ask."""
    suffix = _suffix(path)
    if suffix in MARKDOWN:
        from cleantext.documents.markdown import structure_change

        return structure_change
    if suffix in RST:
        from cleantext.documents.rst import structure_change as rst_change

        return rst_change
    return None


MAX_PASSES = 3


def clean_document(text: str, result: Result, pipe: Pipeline, path: PurePath | None, explain: bool, name: str) -> Result:
    """Clean ``text`` (a whole document of ``path``'s type) touching only its prose.

    ``result`` is the chain's run over the whole text: where it changed nothing, or the format
    has nothing to protect, it is the answer and no parser runs. InputError when the cleaned
    document would lose a protected part or parse to another structure."""
    masker = masker_for(path)
    if masker is None or result.text == text:
        return result
    from cleantext.pipeline import newline_style

    crlf = newline_style(text) == "\r\n"
    body = text.replace("\r\n", "\n") if crlf else text
    mask = masker(body)
    checker = checker_for(path)
    if mask.empty and checker is None:  # plain text with nothing to protect: the common case
        return result
    if mask.empty:
        cleaned = result.text.replace("\r\n", "\n") if crlf else result.text
    else:
        result = pipe.run(mask.masked, explain)
        cleaned = mask.restore(result.text, name)
        for _ in range(MAX_PASSES - 1):
            # cleaning can change what is prose (a line emptied of its ad is no longer a
            # paragraph's): the cleaned document is masked and cleaned again until it stays
            if cleaned == body:
                break
            again = masker(cleaned)  # an empty mask leaves the text as it is
            more = pipe.run(again.masked)
            if more.text == again.masked:
                break
            cleaned = again.restore(more.text, name)
            result.changed_by += [f for f in more.changed_by if f not in result.changed_by]
            result.rules.update(more.rules)
            result.loss += more.loss
    where = checker(body, cleaned) if checker is not None and cleaned != body else None
    if where is not None:
        raise InputError(f"{name}: {where}; left unchanged")
    result.text = cleaned.replace("\n", "\r\n") if crlf else cleaned
    return result


def refuses_streaming(path: PurePath | None) -> bool:
    """Markdown and RST are parsed whole: an input too large to hold is refused, not cleaned blind."""
    return _suffix(path) in MARKDOWN | RST
