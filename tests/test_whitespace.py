"""The whitespace filter: one table drives the unit test and the same cases through the CLI."""
from __future__ import annotations

import pytest

from cleantext.filters.whitespace import NormalizeWhitespace
from tests.conftest import write

# (input, expected, options)
TESTS = [
    ("a  \n\n\n\nb", "a\n\nb\n", {}),  # the example
    ("a\t \nb\n", "a\nb\n", {}),  # trailing tabs and spaces
    ("a\u3000\u00a0\nb\u2009\n", "a\nb\n", {}),  # trailing Unicode spaces
    ("xx\u00a0yy\u2002zz\u202fww\u205fvv\u3000uu\n", "xx yy zz ww vv uu\n", {}),  # Unicode spaces -> space
    # the no-break spaces of typography stay: French punctuation and quotes, digit groups,
    # after a one-letter word (Czech, Polish)
    ("Quoi\u00a0? \u00ab\u00a0Oui\u00a0\u00bb\u202f! 10\u00a0000 v\u00a0Praze\n",
     "Quoi\u00a0? \u00ab\u00a0Oui\u00a0\u00bb\u202f! 10\u00a0000 v\u00a0Praze\n", {}),
    ("zero\u200bwidth\u2060join\ufeffbom soft\u00adhyphen\n", "zerowidthjoinbom softhyphen\n", {}),
    ("\U0001F469\u200D\U0001F467 \u0645\u06CC\u200C\u062E\n", "\U0001F469\u200D\U0001F467 \u0645\u06CC\u200C\u062E\n", {}),
    ("one   two  three\n", "one two three\n", {}),  # runs collapse
    ("    indented  code\n\tand\ttab\n", "    indented code\n\tand\ttab\n", {}),  # indentation kept
    ("\n\n  \nfirst\n\n\n\nsecond\n\n\n", "first\n\nsecond\n", {}),  # edges trimmed, one blank kept
    ("no final newline", "no final newline\n", {}),
    ("", "", {}),  # an empty document stays empty
    ("   \n\t\n", "", {}),  # white space only
    ("para one\n\npara two\n", "para one\n\npara two\n", {}),  # paragraphs kept
    ("lone\rcarriage\n", "lone\rcarriage\n", {}),  # a lone CR is not white space to strip
    ("hard  \nbreak\n", "hard\nbreak\n", {}),  # not Markdown: stripped
    ("hard  \nbreak\n", "hard  \nbreak\n", {"markdown": True}),  # Markdown hard break kept
    ("hard     \nbreak\n", "hard  \nbreak\n", {"markdown": True}),
    ("  \nx\n", "x\n", {"markdown": True}),  # a blank line is no hard break
    ("a  \n", "a  \n", {"trailing": False, "collapse_spaces": False}),
    ("a\u00a0b\n", "a\u00a0b\n", {"unicode_spaces": False}),
    ("a\u200bb\n", "a\u200bb\n", {"zero_width": False}),
    ("a  b\n", "a  b\n", {"collapse_spaces": False}),
    ("a\n\n\n\nb\n", "a\n\n\n\nb\n", {"blank_lines": False}),
    ("\n\na\n\n\n", "a\n", {"blank_lines": False}),
    ("\n\na\n\n", "\n\na\n\n", {"trim_blank_edges": False}),
    ("a", "a", {"final_newline": False}),
    ("a\n\n\n", "a", {"final_newline": False}),
]


@pytest.mark.parametrize("text,expected,options", TESTS)
def test_filter(text, expected, options):
    flt = NormalizeWhitespace(**options)
    assert flt(text) == expected
    assert flt(expected) == expected  # idempotent on its own output


# In a text file, two indented lines in a row are a block whose spacing stays (test_documents.py).
IN_A_FILE = {"    indented  code\n\tand\ttab\n": "    indented  code\n\tand\ttab\n"}


@pytest.mark.parametrize("text,expected,options", [t for t in TESTS if not t[2] or t[2] == {"markdown": True}])
def test_through_cli_folder(cli, tmp_path, text, expected, options):
    """The same table on a folder, in place: .md files get the Markdown variant."""
    suffix = ".md" if options.get("markdown") else ".txt"
    f = write(tmp_path / "docs" / f"case{suffix}", text)
    r = cli("-f", "whitespace", "--in-place", "docs")
    assert r.code == 0, r
    assert f.read_bytes().decode() == IN_A_FILE.get(text, expected)
    r = cli("-f", "whitespace", "--check", "docs")
    assert r.code == 0, r


@pytest.mark.parametrize("text,expected,options", [t for t in TESTS if not t[2]])
def test_through_cli_stdin(cli, text, expected, options):
    r = cli("-f", "whitespace", input=text.encode())
    assert r.code == 0
    assert r.stdout_bytes.decode() == expected
    assert r.stderr == ""


def test_options_from_config(cli, tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleantext]\nfilters = ['whitespace']\n[tool.cleantext.whitespace]\ncollapse_spaces = false\n")
    r = cli(input=b"a  b  \n")
    assert r.stdout == "a  b\n"


def test_crlf_stays_crlf(cli, tmp_path):
    f = write(tmp_path / "w.txt", b"a  \r\n\r\n\r\n\r\nb\r\n")
    assert cli("--in-place", "w.txt").code == 0
    assert f.read_bytes() == b"a\r\n\r\nb\r\n"
