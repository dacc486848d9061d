"""ads, boilerplate and html: each rule and each "never", on files and stdin, LF and CRLF, and the real corpus."""
from __future__ import annotations

import difflib
import re
import time

import pytest

from cleantext.filters.ads import LINE_RULES, RemoveAdMarkers, UserPatternError
from cleantext.filters.boilerplate import RULES as BOILERPLATE_RULES
from cleantext.filters.boilerplate import RemoveBoilerplate
from cleantext.filters.html import StripHtml
from cleantext.registry import build_chain
from tests.conftest import corpus_files, skip_without_corpus, write

ads = RemoveAdMarkers()

ADS = [
    # placeholders: own line, start, middle, end of a paragraph, next to HTML remnants
    ("[ad_1]\nText.\n", "Text.\n"),
    ("Text.\n[ad_2]\n", "Text.\n"),
    (" [ad_1]\n<br>Body\n", "<br>Body\n"),
    ("<p>x</p>\n<br>[ad_2]\n<br><a href=\"u\">Source </a>\n", "<p>x</p>\n<br>\n<br><a href=\"u\">Source </a>\n"),
    ("[ad_1] First words of a paragraph.\n", "First words of a paragraph.\n"),
    ("Middle [ad_2] of a paragraph.\n", "Middle of a paragraph.\n"),
    ("End of a paragraph. [ad_3]\n", "End of a paragraph.\n"),
    ("Para one.\n\n[ad_1]\n\nPara two.\n", "Para one.\n\nPara two.\n"),  # no blank left behind
    ("[ad_1][ad_2]\nx\n", "x\n"),
    # script residue
    ("x\n(adsbygoogle = window.adsbygoogle || []).push({});\ny\n", "x\ny\n"),
    ("x\n<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>\ny\n", "x\ny\n"),
    ('<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>'
     '<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-1"></ins>'
     "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script>\n# Title\n", "# Title\n"),
    ("x\ngoogletag.cmd.push(function() { googletag.display('div-gpt-ad-123'); });\ny\n", "x\ny\n"),
    ("x\ngoogletag.display(\"div-gpt-ad-1\");\ny\n", "x\ny\n"),
    # labels, whole lines only
    ("a\nAdvertisement\nb\n", "a\nb\n"),
    ("a\nADVERTISEMENT\nb\n", "a\nb\n"),
    ("a\n- Advertisement -\nb\n", "a\nb\n"),
    ("a\nAdvertisement - story continues below\nb\n", "a\nb\n"),
    ("a\nStory continues below advertisement\nb\n", "a\nb\n"),
    ("a\nContinue reading below the advertisement\nb\n", "a\nb\n"),
    ("a\nSponsored content\nb\n", "a\nb\n"),
    ("a\n  Advertisements  \nb\n", "a\nb\n"),
    # never
    ("Advertisement revenue fell 12% last year.\n", None),
    ("The advertisement ran on Sunday.\n", None),
    ("See note [1] and [a], an [ad hoc] panel, [Editor's note: fixed].\n", None),
    ("Sponsored by the Fox Lake American Legion.\n", None),
    ("window.adsbygoogle is a global in their script\n", None),
    ("[ad_x] and [ad_] stay\n", None),
]


@pytest.mark.parametrize("text,expected", ADS)
def test_ads_rules(text, expected):
    expected = text if expected is None else expected
    assert ads(text) == expected
    assert ads(expected) == expected


@pytest.mark.parametrize("text,expected", ADS)
def test_ads_through_cli_crlf_and_stdin(cli, tmp_path, text, expected):
    expected = text if expected is None else expected
    crlf = text.replace("\n", "\r\n")
    f = write(tmp_path / "a.txt", crlf)
    r = cli("-f", "ads", "-i", "a.txt")
    assert r.code == 0
    assert f.read_bytes() == expected.replace("\n", "\r\n").encode()
    r = cli("-f", "ads", input=text.encode())
    assert r.stdout == expected


def test_per_rule_counts():
    _, counts = ads.apply_counted("[ad_1]\nx [ad_2] y\nAdvertisement\n(adsbygoogle = window.adsbygoogle || []).push({});\n")
    assert counts == {"ad-placeholder": 2, "ad-label": 1, "ad-script": 1}


def test_user_patterns_from_config(cli, tmp_path):
    write(tmp_path / "pyproject.toml", """
[tool.cleantext]
filters = ["ads"]
[tool.cleantext.ads]
line_patterns = ['Sponsored by \\w+ Corp']
inline_patterns = [' ?\\(Getty Images\\)']
""")
    prose = b"The council met on Tuesday and approved the budget after a long debate.\n" * 3
    r = cli("-", input=b"Photo (Getty Images) here.\nSponsored by Acme Corp\nSponsored by the city, the fair opened.\n" + prose)
    assert r.stdout == "Photo here.\nSponsored by the city, the fair opened.\n" + prose.decode()
    r = cli("--stats", "-o", "out", "--stdin-filename", "x.txt", input=prose + b"Sponsored by Acme Corp\n")
    assert "ads:user:Sponsored by \\w+ Corp: 1" in r.stderr


def test_catastrophic_user_pattern_is_stopped(cli, tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.cleantext]\nfilters = ['ads']\n[tool.cleantext.ads]\ninline_patterns = ['(a|aa)+$']\ntimeout = 0.2\n")
    write(tmp_path / "d" / "slow.txt", "a" * 60 + "!\n")
    ok = write(tmp_path / "d" / "ok.txt", "[ad_1]\nfine\n")
    start = time.monotonic()
    r = cli("-i", "-j", "1", "d")
    assert time.monotonic() - start < 20
    assert r.code == 2
    assert "(a|aa)+$" in r.stderr and "slow.txt" in r.stderr
    assert ok.read_text() == "fine\n"


def test_user_pattern_error_type():
    flt = RemoveAdMarkers(inline_patterns=["(a|aa)+$"], timeout=0.05)
    with pytest.raises(UserPatternError):
        flt("a" * 60 + "!")


# ------------------------------------------------------------ boilerplate

BOILERPLATE = [
    ("Story.\nShare this:\nFacebook\nTwitter\n", "Story.\n", "share-prompt"),
    ("Story.\nShare this: Reddit\n\nFacebook\n\nEmail\n\nTwitter\n\nMore text.\n", "Story.\n\nMore text.\n", "share-prompt"),
    ("x\nShare on Facebook\ny\n", "x\ny\n", "share-prompt"),
    ("x\nClick here to get breaking crime news.\ny\n", "x\ny\n", "click-here"),
    ("x\n(click here to read more)\ny\n", "x\ny\n", "click-here"),
    ("x\nRead more: Flood warnings explained\ny\n", "x\ny\n", "read-more"),
    ("x\nRELATED: Stillwater declares emergency\ny\n", "x\ny\n", "read-more"),
    ("x\nRelated Coverage\ny\n", "x\ny\n", "read-more"),
    ("x\nContinue reading the main story\ny\n", "x\ny\n", "continue-reading"),
    ("x\nCONTINUE READING:\ny\n", "x\ny\n", "continue-reading"),
    ("x\nSign up for our daily newsletter.\ny\n", "x\ny\n", "newsletter"),
    ("x\nSIGN UP FOR OUR NEWSLETTERS\ny\n", "x\ny\n", "newsletter"),
    ("x\nFollow us on Twitter.\ny\n", "x\ny\n", "newsletter"),
    ("x\nWe use cookies to improve your experience. Accept\ny\n", "x\ny\n", "cookie-prompt"),
    ("x\nGo Back to Top. Skip To: Start of Article.\ny\n", "x\ny\n", "skip-link"),
    ("x\nRead or Share this story: http://usat.ly/1XyZ\ny\n", "x\ny\n", "share-story-link"),
    ("x\nThe post Ten things appeared first on Example News.\ny\n", "x\ny\n", "rss-footer"),
]
BOILERPLATE_NEVER = [
    "Share this story and let us know what you think about the claim.",
    "If you know any supporters, share this with them.",
    "Sponsored by the Fox Lake American Legion, the event raised $2,000.",
    "Related to the merger, the board met on Friday.",
    "He told readers to read more books: it helps.",
    "She subscribed to nothing and followed no one.",
    "Click here and there, the mouse kept failing, he said about the old office computer.",
]


@pytest.mark.parametrize("text,expected,rule", BOILERPLATE)
def test_boilerplate_rules(text, expected, rule):
    out, counts = RemoveBoilerplate().apply_counted(text)
    assert out == expected
    assert set(counts) == {rule}
    assert RemoveBoilerplate()(text.replace("\n", "\r\n").replace("\r\n", "\n")) == expected


@pytest.mark.parametrize("line", BOILERPLATE_NEVER)
def test_boilerplate_keeps_sentences(line):
    assert RemoveBoilerplate()(line + "\n") == line + "\n"


def test_boilerplate_is_opt_in(cli):
    text = b"x\nShare this:\n"
    assert cli(input=text).stdout == "x\nShare this:\n"
    assert cli("-f", "boilerplate", input=text).stdout == "x\n"
    assert cli("-f", "boilerplate", input=text.replace(b"\n", b"\r\n")).stdout_bytes == b"x\r\n"


# ------------------------------------------------------------ html

HTML = [
    ("<p>One &amp; two</p><p>Three<br>four</p>\n", "One & two\n\nThree\nfour\n"),
    ("<div>a</div><div>b</div>\n", "a\nb\n"),
    ("x<!-- Advertisement Slide -->y\n", "xy\n"),
    ("<script>var a = 1 < 2;</script><style>p{}</style>text\n", "text\n"),
    ('<ins class="adsbygoogle" data-ad-client="x"></ins>kept\n', "kept\n"),
    ('<span class="visually-hidden">Advertisement</span>\n', "Advertisement\n"),
    ("caf&eacute; &#038; bar&nbsp;baz\n", "café & bar\u00a0baz\n"),
    ("a < b and c > d\n", None),  # prose with < is not a tag
    ("plain text, no markup\n", None),
    ("AT&T and R&D\n", None),
    ("<ul><li>one</li><li>two</li></ul>\n", "- one\n- two\n"),
    ("<pre>  keep   spacing</pre>\n", "  keep   spacing\n"),
    ("---\ntitle: A post\n---\n<div>\n\t\t<p>Body text.</p>\n</div>\n", "---\ntitle: A post\n---\n\nBody text.\n"),
]


@pytest.mark.parametrize("text,expected", HTML)
def test_html(text, expected):
    expected = text if expected is None else expected
    assert StripHtml()(text) == expected


def test_html_through_cli(cli, tmp_path):
    f = write(tmp_path / "a.txt", "<p>Hello&nbsp;world</p>\r\n<p>Bye</p>\r\n")
    r = cli("-f", "html", "-f", "whitespace", "-i", "a.txt")
    assert r.code == 0
    assert f.read_bytes() == b"Hello world\r\n\r\nBye\r\n"


# ------------------------------------------------------------ the real scraped corpus

SCRAPED = corpus_files("scraped", "*.txt")


def _read(path):
    data = path.read_bytes()
    try:
        return data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").replace("\r\n", "\n")


def _removed_lines(before: str, after: str) -> list[str]:
    """Lines the filter deleted or changed (with their new form, if any)."""
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(("\n".join(before.split("\n")[i1:i2]), "\n".join(after.split("\n")[j1:j2])))
    return out


_AD_LINE_RES = [re.compile(rf"[ \t]*(?:{body})[ \t]*", flags) for _, body, flags, _ in LINE_RULES]
_PLACEHOLDER = re.compile(r"[ \t]*\[ad_\d{1,3}\][ \t]*")


@pytest.mark.parametrize("path", skip_without_corpus(SCRAPED), ids=lambda p: p and p.name[:60])
def test_ads_on_real_articles(path):
    text = _read(path)
    out = ads(text)
    assert not re.search(r"\[ad_\d+\]", out)
    assert "adsbygoogle" not in out or "adsbygoogle" not in text
    assert not any("(adsbygoogle" in line for line in out.splitlines())
    # every deletion is a known rule: whole ad lines, blank lines, or placeholders inside a line
    for old, new in _removed_lines(text, out):
        for line in old.split("\n"):
            if new and _PLACEHOLDER.sub(" ", line).strip() == new.strip():
                continue
            assert not line.strip() or any(rx.fullmatch(line) for rx in _AD_LINE_RES) or _PLACEHOLDER.fullmatch(line), line


_BP_RES = [re.compile(rf"[ \t]*(?:{body})[ \t]*", re.IGNORECASE) for _, body in BOILERPLATE_RULES]
_SENTENCE = re.compile(r"[^.!?\n]{40,}[.!?]")


@pytest.mark.parametrize("path", skip_without_corpus(SCRAPED), ids=lambda p: p and p.name[:60])
def test_boilerplate_on_real_articles(path):
    text = _read(path)
    out = RemoveBoilerplate()(text)
    removed = [old for old, new in _removed_lines(text, out)]
    for block in removed:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        assert not lines or any(rx.fullmatch(block.strip("\n")) for rx in _BP_RES) or all(
            any(rx.fullmatch(ln) for rx in _BP_RES) or re.fullmatch(r"[ \t]*\w+[ \t]*", ln) for ln in lines
        ), block
    # prose sentences survive, except inside the few lines a rule matched
    kept = set(out.split("\n"))
    for line in text.split("\n"):
        if _SENTENCE.search(line) and line not in kept:
            assert any(rx.fullmatch(line) for rx in _BP_RES), line


WPA = corpus_files("scraped/wp_automatic-whenitson", "*.txt")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


@pytest.mark.parametrize("path", skip_without_corpus(WPA), ids=lambda p: p and p.name[:60])
def test_html_on_wp_automatic_articles(path):
    import html as html_mod

    text = _read(path)
    out = StripHtml()(text)
    assert not _TAG.search(out)
    flat = " ".join(out.split())
    # each paragraph's text is kept (reference: tags dropped, block tags as spaces, entities decoded)
    for p in re.findall(r"<p[^>]*>(.*?)</p>", text, re.S):
        p = re.sub(r"<!--.*?-->", "", re.sub(r"<(script|style)\b.*?</\1>", "", p, flags=re.S), flags=re.S)
        p = re.sub(r"<(?:br|/?(?:div|li|ul|ol|h[1-6]|blockquote|figure|figcaption|table|tr))\b[^>]*>", " ", p)
        want = " ".join(html_mod.unescape(re.sub(r"<[^>]+>", "", p)).split())
        assert want in flat


def test_wp_automatic_articles_lose_their_source_link_line(corpus):
    """The html chain leaves the auto-blog's "Source" / "Source link" line; boilerplate takes it."""
    chain = build_chain(["html", "boilerplate", "mojibake", "ads", "whitespace"])
    endings = [chain(_read(path)).rstrip("\n").rsplit("\n", 1)[-1].strip() for path in WPA]
    assert len(endings) == 125
    assert not [e for e in endings if e.lower() in ("source", "source link")]
    assert RemoveBoilerplate()("The Source of the Nile.\nSource\n") == "The Source of the Nile.\n"


@pytest.mark.parametrize("line", [
    "Story continues below\u00a0advertisement",
    "Story continues below \u200badvertisement\r",
    "ADVERTISEMENT\r",
    "(adsbygoogle = window.adsbygoogle\u00a0 || []).push({});",
    "\u00a0[ad_1]\u200b",
])
def test_ad_lines_with_what_whitespace_would_normalise_are_ads_already(line):
    """No-break and zero-width spaces and a stray CR count as blanks: the ads filter removes
    these lines in the chain's first round, not only after whitespace ran."""
    from cleantext.filters.ads import RemoveAdMarkers

    text = f"Before.\n\n{line}\n\nAfter.\n"
    assert RemoveAdMarkers()(text) == "Before.\n\nAfter.\n"


def test_a_sentence_about_advertising_with_a_no_break_space_stays():
    from cleantext.filters.ads import RemoveAdMarkers

    text = "The\u00a0advertisement ran for a week.\nAdvertisement\u00a0revenue fell.\n"
    assert RemoveAdMarkers()(text) == text
