"""--output-format github|json|jsonl: findings that CI annotates, and edits that give the cleaned file."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext.findings import apply
from tests.conftest import write
from tests.test_diffs import TRICKY

# ::warning file=F,line=L,endLine=E,col=C,title=T::MESSAGE (properties and message %-escaped)
GITHUB = re.compile(r"^::warning file=([^,]*),line=(\d+),endLine=(\d+),col=(\d+),title=([^,:]*)::(.*)$")


def _unescape(value: str) -> str:
    return re.sub(r"%([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), value)


def test_github_annotations_parse_and_point_at_the_changed_place(cli, tmp_path):
    write(tmp_path / "docs" / "a,b.md", "# Title\n\nIt\u00e2\u20ac\u2122s here.\n\nok  \n")
    write(tmp_path / "docs" / "clean.md", "# Clean\n")
    r = cli("--check", "--output-format", "github", "docs")
    assert r.code == 1
    found = [GITHUB.match(line) for line in r.stdout.splitlines()]
    assert all(found), r.stdout
    rows = [(_unescape(m[1]), int(m[2]), int(m[4]), _unescape(m[5])) for m in found if m]
    assert rows == [("docs/a,b.md", 3, 3, "cleantext/mojibake:ftfy"), ("docs/a,b.md", 5, 3, "cleantext/whitespace:trailing")]
    assert "would clean docs/a,b.md" in r.stderr  # talk stays on stderr


def test_github_escapes_newlines_in_messages(cli, tmp_path):
    write(tmp_path / "x.txt", "a\n\n\n\n\nb  \n")
    r = cli("--diff", "--output-format", "github", "x.txt")
    assert r.code == 1 and r.stdout.count("\n") == len(r.stdout.splitlines())
    assert all(GITHUB.match(line) for line in r.stdout.splitlines())
    assert "@@" not in r.stdout  # the findings replace the diff


def _edited(cli, root, name: str, data: bytes, fmt: str) -> None:
    """The json/jsonl findings applied to ``name`` give the --in-place result."""
    (root / "check").mkdir(exist_ok=True)
    (root / "inplace").mkdir(exist_ok=True)
    (root / "check" / name).write_bytes(data)
    (root / "inplace" / name).write_bytes(data)
    r = cli("--check", "--output-format", fmt, f"check/{name}")
    assert r.code in (0, 1), r
    cli("-i", "-q", f"inplace/{name}")
    expected = (root / "inplace" / name).read_bytes().decode("utf-8-sig")
    edits = json.loads(r.stdout) if fmt == "json" else [json.loads(line) for line in r.stdout.splitlines()]
    assert (r.code == 1) == bool(edits)
    assert all(e["file"] == f"check/{name}" for e in edits)
    assert apply(data.decode("utf-8-sig"), edits) == expected


@pytest.mark.parametrize("name,text", [t for t in TRICKY if "\n" not in t[0]], ids=[n for n, _ in TRICKY if "\n" not in n])
def test_json_edits_give_the_cleaned_file(cli, tmp_path, name, text):
    _edited(cli, tmp_path, name, text.encode("utf-8"), "json")


texts = st.lists(st.sampled_from(["x", "  ", "\n", "\n\n\n", "\r\n", "\u00a0", "Itâs", "[ad_1]", "é", "\u200b"]),
                 max_size=30).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_jsonl_edits_give_the_cleaned_file(cli, tmp_path, text):
    shutil.rmtree(tmp_path / "check", ignore_errors=True)
    _edited(cli, tmp_path, "t.txt", text.encode("utf-8"), "jsonl")


def test_jsonl_dataset_findings_are_its_changed_lines(cli, tmp_path):
    data = '{"id": 1, "text": "a  b"}\n{"id": 2, "text": "ok"}\n{"id": 3, "text": "It\\u00e2\\u0080\\u0099s"}\n'
    _edited(cli, tmp_path, "d.jsonl", data.encode(), "json")
    r = cli("--check", "--output-format", "jsonl", "check/d.jsonl")
    assert [json.loads(line)["line"] for line in r.stdout.splitlines()] == [1, 3]


def test_a_file_changed_only_by_its_encoding_has_one_finding(cli, tmp_path):
    write(tmp_path / "w.txt", "caf\xe9\n".encode("cp1252"))
    r = cli("--check", "--encoding", "cp1252", "--output-format", "jsonl", "w.txt")
    assert r.code == 1
    (finding,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert finding["rule"] == "encoding" and finding["lines"] == 0 and "cp1252" in finding["message"]


def test_the_environment_sets_the_default_and_the_option_wins(cli, tmp_path, monkeypatch):
    write(tmp_path / "x.txt", "a  b\n")
    monkeypatch.setenv("CLEANTEXT_OUTPUT_FORMAT", "github")
    assert cli("--check", "x.txt").stdout.startswith("::warning file=x.txt,line=1,")
    assert cli("--check", "--output-format", "text", "x.txt").stdout == ""
    # a run that writes files ignores the environment's format
    assert cli("x.txt").stdout == "a b\n"
    monkeypatch.setenv("CLEANTEXT_OUTPUT_FORMAT", "xml")
    r = cli("--check", "x.txt")
    assert r.code == 2 and "CLEANTEXT_OUTPUT_FORMAT" in r.stderr


@pytest.mark.parametrize("args", [["--output-format", "github", "-i"], ["--check", "--output-format", "json", "--report", "-"]])
def test_formats_that_cannot_apply_are_usage_errors(cli, tmp_path, args):
    write(tmp_path / "x.txt", "a  b\n")
    r = cli(*args, "x.txt")
    assert r.code == 2 and "--output-format" in r.stderr
    assert (tmp_path / "x.txt").read_text() == "a  b\n"


def test_json_over_a_folder_in_parallel_is_one_document(cli, tmp_path):
    for i in range(12):
        write(tmp_path / "d" / f"{i:02}.txt", f"line {i}  \n")
    r = cli("--check", "--output-format", "json", "-j", "2", "d")
    found = json.loads(r.stdout)
    assert [f["file"] for f in found] == [f"d/{i:02}.txt" for i in range(12)]
