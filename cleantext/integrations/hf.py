"""A Hugging Face ``datasets`` map function: the command line's cleaning of a text column.

    from datasets import load_dataset
    from cleantext.integrations.hf import cleaner

    ds = load_dataset("json", data_files="raw.jsonl", split="train")
    ds = ds.map(cleaner(column="text", report=True), batched=True, num_proc=4)

Needs ``pip install 'cleantext[hf]'``. With ``report=True`` three columns say what changed:
``cleantext_filters`` (the filters that changed the text), ``cleantext_rules`` (the rules that
fired, as ``filter:rule``) and ``cleantext_loss`` (the share of its letters or visible
characters removed; a text over ``max_loss`` is kept as it was).
"""
from __future__ import annotations

from typing import Any

from cleantext.integrations import Cleaner


class BatchCleaner:
    """Cleans the column ``column`` of a batch (a dict of columns); picklable, for ``num_proc``
    and for Ray Data's ``map_batches``."""

    def __init__(self, cleaner: Cleaner, column: str = "text", report: bool = False) -> None:
        self.cleaner, self.column, self.report = cleaner, column, report

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        if self.column not in batch:
            raise KeyError(f"cleantext: no column {self.column!r} (columns: {', '.join(batch)})")
        results = self.cleaner.clean_all(batch[self.column])
        out = dict(batch)
        out[self.column] = [r.text for r in results]
        if self.report:
            out["cleantext_filters"] = [r.filters for r in results]
            out["cleantext_rules"] = [sorted(r.rules) for r in results]
            out["cleantext_loss"] = [r.loss for r in results]
        return out


def cleaner(
    filters: list[str] | None = None,
    options: dict[str, dict[str, Any]] | None = None,
    *,
    column: str = "text",
    report: bool = False,
    **settings: Any,
) -> BatchCleaner:
    """A function for ``Dataset.map(..., batched=True)`` that cleans ``column``; ``settings``
    are the keyword arguments of :class:`~cleantext.integrations.Cleaner` (``preset``,
    ``config``, ``max_loss``, ``force``)."""
    return BatchCleaner(Cleaner(filters, options, **settings), column, report)
