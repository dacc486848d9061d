"""Large inputs are cleaned in pieces: the output equals cleaning the whole text, in every mode."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.corpus import make_single
from cleantext import streaming, textio
from cleantext.pipeline import Chunk, LossGuard, newline_style
from cleantext.registry import DEFAULT_CHAIN, build_chain
from tests.conftest import write

SHARED_GEN = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_corpus.py"


def stream_clean(pipe, text: str, target: int, limit: int, block: int = 100_003) -> str:
    chunk = Chunk(newline=newline_style(text), state={}, guard=LossGuard())
    out, first = [], True
    blocks = [text[i : i + block] for i in range(0, len(text), block)]
    for piece, cont, last in streaming.split_pieces(blocks, target, limit):
        chunk.first, chunk.last, chunk.continues_line = first, last, cont
        out.append(pipe.run(piece, chunk=chunk).text)
        first = False
    return "".join(out)


@pytest.fixture(scope="module")
def big_text(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("big") / "single.txt"
    make_single(str(path), mb=3, seed=7)
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("chain", [list(DEFAULT_CHAIN), ["html", "boilerplate", "mojibake", "ads", "whitespace"], ["ads"], ["whitespace"]])
@pytest.mark.parametrize("target", [5_000, 60_000])
def test_pieces_equal_whole(big_text, chain, target):
    pipe = build_chain(chain)
    assert stream_clean(pipe, big_text, target, limit=400_000) == pipe.run(big_text).text


def test_pieces_equal_whole_on_reference_corpus(tmp_path):
    if not SHARED_GEN.exists():
        pytest.skip("../shared/bench/make_corpus.py not found")
    path = tmp_path / "ref.txt"
    subprocess.run([sys.executable, str(SHARED_GEN), "--single", str(path), "--mb", "4", "--seed", "3"], check=True, capture_output=True)
    text = path.read_bytes().decode("utf-8")
    pipe = build_chain(list(DEFAULT_CHAIN))
    assert stream_clean(pipe, text, 20_000, 400_000) == pipe.run(text).text


def test_pieces_on_lossy_document_carry_evidence():
    from tests.test_mojibake import lossy_c1

    strong = lossy_c1("“We can’t wait,” she said.")
    weak = lossy_c1("He called it “madness” again.")  # weak alone: repaired only after evidence
    text = "\n\n".join([strong] + [weak] * 50) + "\n"
    pipe = build_chain(["mojibake"])
    whole = pipe.run(text).text
    assert "“madness”" in whole
    assert stream_clean(pipe, text, 100, 10_000) == whole


LETTER_EVIDENCE = "Le caf\u00c3\u00a9 est ouvert."  # "café" read as Latin-1: shows the kind of mojibake
LOST_LETTERS = "L'\u00c3COLE EST FERM\u00c3E."  # "É" whose second byte was stripped: read back after it
FILLER = "Plain English paragraph number {} about nothing at all."


def test_pieces_learn_lost_letter_evidence_from_earlier_pieces():
    text = "\n\n".join([LETTER_EVIDENCE] + [FILLER.format(i) for i in range(200)] + [LOST_LETTERS]) + "\n"
    pipe = build_chain(["mojibake"])
    whole = pipe.run(text).text
    assert whole.endswith("L'ÉCOLE EST FERMÉE.\n")
    assert stream_clean(pipe, text, 1_000, 10_000) == whole


def test_lost_letters_before_their_evidence_stay_in_the_whole_as_in_pieces():
    text = "\n\n".join([LOST_LETTERS] + [FILLER.format(i) for i in range(200)] + [LETTER_EVIDENCE]) + "\n"
    pipe = build_chain(["mojibake"])
    whole = pipe.run(text).text
    assert whole.startswith(LOST_LETTERS)
    assert stream_clean(pipe, text, 1_000, 10_000) == whole


SHARE_BLOCK = "Story {i} begins here.\n\nShare this:\n\nFacebook\n\nTwitter\n\nEmail\n\nNext paragraph {i}.\n\n"
SHARED = "".join(SHARE_BLOCK.format(i=i) for i in range(40))


def test_a_share_prompt_whose_buttons_follow_a_cut_goes_whole():
    """The share prompt's rule takes the buttons' names below it across a blank line, where a
    stream may be cut: every cut of the text gives the whole text's output and counts."""
    pipe = build_chain(["boilerplate"])
    whole = pipe.run(SHARED)
    assert "Facebook" not in whole.text and whole.rules["boilerplate:share-prompt"] == 40
    for target in range(20, 400, 3):
        chunk = Chunk(state={}, guard=LossGuard())
        pieces = list(streaming.split_pieces([SHARED], target, 10_000))
        results = []
        for n, (piece, cont, last) in enumerate(pieces):
            chunk.first, chunk.last, chunk.continues_line = n == 0, last, cont
            results.append(pipe.run(piece, chunk=chunk))
        assert "".join(r.text for r in results) == whole.text, target
        assert sum((r.rules for r in results), Counter()) == whole.rules, target


def test_paragraph_longer_than_limit_is_cut_safely():
    pipe = build_chain(list(DEFAULT_CHAIN))
    text = ("word " * 30_000) + "end.\n"  # one 150 KB line
    assert stream_clean(pipe, text, 1_000, 10_000) == pipe.run(text).text
    spaces = "x" + " " * 50_000 + "y\n"
    assert stream_clean(pipe, spaces, 1_000, 10_000) == "x y\n"
    assert stream_clean(pipe, " " * 50_000, 1_000, 10_000) == ""


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(textio, "STREAM_THRESHOLD", 50_000)
    monkeypatch.setattr(textio, "BLOCK", 16_384)
    monkeypatch.setattr(streaming, "TARGET", 20_000)
    monkeypatch.setattr(streaming.split_pieces, "__defaults__", (20_000, 200_000))


def _expected(text: str) -> str:
    return build_chain(list(DEFAULT_CHAIN)).run(text).text


def test_cli_stdout_in_place_output_dir_check(cli, tmp_path, big_text, small_threshold):
    data = big_text.encode("utf-8")
    expected = _expected(big_text).encode("utf-8")
    f = write(tmp_path / "big.txt", data)
    r = cli("big.txt")
    assert r.code == 0 and r.stdout_bytes == expected
    r = cli("--check", "big.txt")
    assert r.code == 1
    r = cli("-o", "out", "big.txt")
    assert (tmp_path / "out" / "big.txt").read_bytes() == expected
    r = cli("-i", "big.txt")
    assert r.code == 0 and f.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "out"]  # no temporary file left
    r = cli("--check", "big.txt")
    assert r.code == 0  # and the unchanged file is not rewritten
    r = cli("-i", "big.txt")
    assert "cleaned big.txt" not in r.stderr and "0 cleaned" in r.stderr


def test_cli_stdin_spooled(cli, big_text, small_threshold):
    r = cli(input=big_text.encode("utf-8"))
    assert r.code == 0 and r.stdout_bytes == _expected(big_text).encode("utf-8")


def test_cli_diff_of_large_file_applies(cli, tmp_path, big_text, small_threshold):
    import shutil

    if shutil.which("patch") is None:
        pytest.skip("patch not installed")
    write(tmp_path / "d" / "big.txt", big_text)
    r = cli("--diff", "d/big.txt")
    assert r.code == 1
    assert r.stdout.count("--- a/d/big.txt") == 1
    (tmp_path / "p.diff").write_bytes(r.stdout_bytes)
    subprocess.run(["patch", "-p1", "-i", "p.diff"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "d" / "big.txt").read_bytes() == _expected(big_text).encode("utf-8")


def test_cli_large_invalid_utf8_names_offset_and_leaves_file(cli, tmp_path, small_threshold):
    data = b"fine line\n" * 20_000 + b"\xff broken\n"
    f = write(tmp_path / "big.txt", data)
    r = cli("-i", "big.txt")
    assert r.code == 2 and "offset 200000" in r.stderr
    assert f.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]


def test_cli_large_binary(cli, tmp_path, small_threshold):
    data = b"text\n" * 20_000 + b"\0\0"
    f = write(tmp_path / "big.txt", data)
    r = cli("-i", "big.txt")
    assert r.code == 2 and "binary" in r.stderr and f.read_bytes() == data


HTML_PAGE = "".join(f"<p>Paragraph {i} with <b>bold</b> text.</p>\n\n" for i in range(3_000))


def test_html_reads_the_whole_text_so_a_stream_is_refused_not_cut(cli, tmp_path, small_threshold):
    """Cut into pieces, the html filter would lose the blank line at each cut (and a script or a
    comment may run over one): a text too large to hold is left as it is, and the batch goes on."""
    big = write(tmp_path / "big.html.txt", HTML_PAGE)
    small = write(tmp_path / "small.txt", "<p>One &amp; two</p>\n")
    r = cli("-f", "html", "-f", "whitespace", "-i", "big.html.txt", "small.txt")
    assert r.code == 2 and big.read_text() == HTML_PAGE and small.read_text() == "One & two\n"
    assert "big.html.txt: over 0 MB: too large for the html filter, which reads the whole text; left unchanged" in r.stderr
    r = cli("-f", "html", input=HTML_PAGE.encode())
    assert r.code == 2 and r.stdout_bytes == b"" and "html filter" in r.stderr
    assert cli("-i", "big.html.txt").code == 0  # the others stream


def test_cli_large_crlf_and_bom_kept(cli, tmp_path, small_threshold):
    text = ("A line with trailing spaces   \r\n\r\n\r\n" * 3000)
    f = write(tmp_path / "big.txt", b"\xef\xbb\xbf" + text.encode())
    assert cli("-i", "big.txt").code == 0
    out = f.read_bytes()
    assert out.startswith(b"\xef\xbb\xbfA line with trailing spaces\r\n\r\nA line")
    assert b"\n" not in out.replace(b"\r\n", b"")


def test_cli_rule_counts_of_a_streamed_file_add_up_over_its_pieces(cli, tmp_path, big_text, small_threshold):
    import json

    write(tmp_path / "big.txt", big_text.encode("utf-8"))
    whole = build_chain(list(DEFAULT_CHAIN)).run(big_text).rules
    ads = {rule: n for rule, n in whole.items() if rule.startswith("ads:")}
    assert sum(ads.values()) > 10
    r = cli("--check", "--report", "r.json", "big.txt")
    assert r.code == 1
    rules = json.loads((tmp_path / "r.json").read_text())["rules"]
    assert {rule: n for rule, n in rules.items() if rule.startswith("ads:")} == ads


def test_a_text_ending_exactly_at_a_forced_cut_keeps_its_final_newline():
    """No newline and no space for exactly a multiple of the cut length: the last piece is
    the one before the (empty) remainder, and the final newline still comes."""
    pipe = build_chain(list(DEFAULT_CHAIN))
    text = "x" * 2000
    pieces = list(streaming.split_pieces([text[i : i + 300] for i in range(0, len(text), 300)], target=100, limit=1000))
    assert [len(p) for p, _, _ in pieces] == [1000, 1000] and pieces[-1][2]
    chunk = Chunk(newline="\n", state={}, guard=LossGuard())
    out = []
    for n, (piece, cont, last) in enumerate(pieces):
        chunk.first, chunk.last, chunk.continues_line = n == 0, last, cont
        out.append(pipe.run(piece, chunk=chunk).text)
    assert "".join(out) == pipe.run(text).text == text + "\n"


def parallel_clean(chain: list[str], text: str, jobs: int, target: int, limit: int) -> tuple[str, float]:
    """The pieces of ``text`` cleaned by ``jobs`` workers (cleantext.pieces), and the guard's loss."""
    from cleantext.pieces import clean_in_parallel

    blocks = [text[i : i + 100_003] for i in range(0, len(text), 100_003)]
    guard = LossGuard()
    pieces = streaming.split_pieces(blocks, target, limit)
    out = "".join(r.text for _, r in clean_in_parallel(pieces, build_chain(chain), newline_style(text), jobs, guard, False))
    return out, guard.loss


@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_pieces_on_all_cores_equal_whole(big_text, jobs):
    pipe = build_chain(list(DEFAULT_CHAIN))
    whole = pipe.run(big_text)
    out, loss = parallel_clean(list(DEFAULT_CHAIN), big_text, jobs, 20_000, 400_000)
    assert out == whole.text
    assert loss == pytest.approx(whole.loss, abs=1e-9) or whole.loss == 0


def _lossy_evidence():
    from tests.test_mojibake import lossy_c1

    return lossy_c1("“We can’t wait,” she said.")


@pytest.mark.parametrize("jobs", [2, 4])
@pytest.mark.parametrize("kind", ["lossy", "lost letters"])
def test_pieces_on_all_cores_learn_evidence_from_earlier_pieces(jobs, kind):
    """The evidence shows in one piece, and the pieces sent before it was known come out as
    if cleaned one after the other: a weak sign of lossy mojibake, or a word that lost a letter,
    is repaired only after the evidence of its kind."""
    weak, evidence, repaired = {
        "lossy": ("the workers\u00e2 patience", _lossy_evidence(), "workers’"),
        "lost letters": (LOST_LETTERS, LETTER_EVIDENCE, "L'ÉCOLE"),
    }[kind]
    text = "\n\n".join([weak] * 30 + [evidence] + [weak] * 60) + "\n"
    in_order = stream_clean(build_chain(["mojibake"]), text, 100, 10_000)
    assert in_order.count(repaired) == 60  # the pieces after the evidence
    assert parallel_clean(["mojibake"], text, jobs, 100, 10_000)[0] == in_order


@pytest.mark.parametrize("jobs", [2, 4])
def test_pieces_on_all_cores_take_a_share_prompt_over_the_cut(jobs):
    """A piece that starts with buttons' names is sent before the piece ending in their prompt
    is merged, and is cleaned again when that piece left the prompt open."""
    pipe = build_chain(["boilerplate"])
    for target in (50, 71, 120):
        assert parallel_clean(["boilerplate"], SHARED, jobs, target, 10_000)[0] == pipe.run(SHARED).text


@pytest.mark.parametrize("jobs", [2, 4])
def test_pieces_on_all_cores_with_paragraphs_across_every_cut(jobs):
    """Paragraphs longer than the limit: every piece is cut inside a line or a space run."""
    rng_text = "".join(f"word{i}{'  ' if i % 7 else ' ' * 40}It\u00e2s " for i in range(12_000))
    rng_text += "\n\nx" + " " * 20_000 + "y\n\nend  \n"  # a space run longer than a piece
    pipe = build_chain(list(DEFAULT_CHAIN))
    out = parallel_clean(list(DEFAULT_CHAIN), rng_text, jobs, 1_000, 5_000)[0]
    assert out == pipe.run(rng_text).text and "\nx y\n" in out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_streamed_on_cores_equals_serial(cli, big_text, small_threshold, jobs):
    r = cli("-j", jobs, "--stats", input=big_text.encode("utf-8"))
    assert r.code == 0 and r.stdout_bytes == _expected(big_text).encode("utf-8")


@pytest.mark.parametrize("mode", ["-o", "-i"])
def test_a_stream_on_all_cores_interrupted_leaves_the_output_whole_or_untouched(tmp_path, mode):
    """A real 40 MB file, cleaned in pieces by two workers, Ctrl-C while its output is half written."""
    import os
    import signal
    import time

    big = tmp_path / "big.txt"
    make_single(str(big), mb=40, seed=5)
    original = big.read_bytes()
    exe = str(Path(sys.executable).parent / "cleantext")
    args = [exe, "-j", "2", "--no-cache", *(["-o", str(tmp_path / "out")] if mode == "-o" else ["-i"]), str(big)]
    p = subprocess.Popen(args, stderr=subprocess.PIPE, start_new_session=True)
    folder = tmp_path / "out" if mode == "-o" else tmp_path
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None:
        if folder.is_dir() and any(f.name.endswith(".cleantext-tmp") and f.stat().st_size for f in folder.iterdir()):
            break
        time.sleep(0.01)
    os.killpg(p.pid, signal.SIGINT)
    err = p.communicate(timeout=120)[1]
    assert b"Traceback" not in err
    if p.returncode == 0:
        pytest.skip("the file was cleaned before the signal")
    assert p.returncode == 130, err
    assert not [f for f in tmp_path.rglob("*") if f.name.endswith(".cleantext-tmp")]
    if mode == "-o":
        assert not (tmp_path / "out" / "big.txt").exists()
    else:
        assert big.read_bytes() == original


@pytest.mark.parametrize("jobs, bom", [(1, False), (2, True)])
def test_a_streamed_input_reports_its_progress_piece_by_piece(tmp_path, small_threshold, big_text, jobs, bom):
    from cleantext.discovery import Source
    from cleantext.mode import Mode, Settings
    from cleantext.process import process

    path = tmp_path / "big.txt"
    path.write_bytes(b"\xef\xbb\xbf" * bom + big_text.encode("utf-8"))
    seen: list[tuple[int, int | None]] = []
    outcome = process(Source(str(path), "big.txt", str(path)), Settings(Mode.CHECK, DEFAULT_CHAIN), jobs=jobs,
                      progress=lambda done, size: seen.append((done, size)))
    size = path.stat().st_size
    assert outcome.size == size and len(seen) > 5
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (size, size)
