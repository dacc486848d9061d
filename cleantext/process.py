"""Clean one input end to end: read, run the chain, guard, then hand the bytes to its destination.

Built on the string level (:mod:`cleantext.pipeline`) and the I/O modules; the same function
runs in the main process, in pool workers and on Ray workers.
"""
from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import PurePath
from typing import BinaryIO

from cleantext import textio
from cleantext.destination import Destination, destination_for
from cleantext.discovery import Source
from cleantext.errors import FilterError, InputError, about
from cleantext.mode import Mode, Settings
from cleantext.pipeline import Chunk, LossGuard, Pipeline, Result
from cleantext.report import Outcome, Status

_PIPELINES: dict[tuple, Pipeline] = {}


def pipeline_for(settings: Settings) -> Pipeline:
    """The chain for these settings, built once per process."""
    from cleantext.registry import build_chain

    key = (settings.chain, repr(sorted(settings.options.items())))
    if key not in _PIPELINES:
        _PIPELINES[key] = build_chain(list(settings.chain), settings.options)
    return _PIPELINES[key]


Progress = Callable[[int, "int | None"], None]  # (bytes done, size) of an input cleaned in pieces


def process(
    source: Source, settings: Settings, stdin: BinaryIO | None = None, jobs: int = 1, progress: Progress | None = None
) -> Outcome:
    """Clean one input; every failure becomes a FAILED outcome whose message names the input.
    From the main process only: ``jobs``, the processes to clean the pieces of a streamed
    input on, and ``progress``, told how far such an input has got after each piece."""
    try:
        return _process(source, settings, stdin, jobs, progress)
    except (InputError, FilterError, OSError, UnicodeEncodeError) as exc:
        return Outcome(source.display, Status.FAILED, about(source.display, exc))


def _process(source: Source, settings: Settings, stdin: BinaryIO | None, jobs: int, progress: Progress | None) -> Outcome:
    opened = textio.open_input(source, stdin, progress)
    try:
        if not opened.regular and settings.mode is Mode.IN_PLACE:
            raise InputError(f"{source.display}: a pipe, not a file: it cannot be rewritten in place")
        name = settings.stdin_filename if source.is_stdin else source.path
        kind_path = PurePath(name) if name else None  # what filters and dataset readers go by
        dest = destination_for(source, settings, opened.read_stamp())
        from cleantext.datasets import dataset_kind

        kind = dataset_kind(kind_path)
        if kind is not None:
            return _process_dataset(source, settings, opened, kind_path, kind, dest, jobs)
        if opened.data is None:
            return _process_stream(source, settings, opened, kind_path, dest, jobs, progress)
        return _process_whole(source, settings, opened, kind_path, dest)
    finally:
        opened.close()


def _process_whole(source: Source, settings: Settings, opened: textio.Opened, kind_path, dest: Destination) -> Outcome:
    assert opened.data is not None
    text, bom, encoding = textio.decode(opened.data, source.display, settings.encoding)
    if source.passthrough:
        result = Result(text)
    else:
        from cleantext.documents import clean_document

        pipe = pipeline_for(settings).for_path(kind_path)
        explain = settings.explain or settings.findings
        result = pipe.run(text, explain=explain)
        try:
            result = clean_document(text, result, pipe, kind_path, explain, source.display)
        except InputError:
            dest.refused(opened.data)
            raise
    converted = encoding != "utf-8" and not text.isascii()
    changed = result.text != text or converted
    outcome = Outcome(source.display, Status.CHANGED if changed else Status.UNCHANGED, size=opened.size)
    outcome.merge(result)
    if converted:
        outcome.note = converted_note(source.display, encoding, settings.encoding == "auto")
    try:
        _check_loss(source, settings, changed, result.loss)
    except InputError:
        dest.refused(opened.data)
        raise
    # unchanged UTF-8 is written back as the very bytes read (decoding them was exact)
    data = opened.data if not changed and encoding == "utf-8" else textio.encode(result.text, bom)
    if settings.findings and changed:
        _find(outcome, text, result)
    if settings.mode.diff and changed:
        from cleantext.diff import unified_diff

        mark = "\ufeff" if bom else ""  # the BOM is part of the file's first line, for patch and git
        outcome.diff = unified_diff(mark + text, mark + result.text, source.display)
    dest.whole(data, changed)
    if settings.cache and opened.mtime_ns is not None and opened.regular:
        from cleantext.cache import digest

        outcome.stamp = (opened.size, opened.mtime_ns, digest(opened.data))
    return outcome


def converted_note(name: str, encoding: str, detected: bool) -> str:
    how = "detected as" if detected else "read as"
    return f"{name}: {how} {encoding}, written as UTF-8"


def _find(outcome: Outcome, before: str, result: Result, line_offset: int = 1) -> None:
    from cleantext.findings import encoding_finding, findings

    if result.text != before:
        outcome.findings += findings(outcome.name, before, result.text, result, line_offset)
    elif outcome.note and not outcome.findings:
        outcome.findings.append(encoding_finding(outcome.name, outcome.note))


def _check_loss(source: Source, settings: Settings, changed: bool, loss: float) -> None:
    """The safety guard's verdict, the same for every kind of input."""
    if changed and not settings.force and loss > settings.max_loss:
        raise InputError(
            f"{source.display}: cleaning would remove {loss:.0%} of its letters, digits or other visible characters "
            f"(limit {settings.max_loss:.0%}); left unchanged (use --force to allow)"
        )


def _check_streamable(source: Source, settings: Settings, kind_path) -> None:
    """Refuse an input too large to hold that must be read whole (a document, or a filter that
    does not stream), rather than clean it differently."""
    from cleantext.documents import refuses_streaming

    too_large = f"{source.display}: over {textio.STREAM_THRESHOLD >> 20} MB"
    if refuses_streaming(kind_path):
        raise InputError(f"{too_large}: too large to parse as a document; left unchanged")
    whole = [name for name, f in pipeline_for(settings).for_path(kind_path).filters if not f.streams]
    if whole:
        raise InputError(f"{too_large}: too large for the {whole[0]} filter, which reads the whole text; left unchanged")


def _process_stream(
    source: Source, settings: Settings, opened: textio.Opened, kind_path, dest: Destination, jobs: int = 1,
    progress: Progress | None = None,
) -> Outcome:
    """A large input, piece by piece: bounded memory, the same output as cleaning it whole."""
    from cleantext.diff import DiffWriter
    from cleantext.streaming import split_pieces

    if not source.passthrough:
        _check_streamable(source, settings, kind_path)
    decoder = textio.BlockDecoder(opened, settings.encoding)
    outcome = Outcome(source.display, Status.UNCHANGED, size=opened.size)
    guard = LossGuard()
    first, line_in, done = True, 1, 0
    diff = DiffWriter(source.display) if settings.mode.diff else None
    results = _piece_results(split_pieces(decoder.blocks()), source, settings, kind_path, opened.newline, guard, jobs)
    try:
        for piece, result in results:
            if result.text != piece:
                outcome.status = Status.CHANGED
                outcome.merge(result, line_in)
                if settings.findings:
                    _find(outcome, piece, result, line_in)
            if diff is not None:
                mark = "\ufeff" if decoder.bom and first else ""
                diff.feed(mark + piece, mark + result.text)
            dest.write(textio.encode(result.text, decoder.bom and first))
            line_in += piece.count("\n")
            if progress is not None:
                done = _tell(progress, decoder, piece, first, done, opened.size)
            first = False
        if diff is not None:
            outcome.diff = diff.finish() or None
        if decoder.encoding != "utf-8":
            outcome.status = Status.CHANGED
            outcome.note = converted_note(source.display, decoder.encoding, settings.encoding == "auto")
            if settings.findings:
                _find(outcome, "", Result(""))
        _check_loss(source, settings, outcome.status is Status.CHANGED, guard.loss)
        dest.finish(outcome.status is Status.CHANGED)
    except BaseException:
        dest.abort()
        raise
    finally:
        results.close()  # a worker pool, if any, is shut down here
    return outcome


def _tell(progress: Progress, decoder: textio.BlockDecoder, piece: str, first: bool, done: int, size: int) -> int:
    """Tell ``progress`` the input's bytes behind the pieces done so far (reading runs ahead):
    counted from the pieces in UTF-8, else the bytes read."""
    if decoder.encoding != "utf-8":
        progress(decoder.consumed, size)
        return done
    done += len(piece.encode("utf-8", "surrogatepass")) + (3 if first and decoder.bom else 0)
    progress(done, size)
    return done


def _piece_results(
    pieces, source: Source, settings: Settings, kind_path, newline: str, guard: LossGuard, jobs: int
) -> Generator[tuple[str, Result], None, None]:
    """(piece, result) for each piece of a stream: on ``jobs`` workers, or here."""
    if source.passthrough:
        return ((piece, Result(piece)) for piece, _, _ in pieces)
    pipe = pipeline_for(settings).for_path(kind_path)
    explain = settings.explain or settings.findings
    if jobs > 1:
        from cleantext.pieces import clean_in_parallel

        return clean_in_parallel(pieces, pipe, newline, jobs, guard, explain)
    return _clean_serially(pieces, pipe, newline, guard, explain)


def _clean_serially(pieces, pipe: Pipeline, newline: str, guard: LossGuard, explain: bool) -> Generator[tuple[str, Result], None, None]:
    """(piece, result) for each piece of a stream, cleaned one after the other in this process."""
    chunk = Chunk(newline=newline, state={}, guard=guard)
    first = True
    for piece, cont, last in pieces:
        chunk.first, chunk.last, chunk.continues_line = first, last, cont
        first = False
        yield piece, pipe.run(piece, explain, chunk)


def _process_dataset(
    source: Source, settings: Settings, opened: textio.Opened, kind_path, kind: str, dest: Destination, jobs: int = 1
) -> Outcome:
    """A JSONL or Parquet dataset: the text field of every record, in bounded memory, its
    records cleaned on ``jobs`` cores."""
    from cleantext import datasets

    pipe = pipeline_for(settings).for_path(kind_path).for_records()
    outcome = Outcome(source.display, Status.UNCHANGED, size=opened.size)
    guard = LossGuard()
    try:
        records = datasets.clean_dataset(opened, kind, pipe, guard, settings, outcome, dest, jobs)
        if records.changed:
            outcome.status = Status.CHANGED
        _check_loss(source, settings, outcome.status is Status.CHANGED, guard.loss)
        dest.finish(outcome.status is Status.CHANGED, original=opened.data if opened.data is not None else opened.path)
    except (OSError, EOFError, ValueError, RuntimeError) as exc:
        dest.abort()
        if isinstance(exc, OSError) and not isinstance(exc, EOFError) and exc.strerror:
            raise
        why = str(exc).removeprefix(f"{source.display}: ")
        raise InputError(f"{source.display}: cannot read as {kind}: {why}") from None
    except BaseException:
        dest.abort()
        raise
    outcome.records = (records.seen, records.changed, records.failed)
    outcome.problems = records.problems
    return outcome
