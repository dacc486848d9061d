"""The pieces of one streamed input (a big file, a long stdin) cleaned on several cores, in order.

Each piece is cleaned by a forked worker as the main process would clean it, and the results
come back in input order, a fixed number in flight, so memory stays bounded. What passes from
piece to piece in a stream (:class:`~cleantext.pipeline.Chunk` ``state``) is honoured exactly:

- a piece is sent with the state the pieces merged so far left; when the piece before it,
  merged later, left a different value under a key the piece's output depends on (the
  filter says so: ``filters.depends_on``), it is cleaned again, here. That covers whether an
  earlier piece showed mojibake of each kind (``mojibake.KINDS``, kept once shown: the filter
  then repairs on less evidence), and a share prompt whose buttons' names follow the cut
  (``boilerplate``);
- a space run carried over a cut inside a line (a paragraph too long for one piece): such a
  piece is cleaned here, after the one before it.

The safety guard's counts are summed over the pieces, as one guard would count them.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future

from cleantext.filters import WANTED
from cleantext.filters.mojibake import KINDS
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


def _remote(piece: str, where: tuple[bool, bool, bool], newline: str, state: dict, explain: bool):
    return clean_piece(SETUP["pipe"], piece, where, newline, state, explain)


def clean_in_parallel(
    pieces: Iterable[tuple[str, bool, bool]], pipe: Pipeline, newline: str, jobs: int, guard: LossGuard, explain: bool
) -> Generator[tuple[str, Result], None, None]:
    """(piece, result) for each piece of the stream, in order, cleaned by ``pipe`` (the chain for
    this input) in ``jobs`` forked workers; ``guard`` gets their counts."""
    pool = forked_pool(jobs, pipe=pipe)
    state: dict = {}  # what the pieces merged so far leave
    flight: deque[tuple[str, tuple[bool, bool, bool], dict, Future | None]] = deque()
    first = True
    try:
        for piece, cont, last in pieces:
            where = (first, last, cont)
            first = False
            local = cont  # continues a line: needs the state of the piece before, cleaned here
            sent = dict(state)
            job = None if local else pool.submit(_remote, piece, where, newline, sent, explain)
            flight.append((piece, where, sent, job))
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
        if any(sent_with.get(key) != state.get(key) for key in left.get(WANTED, ())):
            result = None  # sent before what it depends on was known, and that was different
    if result is None:  # cleaned here: it continues a line, or it needs the evidence
        result, left, base, lost = clean_piece(pipe, piece, where, newline, state, explain)
    shown = [kind for kind in KINDS if state.get(kind)]  # evidence, once shown, stays
    state.clear()
    state.update(left)
    state.pop(WANTED, None)
    state.update(dict.fromkeys(shown, True))
    guard.add(base, lost)
    return piece, result
