"""Every format round-trips exactly, through the installed command: datasets byte for byte,
encodings with a byte order mark, and what a new user tripped over."""
from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, write

EXE = str(Path(sys.executable).with_name("cleantext"))


def run(*args: str, input: bytes = b"", cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], input=input, capture_output=True, cwd=cwd, env=env, timeout=120)


# ------------------------------------------------------------ JSONL: only the text field's value changes

RECORDS = [
    b'{"id": 12345678901234567890.5, "text": "first", "p": 0.1000000000000000055511151231257827, "big": 1e400, "text": "It\\u00e2s  here"}\n',
    b'{"text":"a  b","meta":{"text":"nested  stays"},"n":1.0}\r\n',
    b'{"a": "\\udc80", "text": "lone  surrogate elsewhere"}\n',
    b'{"text": "deep", "x": ' + b"[" * 2000 + b"]" * 2000 + b"}\n",
    b'{"text": "clean"}\n',
]


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_changed_records_keep_every_other_byte(tmp_path, gz):
    raw = b"".join(RECORDS)
    name = "data.jsonl.gz" if gz else "data.jsonl"
    path = write(tmp_path / name, gzip.compress(raw, mtime=0) if gz else raw)
    p = run("-i", str(path))
    out = gzip.decompress(path.read_bytes()) if gz else path.read_bytes()
    lines = out.splitlines(keepends=True)
    assert lines[0] == RECORDS[0].replace(b"It\\u00e2s  here", b"It\\u2019s here")  # ASCII escapes stay escapes
    assert lines[1] == RECORDS[1].replace(b'"a  b"', b'"a b"')
    assert lines[2] == RECORDS[2].replace(b"lone  surrogate", b"lone surrogate")
    assert lines[3:] == RECORDS[3:]  # too deep to read: kept, and reported
    assert p.returncode == 2 and b"line 4: nested too deep; kept as it is" in p.stderr


def test_jsonl_diff_applies_with_patch(tmp_path):
    path = write(tmp_path / "d" / "data.jsonl", b"".join(RECORDS[:3]))
    diff = run("--diff", "d/data.jsonl", cwd=tmp_path).stdout
    subprocess.run(["patch", "-p1", "--quiet"], input=diff, cwd=tmp_path, check=True)
    copy = write(tmp_path / "e" / "data.jsonl", b"".join(RECORDS[:3]))
    run("-i", str(copy))
    assert path.read_bytes() == copy.read_bytes()


# ------------------------------------------------------------ Parquet

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def test_parquet_keeps_row_groups_and_metadata(tmp_path):
    table = pa.table({"text": ["It\u00e2s  here", "fine", "a  b"] * 2, "n": list(range(6))})
    table = table.replace_schema_metadata({"origin": "test", "huggingface": '{"info": 1}'})
    src = tmp_path / "in" / "data.parquet"
    src.parent.mkdir()
    pq.write_table(table, src, row_group_size=2)
    assert run("-o", str(tmp_path / "out"), str(src)).returncode == 0
    before, after = pq.ParquetFile(src), pq.ParquetFile(tmp_path / "out" / "data.parquet")
    assert after.num_row_groups == before.num_row_groups == 3
    assert [after.metadata.row_group(i).num_rows for i in range(3)] == [2, 2, 2]
    assert after.schema_arrow.metadata == before.schema_arrow.metadata
    assert after.read().column("text").to_pylist() == ["It’s here", "fine", "a b"] * 2


@pytest.mark.parametrize("kind", [pa.int64(), pa.binary()])
def test_parquet_with_a_non_text_column_is_reported_and_the_batch_goes_on(tmp_path, kind):
    bad = tmp_path / "d" / "a-bad.parquet"
    bad.parent.mkdir()
    pq.write_table(pa.table({"text": pa.array([1, 2] if kind == pa.int64() else [b"x", b"y"], type=kind)}), bad)
    before = bad.read_bytes()
    ok = write(tmp_path / "d" / "b-ok.txt", "It\u00e2s  ok\n")
    p = run("-i", "-j", "1", str(tmp_path / "d"))
    assert p.returncode == 2 and b"internal error" not in p.stderr
    assert re.search(rb"a-bad.parquet: cannot read as parquet: column 'text' holds (int64|binary), not text", p.stderr)
    assert bad.read_bytes() == before and ok.read_text() == "It’s ok\n"


# ------------------------------------------------------------ encodings


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_with_a_bom(tmp_path, codec):
    text = "It\u00e2s  here, caf\u00e9.\n"
    data = text.encode(codec)
    if not codec.endswith(("16", "32")):  # the -le/-be codecs write no BOM: add it
        data = ("\ufeff" + text).encode(codec)
    path = write(tmp_path / "a.txt", data)
    p = run(str(path))
    assert p.returncode == 2 and b"text (it starts with a byte order mark); use --encoding" in p.stderr
    for how in ("auto", codec.split("-")[0] + "-" + codec.split("-")[1]):
        p = run("--encoding", how, str(path))
        assert p.returncode == 0 and p.stdout == "It’s here, café.\n".encode(), (how, p.stderr)


# ------------------------------------------------------------ what a new user tripped over


def test_explain_numbers_the_lines_of_the_file(tmp_path):
    path = write(tmp_path / "a.txt", "[ad_1]\nAdvertisement\nok\nfine\nIt\u00e2s  here\n")
    p = run("--check", "--explain", str(path))
    assert f"{path}: whitespace changed line 5".encode() in p.stderr
    assert f"{path}: mojibake changed line 5".encode() in p.stderr


def test_filter_typo_gets_a_suggestion():
    p = run("-f", "mojibak", input=b"x\n")
    assert p.returncode == 2 and b"did you mean 'mojibake'?" in p.stderr


def test_include_patterns_ignore_case(tmp_path):
    write(tmp_path / "d" / "NOTES.MD", "a  \n")
    p = run("--check", str(tmp_path / "d"))
    assert p.returncode == 1 and b"NOTES.MD" in p.stderr


def test_pipes_named_on_the_command_line_are_read(tmp_path):
    p = subprocess.run(["bash", "-c", f"{EXE} <(printf 'a  b\\n') && printf 'c  d\\n' | {EXE} /dev/stdin"],
                       capture_output=True, timeout=60)
    assert p.returncode == 0 and p.stdout == b"a b\nc d\n", p.stderr


def test_report_to_stdout_and_to_a_missing_folder(tmp_path):
    path = write(tmp_path / "a.txt", "a  \n")
    p = run("--check", "--report", "-", str(path))
    assert p.returncode == 1 and json.loads(p.stdout)["files"]["changed"] == 1
    p = run("-i", "--report", str(tmp_path / "no" / "such" / "r.json"), str(path))
    assert p.returncode == 2 and b"no such folder" in p.stderr and path.read_text() == "a  \n"
    assert not (tmp_path / "-").exists()


def test_quiet_and_verbose_exclude_each_other():
    p = run("-q", "-v", input=b"x\n")
    assert p.returncode == 2 and b"--quiet and --verbose exclude each other" in p.stderr


def test_readme_plugin_example_installs_as_given(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(# my_filters\.py\n.*?)```", readme, re.S).group(1)
    toml = re.search(r"```toml\n(# the plugin's pyproject\.toml.*?)```", readme, re.S).group(1)
    write(tmp_path / "plugin" / "my_filters.py", code)
    write(tmp_path / "plugin" / "pyproject.toml", toml)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(tmp_path / "site"), str(tmp_path / "plugin")], check=True, capture_output=True, timeout=300)
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"))
    p = run("-f", "shout", input=b"hello\n", env=env)
    assert p.returncode == 0 and p.stdout == b"HELLO\n", p.stderr
