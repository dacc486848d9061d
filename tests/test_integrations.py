"""cleantext inside real data pipelines (datatrove, Hugging Face datasets): each record comes
out as the command line cleans it, byte for byte."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import make_folder
from cleantext.errors import ConfigError
from cleantext.integrations import Cleaner
from tests.conftest import write

EXE = str(Path(sys.executable).parent / "cleantext")
CONFIG = "[tool.cleantext]\nfilters = ['mojibake', 'ads', 'whitespace']\n[tool.cleantext.whitespace]\ncollapse-spaces = false\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[dict], dict[int, str]]:
    """A generated JSONL corpus, and each record's text as the command line cleans it."""
    base = tmp_path_factory.mktemp("pipeline")
    make_folder(str(base / "files"), mb=0.4, seed=7)
    texts = [p.read_bytes().decode("utf-8").lstrip("\ufeff") for p in sorted((base / "files").iterdir())]
    texts += ["It\u00e2\u0080\u0099s  \u00a0here\n\n\n[ad_3]\n", "", "clean\n", "\u00c3\u00a9t\u00c3\u00a9"]
    records = [{"id": f"doc-{i}", "text": t, "meta": {"n": i}} for i, t in enumerate(texts)]
    write(base / "raw" / "data.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    write(base / "pyproject.toml", CONFIG)
    p = subprocess.run([EXE, "-q", "-o", str(base / "cli"), "raw/data.jsonl"], cwd=base, capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr
    cleaned = {r["id"]: r["text"] for r in map(json.loads, (base / "cli" / "data.jsonl").read_text().splitlines())}
    assert sum(cleaned[r["id"]] != r["text"] for r in records) > 10  # the corpus has work to do
    return base, records, cleaned


def test_cleaner_equals_the_command_line(corpus):
    base, records, cli = corpus
    cleaner = Cleaner(config=base / "pyproject.toml")
    assert {r["id"]: cleaner(r["text"]) for r in records} == cli
    # without the configuration the chain differs, and so do some records
    assert {r["id"]: Cleaner()(r["text"]) for r in records} != cli


def test_cleaner_rejects_what_the_command_line_rejects():
    with pytest.raises(ConfigError, match="unknown filter"):
        Cleaner(filters=["mojibak"])
    with pytest.raises(ConfigError, match="collapse_spaces"):
        Cleaner(options={"whitespace": {"collapse_spaces": "no"}})


def test_cleaner_keeps_a_text_that_would_lose_too_much():
    eager = {"ads": {"inline_patterns": ["[a-z]+"]}}  # a pattern that deletes every word
    out = Cleaner(["ads"], eager).clean("many words here\n")
    assert out.refused and out.text == "many words here\n" and out.loss == 1.0
    assert Cleaner(["ads"], eager, force=True).clean("many words here\n").text == "  \n"


def test_datatrove_pipeline_equals_the_command_line(corpus, tmp_path):
    pytest.importorskip("datatrove", reason="pip install 'cleantext[datatrove]'")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleantext.integrations.datatrove import CleantextFormatter

    base, records, cli = corpus
    step = CleantextFormatter(config=base / "pyproject.toml")
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(base / "raw")), step, JsonlWriter(str(tmp_path / "out"))],
        tasks=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    (out,) = (tmp_path / "out").glob("*.jsonl.gz")
    docs = [json.loads(line) for line in gzip.open(out, "rt", encoding="utf-8")]
    got = {d["id"]: d["text"] for d in docs}
    assert got == {i: t for i, t in cli.items() if t}  # datatrove's reader drops empty documents
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    ours = next(s for s in stats if "cleantext" in s["name"])["stats"]
    changed = sum(cli[r["id"]] != r["text"] for r in records if r["text"])
    total = ours["cleantext/changed"]  # a plain count, or {"total": n, ...} when n varies
    assert (total["total"] if isinstance(total, dict) else total) == changed
    assert {"cleantext/mojibake", "cleantext/ads", "cleantext/whitespace", "cleantext/ads:ad-placeholder"} <= set(ours)


def test_hf_datasets_map_equals_the_command_line(corpus, tmp_path):
    datasets = pytest.importorskip("datasets", reason="pip install 'cleantext[hf]'")
    from cleantext.integrations.hf import cleaner

    base, records, cli = corpus
    ds = datasets.Dataset.from_json(str(base / "raw" / "data.jsonl"), cache_dir=str(tmp_path / "hf"))
    out = ds.map(cleaner(config=base / "pyproject.toml", report=True), batched=True, batch_size=16, num_proc=2)
    assert dict(zip(out["id"], out["text"])) == cli
    assert out["meta"] == ds["meta"]  # the other columns are untouched
    for rec, filters, loss in zip(records, out["cleantext_filters"], out["cleantext_loss"]):
        assert bool(filters) == (cli[rec["id"]] != rec["text"])
        assert 0.0 <= loss <= 1.0
