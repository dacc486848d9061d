"""Datasets of records: JSON Lines (``.jsonl``, ``.jsonl.gz``) and Parquet (``.parquet``).

The text field of each record (``--text-field``, default ``text``) is cleaned like a file,
except that no final newline is added; every other field and the record order are kept. A
record without the field, or a line that is not JSON, is reported with its line number and
kept as it is. Both formats are read and written piece by piece, in bounded memory.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from cleantext.destination import Destination
    from cleantext.mode import Settings
    from cleantext.pipeline import LossGuard, Pipeline
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
    import gzip
    import io

    from cleantext.output import DiffWriter, unified_diff
    from cleantext.pipeline import Chunk, newline_style

    records = Records()
    name, field = outcome.name, settings.text_field
    row_diffs: list[str] = []

    def clean_field(value: str) -> str:
        result = pipe.run(value, chunk=Chunk(newline=newline_style(value), guard=guard))
        outcome.merge(result, lines=False)
        if kind == "parquet" and settings.mode.diff and result.text != value:
            # Parquet is binary: the diff is of each changed row's text, for review (not for patch)
            row_diffs.append(unified_diff(value, result.text, f"{name} (row {records.seen}, {field})"))
        return result.text

    sink = _DestinationFile(dest)
    raw = io.BytesIO(opened.data) if opened.data is not None else open(opened.path or "", "rb")
    with raw:
        if kind == "parquet":
            clean_parquet(raw, sink, clean_field, field, records, name)
            outcome.diff = "".join(row_diffs) or None
            return records
        diff = DiffWriter(name) if settings.mode.diff else None
        packed = gzip.GzipFile(fileobj=sink, mode="wb", mtime=0, filename="") if kind == "jsonl.gz" else sink
        lines = gzip.GzipFile(fileobj=raw) if kind == "jsonl.gz" else raw
        for before, after in _pairs(lines, clean_field, field, records, name):
            packed.write(after)
            if diff is not None:
                diff.feed(before.decode("utf-8", "replace"), after.decode("utf-8", "replace"))
        if isinstance(packed, gzip.GzipFile):
            packed.close()
        if diff is not None:
            outcome.diff = diff.finish() or None
    return records


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
    """Yield the output lines of a JSON Lines dataset (bytes, each with its newline)."""
    import json

    for number, raw in enumerate(lines, 1):
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            yield raw
            continue
        records.seen += 1
        try:
            record = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            records.fail(f"{name}: line {number}", f"not JSON ({exc.__class__.__name__})")
            yield raw
            continue
        value = record.get(field) if isinstance(record, dict) else None
        if not isinstance(value, str):
            what = "not a JSON object" if not isinstance(record, dict) else f"no text field {field!r}"
            records.fail(f"{name}: line {number}", what)
            yield raw
            continue
        cleaned = clean_field(value)
        if cleaned == value:
            yield raw  # untouched records keep their exact bytes
            continue
        records.changed += 1
        record[field] = cleaned
        compact = b'": ' not in body and b'", "' not in body
        separators = (",", ":") if compact else (", ", ": ")
        ending = raw[len(body) :] or b""
        yield json.dumps(record, ensure_ascii=False, separators=separators).encode("utf-8") + ending


def clean_parquet(
    source: BinaryIO, sink: _DestinationFile, clean_field: Callable[[str], str], field: str, records: Records, name: str
) -> None:
    """Clean the text column of a Parquet file batch by batch, keeping its schema."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RuntimeError("Parquet needs pyarrow: pip install 'cleantext[ray]' (or pyarrow)") from None
    reader = pq.ParquetFile(source)
    schema = reader.schema_arrow
    if field not in schema.names:
        raise ValueError(f"{name}: no column {field!r} (columns: {', '.join(schema.names)})")
    index = schema.get_field_index(field)
    writer = pq.ParquetWriter(sink, schema)
    try:
        for batch in reader.iter_batches(batch_size=4096):
            values = batch.column(index).to_pylist()
            out: list[str | None] = []
            for value in values:
                records.seen += 1
                if value is None:
                    out.append(None)
                    continue
                cleaned = clean_field(value)
                records.changed += cleaned != value
                out.append(cleaned)
            columns = list(batch.columns)
            columns[index] = pa.array(out, type=schema.field(index).type)
            writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=schema))
    finally:
        writer.close()
