"""--engine ray on a real local Ray cluster (2 CPUs): the same outputs and outcomes as the local engine."""
from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import make_folder
from tests.conftest import write

BIN = Path(sys.executable).parent
EXE = str(BIN / "cleantext")
pytest.importorskip("ray", reason="the Ray extra is not installed: pip install 'cleantext[ray]'")
pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")
pytestmark = pytest.mark.ray


def test_joining_no_cluster_is_one_line(tmp_path):
    """Runs before this module starts its cluster: --ray-address auto finds none."""
    f = write(tmp_path / "a.txt", "a  \n")
    p = subprocess.run([EXE, "--engine", "ray", "--ray-address", "auto", "--check", str(f)], capture_output=True,
                       timeout=300, env=dict(os.environ, RAY_ADDRESS=""))
    assert p.returncode == 2 and b"internal error" not in p.stderr
    assert b"--ray-address auto: cannot join the Ray cluster" in p.stderr and b"ray start --head" in p.stderr


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A real Ray head node with 2 CPUs, started for these tests and stopped after them."""
    tmp = tmp_path_factory.mktemp("ray")
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    start = subprocess.run(
        [str(BIN / "ray"), "start", "--head", "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats",
         f"--temp-dir={tmp}"], capture_output=True, text=True, env=env, timeout=300)
    if start.returncode != 0:
        pytest.fail(f"could not start a local Ray cluster: {start.stderr[-2000:]}")
    yield env
    subprocess.run([str(BIN / "ray"), "stop", "--force"], capture_output=True, env=env, timeout=300)


def run(*args, env, cwd):
    return subprocess.run([EXE, *args], capture_output=True, env=env, cwd=cwd, timeout=600)


def tree(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    base = tmp_path_factory.mktemp("inputs")
    make_folder(str(base / "articles" / "a"), mb=1.0, seed=21)
    make_folder(str(base / "articles" / "b"), mb=0.5, seed=22)
    (base / "articles" / "broken.txt").write_bytes(b"caf\xe9\n")  # an error, reported the same way
    rng = random.Random(3)
    texts = [p.read_bytes().decode("utf-8").lstrip("\ufeff") for p in sorted((base / "articles" / "a").iterdir())[:60]]
    lines = [json.dumps({"id": i, "text": t, "meta": {"n": i}}, ensure_ascii=False) for i, t in enumerate(texts)]
    lines.insert(5, "not json")
    lines.insert(9, json.dumps({"id": "no-text"}))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (base / "data").mkdir()
    (base / "data" / "records.jsonl").write_bytes(data)
    with gzip.GzipFile(base / "data" / "records.jsonl.gz", "wb", mtime=0) as fh:
        fh.write(data)
    table = pa.table({"id": list(range(len(texts))), "text": [t if rng.random() > 0.1 else None for t in texts]})
    pq.write_table(table, base / "data" / "records.parquet", row_group_size=16)
    return base


@pytest.mark.parametrize("folder", ["articles", "data"])
def test_ray_output_equals_local(cluster, inputs, tmp_path, folder):
    local = run("--stats", "--report", str(tmp_path / "local.json"), "-o", str(tmp_path / "local"), folder, env=cluster, cwd=inputs)
    remote = run("--engine", "ray", "--ray-address", "auto", "--stats", "--report", str(tmp_path / "ray.json"),
                 "-o", str(tmp_path / "ray"), folder, env=cluster, cwd=inputs)
    assert local.returncode == remote.returncode == 2, (local.stderr, remote.stderr)  # the broken inputs
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")
    assert len(tree(tmp_path / "local")) >= 3
    # the same per-file errors and the same summary
    assert remote.stderr.decode().splitlines() == local.stderr.decode().splitlines()
    a, b = (json.loads((tmp_path / n).read_text()) for n in ("local.json", "ray.json"))
    a.pop("seconds"), b.pop("seconds")
    assert a == b


def test_ray_check_and_diff(cluster, inputs, tmp_path):
    local = run("--diff", "articles/a", env=cluster, cwd=inputs)
    remote = run("--engine", "ray", "--ray-address", "auto", "--diff", "articles/a", env=cluster, cwd=inputs)
    assert local.returncode == remote.returncode == 1
    assert remote.stdout == local.stdout


def test_ray_urls_in_and_out(cluster, inputs, tmp_path):
    """Filesystem URLs (file:// here, s3:// on a cloud) go through pyarrow on the workers."""
    local = run("-o", str(tmp_path / "local"), "data", env=cluster, cwd=inputs)
    url_in = "file://" + str(inputs / "data")
    url_out = "file://" + str(tmp_path / "ray")
    remote = run("--engine", "ray", "--ray-address", "auto", "-o", url_out, url_in, env=cluster, cwd=inputs)
    assert remote.returncode == local.returncode == 2
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")


def test_local_engine_refuses_urls(tmp_path):
    p = subprocess.run([EXE, "--check", "s3://bucket/folder"], capture_output=True, timeout=60)
    assert p.returncode == 2 and b"--engine ray" in p.stderr


def test_ray_needs_a_writing_mode(tmp_path):
    write(tmp_path / "a.txt", "x\n")
    p = subprocess.run([EXE, "--engine", "ray", str(tmp_path / "a.txt")], capture_output=True, timeout=60)
    assert p.returncode == 2 and b"--output-dir" in p.stderr


RAY_DATA_SCRIPT = """
import json, sys
import ray
from cleantext.integrations.ray import CleanText
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
ray.init(address="auto", log_to_driver=False, logging_level="ERROR")
ds = ray.data.from_items(records).map_batches(CleanText, fn_constructor_kwargs={"report": True}, batch_size=8,
                                              concurrency=2)
rows = sorted(ds.take_all(), key=lambda r: r["id"])
print(json.dumps([[r["id"], r["text"], list(r["cleantext_filters"])] for r in rows]))
"""


def test_ray_data_map_batches_equals_the_command_line(cluster, inputs, tmp_path):
    """A user's own Ray Data pipeline with the public class: the records the command line writes."""
    src = inputs / "data" / "records.jsonl"
    good = [line for line in src.read_text(encoding="utf-8").splitlines() if line.startswith('{"id": ') and '"text"' in line]
    write(tmp_path / "in" / "r.jsonl", "\n".join(good) + "\n")
    assert run("-q", "-o", str(tmp_path / "cli"), "r.jsonl", env=cluster, cwd=tmp_path / "in").returncode == 0
    cli = {r["id"]: r["text"] for r in map(json.loads, (tmp_path / "cli" / "r.jsonl").read_text().splitlines())}
    p = subprocess.run([sys.executable, "-c", RAY_DATA_SCRIPT, str(tmp_path / "in" / "r.jsonl")], capture_output=True,
                       env=cluster, timeout=600, text=True)
    assert p.returncode == 0, p.stderr[-3000:]
    rows = json.loads(p.stdout.strip().splitlines()[-1])
    assert {i: t for i, t, _ in rows} == cli
    before = {r["id"]: r["text"] for r in map(json.loads, good)}
    assert all(bool(filters) == (cli[i] != before[i]) for i, _, filters in rows)
