"""The text fields of a dataset's records, cleaned a batch at a time: here, or on several cores.

A dataset reader hands over the text values of a batch of records and gets back one pipeline
:class:`~cleantext.pipeline.Result` per value, in order. On several cores, forked workers clean
slices of the batch; each slice has its own safety-guard counts, summed here as one guard
would count them (records are cleaned independently, so nothing else passes between them).
"""
from __future__ import annotations

from cleantext.forked import SETUP, forked_pool
from cleantext.pipeline import Chunk, LossGuard, Pipeline, Result, newline_style

BATCH = 8 << 20  # characters of text in one batch, about (the records read ahead)
SLICE = 256 << 10  # characters of text one worker cleans at a time, about
POOL_MIN = 4 << 20  # bytes: a smaller dataset is cleaned here (starting workers costs more)


def clean_values(pipe: Pipeline, values: list[str], explain: bool, guard: LossGuard) -> list[Result]:
    """Each value cleaned on its own, the guard counting over all of them."""
    return [pipe.run(value, explain, chunk=Chunk(newline=newline_style(value), guard=guard)) for value in values]


class FieldCleaner:
    """Cleans batches of text values with ``pipe``; on ``jobs`` forked workers when above one."""

    def __init__(self, pipe: Pipeline, guard: LossGuard, explain: bool, jobs: int = 1) -> None:
        self.pipe, self.guard, self.explain = pipe, guard, explain
        self.pool = forked_pool(jobs, pipe=pipe, explain=explain) if jobs > 1 else None

    def __call__(self, values: list[str]) -> list[Result]:
        if self.pool is None or len(values) < 2:
            return clean_values(self.pipe, values, self.explain, self.guard)
        results: list[Result] = []
        for part, base, lost in self.pool.map(_clean_slice, _slices(values)):
            results += part
            self.guard.add(base, lost)
        return results

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _slices(values: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    size = 0
    for value in values:
        if size >= SLICE:
            out.append([])
            size = 0
        out[-1].append(value)
        size += len(value)
    return out


def _clean_slice(values: list[str]) -> tuple[list[Result], tuple[int, int], tuple[int, int]]:
    guard = LossGuard()
    return clean_values(SETUP["pipe"], values, SETUP["explain"], guard), guard.base, guard.lost
