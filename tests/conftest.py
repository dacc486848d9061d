"""Shared fixtures: the CLI through click's runner, temp trees, and the shared real-world corpus."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from cleantext.cli import build_command

main = build_command()

# Property tests draw the same examples on every run by default, so a red CI run can be
# re-run anywhere with the same result. CLEANTEXT_HYPOTHESIS=explore draws new random
# examples each run (and keeps failures in .hypothesis/): run it when changing a filter.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("CLEANTEXT_HYPOTHESIS", "repeatable"))

ROOT = Path(__file__).resolve().parents[1]
# ../shared/corpus beside the checkout (CI and the team have it; a user's clone does not).
CORPUS = Path(os.environ.get("CLEANTEXT_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    """Each test its own cache of files known clean (never the user's)."""
    monkeypatch.setenv("CLEANTEXT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real-world corpus not found at {CORPUS}")
    return CORPUS


def corpus_files(sub: str, pattern: str = "*") -> list[Path]:
    """Files of one corpus folder, for parametrize (empty when the corpus is absent)."""
    base = CORPUS / sub
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob(pattern) if p.is_file() and p.name not in ("PROVENANCE.md", "PROVENANCE.tsv", "MARKERS.md"))


def skip_without_corpus(files: list) -> list:
    return files or [pytest.param(None, marks=pytest.mark.skip(reason="real-world corpus not found"))]


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.stdout_bytes = result.stdout_bytes
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def __repr__(self) -> str:
        return f"<Run code={self.code} stdout={self.stdout[:200]!r} stderr={self.stderr[:400]!r}>"


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run the command in-process with ``tmp_path`` as the working folder."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str, input: bytes | str | None = None) -> Run:
        result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.stderr
        return Run(result)

    return run


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path
