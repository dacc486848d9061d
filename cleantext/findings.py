"""What a check found, for machines: ``--output-format github|json|jsonl``.

A finding is one changed place of an input: the lines ``line`` .. ``line + lines - 1`` of the
original (``lines`` is 0 where text is only inserted, before ``line``) become ``after``. Applied
from the last to the first, a file's findings turn it into the cleaned file. Each names the
filter and the rule that made the change (the first step that touched those lines).
"""
from __future__ import annotations

import json
from typing import Any

FORMATS = ("text", "github", "json", "jsonl")
ENV = "CLEANTEXT_OUTPUT_FORMAT"

Finding = dict[str, Any]


def findings(name: str, before: str, after: str, result: Any, line_offset: int = 1) -> list[Finding]:
    """The changed places of ``before`` -> ``after`` (one input, or one piece of it starting at
    line ``line_offset``), blamed on the steps ``result`` (a pipeline Result) recorded.

    >>> from cleantext.pipeline import Result
    >>> r = Result("a\\nb  \\n", changed_by=["whitespace"], steps=[("whitespace", ("whitespace:trailing",), [2])])
    >>> [(f["line"], f["lines"], f["column"], f["rule"], f["after"]) for f in findings("x", "a\\nb  \\n", "a\\nb\\n", r)]
    [(2, 1, 2, 'whitespace:trailing', 'b\\n')]
    """
    import difflib

    from cleantext.diff import lines

    a, b = lines(before), lines(after)
    out: list[Finding] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        # lines changed one for one are a finding each (each blamed on its own filter)
        pairs = zip(range(i1, i2), range(j1, j2)) if i2 - i1 == j2 - j1 else [(i1, j1)]
        for i, j in pairs:
            end_i, end_j = (i + 1, j + 1) if i2 - i1 == j2 - j1 else (i2, j2)
            old, new = "".join(a[i:end_i]), "".join(b[j:end_j])
            flt, rule = _blame(set(range(i + 1, end_i + 1)) or {i, i + 1}, result)
            out.append({
                "file": name, "line": i + line_offset, "lines": end_i - i, "column": _column(old, new),
                "filter": flt, "rule": rule, "before": old, "after": new,
            })
    return out


def _blame(touched: set[int], result: Any) -> tuple[str, str]:
    for flt, rules, changed in result.steps:
        if touched.intersection(changed):
            return flt, rules[0] if rules else flt
    # a document's protected parts shift line numbers: blame the first filter that changed it
    flt = result.changed_by[0] if result.changed_by else "cleantext"
    rule = next((r for r in result.rules if r.startswith(f"{flt}:")), flt)
    return flt, rule


def _column(old: str, new: str) -> int:
    """The 1-based column where ``old`` and ``new`` first differ."""
    n = min(len(old), len(new))
    i = next((k for k in range(n) if old[k] != new[k]), n)
    return i + 1


def record_finding(name: str, number: int, before: str, after: str, result: Any) -> Finding:
    """A changed record of a dataset: line ``number`` of a JSONL file (``before``/``after``: the
    whole line) or row ``number`` of a Parquet file (the text field)."""
    if result.steps:
        flt, rules, _ = result.steps[0]
        rule = rules[0] if rules else flt
    else:
        flt, rule = _blame(set(), result)
    return {"file": name, "line": number, "lines": 1, "column": _column(before, after), "filter": flt,
            "rule": rule, "before": before, "after": after}


def encoding_finding(name: str, note: str) -> Finding:
    """A file that changes only by being written as UTF-8: no line changes, one finding."""
    return {"file": name, "line": 1, "lines": 0, "column": 1, "filter": "encoding", "rule": "encoding",
            "before": "", "after": "", "message": note}


def apply(text: str, edits: list[Finding]) -> str:
    """``text`` with ``edits`` (the findings of one file) applied: the cleaned file.

    >>> apply("a\\nb  \\n", [{"line": 2, "lines": 1, "after": "b\\n"}])
    'a\\nb\\n'
    """
    from cleantext.diff import lines

    out = lines(text)
    for edit in sorted(edits, key=lambda e: e["line"], reverse=True):
        start = edit["line"] - 1
        out[start : start + edit["lines"]] = [edit["after"]] if edit["after"] else []
    return "".join(out)


_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def _escape(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(c, c) for c in text)


def github(f: Finding) -> str:
    """A GitHub Actions workflow command that annotates the changed place.

    >>> print(github({"file": "a,b.md", "line": 3, "lines": 1, "column": 5, "rule": "whitespace:trailing",
    ...               "filter": "whitespace", "before": "x  \\n", "after": "x\\n"}))
    ::warning file=a%2Cb.md,line=3,endLine=3,col=5,title=cleantext/whitespace%3Atrailing::cleantext would change "x  " to "x"
    """
    end = f["line"] + max(f["lines"], 1) - 1
    props = {"file": f["file"], "line": f["line"], "endLine": end, "col": f["column"], "title": f"cleantext/{f['rule']}"}
    head = ",".join(f"{k}={_escape(str(v), _PROPERTY_ESCAPES)}" for k, v in props.items())
    return f"::warning {head}::{_escape(message(f), _DATA_ESCAPES)}"


def message(f: Finding) -> str:
    """What a person reads of the finding: the first changed line, before and after."""
    if "message" in f:
        return f["message"]

    def first(text: str) -> str:
        line = text.split("\n", 1)[0]
        return json.dumps(line if len(line) <= 80 else line[:77] + "...", ensure_ascii=False)

    if not f["after"]:
        return f"cleantext would delete {first(f['before'])}" + (" and more" if f["lines"] > 1 else "")
    if not f["before"]:
        return f"cleantext would insert {first(f['after'])}"
    return f"cleantext would change {first(f['before'])} to {first(f['after'])}"


def jsonl(f: Finding) -> str:
    return json.dumps(f, ensure_ascii=False)
