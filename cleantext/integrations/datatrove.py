"""A datatrove step: the command line's cleaning of each document's text.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleantext.integrations.datatrove import CleantextFormatter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        CleantextFormatter(filters=["mojibake", "ads", "whitespace"]),
        JsonlWriter("clean/"),
    ], tasks=4).run()

Needs ``pip install 'cleantext[datatrove]'``. Each filter that changed a document counts
``cleantext/<filter>`` in the step's stats, each rule ``cleantext/<filter>:<rule>`` (the times
it fired), and a document kept because cleaning would remove too much counts ``cleantext/refused``.
"""
from __future__ import annotations

from typing import Any

from datatrove.pipeline.formatters.base import BaseFormatter

from cleantext.integrations import Cleaner


class CleantextFormatter(BaseFormatter):
    """Clean each document's text with cleantext's chain (the arguments of :class:`Cleaner`:
    ``filters``, ``options``, ``preset``, ``config``, ``max_loss``, ``force``)."""

    name = "🧹 cleantext"

    def __init__(
        self, filters: list[str] | None = None, options: dict[str, dict[str, Any]] | None = None, **settings: Any
    ) -> None:
        super().__init__()
        self.cleaner = Cleaner(filters, options, **settings)

    def format(self, text: str) -> str:
        cleaned = self.cleaner.clean(text)
        if cleaned.refused:
            self.stat_update("cleantext/refused")
        if cleaned.filters:
            self.stat_update("cleantext/changed")
            self.stat_update(*(f"cleantext/{name}" for name in cleaned.filters))
        for rule, n in cleaned.rules.items():
            self.stat_update(f"cleantext/{rule}", value=n)
        return cleaned.text
