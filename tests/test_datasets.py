"""JSONL and Parquet datasets on the local engine: the text field is cleaned, all else kept."""
from __future__ import annotations

import gzip
import json

import pytest

from tests.conftest import write

RECORDS = [
    {"id": 1, "text": "Itâs  here\u00a0now.  \n\n\n", "tags": ["a", "b"]},
    {"id": 2, "text": "clean"},
    {"id": 3, "title": "no text field"},
    {"id": 4, "text": "[ad_1]\nBody  text"},
]


def jsonl(records, extra_line=None, compact=False) -> bytes:
    sep = (",", ":") if compact else (", ", ": ")
    lines = [json.dumps(r, ensure_ascii=False, separators=sep) for r in records]
    if extra_line is not None:
        lines.insert(2, extra_line)
    return ("\n".join(lines) + "\n").encode()


def test_jsonl_fields_cleaned_rest_kept(cli, tmp_path):
    f = write(tmp_path / "d.jsonl", jsonl(RECORDS, extra_line="{broken"))
    r = cli("--stats", "-i", "d.jsonl")
    assert r.code == 2  # two records could not be processed; they are kept, the rest is cleaned
    assert "d.jsonl: line 3: not JSON" in r.stderr and "d.jsonl: line 4: no text field 'text'" in r.stderr
    assert "records: 5 seen, 2 changed, 2 kept as they were" in r.stderr
    lines = f.read_bytes().decode().splitlines()
    assert json.loads(lines[0]) == {"id": 1, "text": "It’s here now.", "tags": ["a", "b"]}  # no final newline
    assert lines[1] == json.dumps(RECORDS[1])  # untouched records keep their exact bytes
    assert lines[2] == "{broken" and lines[3] == json.dumps(RECORDS[2])
    assert json.loads(lines[4])["text"] == "Body text"


def test_jsonl_compact_style_kept(cli, tmp_path):
    write(tmp_path / "d.jsonl", jsonl(RECORDS[:1], compact=True))
    out = cli("d.jsonl").stdout
    assert out == '{"id":1,"text":"It’s here now.","tags":["a","b"]}\n'


def test_jsonl_gz_and_output_dir(cli, tmp_path):
    write(tmp_path / "in" / "d.jsonl.gz", gzip.compress(jsonl([RECORDS[0], RECORDS[1]])))
    write(tmp_path / "in" / "same.jsonl.gz", gzip.compress(jsonl([RECORDS[1]])))
    r = cli("-o", "out", "in")
    assert r.code == 0
    out = gzip.decompress((tmp_path / "out" / "d.jsonl.gz").read_bytes()).decode().splitlines()
    assert json.loads(out[0])["text"] == "It’s here now."
    # an unchanged dataset is copied byte for byte
    assert (tmp_path / "out" / "same.jsonl.gz").read_bytes() == (tmp_path / "in" / "same.jsonl.gz").read_bytes()


def test_jsonl_text_field_option_and_stdin(cli):
    data = jsonl([{"body": "a  b", "text": "x  y"}])
    r = cli("--text-field", "body", "--stdin-filename", "s.jsonl", "-", input=data)
    assert json.loads(r.stdout) == {"body": "a b", "text": "x  y"}


def test_jsonl_check_diff(cli, tmp_path):
    write(tmp_path / "d.jsonl", jsonl(RECORDS[:2]))
    r = cli("--diff", "d.jsonl")
    assert r.code == 1 and r.stdout.startswith("--- a/d.jsonl\n+++ b/d.jsonl\n@@ -1,2 +1,2 @@\n-{")


def test_jsonl_report_counts_records(cli, tmp_path):
    write(tmp_path / "d.jsonl", jsonl(RECORDS[:2]))
    cli("--check", "--report", "r.json", "d.jsonl")
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["records"] == {"seen": 2, "changed": 1, "failed": 0}


def test_parquet(cli, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": [1, 2, 3], "text": ["Itâs  fine  ", None, "ok"], "n": [1.5, 2.5, 3.5]})
    pq.write_table(table, tmp_path / "d.parquet")
    r = cli("--stats", "-o", "out", "d.parquet")
    assert r.code == 0 and "records: 3 seen, 1 changed" in r.stderr
    out = pq.read_table(tmp_path / "out" / "d.parquet")
    assert out.schema == table.schema
    assert out.to_pylist() == [{"id": 1, "text": "It’s fine", "n": 1.5}, {"id": 2, "text": None, "n": 2.5},
                               {"id": 3, "text": "ok", "n": 3.5}]
    r = cli("--text-field", "nope", "--check", "d.parquet")
    assert r.code == 2 and "no column 'nope'" in r.stderr


def test_parquet_diff_shows_each_changed_row(cli, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"text": ["ok", "Itâs  fine", "fine", "[ad_1]\nmore"]}), tmp_path / "d.parquet")
    before = (tmp_path / "d.parquet").read_bytes()
    r = cli("--diff", "d.parquet")
    assert r.code == 1
    assert r.stdout == (
        "--- a/d.parquet (row 2, text)\n+++ b/d.parquet (row 2, text)\n@@ -1 +1 @@\n"
        "-Itâs  fine\n\\ No newline at end of file\n+It’s fine\n\\ No newline at end of file\n"
        "--- a/d.parquet (row 4, text)\n+++ b/d.parquet (row 4, text)\n@@ -1,2 +1 @@\n"
        "-[ad_1]\n more\n\\ No newline at end of file\n"
    )
    assert (tmp_path / "d.parquet").read_bytes() == before  # --diff writes nothing


@pytest.fixture
def small_batches(monkeypatch):
    """Batches, slices and the size for a pool small enough for a test dataset."""
    from cleantext import datasets, fields

    monkeypatch.setattr(fields, "BATCH", 20_000)
    monkeypatch.setattr(fields, "SLICE", 3_000)
    monkeypatch.setattr(fields, "POOL_MIN", 1)
    monkeypatch.setattr(datasets, "MAX_RECORD", 30_000)
    pools = []
    init = fields.FieldCleaner.__init__

    def spy(self, *args, **kwargs):
        init(self, *args, **kwargs)
        pools.append(self.pool is not None)

    monkeypatch.setattr(fields.FieldCleaner, "__init__", spy)
    yield
    assert pools == [False, True]  # -j 1 here, -j 2 on workers


def _mixed_records() -> list[bytes]:
    import random

    from bench.corpus import make_file

    rng = random.Random(3)
    lines = [json.dumps({"id": i, "text": make_file(rng, rng.randint(200, 6000), 0.1).decode("utf-8")}).encode()
             for i in range(120)]
    lines[7] = b"{broken"
    lines[30] = json.dumps({"id": 30, "title": "no text"}).encode()
    lines[55] = json.dumps({"id": 55, "text": "Itâs  " + "x" * 40_000}).encode()  # over MAX_RECORD: copied
    lines[56] = b""
    return lines


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz"])
@pytest.mark.parametrize("args", [["-i"], ["--diff"], ["--check", "--output-format", "jsonl"]])
def test_a_dataset_on_all_cores_comes_out_as_on_one(cli, tmp_path, small_batches, kind, args):
    """Batches of records cleaned by workers: the same bytes, diff, findings, counts and
    problems as one core, a record too long to hold copied in its place."""
    data = b"\n".join(_mixed_records()) + b"\n"
    data = gzip.compress(data, mtime=0) if kind == "jsonl.gz" else data
    runs = {}
    for jobs in ("1", "2"):
        write(tmp_path / f"d.{kind}", data)
        r = cli("-j", jobs, "--stats", "--no-cache", *args, f"d.{kind}")
        runs[jobs] = (r.code, r.stdout, r.stderr, (tmp_path / f"d.{kind}").read_bytes())
    assert runs["1"][0] == 2 and "line 56: a record over" in runs["1"][2]
    assert runs["1"][1:] == runs["2"][1:] and runs["1"][0] == runs["2"][0]
    if args == ["-i"]:
        out = runs["1"][3]
        lines = (gzip.decompress(out) if kind == "jsonl.gz" else out).split(b"\n")
        assert lines[55] == _mixed_records()[55] and lines[54] != _mixed_records()[54]


def test_parquet_row_groups_on_all_cores_come_out_as_on_one(cli, tmp_path, small_batches):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = [json.loads(line)["text"] if line.startswith(b'{"id": ') and b'"text"' in line else None
             for line in _mixed_records()]
    pq.write_table(pa.table({"text": texts}), tmp_path / "d.parquet", row_group_size=40)
    outs = []
    for jobs in ("1", "2"):
        r = cli("-j", jobs, "--stats", "--no-cache", "--diff", "d.parquet")
        outs.append((r.code, r.stdout, r.stderr))
    assert outs[0] == outs[1] and outs[0][0] == 1 and "row 2, text" in outs[0][1]
