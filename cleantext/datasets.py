"""Datasets of records: JSON Lines (``.jsonl``, ``.jsonl.gz``) and Parquet (``.parquet``).

The text field of each record (``--text-field``, default ``text``) is cleaned like a file,
except that no final newline is added; every other field and the record order are kept. A
record without the field, or a line that is not JSON, is reported with its line number and
kept as it is. Both formats are read and written piece by piece, in bounded memory.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from cleantext.destination import Destination
    from cleantext.mode import Settings
    from cleantext.pipeline import LossGuard, Pipeline, Result
    from cleantext.report import Outcome
    from cleantext.textio import Opened

DATASET_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


def dataset_kind(path: PurePath | None) -> str | None:
    """'jsonl', 'jsonl.gz', 'parquet', or None for a plain text file."""
    if path is None:
        return None
    name = path.name.lower()
    for suffix in DATASET_SUFFIXES:
        if name.endswith(suffix):
            return suffix[1:]
    return None


def clean_dataset(
    opened: Opened, kind: str, pipe: Pipeline, guard: LossGuard, settings: Settings, outcome: Outcome, dest: Destination
) -> Records:
    """Clean every record's text field of the dataset ``opened``, writing the output to ``dest``;
    the diff (--diff) goes into ``outcome``."""
    import io

    from cleantext.diff import unified_diff
    from cleantext.findings import record_finding
    from cleantext.pipeline import Chunk, newline_style

    records = Records()
    name, field = outcome.name, settings.text_field
    row_diffs: list[str] = []
    blamed: list[Result] = []  # the last record's run, whose steps the findings name

    def clean_field(value: str) -> str:
        result = pipe.run(value, settings.findings, chunk=Chunk(newline=newline_style(value), guard=guard))
        outcome.merge(result, lines=False)
        blamed[:] = [result]
        if kind == "parquet" and result.text != value:
            if settings.mode.diff:  # Parquet is binary: the diff is of each changed row's text, for review
                label = f"{name} (row {records.seen}, {field})"
                row_diffs.append(unified_diff(value, result.text, label, quoted=False))
            if settings.findings:
                outcome.findings.append(record_finding(name, records.seen, value, result.text, result))
        return result.text

    sink = _DestinationFile(dest)
    raw = io.BytesIO(opened.data) if opened.data is not None else opened.reopen()
    with raw:
        if kind == "parquet":
            clean_parquet(raw, sink, clean_field, field, records, name)
            outcome.diff = "".join(row_diffs) or None
            return records
        _write_jsonl(raw, sink, kind, clean_field, lambda: blamed[0], settings, records, outcome)
    return records


def _write_jsonl(raw, sink, kind: str, clean_field, blamed, settings: Settings, records: Records, outcome: Outcome) -> None:
    """The JSON Lines branch of :func:`clean_dataset` (``blamed()``: the last record's run)."""
    import gzip

    from cleantext.diff import DiffWriter
    from cleantext.findings import record_finding

    name = outcome.name
    diff = DiffWriter(name) if settings.mode.diff else None
    packed = gzip.GzipFile(fileobj=sink, mode="wb", mtime=0, filename="") if kind == "jsonl.gz" else sink
    source = gzip.GzipFile(fileobj=raw) if kind == "jsonl.gz" else raw
    lines = _bounded_lines(source, packed, records, name)
    for number, (before, after) in enumerate(_pairs(lines, clean_field, settings.text_field, records, name), 1):
        packed.write(after)
        if settings.findings and after is not before:
            outcome.findings.append(record_finding(name, number, before.decode(), after.decode(), blamed()))
        if diff is not None and not before:  # a record too long to hold: a stand-in keeps the numbering
            diff.feed(OVERSIZE_LINE, OVERSIZE_LINE)
        elif diff is not None:
            diff.feed(before.decode("utf-8", "replace"), after.decode("utf-8", "replace"))
    if isinstance(packed, gzip.GzipFile):
        packed.close()
    if diff is not None:
        outcome.diff = diff.finish() or None


MAX_RECORD = 16 * 2**20  # a JSONL record longer than this is kept as it is, in bounded memory
OVERSIZE_LINE = f"[a record over {MAX_RECORD >> 20} MB, kept as it is]\n"


def _bounded_lines(source: Any, packed, records: Records, name: str) -> Iterator[bytes]:
    """The lines of ``source``, none longer than MAX_RECORD: a longer record is copied to
    ``packed`` as it is, a megabyte at a time, and stands in the stream as an empty line (so
    the records' numbering goes on). The lines before it are already written: the
    generators that consume this one write each output before they ask for the next line."""
    number = 0
    while True:
        line = source.readline(MAX_RECORD + 1)
        if not line:
            return
        number += 1
        if len(line) <= MAX_RECORD or line.endswith(b"\n"):
            yield line
            continue
        packed.write(line)
        while not line.endswith(b"\n"):
            line = source.readline(1 << 20)
            if not line:
                break
            packed.write(line)
        records.seen += 1
        records.fail(f"{name}: line {number}", f"a record over {MAX_RECORD >> 20} MB")
        yield b""


class _DestinationFile:
    """A destination as the binary file object that gzip and pyarrow write to."""

    def __init__(self, dest: Destination) -> None:
        self.dest, self.written, self.closed = dest, 0, False

    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        pass

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        self.written += len(data)
        self.dest.write(bytes(data))
        return len(data)


def _pairs(lines: Iterable[bytes], clean_field, field: str, records: Records, name: str) -> Iterator[tuple[bytes, bytes]]:
    """(input line, output line) for each line of a JSONL stream."""
    source_lines: list[bytes] = []

    def tee() -> Iterator[bytes]:
        for line in lines:
            source_lines.append(line)
            yield line

    for out in clean_jsonl(tee(), clean_field, field, records, name):
        yield source_lines.pop(0), out


class Records:
    """Counts and problems of one dataset, for the outcome."""

    def __init__(self) -> None:
        self.seen = self.changed = self.failed = 0
        self.problems: list[str] = []

    def fail(self, where: str, why: str) -> None:
        self.failed += 1
        if len(self.problems) < 20:
            self.problems.append(f"{where}: {why}; kept as it is")


def clean_jsonl(
    lines: Iterable[bytes], clean_field: Callable[[str], str], field: str, records: Records, name: str
) -> Iterator[bytes]:
    """Yield the output lines of a JSON Lines dataset (bytes, each with its newline). A changed
    record is the input line with only the text field's value replaced: every other byte
    (number spellings, key order, duplicate keys, spacing) stays."""
    import json

    for number, raw in enumerate(lines, 1):
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            yield raw
            continue
        records.seen += 1
        try:
            text = body.decode("utf-8")
            record = json.loads(text)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            why = "nested too deep" if isinstance(exc, RecursionError) else f"not JSON ({exc.__class__.__name__})"
            records.fail(f"{name}: line {number}", why)
            yield raw
            continue
        value = record.get(field) if isinstance(record, dict) else None
        span = _value_span(text, field) if isinstance(value, str) else None
        if span is None or not isinstance(value, str):
            what = "not a JSON object" if not isinstance(record, dict) else f"no text field {field!r}"
            records.fail(f"{name}: line {number}", what)
            yield raw
            continue
        cleaned = clean_field(value)
        if cleaned == value:
            yield raw  # untouched records keep their exact bytes
            continue
        records.changed += 1
        start, end = span
        escaped = text[start:end].isascii() and "\\u" in text[start:end]
        try:
            new = json.dumps(cleaned, ensure_ascii=escaped).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: only an escape can carry it
            new = json.dumps(cleaned, ensure_ascii=True).encode("utf-8")
        yield (text[:start].encode("utf-8") + new + text[end:].encode("utf-8")) + raw[len(body) :]


def _value_span(text: str, field: str) -> tuple[int, int] | None:
    """Where the value of the top-level key ``field`` of the JSON object ``text`` stands (the
    last one, as json.loads reads duplicate keys); None unless it is a string."""
    import json

    scan = json.JSONDecoder()
    i = _skip(text, 0)
    if text[i : i + 1] != "{":
        return None
    i = _skip(text, i + 1)
    span = None
    while text[i : i + 1] == '"':
        key, i = scan.raw_decode(text, i)
        i = _skip(text, _skip(text, i) + 1)  # past the colon
        start = i
        value, i = scan.raw_decode(text, i)
        if key == field:
            span = (start, i) if isinstance(value, str) else None
        i = _skip(text, i)
        if text[i : i + 1] != ",":
            break
        i = _skip(text, i + 1)
    return span


def _skip(text: str, i: int) -> int:
    """The position of the first character at or after ``i`` that is not JSON white space."""
    while i < len(text) and text[i] in " \t\n\r":
        i += 1
    return i


def clean_parquet(
    source: BinaryIO, sink: _DestinationFile, clean_field: Callable[[str], str], field: str, records: Records, name: str
) -> None:
    """Clean the text column of a Parquet file row group by row group, keeping its schema, its
    metadata and its row groups."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError("Parquet needs pyarrow: pip install 'cleantext[ray]' (or pyarrow)") from None
    reader = pq.ParquetFile(source)
    schema = reader.schema_arrow  # with its metadata (pandas', Hugging Face's ...)
    if field not in schema.names:
        raise ValueError(f"{name}: no column {field!r} (columns: {', '.join(schema.names)})")
    index = schema.get_field_index(field)
    kind = schema.field(index).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise ValueError(f"{name}: column {field!r} holds {kind}, not text")
    writer = pq.ParquetWriter(sink, schema)
    try:
        for group in range(reader.num_row_groups):  # one row group out for each in
            table = reader.read_row_group(group)
            out: list[str | None] = []
            for value in table.column(index).to_pylist():
                records.seen += 1
                cleaned = None if value is None else clean_field(value)
                records.changed += cleaned != value
                out.append(cleaned)
            table = table.set_column(index, schema.field(index), pa.array(out, type=kind))
            writer.write_table(table, row_group_size=max(1, table.num_rows))
    finally:
        writer.close()
