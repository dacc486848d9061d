"""Clean one input end to end: read, run the chain, guard, then write, diff or check.

Built on the string level (:mod:`cleantext.pipeline`) and the disk level (:mod:`cleantext.files`);
the same function runs in the main process and in pool workers.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from cleantext import files
from cleantext.files import InputError, Source
from cleantext.pipeline import FilterError, Pipeline, Result
from cleantext.report import Outcome, Status


class Mode(str, enum.Enum):
    STDOUT = "stdout"  # cleaned text to stdout
    IN_PLACE = "in-place"
    OUTPUT_DIR = "output-dir"
    CHECK = "check"  # report only; --diff adds the diff


@dataclass(frozen=True)
class Settings:
    mode: Mode
    chain: tuple[str, ...]
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    diff: bool = False
    output_dir: str | None = None
    encoding: str = "utf-8"
    max_loss: float = 0.2
    force: bool = False
    explain: bool = False
    stdin_filename: str | None = None


_PIPELINES: dict[tuple, Pipeline] = {}


def pipeline_for(settings: Settings) -> Pipeline:
    """The chain for these settings, built once per process."""
    from cleantext.registry import build_chain

    key = (settings.chain, repr(sorted(settings.options.items())))
    if key not in _PIPELINES:
        _PIPELINES[key] = build_chain(list(settings.chain), settings.options)
    return _PIPELINES[key]


def process(source: Source, settings: Settings, stdin=None) -> Outcome:
    """Clean one input; every failure becomes a FAILED outcome whose message names the input."""
    try:
        return _process(source, settings, stdin)
    except (InputError, FilterError) as exc:
        msg = str(exc)
        if not msg.startswith(source.display):
            msg = f"{source.display}: {msg}"
        return Outcome(source.display, Status.FAILED, msg)
    except OSError as exc:
        return Outcome(source.display, Status.FAILED, f"{source.display}: {exc.strerror or exc}")
    except UnicodeEncodeError as exc:
        return Outcome(source.display, Status.FAILED, f"{source.display}: cleaned text cannot be encoded: {exc.reason}")


def _process(source: Source, settings: Settings, stdin) -> Outcome:
    decoded = files.read(source, settings.encoding, stdin)
    kind_path = PurePath(settings.stdin_filename) if source.is_stdin and settings.stdin_filename else source.path
    if source.passthrough:
        result = Result(decoded.text)
    else:
        result = pipeline_for(settings).for_path(kind_path).run(decoded.text, explain=settings.explain)
    new = result.text
    converted = decoded.encoding != "utf-8" and not decoded.text.isascii()
    changed = new != decoded.text or converted
    outcome = Outcome(
        source.display,
        Status.CHANGED if changed else Status.UNCHANGED,
        filters=result.changed_by,
        rules=result.rules,
        lines=result.lines,
        size=decoded.size,
    )
    if converted:
        outcome.note = f"{source.display}: read as {decoded.encoding}, written as UTF-8"
    if changed and not settings.force:
        loss = result.loss
        if loss > settings.max_loss:
            raise InputError(
                f"{source.display}: cleaning would remove {loss:.0%} of its letters and digits "
                f"(limit {settings.max_loss:.0%}); left unchanged (use --force to allow)"
            )
    data = files.encode(new, decoded.bom)
    mode = settings.mode
    if settings.diff and changed:
        from cleantext.output import unified_diff

        outcome.diff = unified_diff(decoded.text, new, source.display)
    if mode is Mode.STDOUT or (mode is Mode.IN_PLACE and source.is_stdin):
        outcome.output = data
    elif mode is Mode.IN_PLACE and changed:
        files.write_atomic(source.path, data, before=decoded)
    elif mode is Mode.OUTPUT_DIR:
        files.write_output(Path(settings.output_dir), source.rel, data)
    return outcome
