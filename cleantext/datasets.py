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
# Cleans a batch of text values: (values, their record numbers) -> one run per value
CleanMany = Callable[[list[str], list[int]], list["Result"]]


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
    opened: Opened, kind: str, pipe: Pipeline, guard: LossGuard, settings: Settings, outcome: Outcome, dest: Destination,
    jobs: int = 1,
) -> Records:
    """Clean every record's text field of the dataset ``opened``, writing the output to ``dest``
    (on ``jobs`` cores, for a dataset of some size); the diff (--diff) goes into ``outcome``."""
    import io

    from cleantext.diff import unified_diff
    from cleantext.fields import POOL_MIN, FieldCleaner
    from cleantext.findings import record_finding

    records = Records()
    name, field = outcome.name, settings.text_field
    row_diffs: list[str] = []
    cleaner = FieldCleaner(pipe, guard, settings.findings, jobs if opened.size >= POOL_MIN else 1)

    def clean_many(values: list[str], rows: list[int]) -> list[Result]:
        results = cleaner(values)
        for value, result, row in zip(values, results, rows):
            outcome.merge(result, lines=False)
            if kind == "parquet" and result.text != value:
                if settings.mode.diff:  # Parquet is binary: the diff is of each changed row's text, for review
                    label = f"{name} (row {row}, {field})"
                    row_diffs.append(unified_diff(value, result.text, label, quoted=False))
                if settings.findings:
                    outcome.findings.append(record_finding(name, row, value, result.text, result))
        return results

    sink = _DestinationFile(dest)
    raw = io.BytesIO(opened.data) if opened.data is not None else opened.reopen()
    try:
        with raw:
            if kind == "parquet":
                clean_parquet(raw, sink, clean_many, field, records, name)
                outcome.diff = "".join(row_diffs) or None
                return records
            _write_jsonl(raw, sink, kind, clean_many, settings, records, outcome)
    finally:
        cleaner.close()
    return records


def _write_jsonl(raw, sink, kind: str, clean_many, settings: Settings, records: Records, outcome: Outcome) -> None:
    """The JSON Lines branch of :func:`clean_dataset`."""
    import gzip

    from cleantext.diff import DiffWriter
    from cleantext.findings import record_finding

    name = outcome.name
    diff = DiffWriter(name) if settings.mode.diff else None
    packed = gzip.GzipFile(fileobj=sink, mode="wb", mtime=0, filename="") if kind == "jsonl.gz" else sink
    source = gzip.GzipFile(fileobj=raw) if kind == "jsonl.gz" else raw
    lines = _bounded_lines(source, packed, records, name)
    for number, before, after, result in clean_jsonl(lines, clean_many, settings.text_field, records, name):
        packed.write(after)
        if settings.findings and after is not before and result is not None:
            outcome.findings.append(record_finding(name, number, before.decode(), after.decode(), result))
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
    consumer writes every line before the stand-in, and the stand-in, before it asks for the
    next line: the record is copied then."""
    number = 0
    while True:
        line = source.readline(MAX_RECORD + 1)
        if not line:
            return
        number += 1
        if len(line) <= MAX_RECORD or line.endswith(b"\n"):
            yield line
            continue
        records.seen += 1
        records.fail(f"{name}: line {number}", f"a record over {MAX_RECORD >> 20} MB")
        yield b""
        packed.write(line)
        while not line.endswith(b"\n"):
            line = source.readline(1 << 20)
            if not line:
                break
            packed.write(line)


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
    lines: Iterable[bytes], clean_many: CleanMany, field: str, records: Records, name: str
) -> Iterator[tuple[int, bytes, bytes, Result | None]]:
    """(line number, input line, output line, the text field's run) for each line of a JSON
    Lines dataset, the text fields cleaned a batch at a time. A changed record is the input
    line with only the text field's value replaced: every other byte (number spellings, key
    order, duplicate keys, spacing) stays. An empty line (a record too long to hold) ends a
    batch: the lines before it must be written before it is copied."""
    from cleantext.fields import BATCH

    batch: list[tuple[int, bytes]] = []
    size = 0
    for number, raw in enumerate(lines, 1):
        batch.append((number, raw))
        size += len(raw)
        if size >= BATCH or not raw:
            yield from _clean_batch(batch, clean_many, field, records, name)
            batch, size = [], 0
    yield from _clean_batch(batch, clean_many, field, records, name)


def _clean_batch(batch: list[tuple[int, bytes]], clean_many: CleanMany, field: str, records: Records, name: str):
    parsed = [_parse(number, raw, field, records, name) for number, raw in batch]
    found = [(number, p) for (number, _), p in zip(batch, parsed) if p is not None]
    results = iter(clean_many([p[1] for _, p in found], [number for number, _ in found]))
    for (number, raw), p in zip(batch, parsed):
        if p is None:
            yield number, raw, raw, None
            continue
        result = next(results)
        yield number, raw, _replaced(raw, p, result.text, records), result


def _parse(number: int, raw: bytes, field: str, records: Records, name: str) -> tuple[str, str, tuple[int, int]] | None:
    """(the line as text, its text field's value, where the value stands), or None for a line
    kept as it is (blank, a stand-in, not JSON, no text field: reported)."""
    import json

    body = raw.rstrip(b"\r\n")
    if not body.strip():
        return None
    records.seen += 1
    try:
        text = body.decode("utf-8")
        record = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        why = "nested too deep" if isinstance(exc, RecursionError) else f"not JSON ({exc.__class__.__name__})"
        records.fail(f"{name}: line {number}", why)
        return None
    value = record.get(field) if isinstance(record, dict) else None
    span = _value_span(text, field) if isinstance(value, str) else None
    if span is None or not isinstance(value, str):
        what = "not a JSON object" if not isinstance(record, dict) else f"no text field {field!r}"
        records.fail(f"{name}: line {number}", what)
        return None
    return text, value, span


def _replaced(raw: bytes, parsed: tuple[str, str, tuple[int, int]], cleaned: str, records: Records) -> bytes:
    """The line with its text field's value ``cleaned``; the very input line when unchanged."""
    import json

    text, value, (start, end) = parsed
    if cleaned == value:
        return raw  # untouched records keep their exact bytes
    records.changed += 1
    escaped = text[start:end].isascii() and "\\u" in text[start:end]
    try:
        new = json.dumps(cleaned, ensure_ascii=escaped).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only an escape can carry it
        new = json.dumps(cleaned, ensure_ascii=True).encode("utf-8")
    return text[:start].encode("utf-8") + new + text[end:].encode("utf-8") + raw[len(raw.rstrip(b"\r\n")) :]


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


def clean_parquet(source: BinaryIO, sink: _DestinationFile, clean_many: CleanMany, field: str, records: Records, name: str) -> None:
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
            values = table.column(index).to_pylist()
            rows = [records.seen + 1 + i for i, value in enumerate(values) if value is not None]
            cleaned = iter(clean_many([value for value in values if value is not None], rows))
            out = [None if value is None else next(cleaned).text for value in values]
            records.seen += len(values)
            records.changed += sum(a != b for a, b in zip(values, out))
            table = table.set_column(index, schema.field(index), pa.array(out, type=kind))
            writer.write_table(table, row_group_size=max(1, table.num_rows))
    finally:
        writer.close()
