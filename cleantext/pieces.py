"""The pieces of one streamed input (a big file, a long stdin) cleaned on several cores, in order.

Each piece is cleaned by a forked worker as the main process would clean it, and the results
come back in input order, a fixed number in flight, so memory stays bounded. Two things pass
from piece to piece in a stream (:class:`~cleantext.pipeline.Chunk` ``state``), and both are
honoured exactly:

- whether an earlier piece showed lossy mojibake (the mojibake filter then repairs on less
  evidence): a piece is sent with what the pieces merged so far showed; when a piece merged
  later turns out to have shown it, a piece sent without it that left a paragraph for want
  of it (the filter says so: ``mojibake.WANTED``) is cleaned again, here;
- a space run carried over a cut inside a line (a paragraph too long for one piece): such a
  piece is cleaned here, after the one before it.

The safety guard's counts are summed over the pieces, as one guard would count them.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future

from cleantext.filters.mojibake import EVIDENCE, WANTED
from cleantext.forked import SETUP, forked_pool
from cleantext.pipeline import Chunk, LossGuard, Pipeline, Result


def clean_piece(
    pipe: Pipeline, piece: str, where: tuple[bool, bool, bool], newline: str, state: dict, explain: bool
) -> tuple[Result, dict, tuple[int, int], tuple[int, int]]:
    """One piece cleaned: its result, the state it leaves, and the guard's (base, lost) counts."""
    guard = LossGuard()
    chunk = Chunk(newline=newline, first=where[0], last=where[1], continues_line=where[2], state=dict(state), guard=guard)
    chunk.state.pop(WANTED, None)
    result = pipe.run(piece, explain, chunk)
    return result, chunk.state, guard.base, guard.lost


def _remote(piece: str, where: tuple[bool, bool, bool], newline: str, evidence: bool, explain: bool):
    return clean_piece(SETUP["pipe"], piece, where, newline, {EVIDENCE: True} if evidence else {}, explain)


def clean_in_parallel(
    pieces: Iterable[tuple[str, bool, bool]], pipe: Pipeline, newline: str, jobs: int, guard: LossGuard, explain: bool
) -> Generator[tuple[str, Result], None, None]:
    """(piece, result) for each piece of the stream, in order, cleaned by ``pipe`` (the chain for
    this input) in ``jobs`` forked workers; ``guard`` gets their counts."""
    pool = forked_pool(jobs, pipe=pipe)
    state: dict = {}  # what the pieces merged so far leave
    flight: deque[tuple[str, tuple[bool, bool, bool], bool, Future | None]] = deque()
    first = True
    try:
        for piece, cont, last in pieces:
            where = (first, last, cont)
            first = False
            local = cont  # continues a line: needs the state of the piece before, cleaned here
            job = None if local else pool.submit(_remote, piece, where, newline, bool(state.get(EVIDENCE)), explain)
            flight.append((piece, where, bool(state.get(EVIDENCE)), job))
            while flight and (len(flight) > 2 * jobs or flight[0][3] is None):
                yield _merge(flight.popleft(), pipe, newline, state, guard, explain)
        while flight:
            yield _merge(flight.popleft(), pipe, newline, state, guard, explain)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _merge(item, pipe: Pipeline, newline: str, state: dict, guard: LossGuard, explain: bool) -> tuple[str, Result]:
    piece, where, sent_with, job = item
    result = None
    if job is not None:
        result, left, base, lost = job.result()
        if sent_with != bool(state.get(EVIDENCE)) and left.get(WANTED):
            result = None  # sent before the evidence was known, and it would have used it
    if result is None:  # cleaned here: it continues a line, or it needs the evidence
        result, left, base, lost = clean_piece(pipe, piece, where, newline, state, explain)
    evidence = state.get(EVIDENCE)
    state.clear()
    state.update(left)
    state.pop(WANTED, None)
    if evidence:
        state[EVIDENCE] = True
    guard.add(base, lost)
    return piece, result
