"""Clean one input end to end: read, run the chain, guard, then write, diff or check.

Built on the string level (:mod:`cleantext.pipeline`) and the disk level (:mod:`cleantext.files`);
the same function runs in the main process and in pool workers.
"""
from __future__ import annotations

import enum
from cleantext._struct import dataclass, field
from pathlib import PurePath

from cleantext import files
from cleantext.files import InputError, Source
from cleantext.pipeline import FilterError, Pipeline, Result
from cleantext.report import Outcome, Status


class Mode(str, enum.Enum):
    STDOUT = "stdout"  # cleaned text to stdout
    IN_PLACE = "in-place"
    OUTPUT_DIR = "output-dir"
    CHECK = "check"  # report only; --diff adds the diff


@dataclass(frozen=True)
class Settings:
    mode: Mode
    chain: tuple[str, ...]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    diff: bool = False
    output_dir: str | None = None
    encoding: str = "utf-8"
    max_loss: float = 0.2
    force: bool = False
    explain: bool = False
    stdin_filename: str | None = None
    text_field: str = "text"


_PIPELINES: dict[tuple, Pipeline] = {}


def pipeline_for(settings: Settings) -> Pipeline:
    """The chain for these settings, built once per process."""
    from cleantext.registry import build_chain

    key = (settings.chain, repr(sorted(settings.options.items())))
    if key not in _PIPELINES:
        _PIPELINES[key] = build_chain(list(settings.chain), settings.options)
    return _PIPELINES[key]


def process(source: Source, settings: Settings, stdin=None) -> Outcome:
    """Clean one input; every failure becomes a FAILED outcome whose message names the input."""
    try:
        return _process(source, settings, stdin)
    except (InputError, FilterError) as exc:
        msg = str(exc)
        if not msg.startswith(source.display):
            msg = f"{source.display}: {msg}"
        return Outcome(source.display, Status.FAILED, msg)
    except OSError as exc:
        return Outcome(source.display, Status.FAILED, f"{source.display}: {exc.strerror or exc}")
    except UnicodeEncodeError as exc:
        return Outcome(source.display, Status.FAILED, f"{source.display}: cleaned text cannot be encoded: {exc.reason}")


def _process(source: Source, settings: Settings, stdin) -> Outcome:
    opened = files.open_input(source, stdin)
    name = settings.stdin_filename if source.is_stdin else source.path
    kind_path = PurePath(name) if name else None  # what filters and dataset readers go by
    from cleantext.datasets import dataset_kind

    kind = dataset_kind(kind_path)
    if kind is not None:
        try:
            return _process_dataset(source, settings, opened, kind_path, kind)
        finally:
            opened.close()
    if opened.data is None:
        try:
            return _process_stream(source, settings, opened, kind_path)
        finally:
            opened.close()
    text, bom, encoding = files.decode(opened.data, source.display, settings.encoding)
    decoded = files.Decoded(text, bom, encoding, opened.size, opened.mtime_ns)
    if source.passthrough:
        result = Result(decoded.text)
    else:
        result = pipeline_for(settings).for_path(kind_path).run(decoded.text, explain=settings.explain)
    new = result.text
    converted = decoded.encoding != "utf-8" and not decoded.text.isascii()
    changed = new != decoded.text or converted
    outcome = Outcome(
        source.display,
        Status.CHANGED if changed else Status.UNCHANGED,
        filters=result.changed_by,
        rules=dict(result.rules),
        lines=result.lines,
        size=decoded.size,
    )
    if converted:
        outcome.note = f"{source.display}: read as {decoded.encoding}, written as UTF-8"
    _check_loss(source, settings, changed, result.loss)
    # unchanged UTF-8 is written back as the very bytes read (decoding them was exact)
    data = opened.data if not changed and decoded.encoding == "utf-8" else files.encode(new, decoded.bom)
    mode = settings.mode
    if settings.diff and changed:
        from cleantext.output import unified_diff

        outcome.diff = unified_diff(decoded.text, new, source.display)
    if mode is Mode.STDOUT or (mode is Mode.IN_PLACE and source.is_stdin):
        outcome.output = data
    elif mode is Mode.IN_PLACE and changed:
        files.write_atomic(source.path, data, expect=(decoded.size, decoded.mtime_ns))
    elif mode is Mode.OUTPUT_DIR:
        files.write_output(settings.output_dir, source.rel, data)
    return outcome


def _check_loss(source: Source, settings: Settings, changed: bool, loss: float) -> None:
    """The safety guard's verdict, the same for every kind of input."""
    if changed and not settings.force and loss > settings.max_loss:
        raise InputError(
            f"{source.display}: cleaning would remove {loss:.0%} of its letters and digits "
            f"(limit {settings.max_loss:.0%}); left unchanged (use --force to allow)"
        )


def _process_stream(source: Source, settings: Settings, opened: files.Opened, kind_path) -> Outcome:
    """A large input, piece by piece: bounded memory, the same output as cleaning it whole."""
    from cleantext.pipeline import Chunk, _LossGuard
    from cleantext.streaming import split_pieces

    decoder = files.BlockDecoder(opened, settings.encoding)
    pipe = pipeline_for(settings).for_path(kind_path)
    sink = _Sink(source, settings, opened)
    outcome = Outcome(source.display, Status.UNCHANGED, size=opened.size)
    chunk = Chunk(newline=opened.newline, state={}, guard=_LossGuard())
    first, line_in = True, 1
    if settings.diff:
        from cleantext.output import DiffWriter

        diff = DiffWriter(source.display)
    try:
        for piece, cont, last in split_pieces(decoder.blocks()):
            chunk.first, chunk.last, chunk.continues_line = first, last, cont
            result = piece if source.passthrough else pipe.run(piece, settings.explain, chunk)
            new = result if isinstance(result, str) else result.text
            if new != piece:
                outcome.status = Status.CHANGED
                _merge(outcome, result, line_in)
            if settings.diff:
                diff.feed(piece, new)
            sink.write(files.encode(new, decoder.bom and first))
            line_in += piece.count("\n")
            first = False
        if settings.diff:
            outcome.diff = diff.finish() or None
        converted = decoder.encoding != "utf-8"
        if converted:
            outcome.status = Status.CHANGED
            outcome.note = f"{source.display}: read as {decoder.encoding}, written as UTF-8"
        _check_loss(source, settings, outcome.status is Status.CHANGED, chunk.guard.loss)
        sink.finish(outcome.status is Status.CHANGED)
    except BaseException:
        sink.abort()
        raise
    return outcome


def _process_dataset(source: Source, settings: Settings, opened: files.Opened, kind_path, kind: str) -> Outcome:
    """A JSONL or Parquet dataset: the text field of every record, in bounded memory."""
    import gzip
    import io

    from cleantext import datasets
    from cleantext.pipeline import Chunk, _LossGuard, newline_style

    pipe = pipeline_for(settings).for_path(kind_path).for_records()
    guard = _LossGuard()
    outcome = Outcome(source.display, Status.UNCHANGED, size=opened.size)
    records = datasets.Records()

    def clean_field(value: str) -> str:
        result = pipe.run(value, chunk=Chunk(newline=newline_style(value), guard=guard))
        _merge(outcome, result, 1, lines=False)
        return result.text

    raw = io.BytesIO(opened.data) if opened.data is not None else open(opened.path, "rb")
    sink = _Sink(source, settings, opened)
    diff = None
    row_diffs: list[str] = []
    if settings.diff and kind != "parquet":
        from cleantext.output import DiffWriter

        diff = DiffWriter(source.display)
    elif settings.diff:
        # Parquet is binary: the diff is of each changed row's text, for review (not for patch)
        from cleantext.output import unified_diff

        plain_clean_field = clean_field

        def clean_field(value: str) -> str:
            cleaned = plain_clean_field(value)
            if cleaned != value:
                row = f"{source.display} (row {records.seen}, {settings.text_field})"
                row_diffs.append(unified_diff(value, cleaned, row))
            return cleaned

    try:
        with raw:
            if kind == "parquet":
                datasets.clean_parquet(raw, sink, clean_field, settings.text_field, records, source.display)
            else:
                packed = gzip.GzipFile(fileobj=sink, mode="wb", mtime=0, filename="") if kind == "jsonl.gz" else sink
                lines = gzip.GzipFile(fileobj=raw) if kind == "jsonl.gz" else raw
                for before, after in _pairs(lines, datasets, clean_field, settings.text_field, records, source.display):
                    packed.write(after)
                    if diff is not None:
                        diff.feed(before.decode("utf-8", "replace"), after.decode("utf-8", "replace"))
                if packed is not sink:
                    packed.close()
        if records.changed:
            outcome.status = Status.CHANGED
        if diff is not None:
            outcome.diff = diff.finish() or None
        elif row_diffs:
            outcome.diff = "".join(row_diffs)
        _check_loss(source, settings, outcome.status is Status.CHANGED, guard.loss)
        sink.finish(outcome.status is Status.CHANGED, original=opened)
    except (OSError, EOFError, ValueError, RuntimeError) as exc:
        sink.abort()
        if isinstance(exc, OSError) and not isinstance(exc, (EOFError,)) and exc.strerror:
            raise
        raise InputError(f"{source.display}: cannot read as {kind}: {exc}") from None
    except BaseException:
        sink.abort()
        raise
    outcome.records = (records.seen, records.changed, records.failed)
    outcome.problems = records.problems
    return outcome


def _pairs(lines, datasets, clean_field, field, records, name):
    """(input line, output line) for each line of a JSONL stream."""
    source_lines = []

    def tee():
        for line in lines:
            source_lines.append(line)
            yield line

    for out in datasets.clean_jsonl(tee(), clean_field, field, records, name):
        yield source_lines.pop(0), out


def _merge(outcome: Outcome, result, line_offset: int, lines: bool = True) -> None:
    for name in result.changed_by:
        if name not in outcome.filters:
            outcome.filters.append(name)
    for rule, n in result.rules.items():
        outcome.rules[rule] = outcome.rules.get(rule, 0) + n
    if lines:
        for name, numbers in result.lines.items():
            outcome.lines.setdefault(name, []).extend(n + line_offset - 1 for n in numbers)


class _Sink:
    """Where the pieces of a streamed input go: stdout, a temporary file to rename, or nowhere."""

    def __init__(self, source: Source, settings: Settings, opened: files.Opened) -> None:
        self.writer = None
        self.stdout = settings.mode is Mode.STDOUT or (settings.mode is Mode.IN_PLACE and source.is_stdin)
        if settings.mode is Mode.IN_PLACE and not source.is_stdin:
            self.writer = files.AtomicWriter(source.path, expect=(opened.size, opened.mtime_ns))
        elif settings.mode is Mode.OUTPUT_DIR:
            self.writer = files.AtomicWriter(files.output_path(settings.output_dir, source.rel), durable=False)
        self.in_place = settings.mode is Mode.IN_PLACE
        self.written = 0
        self.closed = False

    # the file-object side, for gzip and pyarrow writers
    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        pass

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        self.written += len(data)
        if self.stdout:
            from cleantext.output import write_data

            write_data(data)
        elif self.writer is not None:
            self.writer.write(bytes(data))
        return len(data)

    def finish(self, changed: bool, original: files.Opened | None = None) -> None:
        if self.writer is None:
            return
        if changed:
            self.writer.commit()
        elif self.in_place:
            self.writer.discard()  # unchanged: the original is not touched
        elif original is not None:  # an unchanged dataset is copied as it was, byte for byte
            self.writer.discard()
            self.writer = files.AtomicWriter(self.writer.path, durable=False)
            if original.data is not None:
                self.writer.write(original.data)
            else:
                with open(original.path, "rb") as fh:
                    for block in iter(lambda: fh.read(files.BLOCK), b""):
                        self.writer.write(block)
            self.writer.commit()
        else:
            self.writer.commit()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.discard()
