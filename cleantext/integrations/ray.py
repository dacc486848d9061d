"""Ray Data: the command line's cleaning in your own ``map_batches`` pipelines.

    import ray
    from cleantext.integrations.ray import CleanText

    ds = ray.data.read_json("s3://bucket/raw/")
    ds = ds.map_batches(CleanText, fn_constructor_kwargs={"column": "text"}, concurrency=4)

:class:`CleanText` cleans a text column (a callable class: each actor builds the chain once).
:class:`CleanFiles` is the class ``--engine ray`` runs: rows naming files (``path``, ``rel``,
``display``) are cleaned and written as the command line writes them, and each row comes back
as the file's outcome. Needs ``pip install 'cleantext[ray]'``.
"""
from __future__ import annotations

from typing import Any

from cleantext.integrations import Cleaner
from cleantext.integrations.hf import BatchCleaner
from cleantext.ray_engine import CleanBatch as CleanFiles

__all__ = ["CleanFiles", "CleanText"]


class CleanText(BatchCleaner):
    """Clean the column ``column`` of each batch; the other arguments are those of
    :class:`~cleantext.integrations.Cleaner`, and ``report`` as in
    :func:`cleantext.integrations.hf.cleaner`."""

    def __init__(
        self,
        filters: list[str] | None = None,
        options: dict[str, dict[str, Any]] | None = None,
        *,
        column: str = "text",
        report: bool = False,
        **settings: Any,
    ) -> None:
        super().__init__(Cleaner(filters, options, **settings), column, report)
